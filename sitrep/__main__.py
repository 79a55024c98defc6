"""``python -m sitrep``: the same as the ``sitrep`` command."""

from .cli import main

main()
