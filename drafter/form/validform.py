"""Loading a form that another command builds on (rollover, diff): a form with schema errors
is refused, and every error is listed as `drafter check` would print it."""

from __future__ import annotations

from pathlib import Path

from drafter.checks import Level, run_checks
from drafter.errors import EXIT_FINDINGS, DrafterError
from drafter.cli.check_cmd import format_finding
from drafter.form.load import LoadedForm, load_form


def load_valid_form(path: Path) -> LoadedForm:
    """The loaded form; DrafterError (exit 1) listing the errors when it does not validate."""
    form = load_form(path)
    if form.report is None:
        errors = [f for f in run_checks(form) if f.level is Level.ERROR]
        listing = "\n".join(format_finding(f) for f in errors)
        raise DrafterError(f"表单有 {len(errors)} 处错误，请先修正：\n{listing}", file=str(path),
                           exit_code=EXIT_FINDINGS)
    return form
