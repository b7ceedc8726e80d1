"""Model `supcon-simclr` (SupCon article, variant b): SimCLR (InfoNCE, τ = 0.5), no labels: the positive is the other view of the same image.

Writes public/models/supcon-simclr/. Rebuild from the repo root:
    /usr/bin/python3 training/supcon_simclr.py
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import supcon_common as S  # noqa: E402

if __name__ == "__main__":
    S.run_model(
        __doc__.splitlines()[0], "supcon-simclr", loss_kind="simclr", tau=0.5, variant="b",
        title={"ru": "SupCon (b): SimCLR без меток, τ = 0,5", "en": "SupCon (b): SimCLR without labels, τ = 0.5"},
        summary={"ru": "Контрастное обучение без меток: позитив — только другой вид того же изображения, все остальные — негативы.", "en": "Contrastive learning without labels: the only positive is the other view of the same image, everything else is a negative."})
