"""Invisible characters no document can hold, found (and already removed) when the form was loaded.

`drafter check` reports each as a warning so the form gets cleaned; `drafter render` does not
stop for them (the report it renders no longer holds them) and warns as well.
"""

from __future__ import annotations

from drafter.checks.base import CheckContext, Level

FAMILY = "字符"
RULE = "invisible-char"
RULES = {RULE: "不可见的控制字符"}


def check(ctx: CheckContext) -> None:
    for removal in ctx.form.removed:
        ctx.add(Level.WARNING, RULE, f"{removal.describe()}，请删除（生成文档时会自动去掉）", removal.loc)
