"""Findings and the context every check family receives.

A finding has a level (错误/警告/提示), a rule id that can be switched off (in the form's
检查设置.关闭规则 or with `drafter check --disable`), a Chinese message and a location
(file:line:column, the Chinese field path, and the raw YAML location `loc` so that a
writer can anchor the finding at the paragraph it concerns).

Options that only some families use (last year's form, a superior's targets, the
publication review) travel in `CheckOptions`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from drafter.checks.texts import TextField, parse_placeholders, referenced_figures, text_fields
from drafter.form.placeholders import PlaceholderError, Reference
from drafter.form.load import LoadedForm, Loc, field_path
from drafter.form.plain import Positions

if TYPE_CHECKING:
    from drafter.render import Layout
    from drafter.model.targets import Targets


class Level(str, Enum):
    ERROR = "错误"
    WARNING = "警告"
    HINT = "提示"


@dataclass
class Finding:
    """One problem found by a check: level, rule, Chinese message and where it is in the form."""

    level: Level
    rule: str
    message: str
    path: str = ""
    file: str = ""
    line: int = 0
    column: int = 0
    loc: Loc = ()

    def where(self) -> str:
        return f"{self.file}:{self.line}:{self.column}" if self.line else self.file

    def format(self) -> str:
        """The line `drafter check` prints: file:line:column: 级别 [规则] 位置：说明."""
        path = f" {self.path}" if self.path else ""
        return f"{self.where()}: {self.level.value} [{self.rule}]{path}：{self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"级别": self.level.value, "规则": self.rule, "说明": self.message, "位置": self.path,
                "文件": self.file, "行": self.line, "列": self.column}


@dataclass(frozen=True)
class CheckOptions:
    """Inputs beyond the form: last year's form (`--previous`) and targets (`--targets`)."""

    previous: LoadedForm | None = None
    targets: Targets | None = None
    public: bool = False            # --public: the publication review (drafter.checks.publication)


@dataclass
class CheckContext:
    """What the check families share while checking one form: the findings so far and what is computed once for all of them."""

    form: LoadedForm
    findings: list[Finding] = field(default_factory=list)
    options: CheckOptions = field(default_factory=CheckOptions)
    errors_only: bool = False      # keep (and locate) only errors: all a render needs

    @property
    def report(self):
        """The report; for a form with schema problems, what validates without them."""
        return self.form.report if self.form.report is not None else self.form.partial

    @cached_property
    def positions(self) -> Positions:
        """Where the form's values are, for the findings (built once, for this check only)."""
        return self.form.positions()

    @cached_property
    def texts(self) -> list[TextField]:
        """The report's text fields (computed once, shared by the families)."""
        return text_fields(self.report)

    @cached_property
    def placeholders(self) -> list[tuple[Loc, list[Reference] | PlaceholderError]]:
        """Each text's placeholder references (or their syntax error), parsed once."""
        return parse_placeholders(self.report)

    @cached_property
    def referenced(self) -> set[tuple[str, str]]:
        """(group, name) of every figure or rate the text refers to with a placeholder."""
        return referenced_figures(self.placeholders)

    @cached_property
    def draft(self) -> Layout | None:
        """The report laid out as a draft (document tree, what a final document still needs),
        as `drafter render` lays it out; None when it cannot be laid out at all."""
        from drafter.render import RenderError, lay_out

        try:
            return lay_out(self.report)
        except RenderError:
            return None

    def add(self, level: Level, rule: str, message: str, loc: Loc = ()) -> None:
        if self.errors_only and level is not Level.ERROR:
            return
        line, col = self.positions.locate(loc) if loc else (0, 0)
        self.findings.append(Finding(level, rule, message, field_path(loc), self.form.name, line, col, tuple(loc)))
