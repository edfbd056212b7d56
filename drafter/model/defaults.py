"""Default factories for model fields (`Field(default_factory=…)`), as plain functions.

pydantic reads the signature of every default factory when it builds a model (a factory
may take the validated data). For `list`, `dict` and model classes that lookup is slow —
a builtin's signature is parsed from its text with `tokenize`, a model class's is built
from all its fields — and it is paid for every field in every process; a plain function's
signature is read directly. The factories make the same values.
"""

from __future__ import annotations

from typing import Any, Callable, TypeVar

T = TypeVar("T")


def new_list() -> list[Any]:
    return []


def new_dict() -> dict[Any, Any]:
    return {}


def made_by(cls: Callable[..., T], **values: Any) -> Callable[[], T]:
    """A factory calling `cls(**values)` (a model with its defaults, or with `values`)."""

    def make() -> T:
        return cls(**values)

    return make
