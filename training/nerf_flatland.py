"""Train model `nerf-flatland` (article "stylized-nerf"): a tiny radiance field of a 2-D scene seen by
1-D cameras, whose colour branch's last layer is produced by a hypernetwork from a style code.

Stage 1 fits the field (density + colour) to 48 rendered 1-D views with the discrete volume
rendering equation. Stage 2 freezes it and trains only the hypernetwork: style 0 reproduces the
photo, styles 1..3 trade a content term (luminance structure) against a style term (mean and
covariance of the rendered colours vs the palette's). Then it measures multi-view consistency of
"stylise the field" vs "stylise each view" (per-view Reinhard colour transfer) on 72 held-out views.

Writes public/models/nerf-flatland/{model.onnx, card.json, fixtures.json, baked.json} and
tests/fixtures/nerf-render.json, tests/fixtures/nerf-view.json. Rebuild from the repo root:
    nice -n 15 /usr/bin/python3 training/nerf_flatland.py
"""
from __future__ import annotations

import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402
import nerf_scene as S  # noqa: E402

MODEL_ID = "nerf-flatland"
FREQS = 6
HIDDEN = 64
FEAT = 32
CODE = 4
HYPER_HIDDEN = 32
TRAIN_VIEWS = 48
EVAL_VIEWS = 72
BAKED_VIEW_STEP = 15  # degrees
STAGE1_STEPS = 1200
STAGE1_BATCH = 384
STAGE2_STEPS = 400
LAMBDA_STYLE = 8.0

PALETTES = [
    {"id": "photo", "name": {"ru": "исходные цвета", "en": "original colours"}, "colors": []},
    {"id": "sunset", "name": {"ru": "закат", "en": "sunset"}, "colors": ["#2d1b4e", "#d1495b", "#edae49", "#f9e6b3"]},
    {"id": "ocean", "name": {"ru": "океан", "en": "ocean"}, "colors": ["#003049", "#0a9396", "#94d2bd", "#e9d8a6"]},
    {"id": "pop", "name": {"ru": "поп-арт", "en": "pop art"}, "colors": ["#ff006e", "#3a86ff", "#ffbe0b", "#8338ec"]},
]


def hex_rgb(h: str) -> np.ndarray:
    return np.array([int(h[i:i + 2], 16) / 255 for i in (1, 3, 5)])


def palette_stats(p):
    cols = np.stack([hex_rgb(h) for h in p["colors"]])
    mu = cols.mean(0)
    cov = ((cols - mu).T @ (cols - mu)) / len(cols)
    return mu, cov, np.sqrt(np.diag(cov))


def reinhard(colour, acc, mu_t, sd_t, bg=S.BACKGROUND):
    """Per-view colour transfer (mirrors nerfPerViewTransfer in src/lib/nerf-render.ts): recover each
    pixel's object colour (C - (1 - acc) bg) / acc, match its acc-weighted per-channel mean/std to the
    palette's, clip to [0,1], composite back over the background. Pixels with acc < 0.05 are untouched."""
    colour = np.asarray(colour, dtype=np.float64)
    acc = np.asarray(acc, dtype=np.float64)
    bg = np.asarray(bg)
    m = acc >= 0.05
    if m.sum() < 2:
        return colour.copy()
    obj = (colour[m] - (1 - acc[m, None]) * bg) / acc[m, None]
    w = acc[m, None] / acc[m].sum()
    mu = (w * obj).sum(0)
    sd = np.sqrt((w * (obj - mu) ** 2).sum(0)) + 1e-3
    new = np.clip((obj - mu) / sd * sd_t + mu_t, 0, 1)
    out = colour.copy()
    out[m] = acc[m, None] * new + (1 - acc[m, None]) * bg
    return out


def build(torch):
    import torch.nn as nn
    import torch.nn.functional as F

    class Field(nn.Module):
        def __init__(self):
            super().__init__()
            self.register_buffer("freqs", (2.0 ** torch.arange(FREQS)) * math.pi)
            d_in = 2 + 4 * FREQS
            self.l1 = nn.Linear(d_in, HIDDEN)
            self.l2 = nn.Linear(HIDDEN, HIDDEN)
            self.sigma = nn.Linear(HIDDEN, 1)
            self.feat = nn.Linear(HIDDEN, FEAT)
            self.rgb = nn.Linear(FEAT, 3)  # stage 1 only; the hypernetwork replaces it

        def encode(self, p):
            a = p[:, :, None] * self.freqs  # [N,2,F]
            return torch.cat([p, torch.sin(a).flatten(1), torch.cos(a).flatten(1)], 1)

        def trunk(self, p):
            h = F.relu(self.l2(F.relu(self.l1(self.encode(p)))))
            return F.softplus(self.sigma(h)).squeeze(1), F.relu(self.feat(h))

    class Hyper(nn.Module):
        def __init__(self):
            super().__init__()
            self.h1 = nn.Linear(CODE, HYPER_HIDDEN)
            self.h2 = nn.Linear(HYPER_HIDDEN, FEAT * 3 + 3)

        def forward(self, code):  # [1,CODE] -> W [FEAT,3], b [3]
            out = self.h2(torch.tanh(self.h1(code)))[0]
            return out[:FEAT * 3].reshape(FEAT, 3), out[FEAT * 3:]

    class Exported(nn.Module):
        """points [N,2] + style [1,4] -> sigma [N], rgb [N,3]. The page composites."""

        def __init__(self, field, hyper):
            super().__init__()
            self.field, self.hyper = field, hyper

        def forward(self, points, style):
            sigma, f = self.field.trunk(points)
            w, b = self.hyper(style)
            return sigma, torch.sigmoid(f @ w + b)

    return Field, Hyper, Exported


def composite_t(torch, sigma, rgb, delta, bg):
    """Torch version of S.composite for [R,S] sigma, [R,S,3] rgb -> colour, acc, weights."""
    alpha = 1 - torch.exp(-sigma * delta)
    ones = torch.ones_like(alpha[:, :1])
    trans = torch.cumprod(torch.cat([ones, 1 - alpha[:, :-1] + 1e-10], 1), 1)
    w = trans * alpha
    acc = w.sum(1)
    colour = (w[:, :, None] * rgb).sum(1) + (1 - acc)[:, None] * bg
    return colour, acc, w


def main():
    p = C.base_arg_parser(__doc__.splitlines()[0], default_out=f"public/models/{MODEL_ID}")
    p.set_defaults(threads=1)
    args = p.parse_args()
    torch = C.require_torch()
    gen = C.seed_everything(args.seed, args.threads)
    t_start = time.perf_counter()
    out_dir = C.repo_path(args.out)
    Field, Hyper, Exported = build(torch)
    bg = torch.tensor(S.BACKGROUND, dtype=torch.float32)

    # ---------------------------------------------------------------- data: the "photos"
    train_th = [2 * math.pi * k / TRAIN_VIEWS for k in range(TRAIN_VIEWS)]
    eval_th = [math.radians(5 * k + 1.25) for k in range(EVAL_VIEWS)]
    gt_train = np.stack([S.true_view(t)[0] for t in train_th])  # [V,W,3]
    gt_eval = [S.true_view(t) for t in eval_th]
    rays_o, rays_d = zip(*[S.camera_rays(t) for t in train_th])
    rays_o = torch.tensor(np.concatenate(rays_o), dtype=torch.float32)
    rays_d = torch.tensor(np.concatenate(rays_d), dtype=torch.float32)
    target = torch.tensor(gt_train.reshape(-1, 3), dtype=torch.float32)
    delta = (S.FAR - S.NEAR) / S.SAMPLES

    # ---------------------------------------------------------------- stage 1: the radiance field
    field = Field()
    opt = torch.optim.Adam(field.parameters(), lr=5e-3)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, STAGE1_STEPS, eta_min=2e-4)
    n_rays = rays_o.shape[0]
    bins = torch.arange(S.SAMPLES, dtype=torch.float32)
    losses1 = []
    with C.WallTimer() as t1:
        for step in range(STAGE1_STEPS):
            idx = torch.randint(0, n_rays, (STAGE1_BATCH,), generator=gen)
            jitter = torch.rand((STAGE1_BATCH, S.SAMPLES), generator=gen)
            ts = S.NEAR + (bins[None, :] + jitter) * delta
            pts = rays_o[idx, None, :] + ts[:, :, None] * rays_d[idx, None, :]
            sigma, f = field.trunk(pts.reshape(-1, 2))
            rgb = torch.sigmoid(field.rgb(f))
            colour, _, _ = composite_t(torch, sigma.reshape(STAGE1_BATCH, -1), rgb.reshape(STAGE1_BATCH, -1, 3), delta, bg)
            loss = ((colour - target[idx]) ** 2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            losses1.append(float(loss))
            if step % 250 == 0:
                print(f"stage1 {step} loss {np.mean(losses1[-50:]):.5f} {time.perf_counter() - t_start:.0f}s", flush=True)

    # ---------------------------------------------------------------- stage 2: the hypernetwork
    for q in field.parameters():
        q.requires_grad_(False)
    hyper = Hyper()
    with torch.no_grad():
        hyper.h2.weight.zero_()
        hyper.h2.bias.copy_(torch.cat([field.rgb.weight.t().reshape(-1), field.rgb.bias]))
    with torch.no_grad():
        pts = np.concatenate([S.ray_points(t)[0] for t in train_th])
        sig, feats = field.trunk(torch.tensor(pts, dtype=torch.float32))
        R = TRAIN_VIEWS * S.WIDTH
        _, acc_fixed, w_fixed = composite_t(torch, sig.reshape(R, -1), torch.zeros(R, S.SAMPLES, 3), delta, bg)
        y_orig = None
    stats = [palette_stats(pl) if pl["colors"] else None for pl in PALETTES]
    lum = torch.tensor([0.299, 0.587, 0.114])
    opt2 = torch.optim.Adam(hyper.parameters(), lr=3e-3)
    losses2 = []
    with C.WallTimer() as t2:
        for step in range(STAGE2_STEPS):
            total = 0.0
            parts = {}
            for k, pl in enumerate(PALETTES):
                code = torch.zeros(1, CODE)
                code[0, k] = 1
                W, b = hyper(code)
                rgb = torch.sigmoid(feats @ W + b).reshape(R, S.SAMPLES, 3)
                obj = (w_fixed[:, :, None] * rgb).sum(1)  # acc-weighted object colour (no bg)
                colour = obj + (1 - acc_fixed)[:, None] * bg
                if k == 0:
                    l = ((colour - target) ** 2).mean() * 10
                    if y_orig is None:
                        y_orig = (obj.detach() @ lum).reshape(TRAIN_VIEWS, S.WIDTH)
                else:
                    a = acc_fixed.reshape(TRAIN_VIEWS, S.WIDTH)
                    oc = (obj / acc_fixed.clamp_min(1e-3)[:, None]).reshape(TRAIN_VIEWS, S.WIDTH, 3)
                    # content: per-view acc-weighted correlation of luminance with the photo's
                    y = oc @ lum
                    wv = a / a.sum(1, keepdim=True)
                    yc = y - (wv * y).sum(1, keepdim=True)
                    y0 = y_orig / acc_fixed.reshape(TRAIN_VIEWS, S.WIDTH).clamp_min(1e-3)
                    y0c = y0 - (wv * y0).sum(1, keepdim=True)
                    corr = (wv * yc * y0c).sum(1) / torch.sqrt((wv * yc ** 2).sum(1) * (wv * y0c ** 2).sum(1) + 1e-8)
                    content = (1 - corr).mean()
                    # style: mean and covariance of the rendered object colours (all views) vs the palette's
                    wa = (a / a.sum()).reshape(-1, 1)
                    flat = oc.reshape(-1, 3)
                    mu = (wa * flat).sum(0)
                    cov = ((flat - mu) * wa).t() @ (flat - mu)
                    mu_t, cov_t, _ = stats[k]
                    style = ((mu - torch.tensor(mu_t, dtype=torch.float32)) ** 2).sum() + \
                        ((cov - torch.tensor(cov_t, dtype=torch.float32)) ** 2).sum() * 10
                    l = content + LAMBDA_STYLE * style
                    parts[pl["id"]] = (float(content), float(style))
                total = total + l
            opt2.zero_grad()
            total.backward()
            opt2.step()
            losses2.append(float(total))
            if step % 100 == 0:
                print(f"stage2 {step} loss {float(total):.5f} {parts} {time.perf_counter() - t_start:.0f}s", flush=True)

    model = Exported(field, hyper).eval()

    # ---------------------------------------------------------------- render helpers (numpy compositing)
    def render(theta, k_or_code):
        code = torch.zeros(1, CODE)
        if isinstance(k_or_code, int):
            code[0, k_or_code] = 1
        else:
            code[0] = torch.tensor(k_or_code)
        pts, dl = S.ray_points(theta)
        with torch.no_grad():
            sg, rgb = model(torch.tensor(pts, dtype=torch.float32), code)
        return S.composite(sg.numpy(), rgb.numpy(), dl)

    # ---------------------------------------------------------------- metrics
    psnrs = []
    field_views = {k: [] for k in range(len(PALETTES))}
    for i, t in enumerate(eval_th):
        for k in range(len(PALETTES)):
            field_views[k].append(render(t, k))
        mse = ((field_views[0][i][0] - gt_eval[i][0]) ** 2).mean()
        psnrs.append(10 * math.log10(1 / mse))
    psnr = float(np.mean(psnrs))

    points = S.boundary_points(24)
    vis = [[S.visible(t, pt, n) for t in eval_th] for (_, pt, n) in points]

    def point_std(views):
        """Mean over points (seen in >= 3 views) of the per-channel std of the colour the point
        gets across the views that see it (strip interpolated linearly at the point's projection),
        mean over channels, in 0..255 levels."""
        stds = []
        for pi in range(len(points)):
            cols = [S.sample_strip(views[v], vis[pi][v]) for v in range(EVAL_VIEWS) if vis[pi][v] is not None]
            if len(cols) >= 3:
                stds.append(np.std(np.stack(cols), axis=0).mean() * 255)
        return float(np.mean(stds)), len(stds)

    per_view = {}
    consistency = {}
    for k, pl in enumerate(PALETTES):
        if k == 0:
            continue
        mu_t, _, sd_t = stats[k]
        per_view[k] = [reinhard(field_views[0][i][0], field_views[0][i][1], mu_t, sd_t) for i in range(EVAL_VIEWS)]
        f_std, n_pts = point_std([v[0] for v in field_views[k]])
        p_std, _ = point_std(per_view[k])
        consistency[pl["id"]] = {"field": round(f_std, 3), "per_view": round(p_std, 3), "points": n_pts}
    gt_std, n_pts = point_std([v[0] for v in gt_eval])
    photo_std, _ = point_std([v[0] for v in field_views[0]])
    f_mean = float(np.mean([c["field"] for c in consistency.values()]))
    p_mean = float(np.mean([c["per_view"] for c in consistency.values()]))
    print("psnr", psnr, "consistency", consistency, "gt", gt_std, "photo", photo_std, flush=True)

    # style match: distance of rendered colour statistics to the palette's (field vs per view)
    def style_gap(views_colour_acc):
        gaps = []
        for colour, acc, mu_t, sd_t in views_colour_acc:
            m = acc >= 0.05
            obj = (colour[m] - (1 - acc[m, None]) * np.asarray(S.BACKGROUND)) / acc[m, None]
            w = acc[m, None] / acc[m].sum()
            mu = (w * obj).sum(0)
            sd = np.sqrt((w * (obj - mu) ** 2).sum(0))
            gaps.append(np.abs(mu - mu_t).mean() * 255 + np.abs(sd - sd_t).mean() * 255)
        return float(np.mean(gaps))

    gap_field = style_gap([(field_views[k][i][0], field_views[0][i][1], stats[k][0], stats[k][2])
                           for k in range(1, len(PALETTES)) for i in range(EVAL_VIEWS)])
    gap_view = style_gap([(per_view[k][i], field_views[0][i][1], stats[k][0], stats[k][2])
                          for k in range(1, len(PALETTES)) for i in range(EVAL_VIEWS)])

    # ---------------------------------------------------------------- export
    onnx_path = out_dir / "model.onnx"
    ex_pts = torch.tensor(S.ray_points(0.3)[0][:128], dtype=torch.float32)
    ex_code = torch.tensor([[0.0, 1.0, 0.0, 0.0]])
    proto = C.export_onnx(model, (ex_pts, ex_code), onnx_path, ["points", "style"], ["sigma", "rgb"],
                          dynamic_axes={"points": {0: "n"}, "sigma": {0: "n"}, "rgb": {0: "n"}})
    inputs, outputs = C.onnx_io(proto)

    cases = []
    rng = np.random.default_rng(args.seed)
    for name, code in (("style-sunset", [0, 1, 0, 0]), ("blend-photo-ocean", [0.5, 0, 0.5, 0]),
                       ("style-pop", [0, 0, 0, 1])):
        pts = rng.uniform(-1.2, 1.2, size=(24, 2)).astype(np.float32)
        with torch.no_grad():
            sg, rgb = model(torch.tensor(pts), torch.tensor([code], dtype=torch.float32))
        cases.append({"name": name,
                      "inputs": {"points": C.tensor_json(pts), "style": C.tensor_json(np.array([code], dtype=np.float32))},
                      "outputs": {"sigma": C.tensor_json(sg.numpy()), "rgb": C.tensor_json(rgb.numpy())}})
    C.write_fixtures(out_dir, MODEL_ID, cases, atol=1e-4)

    # renderer parity fixture (pure maths, no model): rays, sample points, compositing, transfer
    th = math.radians(37.0)
    o, d = S.camera_rays(th)
    pts, dl = S.ray_points(th)
    r_sig = rng.uniform(0, 40, size=(S.WIDTH * S.SAMPLES,)) * (rng.uniform(size=S.WIDTH * S.SAMPLES) < 0.2)
    r_rgb = rng.uniform(0, 1, size=(S.WIDTH * S.SAMPLES, 3))
    r_sig = r_sig.astype(np.float32)
    r_rgb = r_rgb.astype(np.float32)
    col, acc, dep = S.composite(r_sig, r_rgb, dl)
    mu_t, _, sd_t = stats[1]
    rt = reinhard(col, acc, mu_t, sd_t)
    C.write_json("tests/fixtures/nerf-render.json", {
        "note": "written by training/nerf_flatland.py (nerf_scene.py); src/lib/nerf-render.ts must reproduce it",
        "constants": {"radius": S.RADIUS, "fov_deg": S.FOV_DEG, "width": S.WIDTH, "samples": S.SAMPLES,
                      "near": S.NEAR, "far": S.FAR, "background": list(S.BACKGROUND)},
        "theta_deg": 37.0, "origins": [round(v, 9) for v in o.reshape(-1).tolist()],
        "dirs": [round(v, 9) for v in d.reshape(-1).tolist()],
        "points_every_97th": [round(v, 7) for v in pts[::97].reshape(-1).tolist()],
        "sigma": [round(float(v), 6) for v in r_sig], "rgb": [round(float(v), 6) for v in r_rgb.reshape(-1)],
        "colour": [round(v, 7) for v in col.reshape(-1).tolist()], "acc": [round(v, 7) for v in acc.tolist()],
        "depth": [round(v, 7) for v in dep.tolist()],
        "transfer_target": {"mean": mu_t.tolist(), "std": sd_t.tolist()},
        "transferred": [round(v, 7) for v in rt.reshape(-1).tolist()],
    }, compact=True)
    view_theta = 40.0
    vc, va, _ = render(math.radians(view_theta), [0.0, 0.0, 1.0, 0.0])
    C.write_json("tests/fixtures/nerf-view.json", {
        "note": "one live view: camera at 40 degrees, style code ocean; colour = composited rgb (0..1)",
        "theta_deg": view_theta, "style": [0, 0, 1, 0], "colour": [round(v, 6) for v in vc.reshape(-1).tolist()],
        "acc": [round(v, 6) for v in va.tolist()], "atol": 2e-3}, compact=True)

    # ---------------------------------------------------------------- baked
    def hexes(colour):
        return bytes(np.clip(np.floor(np.asarray(colour).reshape(-1) * 255 + 0.5), 0, 255).astype(np.uint8)).hex()

    baked_angles = list(range(0, 360, BAKED_VIEW_STEP))
    views = []
    for a in baked_angles:
        rs = [render(math.radians(a), k) for k in range(len(PALETTES))]
        views.append({"deg": a, "rgb": [hexes(r[0]) for r in rs], "acc": hexes(rs[0][1])})
    # tracked points: for each shape, the boundary point seen by the most eval views
    tracks = []
    for si in range(len(S.SHAPES)):
        cand = [pi for pi, (s, _, _) in enumerate(points) if s == si]
        best = max(cand, key=lambda pi: sum(v is not None for v in vis[pi]))
        _, pt, n = points[best]
        entry = {"shape": si, "p": [round(float(pt[0]), 4), round(float(pt[1]), 4)], "n": [round(float(n[0]), 4), round(float(n[1]), 4)],
                 "views_deg": [round(math.degrees(t), 2) for t in eval_th],
                 "pixel": [None if x is None else round(x, 3) for x in vis[best]], "styles": {}}
        for k, pl in enumerate(PALETTES):
            if k == 0:
                continue
            fcols = [hexes(S.sample_strip(field_views[k][v][0], vis[best][v])) if vis[best][v] is not None else None for v in range(EVAL_VIEWS)]
            pcols = [hexes(S.sample_strip(per_view[k][v], vis[best][v])) if vis[best][v] is not None else None for v in range(EVAL_VIEWS)]
            entry["styles"][pl["id"]] = {"field": fcols, "per_view": pcols}
        tracks.append(entry)
    baked = {
        "scene": {"shapes": S.SHAPES, "radius": S.RADIUS, "fov_deg": S.FOV_DEG, "width": S.WIDTH, "samples": S.SAMPLES,
                  "near": S.NEAR, "far": S.FAR, "background": list(S.BACKGROUND)},
        "palettes": [{**pl, "mean": stats[k][0].round(6).tolist() if stats[k] else None,
                      "std": stats[k][2].round(6).tolist() if stats[k] else None} for k, pl in enumerate(PALETTES)],
        "views": views,
        "tracks": tracks,
        "consistency": consistency,
    }
    C.write_json(out_dir / "baked.json", baked, compact=True)

    total_s = time.perf_counter() - t_start

    def metric(v, unit, ru, en, split="eval-views"):
        return {"value": round(float(v), 4), "split": split, "unit": unit, "label": {"ru": ru, "en": en}}

    card = {
        "id": MODEL_ID,
        "title": {"ru": "Плоский NeRF со стилем из гиперсети", "en": "Flatland NeRF with a hypernetwork style"},
        "summary": {"ru": "Крошечное поле излучения двумерной сцены, снятой одномерными камерами; веса последнего слоя цветовой ветви выдаёт гиперсеть по коду стиля (палитры).",
                    "en": "A tiny radiance field of a 2-D scene seen by 1-D cameras; the last layer of its colour branch is generated by a hypernetwork from a style (palette) code."},
        **C.onnx_card_fields(onnx_path, model),
        "inputs": inputs, "outputs": outputs,
        "preprocess": {"points": "world (x, y) of the samples, ray-major: pixel j, sample i at index j*S+i; midpoints of S equal bins of [near, far]",
                       "style": "convex combination of one-hot codes [photo, sunset, ocean, pop]",
                       "compositing": "done by the page (src/lib/nerf-render.ts): alpha = 1 - exp(-sigma*delta), T_i = prod(1 - alpha_j), C = sum T_i alpha_i c_i + T_S * background"},
        "data": {"name": "procedural flatland scene", "licence": "generated by training/nerf_scene.py",
                 "source": "4 shapes in [-1,1]^2, rendered analytically with 512 samples per ray",
                 "train_views": TRAIN_VIEWS, "eval_views": EVAL_VIEWS, "pixels_per_view": S.WIDTH},
        "training": {"seed": args.seed, "torch": C.torch_version(), "threads": args.threads, "deterministic": True,
                     "steps": STAGE1_STEPS + STAGE2_STEPS, "stage1": {"steps": STAGE1_STEPS, "rays_per_batch": STAGE1_BATCH,
                     "optimizer": "Adam lr 5e-3, cosine to 2e-4", "samples": "stratified, jittered", "loss": "MSE of composited pixel colour",
                     "loss_last_50": round(float(np.mean(losses1[-50:])), 6), "wall_time_s": round(t1.seconds, 1)},
                     "stage2": {"steps": STAGE2_STEPS, "optimizer": "Adam lr 3e-3, full batch (48 views x 4 styles)",
                                "loss": "style 0: 10 * MSE to the photos; styles 1-3: (1 - luminance correlation per view) + 8 * (|mean - palette mean|^2 + 10 * |cov - palette cov|_F^2)",
                                "frozen": "density and colour features (everything but the hypernetwork)",
                                "loss_last": round(losses2[-1], 6), "wall_time_s": round(t2.seconds, 1)},
                     "wall_time_s": round(total_s, 1)},
        "splits": {"eval-views": {"ru": "72 отложенные камеры через 5° (смещение 1,25°), ни одна не совпадает с 48 обучающими (через 7,5°)",
                                  "en": "72 held-out cameras 5° apart (offset 1.25°); none coincides with the 48 training cameras (7.5° apart)"}},
        "metrics": {
            "psnr": metric(psnr, "value", "PSNR восстановленных видов (исходные цвета) против точного рендера", "PSNR of the reconstructed views (original colours) vs the exact render"),
            "consistency_field": metric(f_mean, "value", "разброс цвета одной точки по видам, стилизовано поле (std, уровни 0–255, среднее по 3 палитрам)", "colour spread of one world point across views, field stylised (std, 0–255 levels, mean of 3 palettes)"),
            "consistency_per_view": metric(p_mean, "value", "то же, каждый вид стилизован отдельно (перенос цвета Рейнхарда)", "the same, each view stylised on its own (Reinhard colour transfer)"),
            "consistency_ratio": metric(p_mean / f_mean, "ratio", "во сколько раз поканальная стилизация видов «мерцает» сильнее", "how many times more the per-view stylisation flickers"),
            "consistency_photo": metric(photo_std, "value", "тот же разброс без стилизации (поле, исходные цвета)", "the same spread without stylisation (field, original colours)"),
            "consistency_exact": metric(gt_std, "value", "тот же разброс на точном рендере сцены (пол из-за дискретизации)", "the same spread on the exact render of the scene (the discretisation floor)"),
            "style_gap_field": metric(gap_field, "value", "отклонение статистик цвета вида от палитры, стилизовано поле", "gap between a view's colour statistics and the palette's, field stylised"),
            "style_gap_per_view": metric(gap_view, "value", "то же, каждый вид стилизован отдельно", "the same, each view stylised on its own"),
            "tracked_points": metric(n_pts, "count", "точек на границах фигур, видимых хотя бы с 3 камер", "boundary points seen by at least 3 cameras"),
        },
        "command": C.command_line(),
        "architecture": {"encoding": f"(x, y, sin/cos(2^k pi x, y), k < {FREQS}) -> {2 + 4 * FREQS}",
                         "trunk": f"{2 + 4 * FREQS}->{HIDDEN}->{HIDDEN} ReLU; sigma = softplus(linear {HIDDEN}->1); features = ReLU(linear {HIDDEN}->{FEAT})",
                         "hypernetwork": f"style {CODE} -> {HYPER_HIDDEN} tanh -> {FEAT * 3 + 3} = W[{FEAT}x3], b[3]; rgb = sigmoid(features W + b)"},
        "baked": ["baked.json"],
        "baked_notes": {"ru": "views: виды камер через 15°, цвета пикселей uint8 в hex для 4 стилей (поле) и непрозрачность для исходного стиля; tracks: цвет отслеживаемой точки каждой фигуры на 72 отложенных видах (null — не видна), поле и поканальный перенос.",
                        "en": "views: cameras every 15°, pixel colours as uint8 hex for the 4 styles (field) plus the opacity of the original style; tracks: the colour of each shape's tracked point in the 72 held-out views (null = not visible), field vs per-view transfer."},
        "created": C.created_date(),
    }
    C.write_card(out_dir, card)
    print(f"done in {total_s:.0f}s; onnx {card['bytes']} bytes", flush=True)


if __name__ == "__main__":
    main()
