"""Why a render fails: a text that cannot be rendered, a broken layout template, missing figures.

Errors about the form carry the form location (`loc`, a YAML path such as
("主要举措和成效", "章节", 1, "内容")) so the CLI can point at file:line:column; errors
about a layout template carry the template file and line.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from drafter.errors import EXIT_FINDINGS, DrafterError
from drafter.form.load import field_path

Loc = tuple[str | int, ...]


class FigureError(Exception):
    """A filter used on a value it does not fit (raised inside a text; the renderer locates it)."""


class RenderError(DrafterError):
    """A form text or a layout template that cannot be rendered."""

    def __init__(self, message: str, *, loc: Loc = (), file: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        if loc:
            message = f"{field_path(loc)}：{message}"
        super().__init__(message, file=file, line=line, column=column, exit_code=EXIT_FINDINGS)
        self.loc = loc


@dataclass
class MissingItem:
    """A form field the document needs but does not have, and the texts that need it."""

    loc: Loc
    detail: str
    used_at: list[Loc] = field(default_factory=list)

    def describe(self) -> str:
        used = [field_path(loc) for loc in self.used_at if loc != self.loc]
        return self.detail + (f"（用于 {'、'.join(used)}）" if used else "")


class MissingFigures(DrafterError):
    """Figures (or the 成文日期) still 待填: a final document is refused, a draft marks them."""

    def __init__(self, items: list[MissingItem]) -> None:
        super().__init__(f"还有 {len(items)} 项待填，不能生成正式文档", exit_code=EXIT_FINDINGS)
        self.items = items

    def __str__(self) -> str:
        return "\n".join([self.message, *(item.describe() for item in self.items)])
