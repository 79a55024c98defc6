"""Split gold files in two halves by a hash of each record's id (docs/evaluation.md).

    python scripts/split_halves.py OUTDIR GOLD.jsonl [GOLD.jsonl ...]

writes OUTDIR/NAME.A.jsonl and OUTDIR/NAME.B.jsonl for each file: a record goes to A when
the first byte of the SHA-1 of its id is even, else to B. The split depends on nothing but
the ids, so it is the same on every machine and for every run. Rules are tuned on half A
only; half B is scored to see whether a gain holds on notes nobody read.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path


def half_of(record_id: object) -> str:
    """"A" or "B" for a record id."""
    return "AB"[hashlib.sha1(str(record_id).encode("utf-8")).digest()[0] % 2]


def split(path: Path, outdir: Path) -> dict[str, int]:
    """Write ``path``'s two halves into ``outdir``; the number of records in each."""
    counts = {"A": 0, "B": 0}
    outs = {h: open(outdir / f"{path.stem}.{h}.jsonl", "w", encoding="utf-8") for h in "AB"}
    try:
        with open(path, encoding="utf-8") as lines:
            for n, line in enumerate(lines, 1):
                if not line.strip():
                    continue
                try:
                    record_id = json.loads(line)["id"]
                except (ValueError, KeyError, TypeError) as exc:
                    raise SystemExit(f"{path}:{n}: not a gold record with an id ({exc})") from exc
                half = half_of(record_id)
                outs[half].write(line if line.endswith("\n") else line + "\n")
                counts[half] += 1
    finally:
        for out in outs.values():
            out.close()
    return counts


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    outdir = Path(argv[0])
    outdir.mkdir(parents=True, exist_ok=True)
    for name in argv[1:]:
        counts = split(Path(name), outdir)
        print(f"{name}: A {counts['A']:,}, B {counts['B']:,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
