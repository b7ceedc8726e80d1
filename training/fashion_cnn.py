"""Train model `fashion-cnn` (article on convolution arithmetic, widget "what a cell sees").

Writes public/models/fashion-cnn/{model.onnx, card.json, fixtures.json, baked.json} and
tests/fixtures/image-preprocess.json. Rebuild from the repo root:
    /usr/bin/python3 training/fashion_cnn.py
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402

MODEL_ID = "fashion-cnn"
LAYER_OUTPUTS = ["conv1", "pool1", "conv2", "pool2", "conv3"]
OUTPUT_NAMES = LAYER_OUTPUTS + ["logits", "probs"]
# The architecture is fixed by the article's calculator; checked against the built modules below.
EXPECTED_ARCH = [
    {"name": "conv1", "op": "conv", "k": 3, "s": 1, "p": 1, "d": 1, "out_channels": 8},
    {"name": "pool1", "op": "maxpool", "k": 2, "s": 2, "p": 0, "d": 1},
    {"name": "conv2", "op": "conv", "k": 3, "s": 1, "p": 1, "d": 1, "out_channels": 16},
    {"name": "pool2", "op": "maxpool", "k": 2, "s": 2, "p": 0, "d": 1},
    {"name": "conv3", "op": "conv", "k": 3, "s": 2, "p": 1, "d": 1, "out_channels": 32},
    {"name": "gap", "op": "global_avg_pool"},
    {"name": "fc", "op": "linear", "out": 10},
]


def build_model():
    import torch.nn as nn
    import torch.nn.functional as F

    class FashionCNN(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 8, 3, stride=1, padding=1)
            self.pool1 = nn.MaxPool2d(2, 2)
            self.conv2 = nn.Conv2d(8, 16, 3, stride=1, padding=1)
            self.pool2 = nn.MaxPool2d(2, 2)
            self.conv3 = nn.Conv2d(16, 32, 3, stride=2, padding=1)
            self.fc = nn.Linear(32, 10)

        def forward(self, x):
            # Every intermediate is returned so the ONNX graph exposes them as named outputs.
            c1 = F.relu(self.conv1(x))
            p1 = self.pool1(c1)
            c2 = F.relu(self.conv2(p1))
            p2 = self.pool2(c2)
            c3 = F.relu(self.conv3(p2))
            logits = self.fc(F.adaptive_avg_pool2d(c3, 1).flatten(1))  # -> GlobalAveragePool
            return c1, p1, c2, p2, c3, logits, F.softmax(logits, dim=1)

    return FashionCNN()


def describe_architecture(model) -> list:
    """Read the layer hyper-parameters back from the modules (not typed by hand)."""
    def one(v):
        return v[0] if isinstance(v, tuple) else v

    arch = []
    for name in ["conv1", "pool1", "conv2", "pool2", "conv3"]:
        m = getattr(model, name)
        if name.startswith("conv"):
            arch.append({"name": name, "op": "conv", "k": one(m.kernel_size), "s": one(m.stride),
                         "p": one(m.padding), "d": one(m.dilation), "out_channels": m.out_channels})
        else:
            arch.append({"name": name, "op": "maxpool", "k": one(m.kernel_size), "s": one(m.stride),
                         "p": one(m.padding), "d": one(m.dilation)})
    arch.append({"name": "gap", "op": "global_avg_pool"})
    arch.append({"name": "fc", "op": "linear", "out": model.fc.out_features})
    assert arch == EXPECTED_ARCH, arch
    return arch


def formula_shapes(arch, n=28):
    """The calculator's formula, floor((n + 2p - d(k-1) - 1)/s) + 1, cross-checked against the
    shapes in the exported ONNX file."""
    shapes, c = {}, 1
    for layer in arch:
        if layer["op"] in ("conv", "maxpool"):
            n = (n + 2 * layer["p"] - layer["d"] * (layer["k"] - 1) - 1) // layer["s"] + 1
            c = layer.get("out_channels", c)
            shapes[layer["name"]] = [1, c, n, n]
    return shapes


def evaluate(model, x, y, batch=1000):
    import torch
    import torch.nn.functional as F

    model.eval()
    loss_sum, correct = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(x), batch):
            logits = model(x[i:i + batch])[5]
            loss_sum += F.cross_entropy(logits, y[i:i + batch], reduction="sum").item()
            correct += (logits.argmax(1) == y[i:i + batch]).sum().item()
    return correct / len(x), loss_sum / len(x)


def write_preprocess_fixture(path, pre, test_images, seed):
    """Random RGBA canvases (incl. sizes that are not multiples of 28, and smaller than 28) with
    their 28×28 result, plus toModelInput examples — pins src/lib/image-preprocess.ts."""
    rng = np.random.default_rng(seed)
    rgba_cases = []
    for (w, h, kind) in [(28, 28, "noise"), (84, 84, "strokes"), (60, 47, "noise"),
                         (31, 45, "noise-alpha"), (13, 20, "noise-alpha")]:
        if kind == "strokes":  # white strokes on an opaque black canvas, like the drawing pad
            img = np.zeros((h, w, 4), np.uint8)
            img[..., 3] = 255
            for _ in range(6):
                y0, x0 = rng.integers(0, h - 8), rng.integers(0, w - 8)
                img[y0:y0 + rng.integers(2, 8), x0:x0 + rng.integers(2, 30), :3] = 255
        else:
            img = rng.integers(0, 256, size=(h, w, 4), dtype=np.uint8)
            if kind == "noise":
                img[..., 3] = 255
        rgba_cases.append({"name": f"{kind}-{w}x{h}", "width": w, "height": h,
                           "rgba": img.reshape(-1).tolist(),
                           "gray28": C.rgba_to_gray28(img.reshape(-1), w, h).reshape(-1).tolist()})
    pix_cases = [("test-0", test_images[0].reshape(-1)),
                 ("random", rng.integers(0, 256, size=784, dtype=np.uint8))]
    model_input = [{"name": n, "pixels": p.tolist(),
                    # 9 significant digits round-trip float32 exactly
                    "expected": C.tensor_json(C.to_model_input(p, pre), digits=9, with_dtype=False)["data"]}
                   for n, p in pix_cases]
    C.write_json(path, {"preprocess": pre, "seed": seed, "rgba_to_gray28": rgba_cases,
                        "to_model_input": model_input}, compact=True)


def main():
    ap = C.base_arg_parser(__doc__.splitlines()[0], default_out=f"public/models/{MODEL_ID}")
    ap.add_argument("--epochs", type=int, default=20)
    ap.add_argument("--batch-size", type=int, default=128)
    ap.add_argument("--lr", type=float, default=1e-2)
    ap.add_argument("--preprocess-fixture", default="tests/fixtures/image-preprocess.json")
    args = ap.parse_args()

    torch = C.require_torch()
    import torch.nn.functional as F

    with C.WallTimer() as total:
        gen = C.seed_everything(args.seed, args.threads)
        data = C.load_fashion_mnist(args.data)
        (xtr_u8, ytr), (xte_u8, yte) = data["train"], data["test"]

        # Training-set statistics, rounded to 4 decimals; the *rounded* values are used for
        # training as well, so card + TS preprocessing reproduce the training inputs exactly.
        px = xtr_u8.astype(np.float64) / 255
        pre = {"scale": 255, "mean": round(float(px.mean()), 4), "std": round(float(px.std()), 4)}
        del px
        xtr = torch.from_numpy(C.to_model_input(xtr_u8, pre)).unsqueeze(1)
        xte = torch.from_numpy(C.to_model_input(xte_u8, pre)).unsqueeze(1)
        ytr_t, yte_t = torch.from_numpy(ytr.astype(np.int64)), torch.from_numpy(yte.astype(np.int64))

        model = build_model()
        arch = describe_architecture(model)
        opt = torch.optim.Adam(model.parameters(), lr=args.lr)
        steps_per_epoch = -(-len(xtr) // args.batch_size)
        # Cosine decay per step: a few % more accuracy than a constant lr for the same epochs.
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.epochs * steps_per_epoch)
        with C.WallTimer() as train_t:
            t0 = time.perf_counter()
            for epoch in range(args.epochs):
                model.train()
                perm = torch.randperm(len(xtr), generator=gen)
                for i in range(0, len(perm), args.batch_size):
                    idx = perm[i:i + args.batch_size]
                    loss = F.cross_entropy(model(xtr[idx])[5], ytr_t[idx])
                    opt.zero_grad()
                    loss.backward()
                    opt.step()
                    sched.step()
                acc, tl = evaluate(model, xte, yte_t)
                print(f"epoch {epoch + 1}/{args.epochs}: last batch loss {loss.item():.4f}, "
                      f"test acc {acc:.4f}, test loss {tl:.4f} ({time.perf_counter() - t0:.1f}s)", flush=True)
        test_acc, test_loss = evaluate(model, xte, yte_t)

        out = C.repo_path(args.out)
        onnx_path = out / "model.onnx"
        proto = C.export_onnx(model, torch.zeros(1, 1, 28, 28), onnx_path, ["image"], OUTPUT_NAMES)
        inputs, outputs = C.onnx_io(proto)
        want = formula_shapes(arch)
        for o in outputs:
            if o["name"] in want:
                assert o["shape"] == want[o["name"]], (o, want[o["name"]])

        # Baked samples: first test image of each class, in class order.
        first_idx = [int(np.flatnonzero(yte == c)[0]) for c in range(10)]
        model.eval()
        with torch.no_grad():
            res = model(xte[first_idx])
        res = [r.numpy() for r in res]
        samples = []
        for j, ti in enumerate(first_idx):
            samples.append({
                "index_in_test": ti, "label": int(yte[ti]), "pixels": xte_u8[ti].reshape(-1).tolist(),
                "probs": [round(float(p), 4) for p in res[6][j]], "pred": int(res[6][j].argmax()),
                "maps": {name: {"h": int(res[k].shape[2]), "w": int(res[k].shape[3]),
                                "data": C.min_max_to_255(C.channel_mean_map(res[k][j])).reshape(-1).tolist()}
                         for k, name in enumerate(LAYER_OUTPUTS)},
            })
        C.write_json(out / "baked.json", {"model": MODEL_ID, "samples": samples}, compact=True)

        # Fixtures: PyTorch eval-mode outputs for baked samples 0 and 1 (run one at a time, batch 1).
        cases = []
        for j in (0, 1):
            x1 = xte[first_idx[j]:first_idx[j] + 1]
            with torch.no_grad():
                o1 = model(x1)
            cases.append({"name": f"sample-{j}", "sample": j, "index_in_test": first_idx[j],
                          "inputs": {"image": C.tensor_json(x1.numpy())},
                          "outputs": {n: C.tensor_json(t.numpy()) for n, t in zip(OUTPUT_NAMES, o1)}})
        C.write_fixtures(out, MODEL_ID, cases)

        write_preprocess_fixture(args.preprocess_fixture, pre, xte_u8, args.seed)

    card = {
        "id": MODEL_ID,
        "title": {"ru": "Маленькая свёрточная сеть для Fashion-MNIST",
                  "en": "A small convolutional network for Fashion-MNIST"},
        "summary": {"ru": "Три свёртки и два max-пулинга превращают картинку 28×28 в вероятности десяти видов одежды.",
                    "en": "Three convolutions and two max-pools turn a 28×28 image into probabilities for ten kinds of clothing."},
        **C.onnx_card_fields(onnx_path, model),
        "inputs": inputs,
        "outputs": outputs,
        "preprocess": pre,
        "data": {**C.FASHION_MNIST_DATA, "train_examples": int(len(ytr)), "test_examples": int(len(yte))},
        "training": {"seed": args.seed, "epochs": args.epochs, "batch_size": args.batch_size,
                     "optimizer": f"Adam lr={args.lr:g}, cosine decay to 0 per step", "wall_time_s": round(total.seconds, 1),
                     "train_time_s": round(train_t.seconds, 1), "torch": C.torch_version(),
                     "threads": args.threads, "deterministic": True},
        "splits": {"test": {"ru": "официальный тестовый набор Fashion-MNIST, 10 000 изображений, не видимых при обучении",
                            "en": "the official Fashion-MNIST test split, 10,000 images never seen in training"}},
        "metrics": {
            "test_accuracy": {"value": round(test_acc, 4), "split": "test", "unit": "fraction",
                              "label": {"ru": "точность", "en": "accuracy"}},
            "test_loss": {"value": round(test_loss, 4), "split": "test", "unit": "nats",
                          "label": {"ru": "средняя перекрёстная энтропия", "en": "mean cross-entropy"}},
        },
        "command": C.command_line(),
        "architecture": arch,
        "classes": C.FASHION_CLASSES,
        "baked": ["baked.json"],
        "baked_notes": {
            "ru": "Образцы — первое тестовое изображение каждого класса по порядку классов. Карта слоя — среднее по каналам "
                  "(после ReLU; для пулингов — их выход), затем min–max-масштабирование в 0..255 отдельно для каждого слоя "
                  "и образца (округление вверх от половины; постоянная карта → нули). probs округлены до 4 знаков. "
                  "Модель принимает ровно один образец: батч зафиксирован = 1.",
            "en": "Samples are the first test image of each class, in class order. A layer map is the mean over channels "
                  "(after ReLU; for pools, their output), then min–max scaled to 0..255 per layer per sample (rounded half up; "
                  "a constant map becomes zeros). probs are rounded to 4 decimals. "
                  "The model takes exactly one image: batch is fixed at 1.",
        },
        "created": C.created_date(),
    }
    C.write_card(out, card)
    print(f"{MODEL_ID}: test_accuracy={test_acc:.4f} test_loss={test_loss:.4f} params={card['parameters']} "
          f"bytes={card['bytes']} sha256={card['sha256'][:12]} wall={total.seconds:.1f}s")


if __name__ == "__main__":
    main()
