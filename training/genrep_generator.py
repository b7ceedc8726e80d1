"""Model `genrep-generator` (GenRep article): the decoder of a small VAE trained on the 60,000 real MNIST
training images, exported as the generator G: z [batch, 8] → image [batch, 1, 28, 28] (ink in [0, 1]).
After this script the real images are "thrown away": training/genrep_sweep.py trains its encoders only on
samples of this generator (it reads the weights back from the exported ONNX file).

Also writes baked.json: anchors G(z) and positives G(z + σε) for the widget's seeds and σ values
(the same images the widget computes live), as base64 uint8 (round(255·G)).

Rebuild from the repo root (~3 min, 1 thread):
    nice -n 10 /usr/bin/python3 training/genrep_generator.py
"""
import base64
import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402
import genrep_common as G  # noqa: E402

MODEL_ID = "genrep-generator"
EPOCHS = 5
BATCH = 128
LR = 2e-3
WIDGET_SEEDS = [1, 2, 3, 4, 5, 6]
WIDGET_SIGMAS = [0.1, 0.25, 0.5, 1.0, 2.0]
WIDGET_K = 5
FIXTURE_SEED, FIXTURE_SIGMA = 1, 0.5


def to_u8(img01):
    return np.floor(np.asarray(img01, np.float64) * 255 + 0.5).clip(0, 255).astype(np.uint8)


def main():
    ap = C.base_arg_parser(__doc__.splitlines()[0], default_out=f"public/models/{MODEL_ID}")
    ap.set_defaults(threads=1, data=G.MNIST_DIR)
    ap.add_argument("--epochs", type=int, default=EPOCHS)
    args = ap.parse_args()
    torch = C.require_torch()
    t_start = time.perf_counter()
    gen = C.seed_everything(args.seed, args.threads)
    D = G.load_mnist(args.data)
    x = torch.from_numpy(D["train"][0].astype(np.float32) / 255.0)[:, None]
    enc, dec = G.build_vae()
    params = list(enc.parameters()) + list(dec.parameters())
    opt = torch.optim.Adam(params, lr=LR)
    n = x.shape[0]
    steps_per_epoch = n // BATCH
    total = steps_per_epoch * args.epochs
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: 0.5 * (1 + math.cos(math.pi * k / total)))
    log = []
    t0 = time.perf_counter()
    step = 0
    for ep in range(args.epochs):
        perm = torch.randperm(n, generator=gen)
        rec_sum = kl_sum = 0.0
        for i in range(steps_per_epoch):
            xb = x[perm[i * BATCH:(i + 1) * BATCH]]
            mu, logvar = enc(xb)
            z = mu + torch.exp(0.5 * logvar) * torch.randn(mu.shape, generator=gen)
            xr = dec(z)
            rec = torch.nn.functional.binary_cross_entropy(xr, xb, reduction="sum") / BATCH
            kl = (-0.5 * (1 + logvar - mu ** 2 - logvar.exp()).sum()) / BATCH
            loss = rec + kl
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            rec_sum += float(rec)
            kl_sum += float(kl)
            step += 1
        log.append({"epoch": ep + 1, "reconstruction_bce": round(rec_sum / steps_per_epoch, 3),
                    "kl": round(kl_sum / steps_per_epoch, 3)})
        print(log[-1], flush=True)
    train_time = time.perf_counter() - t0
    enc.eval()
    dec.eval()

    # test-set ELBO terms (nats per image), with the posterior mean for reconstruction
    with torch.no_grad():
        xt = torch.from_numpy(D["test"][0].astype(np.float32) / 255.0)[:, None]
        mu, logvar = enc(xt)
        rec_t = float(torch.nn.functional.binary_cross_entropy(dec(mu), xt, reduction="sum")) / len(xt)
        kl_t = float((-0.5 * (1 + logvar - mu ** 2 - logvar.exp()).sum())) / len(xt)
        mse_t = float(((dec(mu) - xt) ** 2).mean())

    out = C.repo_path(args.out)
    onnx_path = out / "model.onnx"
    C.export_onnx(dec, (torch.zeros(2, G.LATENT),), onnx_path, ["z"], ["image"],
                  dynamic_axes={"z": {0: "batch"}, "image": {0: "batch"}})
    import onnx
    ins, outs = C.onnx_io(onnx.load(str(onnx_path)))
    dec2 = G.decoder_from_onnx(onnx_path)  # the weights the sweep will use

    # fixture: the widget's default anchor and its positives at σ = FIXTURE_SIGMA
    z, eps = G.latent_family(FIXTURE_SEED, WIDGET_K)
    zs = np.concatenate([z[None], z[None] + FIXTURE_SIGMA * eps]).astype(np.float32)
    with torch.no_grad():
        img = dec2(torch.from_numpy(zs)).numpy()
    cases = [{"name": f"seed-{FIXTURE_SEED}-sigma-{FIXTURE_SIGMA}", "seed": FIXTURE_SEED, "sigma": FIXTURE_SIGMA,
              "inputs": {"z": C.tensor_json(zs)}, "outputs": {"image": C.tensor_json(img)}}]
    C.write_fixtures(out, MODEL_ID, cases, atol=1e-4)

    # baked widget rows
    baked_rows = []
    with torch.no_grad():
        for s in WIDGET_SEEDS:
            z, eps = G.latent_family(s, WIDGET_K)
            anchor = to_u8(dec2(torch.from_numpy(z[None].astype(np.float32))).numpy()[0, 0])
            row = {"seed": s, "anchor": base64.b64encode(anchor.tobytes()).decode(), "positives": {}}
            for sg in WIDGET_SIGMAS:
                zp = (z[None] + sg * eps).astype(np.float32)
                imgs = to_u8(dec2(torch.from_numpy(zp)).numpy()[:, 0])
                row["positives"][str(sg)] = [base64.b64encode(im.tobytes()).decode() for im in imgs]
            baked_rows.append(row)
    C.write_json(out / "baked.json", {
        "doc": "anchor = G(z), positives[σ][k] = G(z + σ·ε_k) for the sampler in card.sampler; each image is "
               "base64 of 784 uint8 (row-major 28×28, round(255·G), half up)",
        "seeds": WIDGET_SEEDS, "sigmas": WIDGET_SIGMAS, "k": WIDGET_K, "rows": baked_rows}, compact=True)

    card = {
        "id": MODEL_ID,
        "title": {"ru": "Генератор GenRep: декодер маленького VAE на MNIST",
                  "en": "The GenRep generator: the decoder of a small MNIST VAE"},
        "summary": {"ru": f"Превращает {G.LATENT}-мерный латентный вектор z в рукописную цифру 28×28. Обучен как VAE на 60 000 настоящих цифр MNIST; после этого настоящие данные больше не используются.",
                    "en": f"Turns an {G.LATENT}-dimensional latent vector z into a 28×28 handwritten digit. Trained as a VAE on the 60,000 real MNIST digits; after that the real data is never used again."},
        **C.onnx_card_fields(onnx_path, dec, budget_bytes=1024 * 1024),
        "inputs": ins, "outputs": outs,
        "preprocess": {"z": f"latent vector, {G.LATENT} values; the prior is N(0, I), sampled truncated to |z_i| ≤ {G.TRUNC}",
                       "image": "ink in [0, 1]; shown as round(255·image)", "mirror": "src/lib/genrep-latent.ts"},
        "sampler": {"doc": G.SAMPLER_DOC, "latent": G.LATENT, "truncation": G.TRUNC},
        "data": {**G.MNIST_DATA, "train_examples": int(n), "test_examples": int(len(D["test"][0]))},
        "training": {"seed": args.seed, "torch": C.torch_version(), "threads": args.threads, "deterministic": True,
                     "epochs": args.epochs, "steps": total, "batch_size": BATCH,
                     "optimizer": f"Adam lr={LR}, cosine decay to 0 over {total} steps",
                     "loss": "negative ELBO: binary cross-entropy of the reconstruction (summed over pixels) + KL(q(z|x) ‖ N(0, I)), mean over the batch",
                     "train_time_s": round(train_time, 1), "epoch_log": log,
                     "wall_time_s": round(time.perf_counter() - t_start, 1)},
        "splits": {"test": {"ru": "официальный тестовый набор MNIST, 10 000 изображений",
                            "en": "the official MNIST test split, 10,000 images"}},
        "metrics": {
            "test_reconstruction_bce": {"value": round(rec_t, 2), "split": "test", "unit": "nats",
                                        "label": {"ru": "ошибка реконструкции (BCE, нат на изображение)", "en": "reconstruction error (BCE, nats per image)"}},
            "test_kl": {"value": round(kl_t, 2), "split": "test", "unit": "nats",
                        "label": {"ru": "KL-член ELBO (нат на изображение)", "en": "KL term of the ELBO (nats per image)"}},
            "test_reconstruction_mse": {"value": round(mse_t, 4), "split": "test", "unit": "value",
                                        "label": {"ru": "среднеквадратичная ошибка реконструкции (пиксели в [0, 1])", "en": "mean squared reconstruction error (pixels in [0, 1])"}},
        },
        "command": C.command_line(),
        "architecture": G.VAE_ARCH,
        "baked": ["baked.json"],
        "created": C.created_date(),
    }
    C.write_card(out, card)
    print(f"generator: {card['parameters']} params, {card['bytes']} bytes, test BCE {rec_t:.2f}, KL {kl_t:.2f}, "
          f"train {train_time:.1f}s", flush=True)


if __name__ == "__main__":
    main()
