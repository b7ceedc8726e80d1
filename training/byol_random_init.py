"""Model `byol-random-init` (BYOL article, variant a): the encoder + projector at random initialisation,
never trained — the baseline every learned variant must beat.

Writes public/models/byol-random-init/. Rebuild from the repo root:
    /usr/bin/python3 training/byol_random_init.py
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import byol_common as B  # noqa: E402

if __name__ == "__main__":
    B.run_variant(
        __doc__.splitlines()[0], "byol-random-init", export="representation", kind="untrained", variant="a",
        title={"ru": "BYOL (a): случайная сеть без обучения", "en": "BYOL (a): an untrained random network"},
        summary={"ru": "Энкодер и проектор со случайными весами: точка отсчёта для всех обученных вариантов.",
                 "en": "Encoder and projector with random weights: the baseline for every trained variant."})
