"""Model `byol-supervised` (BYOL article, variant f): the same encoder trained with cross-entropy on the
labels, with the same augmentations, optimiser and number of steps — the supervised reference.

Writes public/models/byol-supervised/. Rebuild from the repo root:
    /usr/bin/python3 training/byol_supervised.py
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import byol_common as B  # noqa: E402

if __name__ == "__main__":
    B.run_variant(
        __doc__.splitlines()[0], "byol-supervised", kind="supervised", variant="f",
        title={"ru": "BYOL (f): тот же энкодер, обученный с метками", "en": "BYOL (f): the same encoder trained with labels"},
        summary={"ru": "Обычное обучение с учителем (перекрёстная энтропия) с теми же аугментациями — ориентир сверху.",
                 "en": "Plain supervised training (cross-entropy) with the same augmentations: the reference from above."})
