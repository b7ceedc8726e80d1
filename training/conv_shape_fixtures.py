"""Record what PyTorch really does for random single-layer conv/pool configurations.

Writes tests/fixtures/conv-shapes.json, the honest cross-check for the site's formula-based
shape calculator. Each case: {"op", "in", "k", "s", "p", "d", "op_pad", "ceil_mode"} plus either
"out" (spatial output size(s)) or "error" (PyTorch's message, first line, shortened).
Parameters that an op does not have are written with their neutral value (d=1, op_pad=0,
ceil_mode=false). 2-D cases use square k/s/p/d but different H and W.
Rebuild from the repo root:  /usr/bin/python3 training/conv_shape_fixtures.py
"""
from __future__ import annotations

import json
import random
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402

OPS = ["conv1d", "conv2d", "convtranspose1d", "convtranspose2d",
       "maxpool1d", "maxpool2d", "avgpool1d", "avgpool2d"]
PER_OP = 45      # random cases per op
SAME_CASES = 40  # extra padding="same" conv cases (most with stride 1, some stride>1 -> error)


def make_layer(nn, c):
    op, k, s, p, d = c["op"], c["k"], c["s"], c["p"], c["d"]
    if op.startswith("conv") and not op.startswith("convtranspose"):
        cls = nn.Conv1d if op.endswith("1d") else nn.Conv2d
        return cls(1, 1, k, stride=s, padding=p, dilation=d)
    if op.startswith("convtranspose"):
        cls = nn.ConvTranspose1d if op.endswith("1d") else nn.ConvTranspose2d
        return cls(1, 1, k, stride=s, padding=p, output_padding=c["op_pad"], dilation=d)
    if op.startswith("maxpool"):
        cls = nn.MaxPool1d if op.endswith("1d") else nn.MaxPool2d
        return cls(k, stride=s, padding=p, dilation=d, ceil_mode=c["ceil_mode"])
    cls = nn.AvgPool1d if op.endswith("1d") else nn.AvgPool2d
    return cls(k, stride=s, padding=p, ceil_mode=c["ceil_mode"])


def short_error(e: Exception) -> str:
    msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return msg if len(msg) <= 200 else msg[:197] + "..."


def random_case(rng: random.Random, op: str, same: bool = False) -> dict:
    two_d = op.endswith("2d")
    c = {"op": op,
         "in": [rng.randint(1, 40), rng.randint(1, 40)] if two_d else [rng.randint(1, 40)],
         "k": rng.randint(1, 7),
         "s": rng.randint(1, 4),
         "p": rng.randint(0, 3),
         "d": rng.randint(1, 3) if not op.startswith("avgpool") else 1,
         "op_pad": rng.randint(0, 3) if op.startswith("convtranspose") else 0,
         "ceil_mode": rng.random() < 0.5 if "pool" in op else False}
    if same:  # "same" is only legal with stride 1 in PyTorch; keep a few stride>1 to record the error
        c["p"] = "same"
        c["s"] = 1 if rng.random() < 0.8 else rng.randint(2, 4)
    return c


def run_case(torch, nn, c: dict) -> dict:
    x = torch.zeros(1, 1, *c["in"])
    try:
        layer = make_layer(nn, c)
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. "same" with even kernels warns about asymmetry
            y = layer(x)
        return {**c, "out": [int(v) for v in y.shape[2:]]}
    except (RuntimeError, ValueError) as e:
        return {**c, "error": short_error(e)}


def main():
    ap = C.base_arg_parser(__doc__.splitlines()[0])
    ap.add_argument("--out", default="tests/fixtures/conv-shapes.json")
    args = ap.parse_args()
    torch = C.require_torch()
    import torch.nn as nn

    C.seed_everything(args.seed, args.threads)
    rng = random.Random(args.seed)  # own RNG: the case list depends on the seed only
    cases = [random_case(rng, op) for op in OPS for _ in range(PER_OP)]
    cases += [random_case(rng, rng.choice(["conv1d", "conv2d"]), same=True) for _ in range(SAME_CASES)]
    results = [run_case(torch, nn, c) for c in cases]

    head = {"torch": C.torch_version(), "seed": args.seed, "command": C.command_line(),
            "notes": "out = spatial output size(s); parameters an op lacks are neutral "
                     "(d=1, op_pad=0, ceil_mode=false); 2-D cases use square k/s/p/d"}
    # One case per line: small, and diffs stay readable when PyTorch changes behaviour.
    rows = ",\n".join(json.dumps(r, separators=(",", ":")) for r in results)
    text = json.dumps(head, ensure_ascii=False)[:-1] + ', "cases": [\n' + rows + "\n]}\n"
    assert json.loads(text)["cases"] == results
    out = C.repo_path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    n_err = sum("error" in r for r in results)
    print(f"conv-shapes: {len(results)} cases ({n_err} PyTorch errors) -> {args.out}")
    for op in OPS:
        rs = [r for r in results if r["op"] == op]
        print(f"  {op:16s} {len(rs):3d} cases, {sum('error' in r for r in rs):3d} errors")


if __name__ == "__main__":
    main()
