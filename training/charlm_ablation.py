"""Measured ablations for the GPT-J article, on the Russian writers corpus (same data, same steps, same seed):
  (a) a miniature scaling table: three sizes of the character-level GPT-J -> validation loss;
  (b) rotary positions (GPT-J) vs learned absolute positions at the largest size, trained on windows of
      TRAIN_CTX characters and evaluated on windows of EVAL_CTX: the loss at positions the model was
      trained on and at positions beyond its training context (learned position vectors for those
      positions never received a gradient; rotary angles for them were never seen either).
Shorter runs than the published models (TRAIN_CTX = 64, STEPS steps), so the numbers are comparable with
each other, not with charlm-ru. Writes training/charlm-ablation.json (charlm_lang.py copies it into the
charlm-ru card and baked.json).

Run: nice -n 10 /usr/bin/python3 training/charlm_ablation.py   (about 3 minutes, 1 thread)
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402
import charlm_common as L  # noqa: E402

STEPS = 400
TRAIN_CTX = 64
EVAL_CTX = 128
SIZES = [  # name, d_model, layers, heads, d_ff (head dim 16, rotary 8 everywhere)
    ("S", 32, 2, 2, 128),
    ("M", 48, 3, 3, 192),
    ("L", 64, 4, 4, 256),
]


def main():
    ap = C.base_arg_parser(__doc__.splitlines()[0])
    ap.set_defaults(seed=0, threads=1)
    args = ap.parse_args()
    with C.WallTimer() as wall:
        C.seed_everything(args.seed, args.threads)
        corpus = L.Corpus("ru")
        wins = corpus.windows("validation", EVAL_CTX + 1)
        ln2 = np.log(2)
        runs = {}

        def run(name, learned=False, **kw):
            C.seed_everything(args.seed, args.threads)
            m = L.build_model(corpus.V, ctx=EVAL_CTX, learned_pos=learned, **kw)
            _, secs = L.train(m, corpus, STEPS, args.seed, TRAIN_CTX, log_every=100, tag=f"ablation {name}")
            loss = L.evaluate(m, wins, EVAL_CTX)
            r = {"name": name, "parameters": C.count_parameters(m), "config": m.config, "steps": STEPS,
                 "chars_seen": STEPS * L.BATCH * TRAIN_CTX, "train_time_s": round(secs, 1),
                 "approx_train_flops": float(f"{6 * C.count_parameters(m) * STEPS * L.BATCH * TRAIN_CTX:.3g}"),
                 "val_bpc_in_context": round(float(loss[:TRAIN_CTX].mean()) / ln2, 4),
                 "val_bpc_beyond": round(float(loss[TRAIN_CTX:].mean()) / ln2, 4),
                 "val_bpc_by_position": [round(float(v) / ln2, 4) for v in loss]}
            print(name, {k: r[k] for k in ("parameters", "val_bpc_in_context", "val_bpc_beyond", "train_time_s")}, flush=True)
            return r

        for name, d, layers, heads, ff in SIZES:
            runs[name] = run(name, d=d, layers=layers, heads=heads, ff=ff)
        big = SIZES[-1]
        learned = run("learned", learned=True, d=big[1], layers=big[2], heads=big[3], ff=big[4], rot=0)
        rotary = dict(runs[big[0]], name="rotary")
    out = {
        "corpus": "ru", "seed": args.seed, "steps": STEPS, "batch_size": L.BATCH, "train_context": TRAIN_CTX,
        "eval_context": EVAL_CTX, "eval": f"{len(wins)} validation windows of {EVAL_CTX + 1} characters",
        "scaling": [runs[s[0]] for s in SIZES],
        "positions": [rotary, learned],
        "wall_time_s": round(wall.seconds, 1), "torch": C.torch_version(), "threads": args.threads,
        "command": C.command_line(), "created": C.created_date(),
    }
    C.write_json("training/charlm-ablation.json", out)


if __name__ == "__main__":
    main()
