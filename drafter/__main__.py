"""Allow `python -m drafter`."""

from drafter.cli import program

program()
