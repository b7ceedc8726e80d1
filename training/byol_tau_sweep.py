"""τ sweep for the BYOL article: trains BYOL (predictor, cosine schedule) with τ_base = 0.9 and 0.99 under
the same budget as byol-full and writes their metrics to training/byol-tau-sweep.json (no model folder:
every folder in public/models must hold a model.onnx). byol_full.py merges them with τ = 0
(byol-tau-zero), 0.996 (itself) and 1 (byol-random-target) into its card and baked.json.

Rebuild from the repo root:
    /usr/bin/python3 training/byol_tau_sweep.py
"""
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import byol_common as B  # noqa: E402
import common as C  # noqa: E402

if __name__ == "__main__":
    ap = C.base_arg_parser(__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=B.STEPS)
    ap.add_argument("--out", default="training/byol-tau-sweep.json")
    args = ap.parse_args()
    t0 = time.perf_counter()
    runs = []
    D = None
    for tau in (0.9, 0.99):
        gen = C.seed_everything(args.seed, args.threads)  # each run starts from the same seeds as byol-full
        D = D or B.load_data(args.data)
        online, _, info = B.train_byol(D, gen, args.seed, use_predictor=True, tau_base=tau, tau_schedule="cosine",
                                       steps=args.steps)
        m, _ = B.evaluate(B.online_eval_fn(online), D)
        print(f"tau_base={tau}: " + ", ".join(f"{k}={v:.4f}" for k, v in m.items()), flush=True)
        runs.append({"tau_base": tau, "metrics": {k: round(v, 4) for k, v in m.items()},
                     "train_time_s": round(info["train_time_s"], 1)})
    C.write_json(args.out, {"seed": args.seed, "threads": args.threads, "steps": args.steps,
                            "command": C.command_line(), "protocol": "same as byol-full (training/byol_common.py)",
                            "wall_time_s": round(time.perf_counter() - t0, 1), "runs": runs})
