"""Invisible characters no document can hold, found (and already removed) when the form was loaded."""

from __future__ import annotations

from drafter.checks.base import CheckContext, Level

RULES = {"invisible-char": "不可见的控制字符"}


def check(ctx: CheckContext) -> None:
    for removal in ctx.form.removed:
        ctx.add(Level.ERROR, "invisible-char", f"{removal.describe()}，请删除（生成文档时会自动去掉）", removal.loc)
