"""Model `supcon-ce` (SupCon article, variant a): the byol_common encoder trained with cross-entropy (same augmentations, optimiser, steps).

Writes public/models/supcon-ce/. Rebuild from the repo root:
    /usr/bin/python3 training/supcon_ce.py
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import supcon_common as S  # noqa: E402

if __name__ == "__main__":
    S.run_model(
        __doc__.splitlines()[0], "supcon-ce", loss_kind="ce", tau=None, variant="a",
        title={"ru": "SupCon (a): перекрёстная энтропия", "en": "SupCon (a): cross-entropy"},
        summary={"ru": "Тот же энкодер, обученный обычной перекрёстной энтропией на метках с теми же аугментациями и бюджетом — базовая линия.", "en": "The same encoder trained with plain cross-entropy on the labels, with the same augmentations and budget: the baseline."})
