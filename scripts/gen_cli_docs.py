"""Write docs/cli.md from the commands' own --help. Run: .venv/bin/python scripts/gen_cli_docs.py

tests/test_docs.py fails when docs/cli.md and --help disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sitrep.cli import main

SETTINGS = {"help_option_names": ["-h", "--help"]}
DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def render() -> str:
    parts = [
        "# Command-line reference\n",
        "Generated from `sitrep --help` by `scripts/gen_cli_docs.py`; `tests/test_docs.py` checks that it is current.\n",
    ]
    ctx = click.Context(main, info_name="sitrep", terminal_width=100, max_content_width=100, **SETTINGS)
    parts.append("## sitrep\n\n```\n" + main.get_help(ctx) + "\n```\n")
    for name in sorted(main.commands):
        command = main.commands[name]
        sub = click.Context(command, info_name=name, parent=ctx, terminal_width=100, max_content_width=100, **SETTINGS)
        parts.append(f"## sitrep {name}\n\n```\n" + command.get_help(sub) + "\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    DOC.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {DOC}\n")
