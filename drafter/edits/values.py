"""Editing values of a form in its YAML text: the round-trip edit behind `drafter.api.edit_values`
(the browser form, Excel collection). Comments, quoting and every untouched line stay as they were."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from drafter.errors import EXIT_FINDINGS, DrafterError
from drafter.form.load import LoadedForm, Loc, dump_yaml, field_path, parse_yaml
from drafter.form.roundtrip import keep_nulls, parent, set_value, source_lines


def edit_values(form: LoadedForm, changes: Mapping[Loc, Any]) -> str:
    """The form's YAML text with the values at `changes`' locations replaced (or added to an
    existing mapping); the form itself is not changed. A location whose container does not
    exist raises DrafterError."""
    data = parse_yaml(form.text, form.name)
    lines = source_lines(form.text)
    keep_nulls(data, lines)   # a written null (`受理: null  # 注释`) is replaced with its comment where it was
    for loc, value in changes.items():
        try:
            container, key = parent(data, tuple(loc))
            if isinstance(container, dict) and key not in container:
                container[key] = value
            else:
                set_value(container, key, value, lines)
        except (KeyError, IndexError, TypeError):
            raise DrafterError(f"表单中没有“{field_path(tuple(loc))}”这一项", file=form.name,
                               exit_code=EXIT_FINDINGS) from None
    return dump_yaml(data, source=form.text)
