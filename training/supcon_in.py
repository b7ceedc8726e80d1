"""Model `supcon-in` (SupCon article, variant d): SupCon L^sup_in (mean over positives inside the log), τ = 0.1.

Writes public/models/supcon-in/. Rebuild from the repo root:
    /usr/bin/python3 training/supcon_in.py
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import supcon_common as S  # noqa: E402

if __name__ == "__main__":
    S.run_model(
        __doc__.splitlines()[0], "supcon-in", loss_kind="in", tau=0.1, variant="d",
        title={"ru": "SupCon (d): L_in — среднее внутри логарифма, τ = 0,1", "en": "SupCon (d): L_in — mean inside the log, τ = 0.1"},
        summary={"ru": "Позитивы — все виды того же класса в батче; усреднение по позитивам внутри логарифма.", "en": "Positives are all same-class views in the batch; the average over positives sits inside the log."})
