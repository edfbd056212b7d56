"""The command line: `drafter.cli.main` parses, calls `drafter.api`, prints and sets the exit code.

`batch` runs many forms, `check_cmd` and `render_cmd` hold the check and render commands,
`i18n` puts click's own messages into Chinese, `crashlog` writes the log of our own bugs.
The entry point `drafter = "drafter.cli:program"` is `main` run as the whole process.
"""

from drafter.cli.main import cli, main, program

__all__ = ["cli", "main", "program"]
