"""Build the shipped typing model from the typing sentences.

    python scripts/build_typing_model.py [OUT]    (default: sitrep/data/typing_model)

Reads every sentence in ``sitrep/data/typing/*.jsonl``, finds its event with the
lexicon (``sitrep.typing_train.shipped_examples``), fits the model with the settings in
``sitrep/typing_train.py`` and writes ``meta.json`` and ``weights.npz`` to OUT. The same
sentences, lexicon and spaCy model give the same model: ``tests/test_typing_train.py``
rebuilds it and compares with the shipped files. Rebuild after changing the sentences,
the trigger lexicon or the features.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sitrep.resources.typing_model import packaged_model_folder
from sitrep.typing_train import fit, shipped_examples, write_model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", nargs="?", type=Path, default=None, help="model folder (default: the shipped one)")
    args = parser.parse_args(argv)
    examples = shipped_examples()
    meta, arrays = fit(examples, training={"source": "sitrep/data/typing/*.jsonl"})
    folder = write_model(args.out or packaged_model_folder(), meta, arrays)
    print(f"{len(examples)} examples, {len(meta['labels'])} labels, "
          f"{arrays['coef'].shape[1]} features -> {folder}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
