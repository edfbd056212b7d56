"""Migration of forms written by an older 表单版本 to the current one.

`STEPS[N]` brings the data of version N to N+1 and returns Chinese notes of what changed.
It receives a plain dict when a form is loaded, and the round-trip tree when a command
rewrites the form (rollover), so a step uses only dict operations and changes the
mapping in place: the user's comments on untouched keys survive. Version 1 is the first
released form, so there are no steps yet. A form with a newer version than this program
knows is refused with a message to upgrade.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any, Callable

from drafter.errors import EXIT_UNREADABLE, DrafterError
from drafter.model.report import FORM_VERSION

VERSION_KEY = "表单版本"

#: version N → function migrating the data of version N to N+1 in place, returning notes
STEPS: dict[int, Callable[[MutableMapping[str, Any]], list[str]]] = {}


def migrate(data: Any, notes: list[str] | None = None) -> Any:
    """Bring `data` to FORM_VERSION in place (returned for convenience); notes are appended."""
    if not isinstance(data, MutableMapping):
        return data
    version = data.get(VERSION_KEY, FORM_VERSION)
    if not isinstance(version, int) or isinstance(version, bool):
        return data  # schema validation reports it
    if version > FORM_VERSION:
        raise DrafterError(f"此表单由较新版本的 drafter 生成（表单版本 {version}），请升级 drafter 后再处理",
                           exit_code=EXIT_UNREADABLE)
    while version < FORM_VERSION:
        if version not in STEPS:
            raise DrafterError(f"无法识别的表单版本 {version}（当前为 {FORM_VERSION}），请检查“{VERSION_KEY}”",
                               exit_code=EXIT_UNREADABLE)
        step_notes = STEPS[version](data)
        data[VERSION_KEY] = version + 1
        if notes is not None:
            notes.extend(f"表单版本 {version} → {version + 1}：{note}" for note in step_notes)
        version += 1
    return data
