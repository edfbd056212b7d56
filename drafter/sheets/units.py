"""The units file of `drafter sheet --units 单位.txt`: one reporting unit a line.

A line is a unit's name (示例县公安局), optionally followed by a full-width or ASCII colon
and the groups it reports (示例县公安局：行政执法、普法). Without groups the figures table
decides (`drafter.model.figures.reported_groups`, by the kind of unit its name shows).
Blank lines and lines starting with # are skipped. Problems are reported with the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from drafter.errors import EXIT_UNREADABLE, DrafterError
from drafter.form.files import read_text
from drafter.model.figures import GROUPS, GROUPS_BY_KEY, GroupSpec, reported_groups

MAX_UNITS = 500
MAX_UNITS_FILE_BYTES = 256 * 1024
MAX_NAME = 60
_SEPARATORS = re.compile("[、，,；;\\s]+")
_LINE = re.compile("(?P<unit>[^:：]*)(?P<colon>[:：]?)(?P<groups>.*)")


@dataclass(frozen=True)
class Unit:
    name: str
    groups: tuple[GroupSpec, ...]   # the groups asked of this unit, in table order
    explicit: bool                  # listed in the units file rather than decided by the table


def read_units(path: Path) -> list[Unit]:
    text, _encoding = read_text(path, max_bytes=MAX_UNITS_FILE_BYTES)
    return parse_units(text, str(path))


def parse_units(text: str, name: str) -> list[Unit]:
    units: list[Unit] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        unit, colon, rest = _LINE.match(line).group("unit", "colon", "groups")
        unit = unit.strip()
        if not unit:
            raise DrafterError("单位名称为空", file=name, line=number, exit_code=EXIT_UNREADABLE)
        if len(unit) > MAX_NAME:
            raise DrafterError(f"单位名称过长（{len(unit)} 字，上限 {MAX_NAME} 字）", file=name, line=number,
                               exit_code=EXIT_UNREADABLE)
        if unit in seen:
            raise DrafterError(f"单位“{unit}”重复（第 {seen[unit]} 行已有）", file=name, line=number,
                               exit_code=EXIT_UNREADABLE)
        seen[unit] = number
        if colon:
            keys = [k for k in _SEPARATORS.split(rest.strip()) if k]
            unknown = [k for k in keys if k not in GROUPS_BY_KEY]
            if unknown or not keys:
                raise DrafterError(
                    (f"没有数据组“{'、'.join(unknown)}”" if unknown else "冒号后没有写数据组")
                    + f"；可用的组：{'、'.join(g.key for g in GROUPS)}", file=name, line=number,
                    exit_code=EXIT_UNREADABLE)
            groups = tuple(g for g in GROUPS if g.key in keys)
            units.append(Unit(unit, groups, True))
        else:
            units.append(Unit(unit, tuple(reported_groups(unit)), False))
        if len(units) > MAX_UNITS:
            raise DrafterError(f"单位过多（上限 {MAX_UNITS} 个）", file=name, line=number, exit_code=EXIT_UNREADABLE)
    if not units:
        raise DrafterError("单位文件中没有单位（每行写一个单位名称）", file=name, exit_code=EXIT_UNREADABLE)
    return units
