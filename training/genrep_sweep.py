"""GenRep sweep + model `genrep-encoder` (GenRep article).

Trains small SimCLR encoders (NT-Xent, τ = 0.2) ONLY on samples of the shipped generator
(public/models/genrep-generator/model.onnx; run training/genrep_generator.py first) with positive pairs
(G(z), G(z + σε)) for σ ∈ {0.1, 0.25, 0.5, 1, 2} (the prior's std is 1), each without and with pixel
augmentation (shift ±3 px + cutout), plus pixel augmentation only (σ = 0), an encoder trained the same way on
the REAL MNIST training images (pixel augmentation) for reference, an untrained encoder, and raw pixels.
Every encoder: same architecture, same steps, same batch. Each setting is run with two seeds; the metric
is the mean. Linear probe on real MNIST (see genrep_common.PROBE_DOC).

Writes training/genrep-sweep.json (every run) and public/models/genrep-encoder/ (the best generated-data
setting's seed-0 encoder; the card carries every sweep number as a metric).

Rebuild from the repo root (~10 min, 1 thread):
    nice -n 10 /usr/bin/python3 training/genrep_sweep.py
"""
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402
import genrep_common as G  # noqa: E402

MODEL_ID = "genrep-encoder"
GEN_ONNX = "public/models/genrep-generator/model.onnx"
SIGMAS = [0.1, 0.25, 0.5, 1.0, 2.0]
SEEDS = [0, 1]
POOL_SEED = 12345


def skey(s: float) -> str:
    return f"{s:g}".replace(".", "_")


def main():
    ap = C.base_arg_parser(__doc__.splitlines()[0], default_out=f"public/models/{MODEL_ID}")
    ap.set_defaults(threads=1, data=G.MNIST_DIR)
    ap.add_argument("--steps", type=int, default=G.STEPS)
    ap.add_argument("--seeds", type=int, nargs="+", default=SEEDS)
    ap.add_argument("--sigmas", type=float, nargs="+", default=SIGMAS)
    ap.add_argument("--sweep-json", default="training/genrep-sweep.json")
    args = ap.parse_args()
    torch = C.require_torch()
    t_start = time.perf_counter()
    C.seed_everything(args.seed, args.threads)
    D = G.load_mnist(args.data)
    dec = G.decoder_from_onnx(C.repo_path(GEN_ONNX))
    gen_sha = C.file_sha256(C.repo_path(GEN_ONNX))

    # ---- the generated "dataset": POOL anchors, one latent neighbour per σ (same z and ε for every σ)
    t0 = time.perf_counter()
    pg = torch.Generator()
    pg.manual_seed(POOL_SEED)
    z = G.torch_trunc_normal(G.POOL, pg)
    eps = G.torch_trunc_normal(G.POOL, pg)

    def decode(zz):
        with torch.no_grad():
            return torch.cat([dec(zz[i:i + 2000]) for i in range(0, len(zz), 2000)])

    anchors = decode(z)
    positives = {s: decode(z + s * eps) for s in args.sigmas}
    pix_dist = {s: float(((positives[s] - anchors) ** 2).sum(dim=(1, 2, 3)).sqrt().mean()) for s in args.sigmas}
    gen_time = time.perf_counter() - t0
    print(f"pool generated in {gen_time:.1f}s; mean pixel L2 distance: {pix_dist}", flush=True)
    real = torch.from_numpy(D["train"][0].astype(np.float32) / 255.0)[:, None]

    def pick(n, g):
        return torch.randint(0, n, (G.BATCH,), generator=g)

    def view_fn(kind, sigma):
        if kind == "latent":
            return lambda g: (lambda i: (anchors[i], positives[sigma][i]))(pick(G.POOL, g))
        if kind == "latent+pixel":
            return lambda g: (lambda i: (G.torch_aug(anchors[i], g), G.torch_aug(positives[sigma][i], g)))(pick(G.POOL, g))
        if kind == "pixel":
            return lambda g: (lambda i: (G.torch_aug(anchors[i], g), G.torch_aug(anchors[i], g)))(pick(G.POOL, g))
        if kind == "real+pixel":
            return lambda g: (lambda i: (G.torch_aug(real[i], g), G.torch_aug(real[i], g)))(pick(len(real), g))
        raise ValueError(kind)

    settings = [("latent", s) for s in args.sigmas] + [("latent+pixel", s) for s in args.sigmas] + \
               [("pixel", 0.0), ("real+pixel", 0.0)]
    runs = []
    models = {}
    for kind, sigma in settings:
        for seed in args.seeds:
            model, info = G.train_encoder(view_fn(kind, sigma), seed, steps=args.steps)
            acc = G.probe(model, D)
            print(f"{kind:13s} σ={sigma:<5g} seed={seed}: probe {acc:.4f}  loss {info['loss_first_50']:.3f}→"
                  f"{info['loss_last_50']:.3f}  {info['train_time_s']:.1f}s", flush=True)
            runs.append({"kind": kind, "sigma": sigma, "seed": seed, "probe_accuracy": round(acc, 4),
                         "loss_first_50_steps": round(info["loss_first_50"], 4),
                         "loss_last_50_steps": round(info["loss_last_50"], 4),
                         "train_time_s": round(info["train_time_s"], 1)})
            if seed == args.seeds[0] and kind != "real+pixel":
                models[(kind, sigma)] = model
    floor = []
    for seed in args.seeds:
        torch.manual_seed(seed)
        m = G.build_encoder().eval()
        floor.append(round(G.probe(m, D), 4))
    print(f"random init: {floor}", flush=True)

    import warnings
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler
    xtr = D["train"][0][:G.PROBE_TRAIN].reshape(G.PROBE_TRAIN, -1) / 255.0
    xte = D["test"][0].reshape(len(D["test"][0]), -1) / 255.0
    sc = StandardScaler().fit(xtr)
    clf = LogisticRegression(C=1.0, max_iter=300)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(sc.transform(xtr), D["train"][1][:G.PROBE_TRAIN])
    raw = round(float((clf.predict(sc.transform(xte)) == D["test"][1]).mean()), 4)
    print(f"raw pixels: {raw}", flush=True)

    # ---- aggregate: mean and spread over seeds
    def agg(kind, sigma):
        v = [r["probe_accuracy"] for r in runs if r["kind"] == kind and r["sigma"] == sigma]
        return {"kind": kind, "sigma": sigma, "mean": round(float(np.mean(v)), 4),
                "min": min(v), "max": max(v), "per_seed": v}

    summary = [agg(k, s) for k, s in settings]
    summary.append({"kind": "random-init", "sigma": 0.0, "mean": round(float(np.mean(floor)), 4),
                    "min": min(floor), "max": max(floor), "per_seed": floor})
    summary.append({"kind": "raw-pixels", "sigma": 0.0, "mean": raw, "min": raw, "max": raw, "per_seed": [raw]})
    gen_rows = [r for r in summary if r["kind"] in ("latent", "latent+pixel", "pixel")]
    best = max(gen_rows, key=lambda r: r["mean"])
    print(f"best generated-data setting: {best}", flush=True)

    sweep = {"seeds": args.seeds, "threads": args.threads, "steps": args.steps, "batch_size": G.BATCH,
             "temperature": G.TAU, "pool": G.POOL, "pool_seed": POOL_SEED, "generator_sha256": gen_sha,
             "command": C.command_line(), "probe": G.PROBE_DOC, "augmentation": G.AUG_DOC,
             "pool_generation_s": round(gen_time, 1),
             "mean_pixel_l2_anchor_to_positive": {skey(s): round(v, 3) for s, v in pix_dist.items()},
             "wall_time_s": None, "runs": runs, "summary": summary, "best_generated": best}

    # ---- export the best generated-data encoder (seed 0)
    model = models[(best["kind"], best["sigma"])]

    class RepOnly(torch.nn.Module):
        def __init__(self, m):
            super().__init__()
            self.enc = m.enc

        def forward(self, x):
            return self.enc(x)

    rep = RepOnly(model).eval()
    out = C.repo_path(args.out)
    onnx_path = out / "model.onnx"
    C.export_onnx(rep, (torch.zeros(2, 1, 28, 28),), onnx_path, ["image"], ["representation"],
                  dynamic_axes={"image": {0: "batch"}, "representation": {0: "batch"}})
    import onnx
    ins, outs = C.onnx_io(onnx.load(str(onnx_path)))
    fx = json.loads(C.repo_path("public/models/genrep-generator/fixtures.json").read_text())["cases"][0]
    img = np.array(fx["outputs"]["image"]["data"], np.float32).reshape(fx["outputs"]["image"]["dims"])
    with torch.no_grad():
        r = rep(torch.from_numpy(img)).numpy()
    C.write_fixtures(out, MODEL_ID, [{"name": "generator-fixture-images", "inputs": {"image": C.tensor_json(img)},
                                       "outputs": {"representation": C.tensor_json(r)}}], atol=1e-4)

    def lab(kind, sigma):
        return {
            "latent": ({"ru": f"зонд: только латентные виды, σ = {sigma:g}".replace(".", ","),
                        "en": f"probe: latent views only, σ = {sigma:g}"}),
            "latent+pixel": ({"ru": f"зонд: латентные виды + пиксельные аугментации, σ = {sigma:g}".replace(".", ","),
                              "en": f"probe: latent views + pixel augmentation, σ = {sigma:g}"}),
            "pixel": {"ru": "зонд: сгенерированные данные, только пиксельные аугментации (σ = 0)",
                      "en": "probe: generated data, pixel augmentation only (σ = 0)"},
            "real+pixel": {"ru": "зонд: настоящие обучающие изображения MNIST, пиксельные аугментации",
                           "en": "probe: real MNIST training images, pixel augmentation"},
            "random-init": {"ru": "зонд: необученный (случайный) энкодер", "en": "probe: untrained (random) encoder"},
            "raw-pixels": {"ru": "зонд прямо на 784 пикселях (без энкодера)", "en": "probe on the 784 raw pixels (no encoder)"},
        }[kind]

    def mname(kind, sigma):
        return {"latent": f"probe_latent_s{skey(sigma)}", "latent+pixel": f"probe_latent_aug_s{skey(sigma)}",
                "pixel": "probe_pixel_only", "real+pixel": "probe_real", "random-init": "probe_random_init",
                "raw-pixels": "probe_raw_pixels"}[kind]

    metrics = {}
    for row in summary:
        metrics[mname(row["kind"], row["sigma"])] = {"value": row["mean"], "split": "test", "unit": "fraction",
                                                     "label": lab(row["kind"], row["sigma"])}
    metrics["probe_best_generated"] = {"value": best["mean"], "split": "test", "unit": "fraction",
                                       "label": {"ru": "зонд: лучшая настройка на сгенерированных данных (этот энкодер)",
                                                 "en": "probe: best generated-data setting (this encoder)"}}
    wall = round(time.perf_counter() - t_start, 1)
    sweep["wall_time_s"] = wall
    C.write_json(args.sweep_json, sweep)
    card = {
        "id": MODEL_ID,
        "title": {"ru": "Энкодер GenRep: обучен только на сгенерированных цифрах",
                  "en": "The GenRep encoder: trained on generated digits only"},
        "summary": {"ru": "Маленькая свёрточная сеть, обученная контрастивно (NT-Xent) на парах изображений из генератора genrep-generator; ни одной настоящей цифры она при обучении не видела. Карточка хранит результаты всего перебора σ.",
                    "en": "A small convolutional network trained contrastively (NT-Xent) on image pairs from the genrep-generator model; it never saw a real digit during training. The card keeps the results of the whole σ sweep."},
        **C.onnx_card_fields(onnx_path, rep, budget_bytes=1024 * 1024),
        "inputs": ins, "outputs": outs,
        "preprocess": {"image": "ink in [0, 1] (pixels / 255), no normalisation"},
        "data": {"name": "samples of genrep-generator (no real images); probe: MNIST",
                 "licence": "generated by this repository's generator; MNIST: CC BY-SA 3.0",
                 "source": f"{GEN_ONNX} (sha256 {gen_sha[:12]}…), {G.POOL:,} anchors with one latent neighbour per σ",
                 "generated_anchors": G.POOL, "probe_train_real_images": G.PROBE_TRAIN, "test_examples": 10000},
        "training": {"seed": args.seeds[0], "seeds_in_sweep": args.seeds, "torch": C.torch_version(),
                     "threads": args.threads, "deterministic": True, "steps": args.steps, "batch_size": G.BATCH,
                     "optimizer": f"Adam lr={G.LR}, cosine decay to 0 over {args.steps} steps",
                     "loss": f"SimCLR NT-Xent, τ = {G.TAU}, on the L2-normalised {G.PROJ}-d projection; 2×{G.BATCH} views per batch",
                     "temperature": G.TAU, "setting": {"kind": best["kind"], "sigma": best["sigma"]},
                     "sweep_wall_time_s": wall, "wall_time_s": wall},
        "splits": {"test": {"ru": "официальный тестовый набор MNIST, 10 000 настоящих изображений без аугментаций",
                            "en": "the official MNIST test split, 10,000 real un-augmented images"}},
        "metrics": metrics,
        "command": C.command_line(),
        "architecture": G.ENC_ARCH,
        "evaluation_protocol": G.PROBE_DOC,
        "augmentation": {"doc": G.AUG_DOC, "shift": G.SHIFT, "cutout": G.CUTOUT, "cutout_p": G.CUTOUT_P},
        "sweep": {"sigmas": args.sigmas, "summary": summary, "source": args.sweep_json,
                  "mean_pixel_l2_anchor_to_positive": sweep["mean_pixel_l2_anchor_to_positive"]},
        "baked": [],
        "created": C.created_date(),
    }
    C.write_card(out, card)
    print(f"encoder: {card['parameters']} params, {card['bytes']} bytes; wall {wall}s", flush=True)


if __name__ == "__main__":
    main()
