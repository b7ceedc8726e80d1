"""Model `byol-random-target` (BYOL article, variant b): the online network learns to predict a
frozen random target (the paper's motivating experiment). Implemented as BYOL with τ = 1 at every
step (τ_base = 1 in the cosine schedule gives τ_k = 1 exactly), and the script asserts that the
target's parameters are bit-identical to their initial values at the end.

Writes public/models/byol-random-target/. Rebuild from the repo root:
    /usr/bin/python3 training/byol_random_target.py
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import byol_common as B  # noqa: E402

if __name__ == "__main__":
    _, info = B.run_variant(
        __doc__.splitlines()[0], "byol-random-target", export="representation", kind="byol", variant="b", use_predictor=True, tau_base=1.0,
        title={"ru": "BYOL (b): предсказание замороженной случайной цели",
               "en": "BYOL (b): predicting a frozen random target"},
        summary={"ru": "Онлайн-сеть учится предсказывать выход случайной сети, которая никогда не меняется (τ = 1).",
                 "en": "The online network learns to predict the output of a random network that never changes (τ = 1)."})
    assert info["target_params_unchanged"], "the random target moved: it must stay frozen (τ = 1)"
