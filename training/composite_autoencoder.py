"""Train models `composite-encoder` and `composite-decoder` (article "GAN compositing", a toy of
the idea behind Barbershop, Zhu et al. 2021: blend images in a generator's spatial feature space
instead of pasting pixels).

A small convolutional autoencoder on procedural 32×32 "heads" (training/composite_common.py):
the encoder maps an image to an 8×8×16 feature map F (the toy analogue of Barbershop's structure
tensor), the decoder maps F back to an image. Loss: mean squared reconstruction error, plus a small
adversarial term: a PatchGAN discriminator sees real heads and the decoder's output for *blended*
feature maps M⊙F_a + (1−M)⊙F_b (random masks), and the decoder is trained with the non-saturating
GAN loss to make those blends look like real heads. Blends have no ground truth, so this term is
the only signal that tells the decoder what a good composite looks like.

    nice -n 10 /usr/bin/python3 training/composite_autoencoder.py

Writes public/models/composite-encoder/{model.onnx, card.json, fixtures.json, heads.json},
public/models/composite-decoder/{model.onnx, card.json, fixtures.json} and
tests/fixtures/composite-lib.json (pins src/lib/composite-blend.ts to composite_common.py).
"""
from __future__ import annotations

import base64
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402
import composite_common as K  # noqa: E402

ENC_ID, DEC_ID = "composite-encoder", "composite-decoder"
FEAT = 16
WIDTH = 32
TEST_SEED0 = 1_000_000
N_TEST = 256
N_PAIRS = 400
BAKED_HEADS = 6          # heads 0..5 of the test set; pairs (0,1), (2,3), (4,5)


def build_models():
    import torch.nn as nn

    w = WIDTH

    class Encoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.body = nn.Sequential(
                nn.Conv2d(3, w, 3, padding=1), nn.ReLU(),
                nn.Conv2d(w, 2 * w, 4, stride=2, padding=1), nn.ReLU(),      # 16×16
                nn.Conv2d(2 * w, 2 * w, 4, stride=2, padding=1), nn.ReLU(),  # 8×8
                nn.Conv2d(2 * w, FEAT, 3, padding=1))

        def forward(self, image):  # image [N,3,32,32] in 0..1
            return self.body(image - 0.5)

    class Decoder(nn.Module):
        def __init__(self):
            super().__init__()
            self.body = nn.Sequential(
                nn.Conv2d(FEAT, 2 * w, 3, padding=1), nn.ReLU(),
                nn.Upsample(scale_factor=2, mode="nearest"),
                nn.Conv2d(2 * w, 2 * w, 3, padding=1), nn.ReLU(),            # 16×16
                nn.Upsample(scale_factor=2, mode="nearest"),
                nn.Conv2d(2 * w, w, 3, padding=1), nn.ReLU(),                # 32×32
                nn.Conv2d(w, 3, 3, padding=1), nn.Sigmoid())

        def forward(self, features):
            return self.body(features)

    class Disc(nn.Module):  # PatchGAN: 8×8 logits, each sees an 18×18 patch
        def __init__(self):
            super().__init__()
            self.body = nn.Sequential(
                nn.Conv2d(3, w, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
                nn.Conv2d(w, 2 * w, 4, stride=2, padding=1), nn.LeakyReLU(0.2),
                nn.Conv2d(2 * w, 1, 3, padding=1))

        def forward(self, image):
            return self.body(image - 0.5)

    return Encoder(), Decoder(), Disc()


def b64(a) -> str:
    return base64.b64encode(np.ascontiguousarray(a, dtype=np.uint8).tobytes()).decode("ascii")


def psnr(x, y) -> float:
    mse = float(np.mean((np.asarray(x, np.float64) - np.asarray(y, np.float64)) ** 2))
    return 10 * np.log10(1.0 / max(mse, 1e-12))


def main():
    ap = C.base_arg_parser(__doc__.splitlines()[0], default_out=f"public/models/{ENC_ID}")
    ap.set_defaults(threads=1)
    ap.add_argument("--dec-out", default=f"public/models/{DEC_ID}")
    ap.add_argument("--train-heads", type=int, default=8000)
    ap.add_argument("--steps", type=int, default=2000)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--adv", type=float, default=0.005, help="weight of the adversarial term (0 = plain autoencoder)")
    ap.add_argument("--adv-start", type=int, default=1000, help="step at which the adversarial term starts")
    ap.add_argument("--lib-fixture", default="tests/fixtures/composite-lib.json")
    args = ap.parse_args()

    torch = C.require_torch()
    import torch.nn.functional as F

    with C.WallTimer() as total:
        gen = C.seed_everything(args.seed, args.threads)
        rng = np.random.default_rng(args.seed + 12345)
        t0 = time.perf_counter()
        train = [K.render_head(args.seed * 100_000 + i) for i in range(args.train_heads)]
        xtr = torch.from_numpy(np.stack([h[0] for h in train]).astype(np.float32) / 255).permute(0, 3, 1, 2).contiguous()
        ltr = [h[1] for h in train]
        del train
        print(f"rendered {args.train_heads} heads in {time.perf_counter() - t0:.1f}s", flush=True)

        enc, dec, disc = build_models()
        opt_g = torch.optim.Adam([*enc.parameters(), *dec.parameters()], lr=args.lr)
        opt_d = torch.optim.Adam(disc.parameters(), lr=args.lr / 2, betas=(0.5, 0.999))
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt_g, T_max=args.steps)
        rec_losses, adv_losses, d_losses = [], [], []
        with C.WallTimer() as train_t:
            perm = torch.randperm(len(xtr), generator=gen)
            pos = 0
            for step in range(args.steps):
                if pos + args.batch_size > len(perm):
                    perm, pos = torch.randperm(len(xtr), generator=gen), 0
                idx = perm[pos:pos + args.batch_size]
                pos += args.batch_size
                xb = xtr[idx]
                if step % 2 == 1:
                    xb = xb.flip(3)
                feats = enc(xb)
                rec = F.mse_loss(dec(feats), xb)
                loss = rec
                use_adv = args.adv > 0 and step >= args.adv_start
                if use_adv:
                    # blends: A = the batch, B = the batch shifted by one; masks from A's labels
                    masks = []
                    for j in idx.tolist():
                        m = K.random_mask(rng, ltr[j])[1]
                        masks.append(K.grid_mask(m[:, ::-1] if step % 2 == 1 else m))
                    gm = torch.from_numpy(np.stack(masks).astype(np.float32))[:, None]
                    fb = feats.roll(1, dims=0)
                    fake = dec(gm * feats + (1 - gm) * fb)
                    g_adv = F.softplus(-disc(fake)).mean()  # non-saturating: −log D(G(·))
                    loss = loss + args.adv * g_adv
                    adv_losses.append(g_adv.item())
                opt_g.zero_grad()
                loss.backward()
                opt_g.step()
                sched.step()
                rec_losses.append(rec.item())
                if use_adv:
                    d_real = disc(xb)
                    d_fake = disc(fake.detach())
                    d_loss = F.softplus(-d_real).mean() + F.softplus(d_fake).mean()
                    opt_d.zero_grad()
                    d_loss.backward()
                    opt_d.step()
                    d_losses.append(d_loss.item())
                if (step + 1) % 100 == 0:
                    extra = f", adv {np.mean(adv_losses[-100:]):.3f}, D {np.mean(d_losses[-100:]):.3f}" if adv_losses else ""
                    print(f"step {step + 1}/{args.steps}: rec {np.mean(rec_losses[-100:]):.5f}{extra} "
                          f"({time.perf_counter() - t0:.0f}s)", flush=True)
        enc.eval()
        dec.eval()

        def encode(rgb_u8):
            with torch.no_grad():
                x = torch.from_numpy(K.to_float(rgb_u8).astype(np.float32)).permute(2, 0, 1)[None]
                return enc(x)[0].numpy()

        def decode(f):
            with torch.no_grad():
                return dec(torch.from_numpy(np.asarray(f, np.float32))[None])[0].permute(1, 2, 0).numpy().astype(np.float64)

        # ---- held-out evaluation
        test = [K.render_head(TEST_SEED0 + i) for i in range(N_TEST)]
        feats = [encode(h[0]) for h in test]
        recs = [decode(f) for f in feats]
        psnrs = [psnr(r, K.to_float(h[0])) for r, h in zip(recs, test)]
        erng = np.random.default_rng(2021)
        rows = []
        for _ in range(N_PAIRS):
            i, j = erng.choice(N_TEST, 2, replace=False)
            kind, m = K.random_mask(erng, test[i][1])
            a, b = K.to_float(test[i][0]), K.to_float(test[j][0])
            fb_img = decode(K.blend_features(feats[i], feats[j], K.grid_mask(m)))
            rows.append({"kind": kind,
                         "paste": K.seam_score(K.paste(a, b, m), a, b, m),
                         "feather": K.seam_score(K.feather(a, b, m), a, b, m),
                         "feature": K.seam_score(fb_img, a, b, m),
                         "paste_recon": K.seam_score(K.paste(recs[i], recs[j], m), a, b, m)})
        col = lambda k, kind=None: np.array([r[k] for r in rows if kind is None or r["kind"] == kind])  # noqa: E731
        for kind in (None, "hair", "face", "left", "ellipse"):
            print(kind or "all", {k: round(float(col(k, kind).mean()), 3) for k in ("paste", "feather", "feature", "paste_recon")})
        print("PSNR", np.mean(psnrs))

        # ---- export
        out_e, out_d = C.repo_path(args.out), C.repo_path(args.dec_out)
        proto_e = C.export_onnx(enc, torch.zeros(1, 3, K.SIZE, K.SIZE), out_e / "model.onnx", ["image"], ["features"])
        proto_d = C.export_onnx(dec, torch.zeros(1, FEAT, K.GRID, K.GRID), out_d / "model.onnx", ["features"], ["image"])

        # ---- baked heads and preset results (the widget's first view)
        pairs = [[0, 1], [2, 3], [4, 5]]
        results = []
        for pi, (i, j) in enumerate(pairs):
            a, b = K.to_float(test[i][0]), K.to_float(test[j][0])
            for preset in K.PRESETS:
                m = K.preset_mask(preset, test[i][1])
                img = decode(K.blend_features(feats[i], feats[j], K.grid_mask(m)))
                results.append({"pair": pi, "preset": preset, "feature": b64(K.to_u8(img)),
                                "seam": {"paste": round(K.seam_score(K.paste(a, b, m), a, b, m), 4),
                                         "feather": round(K.seam_score(K.feather(a, b, m), a, b, m), 4),
                                         "feature": round(K.seam_score(img, a, b, m), 4)}})
        C.write_json(out_e / "heads.json", {
            "model": ENC_ID, "size": K.SIZE, "grid": K.GRID, "feather_radius": K.FEATHER_RADIUS, "band": K.BAND,
            "seam_scale": K.SEAM_SCALE,
            "encoding": "rgb: base64 of uint8 row-major 32×32×3; labels: base64 of uint8 32×32 (0 background, 1 face, 2 hair)",
            "heads": [{"seed": TEST_SEED0 + k, "rgb": b64(test[k][0]), "labels": b64(test[k][1]), **test[k][2]} for k in range(BAKED_HEADS)],
            "pairs": pairs, "presets": list(K.PRESETS), "results": results}, compact=True)

        # ---- fixtures
        def x_of(rgb_u8):
            return K.to_float(rgb_u8).astype(np.float32).transpose(2, 0, 1)[None]

        enc_cases, dec_cases = [], []
        for k in (0, 1):
            x = x_of(test[k][0])
            with torch.no_grad():
                y = enc(torch.from_numpy(x)).numpy()
            enc_cases.append({"name": f"head{k}", "inputs": {"image": C.tensor_json(x)}, "outputs": {"features": C.tensor_json(y)}})
        m0 = K.preset_mask("hair", test[0][1])
        fblend = K.blend_features(feats[0], feats[1], K.grid_mask(m0)).astype(np.float32)[None]
        for name, f in (("recon-head0", feats[0][None].astype(np.float32)), ("blend-hair-0-1", fblend)):
            with torch.no_grad():
                y = dec(torch.from_numpy(np.ascontiguousarray(f))).numpy()
            dec_cases.append({"name": name, "inputs": {"features": C.tensor_json(f)}, "outputs": {"image": C.tensor_json(y)}})
        C.write_fixtures(out_e, ENC_ID, enc_cases)
        C.write_fixtures(out_d, DEC_ID, dec_cases)
        write_lib_fixture(args.lib_fixture, test, feats, decode)

    train_info = {
        "seed": args.seed, "steps": args.steps, "batch_size": args.batch_size,
        "loss": f"MSE reconstruction + {args.adv:g} × non-saturating GAN loss on decoded feature blends (from step {args.adv_start}); PatchGAN discriminator, BCE",
        "optimizer": f"Adam lr={args.lr:g}, cosine decay to 0; discriminator Adam lr={args.lr / 2:g} betas=(0.5, 0.999)",
        "adv_weight": args.adv, "adv_start": args.adv_start,
        "train_time_s": round(train_t.seconds, 1),
        "rec_loss_first_100_steps": round(float(np.mean(rec_losses[:100])), 5),
        "rec_loss_last_100_steps": round(float(np.mean(rec_losses[-100:])), 5),
        "adv_loss_last_100_steps": round(float(np.mean(adv_losses[-100:])), 4) if adv_losses else None,
        "disc_loss_last_100_steps": round(float(np.mean(d_losses[-100:])), 4) if d_losses else None,
        "discriminator_parameters": C.count_parameters(disc),
        "wall_time_s": round(total.seconds, 1), "torch": C.torch_version(), "threads": args.threads, "deterministic": True,
    }
    data = {"name": "procedural heads (training/composite_common.py render_head)", "licence": "generated by the script",
            "source": "32×32 RGB, 4× supersampled: background, face ellipse with eyes and mouth, striped hair (short / long / bun), one lighting gradient over everything",
            "train_heads": args.train_heads, "test_heads": N_TEST,
            "train_seeds": f"{args.seed * 100_000}..{args.seed * 100_000 + args.train_heads - 1}",
            "test_seeds": f"{TEST_SEED0}..{TEST_SEED0 + N_TEST - 1}"}
    splits = {"test": {"ru": f"{N_TEST} отложенных голов (свои зёрна); {N_PAIRS} случайных пар и масок",
                       "en": f"{N_TEST} held-out heads (their own seeds); {N_PAIRS} random pairs and masks"}}

    def metric(value, unit, ru, en):
        return {"value": round(float(value), 4), "split": "test", "unit": unit, "label": {"ru": ru, "en": en}}

    mean_psnr = float(np.mean(psnrs))
    metrics = {
        "recon_psnr": metric(mean_psnr, "value", "PSNR восстановления, дБ", "reconstruction PSNR, dB"),
        "seam_paste": metric(col("paste").mean(), "value", "шов: вырезать и вставить пиксели (×1000)", "seam: pixel cut-and-paste (×1000)"),
        "seam_feather": metric(col("feather").mean(), "value", "шов: растушёванная маска (×1000)", "seam: feathered mask (×1000)"),
        "seam_feature": metric(col("feature").mean(), "value", "шов: смешивание признаков (×1000)", "seam: feature-space blend (×1000)"),
        "seam_paste_recon": metric(col("paste_recon").mean(), "value", "шов: вставка пикселей реконструкций (×1000)", "seam: pasting the reconstructions (×1000)"),
        "feature_beats_paste": metric(np.mean(col("feature") < col("paste")), "fraction", "доля пар, где шов у признаков меньше, чем у вставки", "share of pairs where the feature blend's seam is lower than the paste's"),
        "feature_beats_feather": metric(np.mean(col("feature") < col("feather")), "fraction", "доля пар, где шов у признаков меньше, чем у растушёвки", "share of pairs where the feature blend's seam is lower than the feather's"),
        "feature_beats_paste_recon": metric(np.mean(col("feature") < col("paste_recon")), "fraction", "доля пар, где шов у признаков меньше, чем у вставки реконструкций", "share of pairs where the feature blend beats pasting the reconstructions"),
    }
    for kind, ru, en in (("hair", "маска волос", "hair mask"), ("face", "маска лица", "face mask"), ("left", "левая половина", "left half"), ("ellipse", "случайный эллипс", "random ellipse")):
        for k, kru, ken in (("paste", "вставка", "paste"), ("feature", "признаки", "feature blend")):
            metrics[f"seam_{k}_{kind}"] = metric(col(k, kind).mean(), "value", f"шов, {kru}: {ru} (×1000)", f"seam, {ken}: {en} (×1000)")
        metrics[f"pairs_{kind}"] = metric(len(col("paste", kind)), "count", f"пар с маской «{ru}»", f"pairs with a {en}")
    metrics["parameters_total"] = metric(C.count_parameters(enc) + C.count_parameters(dec), "count", "параметров в кодировщике и декодере", "parameters in encoder and decoder")

    arch = {"encoder": f"conv3×3 3→{WIDTH}, conv4×4/2 →{2 * WIDTH}, conv4×4/2 →{2 * WIDTH}, conv3×3 →{FEAT}; ReLU",
            "decoder": f"conv3×3 {FEAT}→{2 * WIDTH}, up×2 (nearest), conv3×3 →{2 * WIDTH}, up×2, conv3×3 →{WIDTH}, conv3×3 →3, sigmoid",
            "discriminator": f"PatchGAN conv4×4/2 3→{WIDTH}, conv4×4/2 →{2 * WIDTH}, conv3×3 →1 (8×8 logits), LeakyReLU 0.2; not exported",
            "feature_map": [FEAT, K.GRID, K.GRID]}
    seam_def = {"band": f"boundary pixels of the 32×32 mask (a 4-neighbour has the other value), dilated by {K.BAND} (Chebyshev)",
                "energy": "mean over horizontal and vertical neighbour pairs inside the band of the squared difference, averaged over RGB, intensities 0..1",
                "score": "1000 · (E(C) − ½(E(A) + E(B))) on the same band; lower is better, 0 = as smooth as the sources",
                "feather_radius": K.FEATHER_RADIUS, "mask_to_grid": "area average over 4×4 cells"}
    pre = {"size": K.SIZE, "scale": 255, "formula": "x = rgb/255, NCHW [1,3,32,32]; the model subtracts 0.5 itself",
           "output": "features [1,16,8,8]"}
    io_e, io_d = C.onnx_io(proto_e), C.onnx_io(proto_d)
    common = {"data": data, "training": train_info, "splits": splits, "command": C.command_line(), "architecture": arch,
              "seam": seam_def}
    card_e = {
        "id": ENC_ID,
        "title": {"ru": "Кодировщик голов: картинка 32×32 → карта признаков 8×8×16", "en": "Head encoder: 32×32 image → 8×8×16 feature map"},
        "summary": {"ru": "Половина маленького автокодировщика с состязательной добавкой: переводит процедурную «голову» в пространственную карту признаков — игрушечный аналог тензора структуры F из Barbershop.",
                    "en": "One half of a small autoencoder with an adversarial term: turns a procedural “head” into a spatial feature map — a toy analogue of Barbershop's structure tensor F."},
        **C.onnx_card_fields(out_e / "model.onnx", enc), "inputs": io_e[0], "outputs": io_e[1], "preprocess": pre,
        **{k: common[k] for k in ("data", "training", "splits")}, "metrics": metrics, "command": common["command"],
        "architecture": arch, "seam": seam_def, "baked": ["heads.json"], "created": C.created_date(),
    }
    card_d = {
        "id": DEC_ID,
        "title": {"ru": "Декодер голов: карта признаков 8×8×16 → картинка 32×32", "en": "Head decoder: 8×8×16 feature map → 32×32 image"},
        "summary": {"ru": "Вторая половина автокодировщика — «генератор» игрушки: по карте признаков (в том числе смешанной из двух голов) рисует картинку.",
                    "en": "The other half of the autoencoder — the toy's “generator”: draws an image from a feature map, including one blended from two heads."},
        **C.onnx_card_fields(out_d / "model.onnx", dec), "inputs": io_d[0], "outputs": io_d[1],
        "preprocess": {"size": K.GRID, "formula": "features from composite-encoder, optionally blended: M⊙F_a + (1−M)⊙F_b",
                       "output": "image [1,3,32,32] in 0..1 (sigmoid); shown as round(255·x)"},
        **{k: common[k] for k in ("data", "training", "splits")},
        "metrics": {"recon_psnr": metrics["recon_psnr"], "seam_feature": metrics["seam_feature"]},
        "command": common["command"], "architecture": arch, "baked": [], "created": C.created_date(),
    }
    C.write_card(out_e, card_e)
    C.write_card(out_d, card_d)
    print(f"wrote {out_e} ({card_e['bytes']} B, {card_e['parameters']} params) and {out_d} ({card_d['bytes']} B, "
          f"{card_d['parameters']} params) in {total.seconds:.0f}s")


def write_lib_fixture(path, test, feats, decode):
    """Pins src/lib/composite-blend.ts: grid masks, paste, feather, seam band and scores, the
    feature blend and the seam of the decoded blend, on heads 0 and 1."""
    a_u8, b_u8 = test[0][0], test[1][0]
    a, b = K.to_float(a_u8), K.to_float(b_u8)
    masks = {p: K.preset_mask(p, test[0][1]) for p in K.PRESETS}
    masks["ellipse"] = K.random_mask(np.random.default_rng(5), test[0][1])[1]
    irregular = np.zeros((K.SIZE, K.SIZE), np.uint8)
    irregular[3:17, 5:12] = 1
    irregular[10:29, 14:30] = 1
    irregular[20:23, 0:32] = 0
    masks["irregular"] = irregular
    f = lambda x, d=10: [C.round_sig(v, d) for v in np.asarray(x, np.float64).reshape(-1).tolist()]  # noqa: E731
    full = ("hair", "irregular")  # full images only for these two, to keep the file small
    cases = {}
    for name, m in masks.items():
        gm = K.grid_mask(m)
        fbl = K.blend_features(feats[0], feats[1], gm)
        img = decode(fbl)
        c = {"mask": m.reshape(-1).tolist(), "grid": f(gm), "band": K.seam_band(m).astype(np.uint8).reshape(-1).tolist(),
             "seam_paste": K.seam_score(K.paste(a, b, m), a, b, m), "seam_feather": K.seam_score(K.feather(a, b, m), a, b, m),
             "seam_feature": K.seam_score(img, a, b, m), "decoded_u8": K.to_u8(img).reshape(-1).tolist()}
        if name in full:
            c.update({"paste": f(K.paste(a, b, m)), "feather": f(K.feather(a, b, m)), "blend": f(fbl.astype(np.float32), 9),
                      "decoded": f(img.astype(np.float32), 9)})
        cases[name] = c
    C.write_json(path, {"a": a_u8.reshape(-1).tolist(), "b": b_u8.reshape(-1).tolist(), "labels_a": test[0][1].reshape(-1).tolist(),
                        "fa": f(feats[0].astype(np.float32), 9), "fb": f(feats[1].astype(np.float32), 9), "cases": cases}, compact=True)


if __name__ == "__main__":
    main()
