"""Shared code for the BYOL toy models (Grill et al. 2020, "Bootstrap Your Own Latent").

Contents (see training/README.md, section "BYOL models", for the documented protocol):
- `Mulberry32`: the seeded PRNG for augmentation parameters, mirrored bit for bit in
  src/lib/byol-augment.ts (never torch's RNG for augmentation parameters).
- the augmentation pipeline for 28×28 grayscale (random resized crop, horizontal flip,
  brightness/contrast jitter, Gaussian blur, solarisation), written as explicit matrix / element
  ops so the TS port reproduces it (tests/fixtures/byol-augment.json pins the two together);
- the networks (encoder, projector, predictor), the BYOL loss, the EMA update with the cosine τ
  schedule, the training loops (BYOL variants and the supervised reference);
- the fixed evaluation protocol (linear probe, k-NN, collapse std) and the writer of every
  `public/models/<id>/` folder (model.onnx, card.json, fixtures.json, baked.json).

Only numpy + stdlib at import time; torch / sklearn are imported lazily.
"""
from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402

SIZE = 28

# --------------------------------------------------------------------------- PRNG (mirrored in TS)

M32 = 0xFFFFFFFF


class Mulberry32:
    """mulberry32 (Tommy Ettinger's public-domain 32-bit generator), exactly as the usual JS:
        a = a + 0x6D2B79F5 | 0; t = Math.imul(a ^ a >>> 15, 1 | a);
        t = t + Math.imul(t ^ t >>> 7, 61 | t) ^ t; return ((t ^ t >>> 14) >>> 0) / 4294967296;
    Every value is a multiple of 2^-32 in [0, 1), identical in both languages."""

    def __init__(self, seed: int):
        self.a = int(seed) & M32

    def next_u32(self) -> int:
        self.a = (self.a + 0x6D2B79F5) & M32
        t = self.a
        t = ((t ^ (t >> 15)) * (t | 1)) & M32
        t = t ^ ((t + (((t ^ (t >> 7)) * (t | 61)) & M32)) & M32)
        return (t ^ (t >> 14)) & M32

    def next(self) -> float:
        return self.next_u32() / 4294967296.0


# --------------------------------------------------------------------------- augmentation

# The paper's ImageNet set adapted to one grayscale channel. Colour jitter keeps brightness and
# contrast only (saturation/hue do not exist in gray); grayscale conversion is dropped. Probabilities
# are the same for both views (the paper uses asymmetric blur 1.0/0.1 and solarise 0/0.2; we keep
# one symmetric distribution so one function serves both views and the TS port).
AUG = {
    "crop_scale": [0.5, 1.0],         # area fraction of the crop, uniform
    "crop_log_ratio": [math.log(3 / 4), math.log(4 / 3)],  # aspect ratio w/h, log-uniform
    "flip_p": 0.5,
    "jitter_p": 0.8,                   # brightness then contrast (fixed order), both or neither
    "brightness": 0.4,                 # factor b ~ U(1-0.4, 1+0.4): x <- clamp(b x, 0, 1)
    "contrast": 0.4,                   # factor c ~ U(0.6, 1.4): x <- clamp((x-m) c + m, 0, 1), m = image mean
    "blur_p": 0.5,
    "blur_sigma": [0.1, 2.0],          # uniform; 5-tap kernel exp(-t^2/(2 sigma^2)), t=-2..2, normalised
    "blur_radius": 2,
    "solarize_p": 0.2,
    "solarize_threshold": 0.5,         # x >= 0.5 -> 1 - x
}
N_UNIFORMS = 11  # always drawn, in this order, whether or not an op is applied

AUG_DOC = (
    "Per view, 11 uniforms u0..u10 are drawn from mulberry32 in this order (always all 11): "
    "random resized crop: area s = 0.5 + 0.5·u0, aspect r = exp(log(3/4) + (log(4/3) − log(3/4))·u1), "
    "w = 28·min(1, √(s·r)), h = 28·min(1, √(s/r)), x0 = u2·(28 − w), y0 = u3·(28 − h), resampled to 28×28 "
    "bilinearly (source coordinate of output pixel i: y0 + (i + 0.5)·h/28 − 0.5, clamped to [0, 27]); "
    "horizontal flip if u4 < 0.5; brightness/contrast jitter if u5 < 0.8 with b = 0.6 + 0.8·u6, c = 0.6 + 0.8·u7 "
    "(x ← clamp(b·x, 0, 1), then x ← clamp((x − mean(x))·c + mean(x), 0, 1)); Gaussian blur if u8 < 0.5 with "
    "σ = 0.1 + 1.9·u9, separable 5-tap kernel exp(−t²/2σ²)/Σ, t = −2..2, edge pixels replicated; "
    "solarise if u10 < 0.2 (x ≥ 0.5 → 1 − x). Pixels are in [0, 1] (uint8/255) throughout; the model input is "
    "then (x − mean)/std with the card's preprocess constants."
)


def sample_params(rng: Mulberry32) -> dict:
    u = [rng.next() for _ in range(N_UNIFORMS)]
    s = AUG["crop_scale"][0] + (AUG["crop_scale"][1] - AUG["crop_scale"][0]) * u[0]
    lo, hi = AUG["crop_log_ratio"]
    r = math.exp(lo + (hi - lo) * u[1])
    w = SIZE * min(1.0, math.sqrt(s * r))
    h = SIZE * min(1.0, math.sqrt(s / r))
    b0, c0 = AUG["brightness"], AUG["contrast"]
    sg = AUG["blur_sigma"]
    return {
        "crop": {"x0": u[2] * (SIZE - w), "y0": u[3] * (SIZE - h), "w": w, "h": h},
        "flip": u[4] < AUG["flip_p"],
        "jitter": {"brightness": 1 - b0 + 2 * b0 * u[6], "contrast": 1 - c0 + 2 * c0 * u[7]} if u[5] < AUG["jitter_p"] else None,
        "blur_sigma": sg[0] + (sg[1] - sg[0]) * u[9] if u[8] < AUG["blur_p"] else None,
        "solarize": u[10] < AUG["solarize_p"],
    }


def crop_matrix(start: float, length: float, flip: bool = False) -> np.ndarray:
    """[28,28] bilinear resampling matrix: out[i] = sum_k W[i,k] src[k] (one axis)."""
    W = np.zeros((SIZE, SIZE), np.float64)
    for i in range(SIZE):
        src = start + (i + 0.5) * length / SIZE - 0.5
        src = min(max(src, 0.0), SIZE - 1.0)
        i0 = int(math.floor(src))
        i1 = min(i0 + 1, SIZE - 1)
        f = src - i0
        W[i, i0] += 1 - f
        W[i, i1] += f
    return W[::-1].copy() if flip else W


def blur_kernel(sigma: float) -> list:
    R = AUG["blur_radius"]
    k = [math.exp(-(t * t) / (2 * sigma * sigma)) for t in range(-R, R + 1)]
    s = sum(k)
    return [v / s for v in k]


def blur_matrix(sigma: float | None) -> np.ndarray:
    """[28,28] separable Gaussian blur matrix with replicated edges (identity if sigma is None)."""
    if sigma is None:
        return np.eye(SIZE)
    R = AUG["blur_radius"]
    k = blur_kernel(sigma)
    B = np.zeros((SIZE, SIZE), np.float64)
    for i in range(SIZE):
        for t in range(-R, R + 1):
            B[i, min(max(i + t, 0), SIZE - 1)] += k[t + R]
    return B


def params_to_arrays(plist: list) -> dict:
    """Stack per-view parameters into batched numpy arrays for `apply_batch`."""
    n = len(plist)
    Wy = np.empty((n, SIZE, SIZE)); Wx = np.empty((n, SIZE, SIZE))
    By = np.empty((n, SIZE, SIZE))
    jit = np.zeros(n, bool); b = np.ones(n); c = np.ones(n); sol = np.zeros(n, bool)
    for j, p in enumerate(plist):
        cr = p["crop"]
        Wy[j] = crop_matrix(cr["y0"], cr["h"])
        Wx[j] = crop_matrix(cr["x0"], cr["w"], p["flip"])
        By[j] = blur_matrix(p["blur_sigma"])
        if p["jitter"] is not None:
            jit[j] = True; b[j] = p["jitter"]["brightness"]; c[j] = p["jitter"]["contrast"]
        sol[j] = p["solarize"]
    return {"Wy": Wy, "Wx": Wx, "B": By, "jitter": jit, "b": b, "c": c, "solarize": sol}


def apply_batch(x, arrs: dict, stages: bool = False):
    """x: torch [N,28,28] in [0,1] (float32 for training, float64 for fixtures). Same dtype out.
    Order: crop(+flip) -> jitter -> blur -> solarise."""
    import torch
    dt = x.dtype
    T = lambda a: torch.as_tensor(a, dtype=dt)  # noqa: E731
    Wy, Wx, B = T(arrs["Wy"]), T(arrs["Wx"]), T(arrs["B"])
    crop = Wy @ x @ Wx.transpose(1, 2)
    b = T(arrs["b"]).view(-1, 1, 1); c = T(arrs["c"]).view(-1, 1, 1)
    jm = torch.as_tensor(arrs["jitter"]).view(-1, 1, 1)
    xb = (crop * b).clamp(0, 1)
    m = xb.mean(dim=(1, 2), keepdim=True)
    xc = ((xb - m) * c + m).clamp(0, 1)
    jit = torch.where(jm, xc, crop)
    blur = B @ jit @ B.transpose(1, 2)
    sm = torch.as_tensor(arrs["solarize"]).view(-1, 1, 1)
    out = torch.where(sm & (blur >= AUG["solarize_threshold"]), 1 - blur, blur)
    if stages:
        return {"crop": crop, "jitter": jit, "blur": blur, "solarize": out}
    return out


# --------------------------------------------------------------------------- networks

ARCH = {
    "encoder": "conv 1→32 k3 s2 p1 + BN + ReLU (14×14) → conv 32→64 k3 s2 p1 + BN + ReLU (7×7) → "
               "conv 64→128 k3 s2 p1 + BN + ReLU (4×4) → global average pool → representation (128)",
    "projector": "linear 128→256 + BN + ReLU → linear 256→64 → projection (64)",
    "predictor": "linear 64→256 + BN + ReLU → linear 256→64 → prediction (64)",
    "supervised_head": "linear 128→10 → logits",
}
REP_DIM, PROJ_DIM, HIDDEN = 128, 64, 256


def build_encoder():
    import torch.nn as nn
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, stride=2, padding=1), nn.BatchNorm2d(32), nn.ReLU(),
        nn.Conv2d(32, 64, 3, stride=2, padding=1), nn.BatchNorm2d(64), nn.ReLU(),
        nn.Conv2d(64, REP_DIM, 3, stride=2, padding=1), nn.BatchNorm2d(REP_DIM), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten())


def build_mlp(i, h, o):
    import torch.nn as nn
    return nn.Sequential(nn.Linear(i, h), nn.BatchNorm1d(h), nn.ReLU(), nn.Linear(h, o))


def build_online(with_predictor: bool):
    import torch.nn as nn

    class Online(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = build_encoder()
            self.projector = build_mlp(REP_DIM, HIDDEN, PROJ_DIM)
            self.predictor = build_mlp(PROJ_DIM, HIDDEN, PROJ_DIM) if with_predictor else None

        def forward(self, x):
            y = self.encoder(x)
            z = self.projector(y)
            if self.predictor is None:
                return y, z
            return y, z, self.predictor(z)

    return Online()


def build_supervised():
    import torch.nn as nn

    class Supervised(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = build_encoder()
            self.head = nn.Linear(REP_DIM, 10)

        def forward(self, x):
            y = self.encoder(x)
            return y, self.head(y)

    return Supervised()


def byol_loss(p, z):
    """Normalised MSE = 2 − 2·cos(p, z), mean over the batch. z must already be detached."""
    import torch.nn.functional as F
    p = F.normalize(p, dim=1)
    z = F.normalize(z, dim=1)
    return (2 - 2 * (p * z).sum(dim=1)).mean()


def tau_at(k: int, K: int, tau_base: float, schedule: str) -> float:
    """τ_k = 1 − (1 − τ_base)(cos(πk/K) + 1)/2 ("cosine"), or τ_base at every step ("constant")."""
    if schedule == "constant":
        return tau_base
    return 1 - (1 - tau_base) * (math.cos(math.pi * k / K) + 1) / 2


def ema_update(target, online, tau: float):
    """ξ ← τ ξ + (1 − τ) θ for parameters and BN buffers. τ = 1 leaves ξ bit-identical (ξ·1 + θ·0),
    τ = 0 copies θ exactly."""
    import torch
    with torch.no_grad():
        src = dict(online.named_parameters()); src.update(dict(online.named_buffers()))
        dst = list(target.named_parameters()) + list(target.named_buffers())
        for name, t in dst:  # by name: the online net may also hold a predictor
            o = src[name]
            if not t.dtype.is_floating_point:
                t.copy_(o)
            elif tau == 0.0:
                t.copy_(o)
            elif tau != 1.0:
                t.mul_(tau).add_(o, alpha=1 - tau)


# --------------------------------------------------------------------------- data + protocol

PROTOCOL = {
    "ssl_train_images": 25600,   # first 25,600 of a seed-0 permutation of the 60k train split
    "probe_train_images": 10000,  # the next 10,000 of that permutation (disjoint from the SSL subset)
    "probe": "sklearn LogisticRegression(C=1.0, max_iter=300, lbfgs) on features standardised with a "
             "StandardScaler fitted on the probe-train subset",
    "knn": "k = 20, cosine similarity, unweighted majority vote (ties -> lowest class id), "
           "probe-train subset as the memory bank",
    "collapse": "mean over dimensions of the std (ddof 0) over the 10,000 test images of the L2-normalised "
                "projector output (≈ 1/√64 = 0.125 if spread evenly, → 0 when collapsed)",
    "representation": "encoder output (128-d, after global average pool) of the un-augmented image, eval mode",
}
SPLIT_PERM_SEED = 0
BATCH = 256
STEPS = 600
LR = 2e-3
WEIGHT_DECAY = 1e-6


def load_data(data_dir):
    """Fixed splits used by every BYOL variant (independent of --seed)."""
    import torch
    data = C.load_fashion_mnist(data_dir)
    (xtr_u8, ytr), (xte_u8, yte) = data["train"], data["test"]
    px = xtr_u8.astype(np.float64) / 255
    pre = {"scale": 255, "mean": round(float(px.mean()), 4), "std": round(float(px.std()), 4)}
    del px
    perm = np.random.default_rng(SPLIT_PERM_SEED).permutation(len(xtr_u8))
    n_ssl, n_probe = PROTOCOL["ssl_train_images"], PROTOCOL["probe_train_images"]
    ssl_idx, probe_idx = np.sort(perm[:n_ssl]), np.sort(perm[n_ssl:n_ssl + n_probe])
    subset = np.sort(np.concatenate([np.flatnonzero(yte == c)[:100] for c in range(10)]))  # 1,000 test images
    return {
        "pre": pre,
        "ssl_x01": torch.from_numpy(xtr_u8[ssl_idx].astype(np.float32) / 255),
        "ssl_y": torch.from_numpy(ytr[ssl_idx].astype(np.int64)),
        "probe_x": torch.from_numpy(C.to_model_input(xtr_u8[probe_idx], pre)).unsqueeze(1),
        "probe_y": ytr[probe_idx].astype(np.int64),
        "test_x": torch.from_numpy(C.to_model_input(xte_u8, pre)).unsqueeze(1),
        "test_y": yte.astype(np.int64),
        "test_u8": xte_u8,
        "subset": subset,
        "n_train_total": int(len(xtr_u8)),
    }


def normalise01(x01, pre):
    """[0,1] pixels -> model input, same expression as C.to_model_input ((p/255 − mean)/std)."""
    return (x01 - pre["mean"]) / pre["std"]


def embed(fn, x, batch=1000):
    import torch
    outs = []
    with torch.no_grad():
        for i in range(0, len(x), batch):
            outs.append(fn(x[i:i + batch]))
    return [torch.cat([o[k] for o in outs]).numpy().astype(np.float64) for k in range(len(outs[0]))]


def probe_accuracy(ftr, ytr, fte, yte):
    import warnings
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler
    sc = StandardScaler().fit(ftr)
    clf = LogisticRegression(C=1.0, max_iter=300)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(sc.transform(ftr), ytr)
    return float((clf.predict(sc.transform(fte)) == yte).mean())


def l2n(a):
    return a / np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)


def knn_accuracy(ftr, ytr, fte, yte, k=20):
    a, b = l2n(fte), l2n(ftr)
    correct = 0
    for i in range(0, len(a), 1000):
        sim = a[i:i + 1000] @ b.T
        nn_idx = np.argpartition(-sim, k - 1, axis=1)[:, :k]  # the k most similar (order irrelevant for the vote)
        votes = ytr[nn_idx]
        pred = np.array([np.bincount(v, minlength=10).argmax() for v in votes])
        correct += int((pred == yte[i:i + 1000]).sum())
    return correct / len(a)


def collapse_std(z):
    return float(l2n(z).std(axis=0).mean())


def evaluate(model_fn, D):
    """model_fn(x) -> (representation, projection-or-None-equivalent). Returns metrics + test reps."""
    ftr = embed(model_fn, D["probe_x"])
    fte = embed(model_fn, D["test_x"])
    rep_tr, rep_te = ftr[0], fte[0]
    proj_te = fte[1] if len(fte) > 1 else None
    m = {
        "probe_accuracy": probe_accuracy(rep_tr, D["probe_y"], rep_te, D["test_y"]),
        "knn_accuracy": knn_accuracy(rep_tr, D["probe_y"], rep_te, D["test_y"]),
        "collapse_std_representation": collapse_std(rep_te),
    }
    m["collapse_std"] = collapse_std(proj_te) if proj_te is not None else m["collapse_std_representation"]
    return m, rep_te


def pca2(reps):
    """PCA to 2-D of the subset's representations (centred, SVD); sign fixed so that the loading
    with the largest |value| of each component is positive."""
    mean = reps.mean(axis=0)
    u, s, vt = np.linalg.svd(reps - mean, full_matrices=False)
    comps = vt[:2].copy()
    for j in range(2):
        if comps[j, np.argmax(np.abs(comps[j]))] < 0:
            comps[j] = -comps[j]
    var = s ** 2
    evr = (var[:2] / var.sum()).tolist() if var.sum() > 0 else [0.0, 0.0]
    return mean, comps, evr


def rnd(a, d=4):
    return np.round(np.asarray(a, np.float64), d).tolist()


# --------------------------------------------------------------------------- training loops

class SnapshotRecorder:
    """Evaluates the online network at given steps (probe, kNN, collapse std, 2-D coordinates of the
    1,000-image subset with a per-snapshot PCA)."""

    def __init__(self, steps, D):
        self.steps, self.D, self.items = set(steps), D, []

    def __call__(self, k, fn):
        if k not in self.steps:
            return
        t0 = time.perf_counter()
        m, rep_te = evaluate(fn, self.D)
        reps = rep_te[self.D["subset"]]
        mean, comps, evr = pca2(reps)
        self.items.append({"step": k, **{n: round(v, 4) for n, v in m.items()},
                           "_coords": (reps - mean) @ comps.T, "explained_variance_ratio": rnd(evr)})
        print(f"  snapshot step {k}: " + ", ".join(f"{n}={v:.4f}" for n, v in m.items())
              + f" ({time.perf_counter() - t0:.1f}s)", flush=True)


def make_views(D, idx, rng: Mulberry32):
    """Two augmented views (model inputs, float32 [B,1,28,28]) of the SSL images idx."""
    x = D["ssl_x01"][idx]
    n = len(idx)
    arrs = params_to_arrays([sample_params(rng) for _ in range(2 * n)])
    import torch
    v = apply_batch(torch.cat([x, x]), arrs)
    return normalise01(v, D["pre"]).unsqueeze(1)


def batch_indices(n, batch, steps, gen):
    """Index batches for `steps` training steps, with a fresh permutation from `gen` whenever the
    current one runs out. The first permutation is drawn here, eagerly, so `gen` is consumed in
    exactly the order the trainers always used (outputs stay byte-identical)."""
    import torch
    first = torch.randperm(n, generator=gen)

    def batches():
        perm, pos = first, 0
        for _ in range(steps):
            if pos + batch > n:
                perm, pos = torch.randperm(n, generator=gen), 0
            yield perm[pos:pos + batch]
            pos += batch
    return batches()


def online_eval_fn(model):
    def fn(x):
        model.eval()
        out = model(x)
        return out[0], out[1]
    return fn


def train_byol(D, gen, seed, *, use_predictor, tau_base, tau_schedule, steps=STEPS, batch=BATCH,
               snapshot_steps=(), log_every=50):
    """BYOL (or a variant) on the SSL subset. Returns (online, target, info)."""
    import torch
    online = build_online(use_predictor)
    target = build_online(False)
    target.encoder.load_state_dict(online.encoder.state_dict())
    target.projector.load_state_dict(online.projector.state_dict())
    target_init = {k: v.clone() for k, v in target.state_dict().items()}
    for p in target.parameters():
        p.requires_grad_(False)
    opt = torch.optim.Adam(online.parameters(), lr=LR, weight_decay=WEIGHT_DECAY)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps)
    rng = Mulberry32(seed * 7919 + 1)  # augmentation stream of this run
    rec = SnapshotRecorder(snapshot_steps, D)
    n = len(D["ssl_x01"])
    batches = batch_indices(n, batch, steps, gen)  # draws the first permutation now, as before
    losses, t0 = [], time.perf_counter()
    rec(0, online_eval_fn(online))
    for k, idx in enumerate(batches):
        v = make_views(D, idx, rng)
        online.train(); target.train()
        out = online(v)
        q = out[2] if use_predictor else out[1]
        with torch.no_grad():
            zt = target(v)[1]
        q1, q2 = q[:batch], q[batch:]
        z1, z2 = zt[:batch], zt[batch:]
        loss = byol_loss(q1, z2) + byol_loss(q2, z1)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        ema_update(target, online, tau_at(k + 1, steps, tau_base, tau_schedule))
        losses.append(loss.item())
        if (k + 1) % log_every == 0:
            print(f"  step {k + 1}/{steps} loss {np.mean(losses[-log_every:]):.4f} "
                  f"tau {tau_at(k + 1, steps, tau_base, tau_schedule):.5f} ({time.perf_counter() - t0:.1f}s)", flush=True)
        rec(k + 1, online_eval_fn(online))
    target_unchanged = all(torch.equal(v, target.state_dict()[k]) for k, v in target_init.items()
                           if v.dtype.is_floating_point and "running" not in k and "num_batches" not in k)
    info = {"loss_first_50": float(np.mean(losses[:50])) if losses else None,
            "loss_last_50": float(np.mean(losses[-50:])) if losses else None,
            "target_params_unchanged": bool(target_unchanged), "snapshots": rec.items,
            "train_time_s": time.perf_counter() - t0}
    return online, target, info


def train_supervised(D, gen, seed, steps=STEPS, batch=BATCH, log_every=50):
    """Cross-entropy reference: same encoder, same augmentation (two views of each image per step,
    so the same number of augmented images as BYOL), same optimiser and steps."""
    import torch
    import torch.nn.functional as F
    model = build_supervised()
    opt = torch.optim.Adam(model.parameters(), lr=LR, weight_decay=WEIGHT_DECAY)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps)
    rng = Mulberry32(seed * 7919 + 1)
    n = len(D["ssl_x01"])
    losses, t0 = [], time.perf_counter()
    for k, idx in enumerate(batch_indices(n, batch, steps, gen)):
        v = make_views(D, idx, rng)
        y = D["ssl_y"][idx]
        model.train()
        loss = F.cross_entropy(model(v)[1], torch.cat([y, y]))
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        losses.append(loss.item())
        if (k + 1) % log_every == 0:
            print(f"  step {k + 1}/{steps} loss {np.mean(losses[-log_every:]):.4f} ({time.perf_counter() - t0:.1f}s)", flush=True)
    return model, {"loss_first_50": float(np.mean(losses[:50])), "loss_last_50": float(np.mean(losses[-50:])),
                   "train_time_s": time.perf_counter() - t0}


# --------------------------------------------------------------------------- export + folder

SPLITS = {
    "test": {"ru": "официальный тестовый набор Fashion-MNIST, 10 000 изображений без аугментаций",
             "en": "the official Fashion-MNIST test split, 10,000 un-augmented images"},
    "probe-train": {"ru": "10 000 обучающих изображений (не из подмножества самообучения): на них учится линейный зонд "
                          "и из них берутся соседи k-NN; метрика измеряется на тесте",
                    "en": "10,000 train images disjoint from the self-supervised subset: the linear probe is fit and "
                          "the k-NN memory bank is built on them; the metric itself is measured on the test split"},
}


def metric_entries(m: dict, collapse_on: str) -> dict:
    def ent(v, unit, ru, en):
        return {"value": round(v, 4), "split": "test", "unit": unit, "label": {"ru": ru, "en": en}}
    return {
        "probe_accuracy": ent(m["probe_accuracy"], "fraction", "точность линейного зонда (обучен на probe-train)",
                              "linear-probe accuracy (fit on probe-train)"),
        "knn_accuracy": ent(m["knn_accuracy"], "fraction", "точность k-NN (k = 20, косинус; соседи из probe-train)",
                            "k-NN accuracy (k = 20, cosine; neighbours from probe-train)"),
        "collapse_std": ent(m["collapse_std"], "value",
                            f"средний std нормированного выхода {'проектора' if collapse_on == 'projection' else 'энкодера'}",
                            f"mean std of the L2-normalised {collapse_on}"),
        "collapse_std_representation": ent(m["collapse_std_representation"], "value",
                                           "средний std нормированного представления (128-d)",
                                           "mean std of the L2-normalised representation (128-d)"),
    }


def bake_subset(rep_sub, D):
    mean, comps, evr = pca2(rep_sub)
    coords = (rep_sub - mean) @ comps.T
    a = l2n(rep_sub)
    sim = a @ a.T
    np.fill_diagonal(sim, -np.inf)
    sub_y = D["test_y"][D["subset"]]
    query = np.concatenate([np.flatnonzero(sub_y == c)[:20] for c in range(10)])
    nbrs = [np.argsort(-sim[q], kind="stable")[:5].tolist() for q in query]
    return coords, comps, {
        "embedding": "representation",
        "test_indices": D["subset"].tolist(),
        "labels": sub_y.tolist(),
        "pca": {"mean": rnd(mean, 6), "components": rnd(comps, 6), "explained_variance_ratio": rnd(evr)},
        "coords": rnd(coords),
        "neighbours": {"k": 5, "query": query.tolist(), "indices": nbrs},
    }


def align_snapshots(snaps, final_coords):
    """Per-snapshot PCA; flip each axis's sign so it correlates positively with the final model's."""
    out = []
    for s in snaps:
        c = np.array(s["_coords"], np.float64)
        for j in range(2):
            if float(np.dot(c[:, j] - c[:, j].mean(), final_coords[:, j] - final_coords[:, j].mean())) < 0:
                c[:, j] = -c[:, j]
        d = {k: v for k, v in s.items() if k != "_coords"}
        d["coords"] = rnd(c)
        out.append(d)
    return out


def write_model_folder(*, model_id, title, summary, export_module, output_names, D, args, metrics,
                       collapse_on, training, notes, baked_extra=None, extra_card=None, extra_files=None,
                       total_timer=None, snapshots=None, rep_fn=None, budget=1024 * 1024):
    """Export ONNX, write fixtures / baked / card into public/models/<model_id>/."""
    import torch
    out = C.repo_path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    onnx_path = out / "model.onnx"
    export_module.eval()
    proto = C.export_onnx(export_module, torch.zeros(1, 1, SIZE, SIZE), onnx_path, ["image"], output_names)
    inputs, outputs = C.onnx_io(proto)

    cases = []
    for j in (0, 1):
        ti = int(D["subset"][j])
        x1 = D["test_x"][ti:ti + 1]
        with torch.no_grad():
            o1 = export_module(x1)
        cases.append({"name": f"subset-{j}", "index_in_test": ti, "inputs": {"image": C.tensor_json(x1.numpy())},
                      "outputs": {n: C.tensor_json(t.numpy()) for n, t in zip(output_names, o1)}})
    C.write_fixtures(out, model_id, cases)

    rep_te = embed(rep_fn, D["test_x"])[0]
    coords, _, sub = bake_subset(rep_te[D["subset"]], D)
    baked = {"model": model_id, "metrics": {k: round(v, 4) for k, v in metrics.items()}, "subset": sub}
    if snapshots is not None:
        baked["snapshots"] = {"pca": "per snapshot (fitted on that snapshot's representations of the same 1,000 "
                                     "images), axis signs flipped to correlate positively with the final model's coords",
                              "items": align_snapshots(snapshots, coords)}
    baked.update(baked_extra or {})
    baked_files = ["baked.json"]
    C.write_json(out / "baked.json", baked, compact=True)
    for name, obj in (extra_files or {}).items():
        if isinstance(obj, bytes):
            (out / name).write_bytes(obj)
        else:
            C.write_json(out / name, obj, compact=True)
        baked_files.append(name)

    card = {
        "id": model_id, "title": title, "summary": summary, **C.onnx_card_fields(onnx_path, export_module, budget),
        "inputs": inputs, "outputs": outputs, "preprocess": D["pre"],
        "data": {**C.FASHION_MNIST_DATA, "train_examples_self_supervised": PROTOCOL["ssl_train_images"],
                 "train_examples_probe": PROTOCOL["probe_train_images"], "test_examples": int(len(D["test_y"]))},
        "training": {"seed": args.seed, "torch": C.torch_version(), "threads": args.threads, "deterministic": True,
                     **training},
        "splits": SPLITS,
        "metrics": metric_entries(metrics, collapse_on),
        "command": C.command_line(),
        "architecture": ARCH,
        "augmentation": {"params": AUG, "doc": AUG_DOC, "prng": "mulberry32, seed = 7919·seed + 1 per run; "
                         "one stream for the whole run, 11 uniforms per view, view 1 of the batch then view 2"},
        "evaluation_protocol": PROTOCOL,
        "classes": C.FASHION_CLASSES,
        "baked": baked_files,
        "baked_notes": notes,
        "created": C.created_date(),
        **(extra_card or {}),
    }
    for name, m in card.pop("metrics_extra", {}).items():
        card["metrics"][name] = m
    if total_timer is not None:
        card["training"]["wall_time_s"] = round(time.perf_counter() - total_timer, 1)
    C.write_card(out, card)
    print(f"{model_id}: " + ", ".join(f"{k}={v:.4f}" for k, v in metrics.items())
          + f" params={card['parameters']} bytes={card['bytes']} wall={card['training']['wall_time_s']}s", flush=True)
    return card


BAKED_NOTES = {
    "ru": "subset — 1 000 тестовых изображений (первые 100 каждого класса), test_indices — их номера в тесте. "
          "coords — 2-D PCA представлений (128-d выход энкодера), pca.mean/components позволяют поставить на ту же "
          "карту любое изображение: coords = (representation − mean)·componentsᵀ. neighbours: для 200 запросов "
          "(первые 20 каждого класса) — 5 ближайших по косинусу среди тех же 1 000 (позиции в subset, без самого себя).",
    "en": "subset: 1,000 test images (the first 100 of each class), test_indices are their test-split indices. "
          "coords: 2-D PCA of the representations (128-d encoder output); pca.mean/components place any image on "
          "the same map: coords = (representation − mean)·componentsᵀ. neighbours: for 200 queries (the first 20 of "
          "each class) the 5 nearest by cosine among the same 1,000 (positions in subset, self excluded).",
}


SPRITE_COLS = 40


def subset_sprite_png(D) -> bytes:
    """The 1,000 subset images as one grayscale PNG sprite: 40 columns × 25 rows of 28×28 cells, image k of
    the subset at column k % 40, row k // 40 (≈ 5× smaller than base64 pixels in JSON)."""
    import io
    from PIL import Image
    px = D["test_u8"][D["subset"]].astype(np.uint8)
    rows = -(-len(px) // SPRITE_COLS)
    sheet = np.zeros((rows * SIZE, SPRITE_COLS * SIZE), np.uint8)
    for k, im in enumerate(px):
        r, c = divmod(k, SPRITE_COLS)
        sheet[r * SIZE:(r + 1) * SIZE, c * SIZE:(c + 1) * SIZE] = im
    buf = io.BytesIO()
    Image.fromarray(sheet, mode="L").save(buf, format="PNG", optimize=True)
    return buf.getvalue()


def common_args(doc, model_id):
    ap = C.base_arg_parser(doc, default_out=f"public/models/{model_id}")
    ap.add_argument("--steps", type=int, default=STEPS)
    return ap


def optimizer_doc(steps):
    return {"steps": steps, "batch_size": BATCH, "epochs": round(steps * BATCH / PROTOCOL["ssl_train_images"], 2),
            "optimizer": f"Adam lr={LR:g}, weight decay {WEIGHT_DECAY:g}, cosine decay to 0 over {steps} steps",
            "views_per_image": 2}


# --------------------------------------------------------------------------- one script per model id

def export_module_for(export, model, target):
    """What goes into model.onnx. The article's widgets need the encoder output of every variant (to place
    an image on the embedding map) and, for byol-full only, the whole online network *and* the EMA target
    (to show the BYOL loss of two views). Exporting only that keeps the article's models under 4 MB.
    export: "representation" → encoder only; "online+target" → (representation, projection, prediction,
    target_projection); "full" → the module as trained."""
    import torch.nn as nn
    if export == "full":
        return model, None

    class RepresentationOnly(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = model.encoder

        def forward(self, x):
            return (self.encoder(x),)

    class OnlineAndTarget(nn.Module):
        def __init__(self):
            super().__init__()
            self.online, self.target = model, target

        def forward(self, x):
            y, z, q = self.online(x)
            return y, z, q, self.target(x)[1]

    if export == "representation":
        return RepresentationOnly(), ["representation"]
    assert export == "online+target" and target is not None
    return OnlineAndTarget(), ["representation", "projection", "prediction", "target_projection"]


def run_variant(doc, model_id, *, kind, title, summary, variant, use_predictor=False, tau_base=None,
                tau_schedule="cosine", snapshots=False, finish=None, export="full"):
    """kind: "untrained" | "byol" | "supervised". `finish(card_extra, baked_extra, metrics, args)` may add
    data (used by byol-full for the τ sweep). `export`: see export_module_for. Returns (metrics, info)."""
    ap = common_args(doc, model_id)
    args = ap.parse_args()
    torch = C.require_torch()
    t_start = time.perf_counter()
    gen = C.seed_everything(args.seed, args.threads)
    D = load_data(args.data)
    info = {}
    if kind == "untrained":
        model = build_online(False)
        training = {"steps": 0, "epochs": 0, "batch_size": 0, "optimizer": "none (random initialisation, PyTorch defaults)"}
        out_names = ["representation", "projection"]
    elif kind == "byol":
        snap_steps = [round(args.steps * j / 5) for j in range(6)] if snapshots else []
        model, target, info = train_byol(D, gen, args.seed, use_predictor=use_predictor, tau_base=tau_base,
                                         tau_schedule=tau_schedule, steps=args.steps, snapshot_steps=snap_steps)
        training = {**optimizer_doc(args.steps), "tau_base": tau_base, "tau_schedule": tau_schedule,
                    "predictor": use_predictor, "train_time_s": round(info["train_time_s"], 1),
                    "loss_first_50_steps": round(info["loss_first_50"], 4), "loss_last_50_steps": round(info["loss_last_50"], 4),
                    "target_params_unchanged": info["target_params_unchanged"]}
        info["target"] = target
        out_names = ["representation", "projection"] + (["prediction"] if use_predictor else [])
    else:
        model, info = train_supervised(D, gen, args.seed, steps=args.steps)
        training = {**optimizer_doc(args.steps), "loss": "cross-entropy on the labels of the self-supervised subset",
                    "train_time_s": round(info["train_time_s"], 1),
                    "loss_first_50_steps": round(info["loss_first_50"], 4), "loss_last_50_steps": round(info["loss_last_50"], 4)}
        out_names = ["representation", "logits"]
    fn = online_eval_fn(model) if kind != "supervised" else (lambda x: (model.eval(), model(x))[1][:1])
    metrics, _ = evaluate(fn, D)
    collapse_on = "projection" if kind != "supervised" else "representation"
    card_extra, baked_extra, extra_files = {"variant": variant}, {}, {}
    if finish is not None:
        finish(card_extra, baked_extra, extra_files, metrics, args, D)
    rep_fn = lambda x: (model.eval(), model(x))[1][:1]  # noqa: E731
    export_module, names = export_module_for(export, model, info.get("target"))
    out_names = names or out_names
    card_extra["exported"] = {"what": export, "outputs": out_names}
    write_model_folder(model_id=model_id, title=title, summary=summary, export_module=export_module, output_names=out_names,
                       D=D, args=args, metrics=metrics, collapse_on=collapse_on, training=training,
                       notes=BAKED_NOTES_SNAP if snapshots else BAKED_NOTES, baked_extra=baked_extra,
                       extra_card=card_extra, extra_files=extra_files, total_timer=t_start,
                       snapshots=info.get("snapshots") if snapshots else None, rep_fn=rep_fn,
                       budget=2 * 1024 * 1024 if export == "online+target" else 1024 * 1024)
    return metrics, info


BAKED_NOTES_SNAP = {
    "ru": BAKED_NOTES["ru"] + " snapshots.items: 6 точек обучения (шаг 0, K/5, …, K) — probe/kNN/collapse std того "
          "же протокола и coords тех же 1 000 изображений; PCA своя для каждого снимка, знаки осей согласованы с "
          "финальной моделью. ONNX для снимков не экспортируется.",
    "en": BAKED_NOTES["en"] + " snapshots.items: 6 points in training (step 0, K/5, …, K) with probe/kNN/collapse std "
          "from the same protocol and coords of the same 1,000 images; each snapshot has its own PCA, axis signs "
          "aligned with the final model. No ONNX is exported for snapshots.",
}
