"""Writes tests/fixtures/genrep-latent.json: pins src/lib/genrep-latent.ts to training/genrep_common.py
(the truncated-normal latent sampler, the widget's augmentation parameters and the shift + cutout op).

Rebuild from the repo root (~1 s, no torch needed):
    /usr/bin/python3 training/genrep_latent_fixture.py
"""
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402
import genrep_common as G  # noqa: E402


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/genrep-latent.json"
    families = []
    for seed in (1, 2, 3, 4294967295, 20210609):
        z, eps = G.latent_family(seed, 5)
        families.append({"seed": seed, "k": 5, "z": z.tolist(), "eps": eps.tolist()})
    yy, xx = np.mgrid[0:28, 0:28]
    img = ((xx * 7 + yy * 13) % 256).astype(np.uint8)
    augs = []
    for seed in (1, 2, 3, 4, 5, 6):
        ps = G.aug_params_for(seed, 6)
        augs.append({"seed": seed, "params": ps,
                     "outputs": [G.apply_aug(img, p).reshape(-1).tolist() for p in ps]})
    # every shift and a cutout at the far corner
    edge = [{"dx": dx, "dy": dy, "cutout": dx == 3 and dy == -3, "x0": 18, "y0": 18} for dx in (-3, 0, 3) for dy in (-3, 0, 3)]
    C.write_json(out, {"latent": G.LATENT, "trunc": G.TRUNC, "shift": G.SHIFT, "cutout": G.CUTOUT,
                       "cutout_p": G.CUTOUT_P, "image": img.reshape(-1).tolist(), "families": families,
                       "augs": augs, "edge_cases": [{"params": p, "output": G.apply_aug(img, p).reshape(-1).tolist()}
                                                    for p in edge]}, compact=True)


if __name__ == "__main__":
    main()
