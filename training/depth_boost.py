"""Train model `depth-net` (article "HD depth", a toy of Miangoleh et al., CVPR 2021).

A tiny fully-convolutional depth network with a deliberately small receptive field (13 px), trained
at ONE input resolution (64×64) on procedurally generated scenes with known depth (depth_common.py).
Run at other resolutions it shows the paper's trade-off: low-resolution input → consistent but
blurry depth, high-resolution input → sharp edges but blotchy, inconsistent surfaces. A frequency-
split blend of the two estimates ("double estimation") is measured against both.

    nice -n 15 /usr/bin/python3 training/depth_boost.py

Writes public/models/depth-net/{model.onnx, card.json, fixtures.json, scenes.json},
the baked pictures src/components/depth/baked/*.png (bundled by Astro with the widget, so the page
never fetches anything under /models/ before the reader asks for the live model) and
tests/fixtures/depth-lib.json (pins src/lib/depth-scene.ts to depth_common.py).
"""
from __future__ import annotations

import base64
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402
import depth_common as D  # noqa: E402

MODEL_ID = "depth-net"
TRAIN_RES = 64
EVAL_RES = [16, 32, 64, 128]
LOW, HIGH = 32, 128
CHANNELS = 16
LAYERS = 6          # 3×3 convolutions, stride 1, no pooling → receptive field 2·LAYERS + 1
TEST_SEED0 = 1_000_000
N_BAKED = 6
PICTURES_DIR = "src/components/depth/baked"


def build_model(channels=CHANNELS, layers=LAYERS):
    import torch.nn as nn

    mods = []
    c_in = 1
    for _ in range(layers - 1):
        mods += [nn.Conv2d(c_in, channels, 3, padding=1), nn.ReLU()]
        c_in = channels
    mods.append(nn.Conv2d(c_in, 1, 3, padding=1))

    class DepthNet(nn.Module):
        def __init__(self):
            super().__init__()
            self.body = nn.Sequential(*mods)

        def forward(self, image):  # image: [N,1,H,W] intensities in 0..1 minus 0.5; out: depth 0..1
            return self.body(image) + 0.5

    return DepthNet()


def receptive_field(model) -> int:
    import torch.nn as nn

    rf = 1
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            rf += (m.kernel_size[0] - 1) * m.dilation[0]
    return rf


# Palettes: the same ramps as src/lib/depth-scene.ts (ramp(): linear between stops, rounded half up).
DEPTH_STOPS = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]]  # index = 255 − depth
ERROR_STOPS = [[0, 0, 4], [120, 28, 109], [237, 105, 37], [252, 255, 164]]                # index = |error| / ERROR_FULL
ERROR_FULL = 0.25


def ramp(stops) -> list:
    out = []
    for i in range(256):
        t = i / 255 * (len(stops) - 1)
        a = int(np.floor(t))
        b = min(len(stops) - 1, a + 1)
        f = t - a
        out += [int(np.floor(stops[a][c] * (1 - f) + stops[b][c] * f + 0.5)) for c in range(3)]
    return out


def write_png(path: Path, idx: np.ndarray, palette: list):
    from PIL import Image

    im = Image.fromarray(np.ascontiguousarray(idx, dtype=np.uint8), mode="P")
    im.putpalette(palette)
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, optimize=True)


def error_idx(pred: np.ndarray, dep_u8: np.ndarray) -> np.ndarray:
    return np.minimum(255, np.floor(np.abs(pred - dep_u8 / 255.0) / ERROR_FULL * 255 + 0.5)).astype(np.uint8)


def bake_pngs(out: Path, k: int, img, dep, preds, merged) -> list:  # out: the pictures folder
    """The baked view's pictures: image, true depth, each estimate at its own resolution, the merge,
    and error maps at 128×128. Returns the file names (relative to the model folder)."""
    gray = [v for i in range(256) for v in (i, i, i)]
    depth_pal, err_pal = ramp(DEPTH_STOPS), ramp(ERROR_STOPS)
    files = {f"{k}-image.png": (img, gray), f"{k}-depth.png": (255 - dep, depth_pal),
             f"{k}-merged.png": (255 - to_u8(merged), depth_pal),
             f"{k}-err-merged.png": (error_idx(merged, dep), err_pal)}
    for r, p in preds.items():
        files[f"{k}-d{r}.png"] = (255 - to_u8(p), depth_pal)
        files[f"{k}-err{r}.png"] = (error_idx(D.bilinear_up(p, D.SIZE), dep), err_pal)
    for name, (a, pal) in files.items():
        write_png(out / name, a, pal)
    return list(files)


def b64(a: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(a, dtype=np.uint8).tobytes()).decode("ascii")


def to_u8(d: np.ndarray) -> np.ndarray:
    return np.clip(np.floor(np.asarray(d, np.float64) * 255 + 0.5), 0, 255).astype(np.uint8)


def predict(model, img_u8: np.ndarray, r: int) -> np.ndarray:
    import torch

    with torch.no_grad():
        x = torch.from_numpy(D.model_input(img_u8, r))[None, None]
        return model(x)[0, 0].numpy()


def evaluate_scene(model, img, dep):
    preds = {r: predict(model, img, r) for r in EVAL_RES}
    ups = {r: D.bilinear_up(preds[r], D.SIZE) for r in EVAL_RES}
    merged = D.blend(ups[LOW], ups[HIGH])
    s = {str(r): D.scores(ups[r], dep) for r in EVAL_RES}
    s["merged"] = D.scores(merged, dep)
    return preds, merged, s


def main():
    ap = C.base_arg_parser(__doc__.splitlines()[0], default_out=f"public/models/{MODEL_ID}")
    ap.set_defaults(threads=1)
    ap.add_argument("--train-scenes", type=int, default=1200)
    ap.add_argument("--test-scenes", type=int, default=100)
    ap.add_argument("--steps", type=int, default=900)
    ap.add_argument("--batch-size", type=int, default=24)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--lib-fixture", default="tests/fixtures/depth-lib.json")
    ap.add_argument("--pictures", default=PICTURES_DIR, help="folder for the baked PNGs, relative to the repo root")
    args = ap.parse_args()

    torch = C.require_torch()
    import torch.nn.functional as F

    with C.WallTimer() as total:
        gen = C.seed_everything(args.seed, args.threads)
        t0 = time.perf_counter()
        train = [D.render_scene(args.seed * 100_000 + i) for i in range(args.train_scenes)]
        xtr = torch.from_numpy(np.stack([D.model_input(im, TRAIN_RES) for im, _ in train]))[:, None]
        ytr = torch.from_numpy(np.stack([D.area_resize(dp / 255.0, TRAIN_RES).astype(np.float32) for _, dp in train]))[:, None]
        del train
        print(f"rendered {args.train_scenes} train scenes in {time.perf_counter() - t0:.1f}s", flush=True)

        model = build_model()
        rf = receptive_field(model)
        opt = torch.optim.Adam(model.parameters(), lr=args.lr)
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.steps)
        losses = []
        with C.WallTimer() as train_t:
            model.train()
            perm = torch.randperm(len(xtr), generator=gen)
            pos = 0
            for step in range(args.steps):
                if pos + args.batch_size > len(perm):
                    perm, pos = torch.randperm(len(xtr), generator=gen), 0
                idx = perm[pos:pos + args.batch_size]
                pos += args.batch_size
                xb, yb = xtr[idx], ytr[idx]
                if step % 2 == 1:  # random flips: the scene statistics are left/right symmetric
                    xb, yb = xb.flip(3), yb.flip(3)
                loss = F.mse_loss(model(xb), yb)
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()
                losses.append(loss.item())
                if (step + 1) % 100 == 0:
                    print(f"step {step + 1}/{args.steps}: loss {np.mean(losses[-100:]):.5f} "
                          f"({time.perf_counter() - t0:.0f}s)", flush=True)
        model.eval()

        # ---- held-out evaluation
        test = [D.render_scene(TEST_SEED0 + i) for i in range(args.test_scenes)]
        per = {k: {m: [] for m in ("rmse", "rmse_flat", "rmse_edge", "edge_f1")} for k in [*map(str, EVAL_RES), "merged"]}
        r0s, r20s, baked, pngs = [], [], [], []
        out = C.repo_path(args.out)
        for i, (img, dep) in enumerate(test):
            preds, merged, s = evaluate_scene(model, img, dep)
            for k, v in s.items():
                for m, x in v.items():
                    per[k][m].append(x)
            cov = D.edge_coverage(img, rf)
            pick = D.pick_resolutions(cov)
            r0s.append(pick["r0"])
            r20s.append(pick["r20"])
            if i < N_BAKED:
                pngs += bake_pngs(C.repo_path(args.pictures), i, img, dep, preds, merged)
                baked.append({"seed": TEST_SEED0 + i, "image": b64(img), "depth": b64(dep),
                              "scores": {k: {m: round(x, 4) for m, x in v.items()} for k, v in s.items()},
                              "coverage": [round(c, 4) for c in cov], **pick})
        mean = {k: {m: float(np.mean(v)) for m, v in d.items()} for k, d in per.items()}
        wins_rmse = float(np.mean(np.array(per["merged"]["rmse"]) < np.minimum(per[str(LOW)]["rmse"], per[str(HIGH)]["rmse"])))
        for k, v in mean.items():
            print(k, {m: round(x, 4) for m, x in v.items()})

        onnx_path = out / "model.onnx"
        dyn = {"image": {2: "height", 3: "width"}, "depth": {2: "height", 3: "width"}}
        proto = C.export_onnx(model, torch.zeros(1, 1, TRAIN_RES, TRAIN_RES), onnx_path, ["image"], ["depth"], dynamic_axes=dyn)
        inputs, outputs = C.onnx_io(proto)

        # Fixtures: the first baked scene at 32×32 and a non-square 24×40 crop of it at 64.
        img0 = test[0][0]
        x32 = D.model_input(img0, 32)[None, None]
        x64 = D.model_input(img0, 64)[None, None, 10:34, 5:45]
        cases = []
        for name, x in (("scene0-32", x32), ("scene0-64-crop-24x40", np.ascontiguousarray(x64))):
            with torch.no_grad():
                y = model(torch.from_numpy(x)).numpy()
            cases.append({"name": name, "inputs": {"image": C.tensor_json(x)}, "outputs": {"depth": C.tensor_json(y)}})
        C.write_fixtures(out, MODEL_ID, cases)

        C.write_json(out / "scenes.json", {
            "model": MODEL_ID, "size": D.SIZE, "resolutions": EVAL_RES, "low": LOW, "high": HIGH,
            "receptive_field": rf, "coverage_resolutions": D.COVERAGE_RES,
            "encoding": f"image/depth: base64 of uint8 row-major 128×128 maps (depth value/255, 0 = near); pictures in {args.pictures}/",
            "palettes": {"depth": DEPTH_STOPS, "error": ERROR_STOPS, "error_full": ERROR_FULL},
            "scenes": baked}, compact=True)

        write_lib_fixture(args.lib_fixture, model, test[0], rf)

    def metric(value, split, unit, ru, en):
        return {"value": round(float(value), 4), "split": split, "unit": unit, "label": {"ru": ru, "en": en}}

    metrics = {}
    names = {"16": ("16×16", "16×16"), "32": ("32×32", "32×32"), "64": ("64×64 (как при обучении)", "64×64 (the training resolution)"),
             "128": ("128×128", "128×128"), "merged": ("слияние 32 + 128", "merged 32 + 128")}
    for k, (ru, en) in names.items():
        key = "merged" if k == "merged" else f"r{k}"
        m = mean[k]
        metrics[f"rmse_{key}"] = metric(m["rmse"], "test", "value", f"RMSE глубины, вход {ru}", f"depth RMSE, input {en}")
        metrics[f"rmse_flat_{key}"] = metric(m["rmse_flat"], "test", "value", f"RMSE вдали от границ, вход {ru}", f"RMSE away from edges, input {en}")
        metrics[f"rmse_edge_{key}"] = metric(m["rmse_edge"], "test", "value", f"RMSE у границ (±{D.EDGE_BAND} px), вход {ru}", f"RMSE near edges (±{D.EDGE_BAND} px), input {en}")
        metrics[f"edge_f1_{key}"] = metric(m["edge_f1"], "test", "fraction", f"F1 границ глубины, вход {ru}", f"depth-edge F1, input {en}")
    metrics["merged_beats_both_rmse"] = metric(wins_rmse, "test", "fraction", "доля сцен, где слияние точнее обоих входов по RMSE",
                                               "share of scenes where the merge beats both inputs on RMSE")
    metrics["median_r0"] = metric(float(np.median(r0s)), "test", "count", "медиана R0 (по кривой покрытия краями)", "median R0 (from the edge-coverage curve)")
    metrics["median_r20"] = metric(float(np.median(r20s)), "test", "count", "медиана R20", "median R20")
    metrics["receptive_field"] = metric(rf, "test", "count", "рецептивное поле сети, пикселей", "the network's receptive field, pixels")

    card = {
        "id": MODEL_ID,
        "title": {"ru": "Крошечная сеть глубины с рецептивным полем 13 пикселей",
                  "en": "A tiny depth network with a 13-pixel receptive field"},
        "summary": {"ru": "Шесть свёрток 3×3 без пулинга: по серой картинке синтетической сцены предсказывает карту глубины. Обучена на входе 64×64, работает на любом размере.",
                    "en": "Six 3×3 convolutions, no pooling: predicts a depth map from a gray image of a synthetic scene. Trained at 64×64 input, runs at any size."},
        **C.onnx_card_fields(onnx_path, model),
        "inputs": inputs,
        "outputs": outputs,
        "preprocess": {"size": D.SIZE, "resize": "area average from 128×128", "scale": 255, "offset": 0.5,
                       "formula": "x = area_mean(pixel/255) − 0.5", "output": "depth 0..1, 0 = nearest; compared at 128×128 after bilinear upsampling (half-pixel centres)"},
        "data": {"name": "procedural 2.5-D scenes (training/depth_common.py)", "licence": "generated by the script",
                 "source": "render_scene(seed): back wall + ground plane, boxes, spheres, thin poles; textured albedo under aerial perspective",
                 "train_scenes": args.train_scenes, "test_scenes": args.test_scenes,
                 "train_seeds": f"{args.seed * 100_000}..{args.seed * 100_000 + args.train_scenes - 1}",
                 "test_seeds": f"{TEST_SEED0}..{TEST_SEED0 + args.test_scenes - 1}"},
        "training": {"seed": args.seed, "steps": args.steps, "batch_size": args.batch_size, "resolution": TRAIN_RES,
                     "loss": "mean squared error on depth at 64×64 (area-averaged ground truth), random horizontal flips",
                     "optimizer": f"Adam lr={args.lr:g}, cosine decay to 0", "train_time_s": round(train_t.seconds, 1),
                     "loss_first_100_steps": round(float(np.mean(losses[:100])), 5),
                     "loss_last_100_steps": round(float(np.mean(losses[-100:])), 5),
                     "wall_time_s": round(total.seconds, 1), "torch": C.torch_version(), "threads": args.threads,
                     "deterministic": True},
        "splits": {"test": {"ru": f"{args.test_scenes} отложенных сцен (свои зёрна, не встречались при обучении); ошибки на сетке 128×128",
                            "en": f"{args.test_scenes} held-out scenes (their own seeds, never seen in training); errors on the 128×128 grid"}},
        "metrics": metrics,
        "command": C.command_line(),
        "architecture": {"layers": LAYERS, "kernel": 3, "channels": CHANNELS, "activation": "ReLU", "padding": "zeros",
                         "pooling": "none", "receptive_field": rf},
        "merge": {"low": LOW, "high": HIGH, "rule": f"box_blur(up(D_{LOW}), {D.BLEND_RADIUS}) + up(D_{HIGH}) − box_blur(up(D_{HIGH}), {D.BLEND_RADIUS})",
                  "blend_radius": D.BLEND_RADIUS},
        "scores": {"depth_edge_tau": D.DEPTH_EDGE_TAU, "edge_band": D.EDGE_BAND, "image_edge_tau": D.EDGE_TAU,
                   "edge_f1": "depth edges = max forward difference > tau; precision/recall matched within 1 px"},
        "baked": ["scenes.json"],
        "pictures": {"dir": args.pictures, "count": len(pngs),
                     "files": "<scene>-image, -depth, -d<R> (estimate at its own R), -merged, -err<R>, -err-merged (|error| at 128×128, full scale 0.25)"},
        "created": C.created_date(),
    }
    C.write_card(out, card)
    print(f"wrote {out} ({card['bytes']} B, {card['parameters']} params, RF {rf}) in {total.seconds:.0f}s")


def write_lib_fixture(path, model, scene, rf):
    """Pins src/lib/depth-scene.ts: resampling, blend, scores and coverage on scene 0."""
    img, dep = scene
    rng = np.random.default_rng(7)
    small = rng.uniform(0, 1, size=(12, 12))
    pred32 = predict(model, img, 32)
    pred64 = predict(model, img, 64)
    up32 = D.bilinear_up(pred32, D.SIZE)
    merged = D.blend(up32, D.bilinear_up(pred64, D.SIZE))
    f = lambda a: [C.round_sig(v, 9) for v in np.asarray(a).reshape(-1).tolist()]  # noqa: E731
    C.write_json(path, {
        "image": img.reshape(-1).tolist(), "depth": dep.reshape(-1).tolist(), "receptive_field": rf,
        "model_input_32": f(D.model_input(img, 32)), "model_input_48": f(D.model_input(img, 48)),
        "small": f(small), "small_up_40": f(D.bilinear_up(small, 40)), "small_area_5": f(D.area_resize(small, 5)),
        "small_blur_2": f(D.box_blur(small, 2)),
        "pred32": f(pred32.astype(np.float32)), "pred64": f(pred64.astype(np.float32)),
        "scores_up32": D.scores(up32, dep), "merged_32_64_scores": D.scores(merged, dep),
        "merged_32_64_rows": f(merged[[0, 1, 63, 127]]),
        "coverage": D.edge_coverage(img, rf), "pick": D.pick_resolutions(D.edge_coverage(img, rf)),
    }, compact=True)


if __name__ == "__main__":
    main()
