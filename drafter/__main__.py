"""Allow `python -m drafter`."""

from drafter.cli import main

main()
