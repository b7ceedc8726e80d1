"""Flatland scene, 1-D cameras and the discrete volume renderer for model `nerf-flatland`.

Pure numpy (no torch). src/lib/nerf-render.ts mirrors `camera_rays`, `sample_ts`, `ray_points` and
`composite` operation for operation; tests/fixtures/nerf-render.json pins the two together.
Change both or neither.

Geometry: the world is a plane; the scene lives in [-1, 1]^2. A camera sits on a circle of radius
R around the origin at angle theta, looks at the origin and sees a 1-D image: W pixels spanning a
field of view FOV. Pixel j's ray leaves the camera along forward + u_j * right (normalised), with
u_j = ((j + 0.5) / W * 2 - 1) * tan(FOV / 2). Samples sit at the midpoints of S equal bins of
[near, far] (distance along the unit ray), delta = (far - near) / S.
"""
from __future__ import annotations

import math

import numpy as np

RADIUS = 2.4
FOV_DEG = 50.0
WIDTH = 64
SAMPLES = 64
NEAR = RADIUS - 1.3
FAR = RADIUS + 1.3
BACKGROUND = (0.94, 0.94, 0.94)
SIGMA_INSIDE = 60.0
EDGE = 0.02  # density ramps from 0 to SIGMA_INSIDE across this band around a shape's boundary

# The scene: a few shapes, each with a colour rule (base RGB, optionally striped or graded).
SHAPES = [
    {"kind": "disc", "c": [-0.45, 0.30], "r": 0.32, "rgb": [0.86, 0.22, 0.16], "rgb2": [0.95, 0.62, 0.18],
     "pattern": "gradient"},
    {"kind": "box", "c": [0.42, 0.38], "half": [0.24, 0.17], "angle_deg": 20.0, "rgb": [0.16, 0.32, 0.78],
     "rgb2": [0.62, 0.76, 0.96], "pattern": "stripes"},
    {"kind": "disc", "c": [0.30, -0.42], "r": 0.26, "rgb": [0.96, 0.80, 0.20], "pattern": "solid"},
    {"kind": "disc", "c": [-0.38, -0.46], "r": 0.19, "rgb": [0.20, 0.62, 0.34], "pattern": "solid"},
]


def camera(theta: float):
    """Position, forward and right unit vectors of the camera at angle theta (radians)."""
    pos = np.array([RADIUS * math.cos(theta), RADIUS * math.sin(theta)])
    fwd = -pos / RADIUS
    right = np.array([fwd[1], -fwd[0]])  # forward rotated by -90 degrees
    return pos, fwd, right


def camera_rays(theta: float, width: int = WIDTH):
    """(origins [W,2], dirs [W,2]) for the 1-D camera at angle theta, float64."""
    pos, fwd, right = camera(theta)
    tan_half = math.tan(math.radians(FOV_DEG) / 2)
    u = ((np.arange(width) + 0.5) / width * 2 - 1) * tan_half
    d = fwd[None, :] + u[:, None] * right[None, :]
    d = d / np.sqrt((d ** 2).sum(1, keepdims=True))
    return np.repeat(pos[None, :], width, 0), d


def sample_ts(samples: int = SAMPLES):
    delta = (FAR - NEAR) / samples
    return NEAR + (np.arange(samples) + 0.5) * delta, delta


def ray_points(theta: float, width: int = WIDTH, samples: int = SAMPLES):
    """Sample points [W*S, 2] (ray-major), float64, and the bin width delta."""
    o, d = camera_rays(theta, width)
    ts, delta = sample_ts(samples)
    pts = o[:, None, :] + ts[None, :, None] * d[:, None, :]
    return pts.reshape(-1, 2), delta


def composite(sigma, rgb, delta, width: int = WIDTH, samples: int = SAMPLES, bg=BACKGROUND):
    """Discrete volume rendering: alpha_i = 1 - exp(-sigma_i delta), T_i = prod_{j<i} (1 - alpha_j),
    C = sum_i T_i alpha_i c_i + T_S * bg. Returns (colour [W,3], opacity [W], depth [W]) in float64."""
    sigma = np.asarray(sigma, dtype=np.float64).reshape(width, samples)
    rgb = np.asarray(rgb, dtype=np.float64).reshape(width, samples, 3)
    alpha = 1.0 - np.exp(-np.maximum(sigma, 0.0) * delta)
    trans = np.ones((width, samples))
    for i in range(1, samples):
        trans[:, i] = trans[:, i - 1] * (1.0 - alpha[:, i - 1])
    w = trans * alpha
    acc = w.sum(1)
    t_final = trans[:, -1] * (1.0 - alpha[:, -1])
    colour = (w[:, :, None] * rgb).sum(1) + t_final[:, None] * np.asarray(bg)[None, :]
    ts, _ = sample_ts(samples)
    depth = (w * ts[None, :]).sum(1)
    return colour, acc, depth


# --------------------------------------------------------------------------- ground truth field

def _shape_sd(shape, p):
    """Signed distance (negative inside) and local coordinates of points p [N,2]."""
    c = np.asarray(shape["c"])
    q = p - c
    if shape["kind"] == "disc":
        return np.sqrt((q ** 2).sum(1)) - shape["r"], q
    a = math.radians(shape["angle_deg"])
    rot = np.array([[math.cos(a), math.sin(a)], [-math.sin(a), math.cos(a)]])
    local = q @ rot.T
    h = np.asarray(shape["half"])
    dq = np.abs(local) - h
    outside = np.sqrt((np.maximum(dq, 0) ** 2).sum(1))
    inside = np.minimum(np.maximum(dq[:, 0], dq[:, 1]), 0)
    return outside + inside, local


def _shape_rgb(shape, local):
    base = np.asarray(shape["rgb"])[None, :].repeat(len(local), 0)
    if shape["pattern"] == "gradient":
        t = np.clip((local[:, 0] + shape["r"]) / (2 * shape["r"]), 0, 1)[:, None]
        return base * (1 - t) + np.asarray(shape["rgb2"])[None, :] * t
    if shape["pattern"] == "stripes":
        on = (np.sin(local[:, 0] * 22.0) > 0)[:, None]
        return np.where(on, base, np.asarray(shape["rgb2"])[None, :])
    return base


def true_field(p):
    """Ground-truth density [N] and colour [N,3] of the scene at points p [N,2]."""
    p = np.asarray(p, dtype=np.float64)
    sds, rgbs = [], []
    for s in SHAPES:
        sd, local = _shape_sd(s, p)
        sds.append(sd)
        rgbs.append(_shape_rgb(s, local))
    sds = np.stack(sds, 1)
    k = sds.argmin(1)
    sd = sds[np.arange(len(p)), k]
    rgb = np.stack(rgbs, 1)[np.arange(len(p)), k]
    sigma = SIGMA_INSIDE * np.clip(0.5 - sd / EDGE, 0, 1)
    return sigma, rgb, sd, k


def true_view(theta: float, fine: int = 512):
    """The scene rendered exactly the same way, with `fine` samples per ray (the 'photo')."""
    pts, delta = ray_points(theta, WIDTH, fine)
    sigma, rgb, _, _ = true_field(pts)
    return composite(sigma, rgb, delta, WIDTH, fine)


def boundary_points(per_shape: int = 24):
    """World points on every shape's boundary with outward normals: [(shape, p[2], n[2])]."""
    out = []
    for si, s in enumerate(SHAPES):
        c = np.asarray(s["c"])
        for k in range(per_shape):
            if s["kind"] == "disc":
                a = 2 * math.pi * (k + 0.5) / per_shape
                n = np.array([math.cos(a), math.sin(a)])
                out.append((si, c + s["r"] * n, n))
            else:
                hx, hy = s["half"]
                per = 4 * (hx + hy)
                d = per * (k + 0.5) / per_shape
                if d < 2 * hx:
                    loc, n = np.array([-hx + d, -hy]), np.array([0.0, -1.0])
                elif d < 2 * hx + 2 * hy:
                    loc, n = np.array([hx, -hy + d - 2 * hx]), np.array([1.0, 0.0])
                elif d < 4 * hx + 2 * hy:
                    loc, n = np.array([hx - (d - 2 * hx - 2 * hy), hy]), np.array([0.0, 1.0])
                else:
                    loc, n = np.array([-hx, hy - (d - 4 * hx - 2 * hy)]), np.array([-1.0, 0.0])
                a = math.radians(s["angle_deg"])
                rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
                out.append((si, c + rot @ loc, rot @ n))
    return out


def project(theta: float, p):
    """Continuous pixel coordinate of world point p in the camera at theta (None if behind/outside)."""
    pos, fwd, right = camera(theta)
    d = np.asarray(p) - pos
    z = float(d @ fwd)
    if z <= 1e-6:
        return None
    u = float(d @ right) / z
    tan_half = math.tan(math.radians(FOV_DEG) / 2)
    x = (u / tan_half + 1) / 2 * WIDTH - 0.5
    return x if -0.5 <= x <= WIDTH - 0.5 else None


def visible(theta: float, p, n, min_cos: float = 0.35) -> float | None:
    """Continuous pixel coordinate at which the camera sees boundary point p head-on-ish, or None
    (occluded, grazing, or too close to the strip's ends to interpolate)."""
    x = project(theta, p)
    if x is None:
        return None
    pos, _, _ = camera(theta)
    d = np.asarray(p) - pos
    dist = float(np.sqrt(d @ d))
    d = d / dist
    if float(-(d @ n)) < min_cos:
        return None
    # March the union SDF from the camera: the first hit must be p itself.
    t = 0.0
    for _ in range(400):
        q = pos + t * d
        sd = min(_shape_sd(s, q[None, :])[0][0] for s in SHAPES)
        if sd < 1e-4:
            break
        t += sd
        if t > dist + 0.1:
            break
    if abs(t - dist) > 0.02:
        return None
    return x if 1 <= x <= WIDTH - 2 else None


def sample_strip(colour, x: float):
    """Colour of a strip [W,3] at continuous pixel coordinate x (linear interpolation)."""
    j0 = int(math.floor(x))
    f = x - j0
    return (1 - f) * np.asarray(colour)[j0] + f * np.asarray(colour)[j0 + 1]
