"""Writes tests/fixtures/byol-augment.json: pins src/lib/byol-augment.ts to the Python augmentation of
training/byol_common.py (mulberry32 streams, sampled parameters, each op alone, the full pipeline with
its intermediate stages, and the model input). Computed in float64; the TS test allows 1e-5.

Rebuild from the repo root (~5 s):
    /usr/bin/python3 training/byol_augment_fixture.py
"""
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import byol_common as B  # noqa: E402
import common as C  # noqa: E402

IDENTITY = {"crop": {"x0": 0.0, "y0": 0.0, "w": 28.0, "h": 28.0}, "flip": False, "jitter": None,
            "blur_sigma": None, "solarize": False}


def run(x01, params, stages=False):
    import torch
    arrs = B.params_to_arrays([params])
    out = B.apply_batch(torch.from_numpy(x01[None].astype(np.float64)), arrs, stages=stages)
    if stages:
        return {k: v[0].numpy() for k, v in out.items()}
    return out[0].numpy()


def flat(a):
    return [C.round_sig(v, 9) for v in np.asarray(a, np.float64).reshape(-1).tolist()]


def main():
    ap = C.base_arg_parser(__doc__.splitlines()[0])
    ap.add_argument("--out", default="tests/fixtures/byol-augment.json")
    args = ap.parse_args()
    C.seed_everything(args.seed, args.threads)
    D = B.load_data(args.data)
    pre = D["pre"]
    ti = [int(D["subset"][0]), int(D["subset"][1]), int(D["subset"][500])]
    images = [D["test_u8"][i].astype(np.uint8) for i in ti]
    # a synthetic image with sharp structure (gradients + a bright square) to exercise edges and clamps
    yy, xx = np.mgrid[0:28, 0:28]
    synth = ((xx * 9 + yy * 2) % 256).astype(np.uint8)
    synth[8:14, 16:24] = 255
    images.append(synth)

    prng = []
    for seed in (0, 1, 42, 123456789, 4294967295):
        r = B.Mulberry32(seed)
        u32 = [r.next_u32() for _ in range(12)]
        r = B.Mulberry32(seed)
        prng.append({"seed": seed, "u32": u32, "floats": [r.next() for _ in range(12)]})

    ops = []
    crops = [({"x0": 3.25, "y0": 1.5, "w": 20.7, "h": 24.1}, False), ({"x0": 0.0, "y0": 7.9, "w": 27.3, "h": 19.8}, True),
             ({"x0": 0.0, "y0": 0.0, "w": 28.0, "h": 28.0}, True), ({"x0": 6.6, "y0": 2.2, "w": 14.0, "h": 25.9}, False)]
    for k, img in enumerate(images):
        x01 = img.astype(np.float64) / 255
        cr, fl = crops[k % len(crops)]
        p = {**IDENTITY, "crop": cr, "flip": fl}
        ops.append({"image": k, "op": "crop", "params": p, "out": flat(run(x01, p))})
        for b, c in ((1.3, 0.7), (0.65, 1.38)):
            p = {**IDENTITY, "jitter": {"brightness": b, "contrast": c}}
            ops.append({"image": k, "op": "jitter", "params": p, "out": flat(run(x01, p))})
        for s in (0.35, 1.7):
            p = {**IDENTITY, "blur_sigma": s}
            ops.append({"image": k, "op": "blur", "params": p, "kernel": B.blur_kernel(s), "out": flat(run(x01, p))})
        p = {**IDENTITY, "solarize": True}
        ops.append({"image": k, "op": "solarize", "params": p, "out": flat(run(x01, p))})

    pipelines = []
    seeds = [0, 1, 2, 3, 7, 42, 1234, 99991, 2024, 31337, 4000000000, 123]
    for k, img in enumerate(images):
        x01 = img.astype(np.float64) / 255
        for seed in seeds[3 * k:3 * k + 3]:
            params = B.sample_params(B.Mulberry32(seed))
            st = run(x01, params, stages=True)
            model_input = ((st["solarize"] - pre["mean"]) / pre["std"]).astype(np.float32)
            pipelines.append({"image": k, "seed": seed, "params": params,
                              "stages": {n: flat(v) for n, v in st.items()},
                              "model_input": flat(model_input)})
    # coverage of the branches (every op applied and skipped at least once)
    used = {n: sum(1 for p in pipelines if p["params"][n] not in (None, False)) for n in ("flip", "jitter", "blur_sigma", "solarize")}
    C.write_json(args.out, {"aug": B.AUG, "preprocess": pre, "size": B.SIZE, "test_indices": ti[:3],
                            "images": [i.reshape(-1).tolist() for i in images], "prng": prng, "ops": ops,
                            "pipelines": pipelines, "branch_counts": used}, compact=True)
    print(f"wrote {args.out}: {len(ops)} op cases, {len(pipelines)} pipelines, applied counts {used}")


if __name__ == "__main__":
    main()
