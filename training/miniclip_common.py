"""Shared pieces of the "prompt engineering in miniature" models (miniclip-gen, miniclip-clip):
the synthetic captioned image world, the toy vocabulary and tokenizer, the seeded Gaussian latents
and the evolution strategy. The TypeScript twins live in src/lib/miniclip-text.ts and
src/lib/miniclip-search.ts; tests/fixtures/miniclip-*.json pins the two together.

The world. A latent z in R^11 (z ~ N(0, I)) describes one 32x32 RGB picture:
  z[0:3]  shape  = argmax -> circle | square | triangle
  z[3:7]  colour = argmax -> red | green | blue | yellow
  z[7:9]  centre = 16 + 8.5 * tanh(z[7:9]) pixels (x to the right, y down)
  z[9]    size   = 6.5 + 2 * tanh(z[9]) pixels (circumradius-like)
  z[10]   rendering quality q = sigmoid(2.5 * z[10]) in (0, 1)
The picture is q * polished + (1 - q) * rough, where
  polished = sharp (1-px anti-aliased) edge, shading from a light at the upper left, a specular
             highlight, a soft drop shadow, a dark blue vertical-gradient background;
  rough    = soft blurred edge, flat washed-out colour, flat beige-grey background.
Everything is an analytic, deterministic function of z (no pixel noise), so a small network can
learn to draw it.

Captions: "<colour> <shape> <position>", the colour and the position words each dropped with
probability 0.2, and the made-up style word "zenderq" appended with probability 0.85 when the
picture is polished (q > 0.5) and 0.05 when it is rough. The style word never describes content:
it only co-occurs with the look, which is the situation of "unreal engine" in web captions.
"""
from __future__ import annotations

import math
import re

import numpy as np

LATENT = 11
SIZE = 32
SHAPES = ["circle", "square", "triangle"]
COLOURS = ["red", "green", "blue", "yellow"]
POSITIONS = ["left", "right", "top", "bottom", "centre"]
STYLE_WORD = "zenderq"
VOCAB = ["<pad>"] + COLOURS + SHAPES + POSITIONS + [STYLE_WORD]
ALIASES = {"center": "centre", "middle": "centre"}
MAX_TOKENS = 8
P_STYLE_POLISHED = 0.85
P_STYLE_ROUGH = 0.05
P_DROP_COLOUR = 0.2
P_DROP_POSITION = 0.2

RGB = {
    "red": (0.86, 0.16, 0.14),
    "green": (0.18, 0.68, 0.24),
    "blue": (0.18, 0.34, 0.92),
    "yellow": (0.96, 0.84, 0.16),
}

# --------------------------------------------------------------------------- tokenizer

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def tokenize(text: str) -> dict:
    """Lower-case words (letters only); known words -> ids (1..13), unknown words reported, never
    dropped silently. At most MAX_TOKENS ids are kept (`truncated` says so)."""
    ids, unknown = [], []
    for w in _WORD.findall(text.lower()):
        w = ALIASES.get(w, w)
        if w in VOCAB[1:]:
            ids.append(VOCAB.index(w))
        else:
            unknown.append(w)
    truncated = len(ids) > MAX_TOKENS
    return {"ids": ids[:MAX_TOKENS], "unknown": unknown, "truncated": truncated}


def pad_ids(ids: list[int]) -> list[int]:
    return (list(ids) + [0] * MAX_TOKENS)[:MAX_TOKENS]


# --------------------------------------------------------------------------- latent -> attributes

def position_word(dx: float, dy: float) -> str:
    """dx, dy = tanh of the centre latents (x right, y down)."""
    if max(abs(dx), abs(dy)) < 0.4:
        return "centre"
    if abs(dx) >= abs(dy):
        return "right" if dx > 0 else "left"
    return "bottom" if dy > 0 else "top"


def attributes(z: np.ndarray) -> list[dict]:
    z = np.asarray(z, dtype=np.float64).reshape(-1, LATENT)
    out = []
    for row in z:
        dx, dy = math.tanh(row[7]), math.tanh(row[8])
        q = 1 / (1 + math.exp(-2.5 * row[10]))
        out.append({"shape": SHAPES[int(np.argmax(row[0:3]))], "colour": COLOURS[int(np.argmax(row[3:7]))],
                    "position": position_word(dx, dy), "quality": q})
    return out


def caption(attr: dict, rng: np.random.Generator) -> str:
    words = []
    if rng.random() >= P_DROP_COLOUR:
        words.append(attr["colour"])
    words.append(attr["shape"])
    if rng.random() >= P_DROP_POSITION:
        words.append(attr["position"])
    p = P_STYLE_POLISHED if attr["quality"] > 0.5 else P_STYLE_ROUGH
    if rng.random() < p:
        words.append(STYLE_WORD)
    return " ".join(words)


# --------------------------------------------------------------------------- renderer (torch)

def render(z):
    """z: torch [n, 11] -> torch [n, 3, 32, 32] in [0, 1] (float32)."""
    import torch

    z = z.float()
    n = z.shape[0]
    dev = z.device
    c = (torch.arange(SIZE, dtype=torch.float32, device=dev) + 0.5)
    V, U = torch.meshgrid(c, c, indexing="ij")  # V = row (y down), U = column (x right)
    U = U[None]
    V = V[None]
    shape = torch.argmax(z[:, 0:3], dim=1)
    colour = torch.argmax(z[:, 3:7], dim=1)
    cx = (16 + 8.5 * torch.tanh(z[:, 7]))[:, None, None]
    cy = (16 + 8.5 * torch.tanh(z[:, 8]))[:, None, None]
    r = (6.5 + 2 * torch.tanh(z[:, 9]))[:, None, None]
    q = torch.sigmoid(2.5 * z[:, 10])[:, None, None, None]

    def sdf(ox, oy):
        X = U - cx - ox
        Y = -(V - cy - oy)  # y up
        circle = torch.sqrt(X * X + Y * Y) - r
        square = torch.maximum(X.abs(), Y.abs()) - 0.82 * r
        tri = torch.stack([-Y, 0.8660254 * X + 0.5 * Y, -0.8660254 * X + 0.5 * Y], 0).amax(0) - 0.55 * r
        d = torch.where(shape[:, None, None] == 0, circle, torch.where(shape[:, None, None] == 1, square, tri))
        return d, X, Y

    d, X, Y = sdf(0.0, 0.0)
    base = torch.tensor([RGB[k] for k in COLOURS], dtype=torch.float32, device=dev)[colour][:, :, None, None]

    # polished
    cover = (0.5 - d).clamp(0, 1)[:, None]
    light = (0.55 + 0.45 * ((-0.6 * X + 0.8 * Y) / r).clamp(-1, 1))[:, None]
    spec = torch.exp(-((X + 0.35 * r) ** 2 + (Y - 0.35 * r) ** 2) / (0.12 * r * r))[:, None]
    obj = (base * (0.35 + 0.75 * light) + 0.55 * spec).clamp(0, 1)
    t = (V / SIZE)[:, None]
    bg = torch.tensor([0.07, 0.09, 0.18], device=dev)[None, :, None, None] * (1 - t) \
        + torch.tensor([0.22, 0.25, 0.38], device=dev)[None, :, None, None] * t
    bg = bg.expand(n, 3, SIZE, SIZE)
    ds, _, _ = sdf(1.8, -1.8 + 3.6)  # shadow offset: right and down
    shadow = torch.sigmoid(-ds / 1.2)[:, None] * 0.55
    bg = bg * (1 - shadow)
    polished = cover * obj + (1 - cover) * bg

    # rough
    soft = torch.sigmoid(-d / 1.7)[:, None]
    flat = 0.55 * base + 0.45 * 0.58
    bg_r = torch.tensor([0.66, 0.63, 0.57], device=dev)[None, :, None, None].expand(n, 3, SIZE, SIZE)
    rough = soft * flat + (1 - soft) * bg_r

    return (q * polished + (1 - q) * rough).clamp(0, 1)


# --------------------------------------------------------------------------- seeded latents (twin of TS)

def mulberry32_block(seed: int, count: int) -> np.ndarray:
    """The first `count` outputs of mulberry32(seed) (src/lib/prng.ts), vectorised."""
    M = np.uint64(0xFFFFFFFF)
    k = np.arange(1, count + 1, dtype=np.uint64)
    a = (np.uint64(seed & 0xFFFFFFFF) + k * np.uint64(0x6D2B79F5)) & M
    t = ((a ^ (a >> np.uint64(15))) * (a | np.uint64(1))) & M
    t = t ^ ((t + (((t ^ (t >> np.uint64(7))) * (t | np.uint64(61))) & M)) & M)
    return ((t ^ (t >> np.uint64(14))) & M).astype(np.float64) / 4294967296.0


def gaussians(seed: int, count: int) -> np.ndarray:
    """Box–Muller on consecutive pairs of mulberry32 draws (one normal per pair), float64."""
    u = mulberry32_block(seed, 2 * count).reshape(count, 2)
    return np.sqrt(-2 * np.log(1 - u[:, 0])) * np.cos(2 * np.pi * u[:, 1])


def bank_latents(seed: int, n: int) -> np.ndarray:
    return gaussians(seed, n * LATENT).reshape(n, LATENT).astype(np.float32)


# --------------------------------------------------------------------------- ranking + ES (twins of TS)

def rank(scores) -> list[int]:
    """Indices by descending score; ties keep the lower index first (stable)."""
    s = np.asarray(scores, dtype=np.float64)
    return sorted(range(len(s)), key=lambda i: (-s[i], i))


ES_DEFAULTS = {"lam": 16, "mu": 4, "sigma0": 0.8, "decay": 0.95, "clip": 3.0}


def es_weights(mu: int) -> np.ndarray:
    w = np.array([math.log(mu + 0.5) - math.log(i + 1) for i in range(mu)], dtype=np.float64)
    return w / w.sum()


def es_run(objective, seed: int, generations: int, lam=16, mu=4, sigma0=0.8, decay=0.95, clip=3.0,
           dim=LATENT, mean0=None):
    """(mu, lambda)-ES with log-rank weights: x_i = clip(m + sigma * eps_i), eps from mulberry32
    (a fresh stream per generation: seed + 1000 * g). Returns per-generation records. Twin of
    src/lib/miniclip-search.ts esStep."""
    m = np.zeros(dim) if mean0 is None else np.asarray(mean0, dtype=np.float64).copy()
    sigma = sigma0
    w = es_weights(mu)
    history = []
    best = (-math.inf, None)
    for g in range(generations):
        eps = gaussians(seed + 1000 * g, lam * dim).reshape(lam, dim)
        xs = np.clip(m[None] + sigma * eps, -clip, clip).astype(np.float32).astype(np.float64)
        f = np.asarray(objective(xs.astype(np.float32)), dtype=np.float64)
        order = rank(f)
        top = xs[order[:mu]]
        m = (w[:, None] * top).sum(0)
        if f[order[0]] > best[0]:
            best = (float(f[order[0]]), xs[order[0]].copy())
        history.append({"gen": g, "best_score": float(f[order[0]]), "mean_score": float(f.mean()),
                        "best_x": xs[order[0]].tolist(), "sigma": sigma})
        sigma *= decay
    return history, best
