"""Procedural "heads" and the compositing maths for the GAN-compositing article.

Everything here is numpy only. The mask / blend / seam functions are twins of
src/lib/composite-blend.ts, pinned together by tests/fixtures/composite-lib.json (written by
training/composite_autoencoder.py). Change both or neither.

Heads (render_head(seed)): 32×32 RGB, supersampled 4× and area-averaged. A background colour, a
skin-coloured face ellipse with two eyes and a mouth, a hair region (short cap, long hair down the
sides, or a bun) with a striped texture, and one lighting gradient (random direction and strength)
that multiplies every pixel — so that two heads lit from different sides cannot be cut and pasted
into each other without a visible seam. Segmentation labels (0 background, 1 face, 2 hair) come
with each head (majority label of the 4×4 sub-pixels).
"""
from __future__ import annotations

import numpy as np

SIZE = 32
SS = 4                 # supersampling factor
GRID = 8               # the feature map's spatial size (two stride-2 convolutions)
CELL = SIZE // GRID    # pixels per feature cell
FEATHER_RADIUS = 2     # box blur radius of the "feather" alpha mask
BAND = 1               # seam band: pixels within this Chebyshev distance of a boundary pixel
SEAM_SCALE = 1000.0    # seam scores are reported ×1000 (intensities in 0..1)

SKIN = np.array([[241, 194, 167], [224, 172, 135], [198, 134, 96], [141, 85, 54], [255, 219, 190]], np.float64) / 255
HAIR = np.array([[35, 28, 24], [92, 58, 32], [176, 132, 70], [222, 190, 120], [150, 50, 30], [60, 70, 140], [120, 120, 125]], np.float64) / 255
STYLES = ("short", "long", "bun")


def render_head(seed: int):
    """Returns (rgb uint8 [32,32,3], labels uint8 [32,32], params dict)."""
    rng = np.random.default_rng(seed)
    n = SIZE * SS
    c = (np.arange(n) + 0.5) / n
    x, y = np.meshgrid(c, c)  # x: column, y: row, both in 0..1
    bg = rng.uniform(0.15, 0.85, size=3)
    skin = np.clip(SKIN[rng.integers(len(SKIN))] + rng.normal(0, 0.03, 3), 0, 1)
    hair = np.clip(HAIR[rng.integers(len(HAIR))] + rng.normal(0, 0.04, 3), 0, 1)
    style = STYLES[rng.integers(len(STYLES))]
    cx = 0.5 + rng.normal(0, 0.03)
    cy = 0.58 + rng.normal(0, 0.03)
    rx = rng.uniform(0.19, 0.25)
    ry = rng.uniform(0.24, 0.30)
    face = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1
    # hair: a larger ellipse around the head's top, cut by the hairline; style-specific extras
    hx, hy = rx * rng.uniform(1.12, 1.3), ry * rng.uniform(1.05, 1.2)
    hcy = cy - ry * rng.uniform(0.08, 0.2)
    outer = ((x - cx) / hx) ** 2 + ((y - hcy) / hy) ** 2 <= 1
    hairline = cy - ry * rng.uniform(0.35, 0.6)
    region = outer & (y < cy + ry * 0.1)
    if style == "long":
        region = region | ((np.abs(x - cx) <= hx) & (y >= hcy) & (y <= min(0.98, cy + ry * rng.uniform(0.7, 1.1))))
    if style == "bun":
        by = hcy - hy * 0.95
        region = region | (((x - cx) / (rx * 0.55)) ** 2 + ((y - by) / (ry * 0.4)) ** 2 <= 1)
    hair_mask = region & ~(face & (y >= hairline))
    # textures
    freq = rng.uniform(40, 90)
    phase = rng.uniform(0, 2 * np.pi)
    tilt = rng.uniform(-0.6, 0.6)
    stripes = 1 + 0.12 * np.sin(freq * (x + tilt * y) + phase)
    img = np.empty((n, n, 3))
    img[:] = bg
    img[face] = skin
    img[hair_mask] = (hair[None, None, :] * stripes[..., None])[hair_mask]
    # eyes and mouth (on the face, below the hairline)
    ey = cy - ry * 0.12
    ex = rx * rng.uniform(0.35, 0.45)
    er = rx * 0.13
    for sx in (-1, 1):
        eye = ((x - cx - sx * ex) ** 2 + (y - ey) ** 2 <= er ** 2) & face & ~hair_mask
        img[eye] = np.array([0.1, 0.08, 0.08])
    my = cy + ry * 0.45
    mouth = (np.abs(x - cx) <= rx * 0.35) & (np.abs(y - my) <= ry * 0.05) & face & ~hair_mask
    img[mouth] = np.array([0.55, 0.2, 0.2])
    # one lighting gradient over everything
    theta = rng.uniform(0, 2 * np.pi)
    strength = rng.uniform(0.35, 0.8)
    light = 1 + strength * ((x - 0.5) * np.cos(theta) + (y - 0.5) * np.sin(theta))
    img = np.clip(img * light[..., None], 0, 1)
    # area average to 32×32
    rgb = img.reshape(SIZE, SS, SIZE, SS, 3).mean(axis=(1, 3))
    rgb_u8 = np.clip(np.floor(rgb * 255 + 0.5), 0, 255).astype(np.uint8)
    lab = np.zeros((n, n), np.uint8)
    lab[face] = 1
    lab[hair_mask] = 2
    counts = np.stack([(lab == k).reshape(SIZE, SS, SIZE, SS).sum(axis=(1, 3)) for k in range(3)])
    labels = counts.argmax(axis=0).astype(np.uint8)
    params = {"style": style, "light_angle": float(theta), "light_strength": float(strength)}
    return rgb_u8, labels, params


# --------------------------------------------------------------------------- masks and blends
# Images are float64 [32,32,3] in 0..1 (uint8 / 255); masks are [32,32] with 1 = "take from A".

def to_float(rgb_u8) -> np.ndarray:
    return np.asarray(rgb_u8, np.float64) / 255.0


def to_u8(img) -> np.ndarray:
    return np.clip(np.floor(np.asarray(img, np.float64) * 255 + 0.5), 0, 255).astype(np.uint8)


def grid_mask(mask) -> np.ndarray:
    """32×32 mask → 8×8 soft mask: the mean over each 4×4 cell (area average)."""
    m = np.asarray(mask, np.float64)
    return m.reshape(GRID, CELL, GRID, CELL).mean(axis=(1, 3))


def paste(a, b, mask) -> np.ndarray:
    """Pixel cut-and-paste: A where mask = 1, B elsewhere."""
    m = np.asarray(mask, np.float64)[..., None]
    return m * a + (1 - m) * b


def box_blur(m, r: int) -> np.ndarray:
    """Mean over the (2r+1)² window, edge pixels clamped (replicated)."""
    m = np.asarray(m, np.float64)
    p = np.pad(m, r, mode="edge")
    out = np.zeros_like(m)
    for dy in range(2 * r + 1):
        for dx in range(2 * r + 1):
            out += p[dy:dy + m.shape[0], dx:dx + m.shape[1]]
    return out / (2 * r + 1) ** 2


def feather(a, b, mask, r: int = FEATHER_RADIUS) -> np.ndarray:
    """Alpha blending with a box-blurred mask (the classic 'feathered' paste)."""
    return paste(a, b, box_blur(mask, r))


def blend_features(fa, fb, gmask) -> np.ndarray:
    """F = M ⊙ F_a + (1 − M) ⊙ F_b; fa, fb [C,8,8]; gmask [8,8] (broadcast over channels)."""
    m = np.asarray(gmask, np.float64)[None]
    return m * np.asarray(fa, np.float64) + (1 - m) * np.asarray(fb, np.float64)


def seam_band(mask) -> np.ndarray:
    """Boundary pixels (a 4-neighbour has the other mask value), dilated by BAND (Chebyshev)."""
    m = np.asarray(mask) > 0.5
    h, w = m.shape
    bnd = np.zeros_like(m)
    bnd[:, :-1] |= m[:, :-1] != m[:, 1:]
    bnd[:, 1:] |= m[:, :-1] != m[:, 1:]
    bnd[:-1, :] |= m[:-1, :] != m[1:, :]
    bnd[1:, :] |= m[:-1, :] != m[1:, :]
    out = np.zeros_like(m)
    p = np.pad(bnd, BAND)
    for dy in range(2 * BAND + 1):
        for dx in range(2 * BAND + 1):
            out |= p[dy:dy + h, dx:dx + w]
    return out


def band_energy(img, band) -> float:
    """Mean over horizontal and vertical neighbour pairs with both pixels in the band of the
    squared difference, averaged over R, G, B. 0 if the band has no pairs."""
    img = np.asarray(img, np.float64)
    hx = band[:, :-1] & band[:, 1:]
    hy = band[:-1, :] & band[1:, :]
    dx = ((img[:, 1:] - img[:, :-1]) ** 2).mean(axis=2)[hx]
    dy = ((img[1:, :] - img[:-1, :]) ** 2).mean(axis=2)[hy]
    n = dx.size + dy.size
    return float((dx.sum() + dy.sum()) / n) if n else 0.0


def seam_score(c, a, b, mask) -> float:
    """Excess boundary gradient energy of composite C, ×1000:
    1000 · (E_band(C) − ½ (E_band(A) + E_band(B))) on the band around the mask's boundary."""
    band = seam_band(mask)
    return SEAM_SCALE * (band_energy(c, band) - 0.5 * (band_energy(a, band) + band_energy(b, band)))


# --------------------------------------------------------------------------- preset masks

PRESETS = ("hair", "face", "left")


def preset_mask(name: str, labels_a) -> np.ndarray:
    if name == "hair":
        return (np.asarray(labels_a) == 2).astype(np.uint8)
    if name == "face":
        return (np.asarray(labels_a) == 1).astype(np.uint8)
    if name == "left":
        m = np.zeros((SIZE, SIZE), np.uint8)
        m[:, : SIZE // 2] = 1
        return m
    raise ValueError(name)


def random_mask(rng: np.random.Generator, labels_a) -> tuple[str, np.ndarray]:
    """Evaluation / training masks: a preset of A, or a random ellipse."""
    kind = ("hair", "face", "left", "ellipse")[rng.integers(4)]
    if kind != "ellipse":
        return kind, preset_mask(kind, labels_a)
    c = np.arange(SIZE) + 0.5
    x, y = np.meshgrid(c, c)
    cx, cy = rng.uniform(6, 26, 2)
    rx, ry = rng.uniform(4, 12, 2)
    return kind, ((((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2) <= 1).astype(np.uint8)
