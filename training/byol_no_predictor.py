"""Model `byol-no-predictor` (BYOL article, variant d): BYOL with the EMA target (τ_base = 0.996, cosine)
but without the predictor — the online projection is compared with the target projection directly.
Also bakes 6 training snapshots.

Writes public/models/byol-no-predictor/. Rebuild from the repo root:
    /usr/bin/python3 training/byol_no_predictor.py
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import byol_common as B  # noqa: E402

if __name__ == "__main__":
    B.run_variant(
        __doc__.splitlines()[0], "byol-no-predictor", export="representation", kind="byol", variant="d", use_predictor=False, tau_base=0.996,
        snapshots=True,
        title={"ru": "BYOL (d): без предиктора", "en": "BYOL (d): without the predictor"},
        summary={"ru": "Та же EMA-цель, но онлайн-проекция сравнивается с целевой напрямую, без предиктора.",
                 "en": "The same EMA target, but the online projection is compared with the target's directly, with no predictor."})
