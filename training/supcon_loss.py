"""Model `supcon-loss` (SupCon article): the three losses of the paper as an ONNX graph, exported from the SAME
torch code the SupCon/SimCLR models were trained with (`supcon_common.loss_terms`), for a widget that drags
N = 12 points around the unit circle (D = 2).

Inputs:  z float32 [12, 2] (L2-normalised inside the graph, so any non-zero vectors work; the widget passes
         points on the circle), labels int64 [12] (class of each item), views int64 [12] (image index: the
         SimCLR positive of item i is the other item with the same views id), tau float32 [1].
Outputs: loss_out, loss_in, loss_simclr (scalars, mean over the 12 anchors; paper eqs. 2, 3, 1),
         probs [12, 12] (P_ia = softmax over A(i) = all items but i, 0 on the diagonal),
         grad_weights_out / grad_weights_in [12, 12]: row i holds the coefficients c_ia of the paper's gradient
         ∂L_i/∂z_i = (1/τ)·Σ_a c_ia z_a (anchor term, other items fixed, before projecting onto the sphere):
         c_ip = P_ip − X_ip for positives, c_in = P_in for negatives, 0 on the diagonal, with
         X_ip = 1/|P(i)| for L_out and X_ip = exp(z_i·z_p/τ)/Σ_{p'∈P(i)} exp(z_i·z_p'/τ) for L_in.
Every anchor needs at least one positive (give items with the same views id the same label).

Writes public/models/supcon-loss/. Rebuild from the repo root:
    /usr/bin/python3 training/supcon_loss.py
"""
import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402
import supcon_common as S  # noqa: E402

MODEL_ID = "supcon-loss"
N, DIM = 12, 2


def reference_batch():
    """6 images × 2 views, 3 classes (2 images each). Class centres at 90°, 210°, 330°; the two images of a
    class at centre ∓ 20°, the two views of an image at image ± 8°. Item order: view 1 of images 0..5, then view 2."""
    labels_img = [0, 0, 1, 1, 2, 2]
    centre = {0: 90.0, 1: 210.0, 2: 330.0}
    img_angle = [centre[c] + (-20 if k % 2 == 0 else 20) for k, c in enumerate(labels_img)]
    ang = [a - 8 for a in img_angle] + [a + 8 for a in img_angle]
    z = np.array([[math.cos(math.radians(a)), math.sin(math.radians(a))] for a in ang], np.float32)
    return {"angles_deg": ang, "z": z, "labels": np.array(labels_img * 2, np.int64),
            "views": np.array(list(range(6)) * 2, np.int64)}


def random_batch(seed):
    """Deterministic 'messy' batch: angles from mulberry32(seed), same labels/views as the reference."""
    u = S.mulberry32_block(seed, N)
    ang = (360 * u).tolist()
    z = np.array([[math.cos(math.radians(a)), math.sin(math.radians(a))] for a in ang], np.float32)
    ref = reference_batch()
    return {"angles_deg": ang, "z": z, "labels": ref["labels"], "views": ref["views"]}


def build_module():
    import torch
    import torch.nn.functional as F

    class SupConLosses(torch.nn.Module):
        def forward(self, z, labels, views, tau):
            zn = F.normalize(z, dim=1)
            t = tau.reshape(())
            loss_out, loss_in, loss_simclr, probs = S.loss_terms(zn, labels, views, t)
            n = zn.shape[0]
            not_self = 1.0 - torch.eye(n, dtype=zn.dtype)
            pos = (labels.view(-1, 1) == labels.view(1, -1)).to(zn.dtype) * not_self
            x_out = pos / pos.sum(dim=1, keepdim=True)
            pp = probs * pos
            x_in = pp / pp.sum(dim=1, keepdim=True)  # exp(z_i·z_p/τ) normalised over P(i)
            return loss_out, loss_in, loss_simclr, probs, probs - x_out, probs - x_in

    return SupConLosses()


OUT_NAMES = ["loss_out", "loss_in", "loss_simclr", "probs", "grad_weights_out", "grad_weights_in"]


def check_gradient(mod, b, tau):
    """The gradient-weight outputs against autograd: for each anchor i, ∂L_i/∂z_i (others fixed) on the
    normalised z must equal (1/τ)·Σ_a c_ia z_a."""
    import torch
    z = torch.from_numpy(b["z"]).double()
    lab, vw = torch.from_numpy(b["labels"]), torch.from_numpy(b["views"])
    t = torch.tensor(tau, dtype=torch.float64)
    outs = mod(z, lab, vw, t.reshape(1))
    for kind, W in (("out", outs[4]), ("in", outs[5])):
        for i in range(N):
            zi = z[i].clone().requires_grad_(True)
            zz = torch.cat([z[:i], zi[None], z[i + 1:]])
            import torch.nn.functional as F
            zz_n = zz  # already unit norm
            sim = zz_n @ zz_n.t() / t
            row = sim[i]
            mask = torch.ones(N, dtype=torch.bool); mask[i] = False
            logp = row[mask] - torch.logsumexp(row[mask], 0)
            posm = (lab[mask] == lab[i])
            Li = -logp[posm].mean() if kind == "out" else -torch.logsumexp(logp[posm], 0) + math.log(int(posm.sum()))
            g, = torch.autograd.grad(Li, zi)
            pred = (W[i] @ z) / t
            assert torch.allclose(g, pred, atol=1e-9), (kind, i, g, pred)


def main():
    ap = C.base_arg_parser(__doc__.splitlines()[0], default_out=f"public/models/{MODEL_ID}")
    args = ap.parse_args()
    torch = C.require_torch()
    t0 = time.perf_counter()
    C.seed_everything(args.seed, args.threads)
    mod = build_module()
    ref = reference_batch()
    check_gradient(mod, ref, 0.1)
    check_gradient(mod, random_batch(7), 0.5)
    out = C.repo_path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    ex = (torch.from_numpy(ref["z"]), torch.from_numpy(ref["labels"]), torch.from_numpy(ref["views"]),
          torch.tensor([0.1], dtype=torch.float32))
    proto = C.export_onnx(mod, ex, out / "model.onnx", ["z", "labels", "views", "tau"], OUT_NAMES)
    inputs, outputs = C.onnx_io(proto)

    def run(b, tau):
        ins = (torch.from_numpy(b["z"]), torch.from_numpy(b["labels"]), torch.from_numpy(b["views"]),
               torch.tensor([tau], dtype=torch.float32))
        with torch.no_grad():
            o = mod(*ins)
        return ins, [x.numpy() for x in o]

    cases, ref_vals = [], {}
    for name, b, tau in (("reference-tau-0.1", ref, 0.1), ("reference-tau-0.5", ref, 0.5),
                         ("random-seed-7-tau-1.0", random_batch(7), 1.0)):
        ins, o = run(b, tau)
        cases.append({"name": name, "inputs": {k: C.tensor_json(v.numpy()) for k, v in zip(["z", "labels", "views", "tau"], ins)},
                      "outputs": {k: C.tensor_json(v) for k, v in zip(OUT_NAMES, o)}})
        if name.startswith("reference"):
            ref_vals[tau] = {k: float(v) for k, v in zip(OUT_NAMES[:3], o[:3])}
    C.write_fixtures(out, MODEL_ID, cases)
    for tau, v in ref_vals.items():
        assert v["loss_in"] <= v["loss_out"] + 1e-6, "Jensen: L_in ≤ L_out"

    _, o = run(ref, 0.1)
    baked = {"model": MODEL_ID, "N": N, "D": DIM,
             "reference_batch": {"angles_deg": [round(a, 4) for a in ref["angles_deg"]], "z": S.B.rnd(ref["z"], 6),
                                 "labels": ref["labels"].tolist(), "views": ref["views"].tolist(),
                                 "doc": reference_batch.__doc__},
             "reference_values": {str(t): {k: round(x, 6) for k, x in v.items()} for t, v in ref_vals.items()},
             "reference_probs_tau_0.1": S.B.rnd(o[3], 6),
             "reference_grad_weights_out_tau_0.1": S.B.rnd(o[4], 6),
             "reference_grad_weights_in_tau_0.1": S.B.rnd(o[5], 6)}
    C.write_json(out / "baked.json", baked, compact=True)

    def ent(v, ru, en):
        return {"value": round(v, 4), "split": "reference-batch", "unit": "nats", "label": {"ru": ru, "en": en}}
    metrics = {}
    for tau, v in ref_vals.items():
        ts, tr = str(tau).replace(".", "_"), str(tau).replace(".", ",")
        metrics[f"loss_out_tau_{ts}"] = ent(v["loss_out"], f"L_out на эталонном батче, τ = {tr}", f"L_out on the reference batch, τ = {tau}")
        metrics[f"loss_in_tau_{ts}"] = ent(v["loss_in"], f"L_in на эталонном батче, τ = {tr}", f"L_in on the reference batch, τ = {tau}")
        metrics[f"loss_simclr_tau_{ts}"] = ent(v["loss_simclr"], f"SimCLR на эталонном батче, τ = {tr}", f"SimCLR loss on the reference batch, τ = {tau}")
    onnx_path = out / "model.onnx"
    card = {
        "id": MODEL_ID,
        "title": {"ru": "Функции потерь SupCon и SimCLR (ONNX)", "en": "The SupCon and SimCLR losses (ONNX)"},
        "summary": {"ru": "L_out, L_in и SimCLR для 12 точек на окружности, вероятности P_ia и веса градиента — "
                          "экспортированы из того же кода PyTorch, которым обучены модели.",
                    "en": "L_out, L_in and the SimCLR loss for 12 points on the circle, the probabilities P_ia and the "
                          "gradient weights, exported from the same PyTorch code the models were trained with."},
        "file": "model.onnx", "sha256": C.file_sha256(onnx_path), "bytes": C.file_bytes(onnx_path),
        "parameters": 0, "opset": C.OPSET, "size_budget_bytes": 64 * 1024,
        "inputs": inputs, "outputs": outputs, "preprocess": {"z": "normalised to unit length inside the graph"},
        "data": {"name": "synthetic reference batch (no training data)", "licence": "n/a (generated by training/supcon_loss.py)",
                 "source": "training/supcon_loss.py, reference_batch()"},
        "training": {"seed": args.seed, "torch": C.torch_version(), "threads": args.threads, "deterministic": True,
                     "steps": 0, "note": "no training: a pure function exported from supcon_common.loss_terms"},
        "splits": {"reference-batch": {
            "ru": "эталонный батч: 12 точек на окружности — 3 класса × 2 изображения × 2 вида; центры классов 90°, 210°, "
                  "330°, изображения класса в центре ∓ 20°, виды изображения ±8° (baked.json.reference_batch)",
            "en": "the reference batch: 12 points on the circle — 3 classes × 2 images × 2 views; class centres at 90°, "
                  "210°, 330°, a class's images at centre ∓ 20°, an image's views at ±8° (baked.json.reference_batch)"}},
        "metrics": metrics,
        "command": C.command_line(),
        "losses": {"doc": __doc__, "reduction": "mean over the N anchors (the paper writes a sum; the mean only rescales)",
                   "jensen": "L_in ≤ L_out on every batch (log of a mean ≥ mean of logs)"},
        "baked": ["baked.json"],
        "baked_notes": {"ru": "reference_batch — эталонный батч (углы, z, labels, views); reference_values — три потери при "
                              "τ = 0,1 и 0,5; reference_probs / grad_weights — матрицы 12×12 при τ = 0,1.",
                        "en": "reference_batch: the reference batch (angles, z, labels, views); reference_values: the three "
                              "losses at τ = 0.1 and 0.5; reference_probs / grad_weights: the 12×12 matrices at τ = 0.1."},
        "created": C.created_date(),
    }
    card["training"]["wall_time_s"] = round(time.perf_counter() - t0, 1)
    C.write_card(out, card)
    print(f"{MODEL_ID}: bytes={card['bytes']} " + ", ".join(f"{k}={m['value']}" for k, m in metrics.items()))


if __name__ == "__main__":
    main()
