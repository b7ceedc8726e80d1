"""Model `byol-tau-zero` (BYOL article, variant e): BYOL with predictor but τ = 0 at every step — the
target is an exact copy of the online network after each update (only the stop-gradient remains).

Writes public/models/byol-tau-zero/. Rebuild from the repo root:
    /usr/bin/python3 training/byol_tau_zero.py
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import byol_common as B  # noqa: E402

if __name__ == "__main__":
    B.run_variant(
        __doc__.splitlines()[0], "byol-tau-zero", export="representation", kind="byol", variant="e", use_predictor=True, tau_base=0.0,
        tau_schedule="constant",
        title={"ru": "BYOL (e): τ = 0 — цель равна онлайн-сети", "en": "BYOL (e): τ = 0 — the target is the online network"},
        summary={"ru": "Цель — точная копия онлайн-сети после каждого шага; остаётся только остановка градиента.",
                 "en": "The target is an exact copy of the online network after every step; only the stop-gradient remains."})
