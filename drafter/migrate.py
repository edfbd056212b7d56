"""Migration of forms written by an older 表单版本 to the current one.

Each step takes the plain data of version N and returns version N+1 plus notes of what
changed. Version 1 is the first released form, so there are no steps yet; a form with a
newer version than this program knows is refused with a message to upgrade.
"""

from __future__ import annotations

from typing import Any, Callable

from drafter.errors import EXIT_UNREADABLE, DrafterError
from drafter.model.report import FORM_VERSION

#: version N → function migrating plain data from N to N+1, returning (data, notes)
STEPS: dict[int, Callable[[dict[str, Any]], tuple[dict[str, Any], list[str]]]] = {}


def migrate(data: Any, notes: list[str] | None = None) -> Any:
    if not isinstance(data, dict):
        return data
    version = data.get("表单版本", FORM_VERSION)
    if not isinstance(version, int) or isinstance(version, bool):
        return data  # schema validation reports it
    if version > FORM_VERSION:
        raise DrafterError(f"此表单由较新版本的 drafter 生成（表单版本 {version}），请升级 drafter 后再处理",
                           exit_code=EXIT_UNREADABLE)
    while version < FORM_VERSION:
        data, step_notes = STEPS[version](data)
        version += 1
        data["表单版本"] = version
        if notes is not None:
            notes.extend(step_notes)
    return data
