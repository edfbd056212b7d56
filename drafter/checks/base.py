"""Findings and the context every check family receives.

A finding has a level (错误/警告/提示), a rule id that can be switched off (in the form's
检查设置.关闭规则 or with `drafter check --disable`), a Chinese message and a location
(file:line:column plus the Chinese field path).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from drafter.yamlio import LoadedForm, Loc, field_path, locate


class Level(str, Enum):
    ERROR = "错误"
    WARNING = "警告"
    HINT = "提示"


@dataclass
class Finding:
    level: Level
    rule: str
    message: str
    path: str = ""
    file: str = ""
    line: int = 0
    column: int = 0

    def where(self) -> str:
        return f"{self.file}:{self.line}:{self.column}" if self.line else self.file

    def as_dict(self) -> dict[str, Any]:
        return {"级别": self.level.value, "规则": self.rule, "说明": self.message, "位置": self.path,
                "文件": self.file, "行": self.line, "列": self.column}


@dataclass
class CheckContext:
    form: LoadedForm
    findings: list[Finding] = field(default_factory=list)

    @property
    def report(self):
        return self.form.report

    def add(self, level: Level, rule: str, message: str, loc: Loc = ()) -> None:
        line, col = locate(self.form.data, loc) if loc else (0, 0)
        self.findings.append(Finding(level, rule, message, field_path(loc), self.form.name, line, col))
