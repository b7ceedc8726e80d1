"""Writes tests/fixtures/supcon-corruptions.json: pins src/lib/corruptions.ts to the corruptions of the
SupCon evaluation (supcon_common.corrupt / noise_field / occlusion_positions, imported, not copied).

The corrupted images are computed exactly as `supcon_common.evaluate_all` computes them: on the whole
10,000-image test set at once (row i of the batch is test image i, which is what the noise field and the
occlusion positions are indexed by), then a few images of the 1,000-image widget subset are picked out.
Every measured strength of every kind, plus one strength between the measured ones per kind (the widget's
slider is continuous). No model is trained or run. The TS test allows 1e-8.

Rebuild from the repo root (~5 s):
    /usr/bin/python3 training/supcon_corruption_fixture.py
"""
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import byol_common as B  # noqa: E402
import common as C  # noqa: E402
import supcon_common as S  # noqa: E402

SUBSET_POSITIONS = [0, 1, 999]  # positions in baked.json subset (0 and 1 = the cards' fixture cases)
BETWEEN = {"noise": [0.37], "blur": [0.8], "occlusion": [12]}


def flat(a, digits=10):
    return [C.round_sig(v, digits) for v in np.asarray(a, np.float64).reshape(-1).tolist()]


def main():
    ap = C.base_arg_parser(__doc__.splitlines()[0])
    ap.add_argument("--out", default="tests/fixtures/supcon-corruptions.json")
    args = ap.parse_args()
    D = B.load_data(args.data)
    test_idx = [int(D["subset"][k]) for k in SUBSET_POSITIONS]
    x01 = D["test_u8"].astype(np.float64) / 255  # as evaluate_all
    noise = S.noise_field(len(x01))
    measured = {"noise": S.NOISE_SIGMAS, "blur": S.BLUR_SIGMAS, "occlusion": S.OCCLUSION_SIDES}
    cases = []
    for kind in ("noise", "blur", "occlusion"):
        for s in list(measured[kind]) + BETWEEN[kind]:
            xc = S.corrupt(x01, kind, s, noise)
            for k, i in zip(SUBSET_POSITIONS, test_idx):
                cases.append({"subset_position": k, "test_index": i, "kind": kind, "strength": s,
                              "measured": s in measured[kind], "out": flat(xc[i])})
    occl = {str(s): {str(i): [int(v) for v in S.occlusion_positions(len(x01), s)[i]] for i in test_idx}
            for s in measured["occlusion"] + BETWEEN["occlusion"]}
    first_draws = {"noise": flat(S.mulberry32_block(S.NOISE_SEED, 8), 17),
                   "occlusion": flat(S.mulberry32_block(S.OCCLUSION_SEED, 8), 17)}
    C.write_json(args.out, {
        "doc": S.CORRUPTION_DOC,
        "seeds": {"noise": S.NOISE_SEED, "occlusion": S.OCCLUSION_SEED},
        "measured": measured,
        "first_draws": first_draws,
        "images": [{"subset_position": k, "test_index": i, "label": int(D["test_y"][i]),
                    "pixels": D["test_u8"][i].reshape(-1).astype(int).tolist(),
                    "noise_field": flat(noise[i])} for k, i in zip(SUBSET_POSITIONS, test_idx)],
        "occlusion_positions": occl,  # side -> test index -> [x0, y0]
        "cases": cases,
    }, compact=True)
    print(f"wrote {args.out}: {len(cases)} cases on test images {test_idx}")


if __name__ == "__main__":
    main()
