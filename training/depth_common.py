"""Scenes, resampling, merging and scores for the HD-depth article (models depth-net, via depth_boost.py).

Everything here is numpy (float64 maths, float32 results where a model sees them) and is mirrored
operation for operation by src/lib/depth-scene.ts; tests/fixtures/depth-lib.json pins the two.

Conventions
  * A scene is a 128×128 gray image (uint8) and a depth map (uint8, 0 = nearest, 255 = farthest;
    depth d = value/255). Both are quantised once, and the quantised arrays are the ground truth.
  * Monocular cue: light fall-off from a lamp at the camera. Intensity = albedo·exp(−FALLOFF·d), so
    the *local mean* brightness tells depth, but the albedo carries a blotchy multiplicative texture
    (blobs ~16 px at 128 px, ±TEXTURE), so one blob is ambiguous: a pixel needs context (several
    blobs) to be sure of its depth.
  * Resolutions: the image is area-averaged from 128 to R (R divides 128 or not: exact overlap
    weights); the network's R×R depth is brought back to 128 by bilinear upsampling with
    half-pixel centres (torch interpolate, align_corners=False).
"""
from __future__ import annotations

import math

import numpy as np

SIZE = 128
ALBEDO = 0.6
TEXTURE = 0.6
FALLOFF = 1.6
EDGE_TAU = 0.05          # image edge threshold (intensity in 0..1) for the edge-coverage curve
DEPTH_EDGE_TAU = 0.04    # depth discontinuity threshold for the edge scores
EDGE_BAND = 2            # pixels within this Chebyshev distance of a depth edge form the "edge band"
BLOB_CELLS = 8           # albedo blobs: an 8×8 random grid over the scene → blobs ~16 px at 128 px
BLEND_RADIUS = 6         # box radius (at 128 px) of the low-pass in the frequency-split blend
COVERAGE_RES = [16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128]


# --------------------------------------------------------------------------- scene generator

def _blob_noise(rng, cells: int) -> np.ndarray:
    """Smooth noise in [-1, 1]: a cells×cells random grid upsampled bilinearly to SIZE."""
    g = rng.uniform(-1, 1, size=(cells + 1, cells + 1))
    xs = np.linspace(0, cells, SIZE)
    i0 = np.minimum(np.floor(xs).astype(int), cells - 1)
    f = xs - i0
    rows = g[i0] * (1 - f)[:, None] + g[i0 + 1] * f[:, None]          # [SIZE, cells+1]
    return rows[:, i0] * (1 - f)[None, :] + rows[:, i0 + 1] * f[None, :]


def render_scene(seed: int):
    """A 2.5-D scene: back wall + ground plane, boxes, spheres and thin poles, each with a textured
    albedo; returns (image uint8 [128,128], depth uint8 [128,128])."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float64)
    horizon = rng.uniform(28, 64)
    d_near = rng.uniform(0.35, 0.55)
    depth = np.where(yy < horizon, 1.0, 1.0 - (yy - horizon) / (SIZE - horizon) * (1.0 - d_near))
    albedo = ALBEDO * (1 + TEXTURE * _blob_noise(rng, BLOB_CELLS))

    objects = []
    for _ in range(int(rng.integers(3, 7))):
        objects.append(("box" if rng.random() < 0.55 else "sphere", rng.uniform(0.05, 0.8)))
    for _ in range(int(rng.integers(1, 4))):
        objects.append(("pole", rng.uniform(0.05, 0.8)))
    objects.sort(key=lambda o: -o[1])  # painter's order: far first
    for kind, d in objects:
        tex = ALBEDO * (1 + TEXTURE * _blob_noise(rng, BLOB_CELLS))
        if kind == "box":
            w, h = rng.uniform(14, 56), rng.uniform(14, 56)
            x0, y0 = rng.uniform(-8, SIZE - w + 8), rng.uniform(0, SIZE - h + 8)
            m = (xx >= x0) & (xx < x0 + w) & (yy >= y0) & (yy < y0 + h)
            dz = np.full_like(depth, d)
        elif kind == "sphere":
            r = rng.uniform(8, 26)
            cx, cy = rng.uniform(0, SIZE), rng.uniform(0, SIZE)
            q = ((xx - cx) ** 2 + (yy - cy) ** 2) / (r * r)
            m = q < 1
            dz = d - 0.12 * np.sqrt(np.clip(1 - q, 0, 1))  # a bump towards the camera
        else:  # a thin pole, 1.5–3.5 px wide, slightly tilted
            w = rng.uniform(1.5, 3.5)
            x0, slope = rng.uniform(4, SIZE - 4), rng.uniform(-0.25, 0.25)
            top = rng.uniform(0, 60)
            m = (np.abs(xx - (x0 + slope * (yy - top))) < w / 2) & (yy >= top)
            dz = np.full_like(depth, d)
        depth = np.where(m, np.clip(dz, 0, 1), depth)
        albedo = np.where(m, tex, albedo)
    img = albedo * np.exp(-FALLOFF * depth) + rng.normal(0, 0.005, size=depth.shape)
    return (np.clip(np.floor(img * 255 + 0.5), 0, 255).astype(np.uint8),
            np.clip(np.floor(depth * 255 + 0.5), 0, 255).astype(np.uint8))


# --------------------------------------------------------------------------- resampling

def area_weights(n_in: int, n_out: int) -> np.ndarray:
    """[n_out, n_in] exact overlap of output cell i with input pixel k, divided by the cell width."""
    w = np.zeros((n_out, n_in))
    for i in range(n_out):
        lo, hi = i * n_in, (i + 1) * n_in  # in units of 1/n_out input pixels
        for k in range(lo // n_out, min(n_in, -(-hi // n_out))):
            w[i, k] = max(0, min(hi, (k + 1) * n_out) - max(lo, k * n_out)) / n_in
    return w


def area_resize(a: np.ndarray, r: int) -> np.ndarray:
    """Area average of a square float map to r×r (float64)."""
    n = a.shape[0]
    if n == r:
        return a.astype(np.float64)
    w = area_weights(n, r)
    return w @ a.astype(np.float64) @ w.T


def bilinear_up(a: np.ndarray, n: int) -> np.ndarray:
    """Bilinear resize of a square map to n×n, half-pixel centres, edge clamped (= torch
    F.interpolate(mode='bilinear', align_corners=False) for upsampling)."""
    r = a.shape[0]
    a = a.astype(np.float64)
    if r == n:
        return a
    src = (np.arange(n) + 0.5) * (r / n) - 0.5
    src = np.maximum(src, 0)
    i0 = np.minimum(np.floor(src).astype(int), r - 1)
    i1 = np.minimum(i0 + 1, r - 1)
    f = src - i0
    rows = a[i0] * (1 - f)[:, None] + a[i1] * f[:, None]
    return rows[:, i0] * (1 - f)[None, :] + rows[:, i1] * f[None, :]


def model_input(img_u8: np.ndarray, r: int) -> np.ndarray:
    """Network input at resolution r: area-averaged intensities in 0..1, minus 0.5 (float32)."""
    return (area_resize(img_u8.astype(np.float64) / 255.0, r) - 0.5).astype(np.float32)


# --------------------------------------------------------------------------- merging

def box_blur(a: np.ndarray, radius: int) -> np.ndarray:
    """Separable box mean over (2·radius+1)² with edge replication."""
    a = a.astype(np.float64)
    n = a.shape[0]
    idx = np.clip(np.arange(n)[:, None] + np.arange(-radius, radius + 1)[None, :], 0, n - 1)
    k = 2 * radius + 1
    rows = a[idx].sum(axis=1) / k           # along y
    return rows[:, idx].sum(axis=2) / k     # along x


def blend(low_up: np.ndarray, high_up: np.ndarray, radius: int = BLEND_RADIUS) -> np.ndarray:
    """Double estimation as a frequency split: the low-resolution estimate gives the low
    frequencies (global structure), the high-resolution one adds its high frequencies (detail)."""
    return box_blur(low_up, radius) + (high_up - box_blur(high_up, radius))


# --------------------------------------------------------------------------- scores

def grad_mag(a: np.ndarray) -> np.ndarray:
    """max(|forward difference in x|, |in y|), 0 on the last row/column."""
    a = a.astype(np.float64)
    g = np.zeros_like(a)
    gx = np.abs(a[:, 1:] - a[:, :-1])
    gy = np.abs(a[1:, :] - a[:-1, :])
    g[:, :-1] = gx
    g[:-1, :] = np.maximum(g[:-1, :], gy)
    return g


def dilate(mask: np.ndarray, radius: int) -> np.ndarray:
    """Chebyshev dilation (a (2r+1)² square) via a 2-D prefix sum."""
    n, m = mask.shape
    s = np.zeros((n + 1, m + 1), dtype=np.int64)
    s[1:, 1:] = np.cumsum(np.cumsum(mask.astype(np.int64), 0), 1)
    y0 = np.clip(np.arange(n) - radius, 0, n)
    y1 = np.clip(np.arange(n) + radius + 1, 0, n)
    x0 = np.clip(np.arange(m) - radius, 0, m)
    x1 = np.clip(np.arange(m) + radius + 1, 0, m)
    tot = s[y1][:, x1] - s[y0][:, x1] - s[y1][:, x0] + s[y0][:, x0]
    return tot > 0


def scores(pred: np.ndarray, gt_u8: np.ndarray) -> dict:
    """pred: depth at 128×128 (0..1 scale); gt: uint8. RMSE overall, on flat regions (farther
    than EDGE_BAND px from a depth edge) and on the edge band; and edge F1: depth edges of the
    prediction vs the truth, each matched within 1 px."""
    gt = gt_u8.astype(np.float64) / 255.0
    err2 = (pred.astype(np.float64) - gt) ** 2
    e_gt = grad_mag(gt) > DEPTH_EDGE_TAU
    band = dilate(e_gt, EDGE_BAND)
    e_pr = grad_mag(pred) > DEPTH_EDGE_TAU
    tp_p = (e_pr & dilate(e_gt, 1)).sum()
    tp_r = (e_gt & dilate(e_pr, 1)).sum()
    precision = tp_p / e_pr.sum() if e_pr.sum() else 0.0
    recall = tp_r / e_gt.sum() if e_gt.sum() else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    return {"rmse": math.sqrt(err2.mean()),
            "rmse_flat": math.sqrt(err2[~band].mean()) if (~band).any() else 0.0,
            "rmse_edge": math.sqrt(err2[band].mean()) if band.any() else 0.0,
            "edge_f1": float(f1)}


def edge_coverage(img_u8: np.ndarray, rf: int, resolutions=COVERAGE_RES) -> list:
    """c(R): the share of pixels at resolution R that have an image edge within half a receptive
    field (Chebyshev distance ≤ floor(rf/2)) — the quantity the paper's R0/R20 are read from."""
    out = []
    for r in resolutions:
        a = area_resize(img_u8.astype(np.float64) / 255.0, r)
        e = grad_mag(a) > EDGE_TAU
        out.append(float(dilate(e, rf // 2).mean()))
    return out


def pick_resolutions(coverage: list, resolutions=COVERAGE_RES) -> dict:
    """R0 = the largest R with full coverage; R20 = the largest R with coverage ≥ 0.8
    (the smallest R in the list if none qualifies)."""
    full = [r for r, c in zip(resolutions, coverage) if c >= 1.0]
    most = [r for r, c in zip(resolutions, coverage) if c >= 0.8]
    return {"r0": max(full) if full else resolutions[0], "r20": max(most) if most else resolutions[0]}
