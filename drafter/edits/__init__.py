"""Edits of a form's YAML text that keep every untouched line: rollover, 待核 review marks, `--fix`."""
