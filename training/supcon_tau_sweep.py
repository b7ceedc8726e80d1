"""Temperature sweep for SupCon L^sup_out (SupCon article, variant c): τ ∈ {0.05, 0.2, 0.5, 1.0}, each with
the same budget, seed and protocol as `supcon-out` (τ = 0.1, trained by training/supcon_out.py, which reads
this file and adds its own row). Only the clean metrics are measured (accuracy, k-NN, tightness); no ONNX.

Writes training/supcon-tau-sweep.json. Rebuild from the repo root:
    /usr/bin/python3 training/supcon_tau_sweep.py
"""
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import byol_common as B  # noqa: E402
import common as C  # noqa: E402
import supcon_common as S  # noqa: E402

TAUS = [0.05, 0.2, 0.5, 1.0]
OUT = "training/supcon-tau-sweep.json"

if __name__ == "__main__":
    ap = B.common_args(__doc__.splitlines()[0], "unused")
    ap.add_argument("--taus", default=",".join(str(t) for t in TAUS))
    args = ap.parse_args()
    C.require_torch()
    runs = []
    D = None
    for tau in [float(t) for t in args.taus.split(",")]:
        t0 = time.perf_counter()
        gen = C.seed_everything(args.seed, args.threads)  # every run starts from the same seed, like supcon-out
        if D is None:
            D = B.load_data(args.data)
        model, info = S.train_contrastive(D, gen, args.seed, loss_kind="out", tau=tau, steps=args.steps)
        fn = B.online_eval_fn(model)
        m, rep_te = B.evaluate(fn, D)
        proj_te = B.embed(fn, D["test_x"])[1]
        intra, inter = S.class_cos(rep_te, D["test_y"])
        ip, ep = S.class_cos(proj_te, D["test_y"])
        m.update({"accuracy": m["probe_accuracy"], "intra_class_cos": intra, "inter_class_cos": inter,
                  "class_cos_gap": intra - inter, "intra_class_cos_projection": ip, "inter_class_cos_projection": ep,
                  "class_cos_gap_projection": ip - ep})
        runs.append({"tau": tau, "metrics": {k: round(v, 4) for k, v in m.items()},
                     "loss_last_50_steps": round(info["loss_last_50"], 4),
                     "wall_time_s": round(time.perf_counter() - t0, 1)})
        print(f"tau={tau}: " + json.dumps(runs[-1]), flush=True)
        C.write_json(OUT, {"loss": "supcon L_out", "steps": args.steps, "seed": args.seed, "threads": args.threads,
                           "note": "accuracy = probe_accuracy (the same linear probe); τ = 0.1 lives in public/models/supcon-out",
                           "runs": runs})
