"""Rewrite tests/fixtures/composite-lib.json from the exported composite-encoder/-decoder without
retraining: the ONNX initialisers are loaded back into the PyTorch modules of
training/composite_autoencoder.py (same names), checked against the models' own fixtures.json, and
write_lib_fixture() is called exactly as at the end of training.

    /usr/bin/python3 training/composite_lib_fixture.py
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402
import composite_common as K  # noqa: E402
import composite_autoencoder as T  # noqa: E402


def load_into(module, onnx_path):
    import onnx
    import torch
    from onnx import numpy_helper

    weights = {i.name: torch.from_numpy(numpy_helper.to_array(i).copy()) for i in onnx.load(str(onnx_path)).graph.initializer}
    missing = module.load_state_dict(weights, strict=True)
    assert not missing.missing_keys and not missing.unexpected_keys, missing
    module.eval()


def main():
    ap = C.base_arg_parser(__doc__.splitlines()[0])
    ap.add_argument("--lib-fixture", default="tests/fixtures/composite-lib.json")
    args = ap.parse_args()
    torch = C.require_torch()
    C.seed_everything(args.seed, args.threads)
    enc, dec, _ = T.build_models()
    load_into(enc, C.repo_path(f"public/models/{T.ENC_ID}/model.onnx"))
    load_into(dec, C.repo_path(f"public/models/{T.DEC_ID}/model.onnx"))
    # the loaded weights must reproduce the shipped fixtures
    for mid, mod, inp, out in ((T.ENC_ID, enc, "image", "features"), (T.DEC_ID, dec, "features", "image")):
        fx = json.loads(C.repo_path(f"public/models/{mid}/fixtures.json").read_text())
        for case in fx["cases"]:
            x = np.asarray(case["inputs"][inp]["data"], np.float32).reshape(case["inputs"][inp]["dims"])
            with torch.no_grad():
                y = mod(torch.from_numpy(x)).numpy().reshape(-1)
            err = float(np.abs(y - np.asarray(case["outputs"][out]["data"], np.float32)).max())
            assert err <= 1e-5, f"{mid}/{case['name']}: {err}"

    test = [K.render_head(T.TEST_SEED0 + i) for i in range(2)]

    def encode(rgb_u8):
        with torch.no_grad():
            x = torch.from_numpy(K.to_float(rgb_u8).astype(np.float32)).permute(2, 0, 1)[None]
            return enc(x)[0].numpy()

    def decode(f):
        with torch.no_grad():
            return dec(torch.from_numpy(np.asarray(f, np.float32))[None])[0].permute(1, 2, 0).numpy().astype(np.float64)

    T.write_lib_fixture(args.lib_fixture, test, [encode(h[0]) for h in test], decode)
    print("wrote", args.lib_fixture)


if __name__ == "__main__":
    main()
