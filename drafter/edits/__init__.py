"""Edits of a form's YAML text that keep every untouched line: rollover to next year (`rollover`),
the typography fixes of `check --fix` (`fix`), values set by location (`values`: the browser form,
Excel collection)."""
