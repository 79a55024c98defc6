"""Command-line interface (placeholder)."""


def main() -> None:  # pragma: no cover
    raise SystemExit("not yet")
