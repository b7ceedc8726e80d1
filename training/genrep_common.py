"""Shared code for the GenRep article (Jahanian et al., "Generative Models as a Data Source for Multiview
Representation Learning", arXiv 2106.05258): a small MNIST VAE whose decoder is the generator, the latent
sampler (seeded truncated normal, mirrored in src/lib/genrep-latent.ts), the pixel augmentation (mirrored in
src/lib/genrep-latent.ts), a small CNN encoder, SimCLR's NT-Xent loss, and the linear probe on REAL MNIST.

Everything here is deterministic for a given seed and thread count.
"""
from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402

MNIST_DIR = "/work/shared/data/mnist"
MNIST_DATA = {
    "name": "MNIST",
    "licence": "CC BY-SA 3.0 (Yann LeCun and Corinna Cortes; derived from NIST SD-1 and SD-3)",
    "source": "/work/shared/data/mnist (rasbt/mnist-pngs decoded back to the original order; see its DATA.md)",
    "url": "https://yann.lecun.com/exdb/mnist/",
}

LATENT = 8          # latent dimension of the VAE (= generator input)
TRUNC = 2.0         # truncated normal: values with |v| > TRUNC are redrawn
SHIFT = 3           # pixel augmentation: integer shift in [-SHIFT, SHIFT] on each axis, zero fill
CUTOUT = 10         # pixel augmentation: a CUTOUT×CUTOUT black square ...
CUTOUT_P = 0.5      # ... with this probability, top-left corner uniform in [0, 28 − CUTOUT]

SAMPLER_DOC = (
    "mulberry32(seed) stream u0, u1, …; one Gaussian from two uniforms: g = √(−2 ln(1 − u_a))·cos(2π u_b); "
    f"truncated normal: redraw (two new uniforms) while |g| > {TRUNC}. Anchor z = the first {LATENT} truncated "
    f"values; then ε_1, ε_2, … ({LATENT} values each) from the same stream; positive k = z + σ·ε_k (the same ε_k "
    "for every σ, so σ only scales the step)."
)
AUG_DOC = (
    f"Per view, 5 uniforms from mulberry32 (always all 5, in this order): dx = floor(u0·{2 * SHIFT + 1}) − {SHIFT}, "
    f"dy = floor(u1·{2 * SHIFT + 1}) − {SHIFT} (the image moves right/down by dx/dy pixels, zero fill), cutout if "
    f"u2 < {CUTOUT_P}: a {CUTOUT}×{CUTOUT} black square with top-left x0 = floor(u3·{29 - CUTOUT}), y0 = "
    f"floor(u4·{29 - CUTOUT}) (applied after the shift). Training draws the same distribution with torch's "
    "generator (vectorised); the mulberry32 stream is used by the article's widget and its fixture."
)


# --------------------------------------------------------------------------- data

def load_mnist(data_dir: str = MNIST_DIR):
    d = Path(data_dir)
    tr, te = np.load(d / "mnist_train.npz"), np.load(d / "mnist_test.npz")
    return {"train": (tr["x"], tr["y"].astype(np.int64)), "test": (te["x"], te["y"].astype(np.int64))}


# --------------------------------------------------------------------------- generator (VAE)

def build_vae():
    import torch.nn as nn

    class Decoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(LATENT, 64 * 7 * 7)
            self.up1 = nn.ConvTranspose2d(64, 32, 4, stride=2, padding=1)
            self.up2 = nn.ConvTranspose2d(32, 1, 4, stride=2, padding=1)

        def forward(self, z):
            import torch
            h = torch.relu(self.fc(z)).view(-1, 64, 7, 7)
            h = torch.relu(self.up1(h))
            return torch.sigmoid(self.up2(h))

    class Encoder(nn.Module):  # q(z|x); thrown away after training
        def __init__(self):
            super().__init__()
            self.c1 = nn.Conv2d(1, 32, 4, stride=2, padding=1)
            self.c2 = nn.Conv2d(32, 64, 4, stride=2, padding=1)
            self.fc = nn.Linear(64 * 7 * 7, 2 * LATENT)

        def forward(self, x):
            import torch
            h = torch.relu(self.c2(torch.relu(self.c1(x))))
            mu, logvar = self.fc(h.flatten(1)).chunk(2, dim=1)
            return mu, logvar

    return Encoder(), Decoder()


VAE_ARCH = {
    "generator": f"linear {LATENT}→64·7·7 + ReLU → transposed conv 64→32 k4 s2 p1 + ReLU (14×14) → transposed conv 32→1 k4 s2 p1 → sigmoid (28×28, ink in [0, 1])",
    "vae_encoder_discarded": f"conv 1→32 k4 s2 + ReLU → conv 32→64 k4 s2 + ReLU → linear 3136→2·{LATENT} (μ, log σ²); used only to train the VAE, not exported",
}


def decoder_from_onnx(onnx_path):
    """Rebuild the torch decoder from the shipped ONNX file (the sweep samples the exact generator the site ships)."""
    import onnx
    import torch
    from onnx import numpy_helper
    _, dec = build_vae()
    m = onnx.load(str(onnx_path))
    inits = {i.name: numpy_helper.to_array(i) for i in m.graph.initializer}
    sd = dec.state_dict()
    for k in sd:
        if k not in inits:
            raise KeyError(f"{k} not among ONNX initializers {sorted(inits)}")
        sd[k] = torch.from_numpy(inits[k].copy())
    dec.load_state_dict(sd)
    dec.eval()
    for p in dec.parameters():
        p.requires_grad_(False)
    return dec


# --------------------------------------------------------------------------- sampler (TS twin: src/lib/genrep-latent.ts)

class Mulberry32:
    def __init__(self, seed: int):
        self.a = int(seed) & 0xFFFFFFFF

    def next(self) -> float:
        M = 0xFFFFFFFF
        self.a = (self.a + 0x6D2B79F5) & M
        t = self.a
        t = ((t ^ (t >> 15)) * (t | 1)) & M
        t = t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & M)) & M)
        return ((t ^ (t >> 14)) & M) / 4294967296.0


def trunc_gauss(rng: Mulberry32) -> float:
    while True:
        u1, u2 = rng.next(), rng.next()
        g = math.sqrt(-2.0 * math.log(1.0 - u1)) * math.cos(2.0 * math.pi * u2)
        if abs(g) <= TRUNC:
            return g


def latent_family(seed: int, k: int):
    """Anchor z [LATENT] and k directions ε [k, LATENT] (float64) from one mulberry32 stream."""
    rng = Mulberry32(seed)
    z = np.array([trunc_gauss(rng) for _ in range(LATENT)])
    eps = np.array([[trunc_gauss(rng) for _ in range(LATENT)] for _ in range(k)])
    return z, eps


def aug_params(rng: Mulberry32) -> dict:
    u = [rng.next() for _ in range(5)]
    n = 2 * SHIFT + 1
    return {"dx": math.floor(u[0] * n) - SHIFT, "dy": math.floor(u[1] * n) - SHIFT, "cutout": u[2] < CUTOUT_P,
            "x0": math.floor(u[3] * (29 - CUTOUT)), "y0": math.floor(u[4] * (29 - CUTOUT))}


def apply_aug(img: np.ndarray, p: dict) -> np.ndarray:
    """img [28, 28] → augmented copy (same dtype)."""
    out = np.zeros_like(img)
    dx, dy = p["dx"], p["dy"]
    ys, yd = (slice(0, 28 - dy), slice(dy, 28)) if dy >= 0 else (slice(-dy, 28), slice(0, 28 + dy))
    xs, xd = (slice(0, 28 - dx), slice(dx, 28)) if dx >= 0 else (slice(-dx, 28), slice(0, 28 + dx))
    out[yd, xd] = img[ys, xs]
    if p["cutout"]:
        out[p["y0"]:p["y0"] + CUTOUT, p["x0"]:p["x0"] + CUTOUT] = 0
    return out


# --------------------------------------------------------------------------- torch-side sampling and augmentation

def torch_trunc_normal(n, gen):
    import torch
    out = torch.randn(n, LATENT, generator=gen)
    bad = out.abs() > TRUNC
    while bool(bad.any()):
        out[bad] = torch.randn(int(bad.sum()), generator=gen)
        bad = out.abs() > TRUNC
    return out


def torch_aug(x, gen):
    """x [B, 1, 28, 28] → shifted (±SHIFT, zero fill) and randomly cut-out copy."""
    import torch
    B = x.shape[0]
    xp = torch.nn.functional.pad(x[:, 0], (SHIFT, SHIFT, SHIFT, SHIFT))
    d = torch.randint(-SHIFT, SHIFT + 1, (B, 2), generator=gen)
    ar = torch.arange(28)
    rows = (ar[None, :] + SHIFT - d[:, 1:2])  # out[y] = in[y − dy]
    cols = (ar[None, :] + SHIFT - d[:, 0:1])
    out = xp[torch.arange(B)[:, None, None], rows[:, :, None], cols[:, None, :]]
    cut = torch.rand(B, generator=gen) < CUTOUT_P
    pos = torch.randint(0, 29 - CUTOUT, (B, 2), generator=gen)
    ym = (ar[None, :] >= pos[:, 1:2]) & (ar[None, :] < pos[:, 1:2] + CUTOUT)
    xm = (ar[None, :] >= pos[:, 0:1]) & (ar[None, :] < pos[:, 0:1] + CUTOUT)
    mask = (ym[:, :, None] & xm[:, None, :]) & cut[:, None, None]
    out = out.masked_fill(mask, 0.0)
    return out[:, None]


# --------------------------------------------------------------------------- encoder + NT-Xent

REP = 128
PROJ = 64
ENC_ARCH = {
    "encoder": f"conv 1→16 k3 s2 p1 + ReLU (14×14) → conv 16→32 k3 s2 p1 + ReLU (7×7) → flatten 1568 → linear 1568→{REP} → representation ({REP})",
    "projector": f"ReLU → linear {REP}→{PROJ} (used by the loss only, not exported)",
    "input": "ink in [0, 1] (pixels / 255, no mean/std normalisation), [batch, 1, 28, 28]",
}


def build_encoder():
    import torch
    import torch.nn as nn

    class Enc(nn.Module):
        def __init__(self):
            super().__init__()
            self.c1 = nn.Conv2d(1, 16, 3, stride=2, padding=1)
            self.c2 = nn.Conv2d(16, 32, 3, stride=2, padding=1)
            self.fc = nn.Linear(32 * 7 * 7, REP)

        def forward(self, x):
            h = torch.relu(self.c2(torch.relu(self.c1(x))))
            return self.fc(h.flatten(1))

    class Full(nn.Module):
        def __init__(self):
            super().__init__()
            self.enc = Enc()
            self.proj = nn.Linear(REP, PROJ)

        def forward(self, x):
            r = self.enc(x)
            return r, self.proj(torch.relu(r))

    return Full()


def nt_xent(p1, p2, tau):
    """SimCLR's NT-Xent: 2B views, each anchor's positive is its partner, the other 2B − 2 are negatives."""
    import torch
    z = torch.nn.functional.normalize(torch.cat([p1, p2]), dim=1)
    n = z.shape[0]
    sim = z @ z.t() / tau
    sim = sim.masked_fill(torch.eye(n, dtype=torch.bool), -1e9)
    B = n // 2
    target = torch.cat([torch.arange(B, n), torch.arange(0, B)])
    return torch.nn.functional.cross_entropy(sim, target)


TAU = 0.2
BATCH = 128
STEPS = 300
LR = 2e-3
POOL = 20000  # generated anchors (each with one latent neighbour per σ), like GenRep's fixed generated dataset


def train_encoder(view_fn, seed: int, steps: int = STEPS, log=None):
    """view_fn(idx_tensor, gen) -> (x1, x2) [B,1,28,28] in [0,1]. Returns (model, info)."""
    import torch
    torch.manual_seed(seed)
    gen = torch.Generator()
    gen.manual_seed(seed)
    model = build_encoder()
    opt = torch.optim.Adam(model.parameters(), lr=LR)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: 0.5 * (1 + math.cos(math.pi * k / steps)))
    losses = []
    t0 = time.perf_counter()
    for k in range(steps):
        x1, x2 = view_fn(gen)
        _, p1 = model(x1)
        _, p2 = model(x2)
        loss = nt_xent(p1, p2, TAU)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        losses.append(float(loss))
        if log and (k % 100 == 0 or k == steps - 1):
            log(f"  step {k}: loss {float(loss):.4f}")
    model.eval()
    return model, {"train_time_s": time.perf_counter() - t0, "loss_first_50": float(np.mean(losses[:50])),
                   "loss_last_50": float(np.mean(losses[-50:]))}


PROBE_TRAIN = 10000  # first 10,000 real MNIST training images (labels used only by the probe)
PROBE_DOC = ("linear probe: sklearn LogisticRegression(C=1.0, max_iter=300, lbfgs) on StandardScaler-standardised "
             f"{REP}-d representations of the first {PROBE_TRAIN:,} real MNIST training images; accuracy on the full "
             "real MNIST test split (10,000 images). Encoders are frozen; no augmentation at evaluation.")


def embed(model, x01, batch=1000):
    import torch
    outs = []
    with torch.no_grad():
        for i in range(0, len(x01), batch):
            outs.append(model(torch.from_numpy(x01[i:i + batch]))[0])
    return torch.cat(outs).numpy().astype(np.float64)


def probe(model, D) -> float:
    import warnings
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler
    xtr = (D["train"][0][:PROBE_TRAIN].astype(np.float32) / 255.0)[:, None]
    xte = (D["test"][0].astype(np.float32) / 255.0)[:, None]
    ftr, fte = embed(model, xtr), embed(model, xte)
    sc = StandardScaler().fit(ftr)
    clf = LogisticRegression(C=1.0, max_iter=300)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(sc.transform(ftr), D["train"][1][:PROBE_TRAIN])
    return float((clf.predict(sc.transform(fte)) == D["test"][1]).mean())


def aug_seed(seed: int) -> int:
    """The widget's augmentation stream for an anchor seed (src/lib/genrep-latent.ts augSeed)."""
    return (seed * 7919 + 17) & 0xFFFFFFFF


def aug_params_for(seed: int, views: int) -> list:
    rng = Mulberry32(aug_seed(seed))
    return [aug_params(rng) for _ in range(views)]
