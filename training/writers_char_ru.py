"""Train model `writers-ru-char`: a character-level CNN that guesses the author of a Russian passage.

Architecture, training and protocol: training/writers_char_common.py; data, split by work,
normalisation: training/writers_common.py. Needs training/writers-baseline-ru.json (from
training/writers_baseline.py) and public/models/writers-ru-char/dataset.json (from
training/writers_dataset.py). Writes public/models/writers-ru-char/{model.onnx, card.json,
fixtures.json, baked.json}. Rebuild from the repo root:
    /usr/bin/python3 training/writers_char_ru.py
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import writers_char_common  # noqa: E402

if __name__ == "__main__":
    writers_char_common.run("ru", __doc__.splitlines()[0])
