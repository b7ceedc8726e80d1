"""Shared code for the Supervised Contrastive Learning toy models (Khosla et al., NeurIPS 2020).

Builds on training/byol_common.py (imported, not copied): the same encoder/projector, the same
augmentation pipeline (`make_views`, mulberry32 stream), the same data splits, optimiser, budget
(STEPS × BATCH, two views per image), probe protocol and model-folder writer. Adds:
- the three losses of the paper (eqs. 1–3) as torch code on L2-normalised z [N, D], labels [N];
  `loss_terms` is also what training/supcon_loss.py exports to ONNX (same code path);
- the SupCon / SimCLR training loop;
- deterministic, TS-portable corruptions (Gaussian noise via vectorised mulberry32 + Box–Muller,
  Gaussian blur with byol_common's 5-tap kernel, a black square occlusion at a seeded position);
- class-tightness metrics and the linear classifier baked as weights (representation → logits).
See training/README.md, section "SupCon models".
"""
from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import byol_common as B  # noqa: E402
import common as C  # noqa: E402

# --------------------------------------------------------------------------- losses (paper eqs. 1–3)


def loss_terms(z, labels, views, tau):
    """z: [N, D] L2-normalised; labels, views: int64 [N]; tau: scalar tensor.
    Returns (loss_out, loss_in, loss_simclr, probs) with losses averaged over the N anchors and
    probs[i, a] = exp(z_i·z_a/τ) / Σ_{a'∈A(i)} exp(z_i·z_a'/τ) (0 on the diagonal), the P_ia of the
    paper's gradient. Written with masks (no -inf) so that the ONNX export is plain arithmetic.
    SimCLR's positive j(i) is the other item with the same `views` id (image index)."""
    import torch
    n = z.shape[0]
    eye = torch.eye(n, dtype=z.dtype)
    not_self = 1.0 - eye
    sim = (z @ z.t()) / tau
    sim = sim - sim.max(dim=1, keepdim=True)[0].detach()  # stability; cancels in every ratio
    exp_sim = torch.exp(sim) * not_self                       # a ∈ A(i) = I \ {i}
    log_denom = torch.log(exp_sim.sum(dim=1, keepdim=True))
    log_prob = sim - log_denom                                # log P_ia (diagonal unused)
    probs = exp_sim / exp_sim.sum(dim=1, keepdim=True)

    pos = (labels.view(-1, 1) == labels.view(1, -1)).to(z.dtype) * not_self    # P(i)
    n_pos = pos.sum(dim=1)
    # L_out: −1/|P(i)| Σ_p log P_ip  (mean over positives OUTSIDE the log)
    loss_out = (-(pos * log_prob).sum(dim=1) / n_pos).mean()
    # L_in: −log( 1/|P(i)| Σ_p P_ip )  (mean over positives INSIDE the log)
    loss_in = (-torch.log((pos * probs).sum(dim=1) / n_pos)).mean()
    # SimCLR / InfoNCE: the only positive is the other view j(i)
    jpos = (views.view(-1, 1) == views.view(1, -1)).to(z.dtype) * not_self
    loss_simclr = (-(jpos * log_prob).sum(dim=1) / jpos.sum(dim=1)).mean()
    return loss_out, loss_in, loss_simclr, probs


def simclr_loss(z, views, tau):
    """Paper eq. 1 (mean over anchors). views: image index of each row (two rows per image)."""
    return loss_terms(z, views, views, tau)[2]


def supcon_out_loss(z, labels, tau):
    """Paper eq. 2, L^sup_out (mean over anchors)."""
    return loss_terms(z, labels, labels, tau)[0]


def supcon_in_loss(z, labels, tau):
    """Paper eq. 3, L^sup_in (mean over anchors)."""
    return loss_terms(z, labels, labels, tau)[1]


# --------------------------------------------------------------------------- training


def train_contrastive(D, gen, seed, *, loss_kind, tau, steps=B.STEPS, batch=B.BATCH, log_every=50):
    """SimCLR / SupCon on the SSL subset with byol_common's encoder + projector (no predictor), the same
    augmentation stream, optimiser, schedule and batch as the BYOL scripts. loss_kind: simclr | out | in."""
    import torch
    import torch.nn.functional as F
    model = B.build_online(False)
    opt = torch.optim.Adam(model.parameters(), lr=B.LR, weight_decay=B.WEIGHT_DECAY)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps)
    rng = B.Mulberry32(seed * 7919 + 1)
    n = len(D["ssl_x01"])
    losses, t0 = [], time.perf_counter()
    tau_t = torch.tensor(float(tau))
    view_ids = torch.arange(batch).repeat(2)
    for k, idx in enumerate(B.batch_indices(n, batch, steps, gen)):
        v = B.make_views(D, idx, rng)
        y = D["ssl_y"][idx]
        model.train()
        z = F.normalize(model(v)[1], dim=1)
        if loss_kind == "simclr":
            loss = simclr_loss(z, view_ids, tau_t)
        elif loss_kind == "out":
            loss = supcon_out_loss(z, torch.cat([y, y]), tau_t)
        else:
            loss = supcon_in_loss(z, torch.cat([y, y]), tau_t)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        losses.append(loss.item())
        if (k + 1) % log_every == 0:
            print(f"  step {k + 1}/{steps} loss {np.mean(losses[-log_every:]):.4f} ({time.perf_counter() - t0:.1f}s)", flush=True)
    return model, {"loss_first_50": float(np.mean(losses[:50])), "loss_last_50": float(np.mean(losses[-50:])),
                   "train_time_s": time.perf_counter() - t0}


# --------------------------------------------------------------------------- corruptions (TS-portable)

NOISE_SIGMAS = [0.1, 0.2, 0.3, 0.5]
BLUR_SIGMAS = [0.5, 1.0, 1.5, 2.0]
OCCLUSION_SIDES = [6, 10, 14, 18]
NOISE_SEED, OCCLUSION_SEED = 1234, 4321

CORRUPTION_DOC = (
    "Applied to the 10,000 test images as pixels p/255 in [0, 1], before the card's normalisation. "
    "noise σ: x ← clamp(x + σ·g, 0, 1), g from mulberry32(1234): for test image i (0-based, test order) and pixel "
    "j (row-major), uniforms u1 = draw number 2(784i + j), u2 = draw number 2(784i + j) + 1 of the stream, "
    "g = √(−2 ln(1 − u1))·cos(2π u2); the same g for every σ. blur σ: the augmentation's separable 5-tap "
    "Gaussian (exp(−t²/2σ²)/Σ, t = −2..2, edge pixels replicated). occlusion s: an s×s square set to 0 (black) "
    "at x0 = floor(u1·(28 − s + 1)), y0 = floor(u2·(28 − s + 1)) with u1, u2 = draws 2i, 2i + 1 of mulberry32(4321) "
    "(columns x0..x0+s−1, rows y0..y0+s−1)."
)


def mulberry32_block(seed: int, count: int) -> np.ndarray:
    """The first `count` outputs of Mulberry32(seed).next(), vectorised (the state advances by a constant,
    so draw k depends only on a_k = seed + (k+1)·0x6D2B79F5 mod 2^32). Bit-identical to B.Mulberry32."""
    M = np.uint64(0xFFFFFFFF)
    k = np.arange(1, count + 1, dtype=np.uint64)
    a = (np.uint64(seed & 0xFFFFFFFF) + k * np.uint64(0x6D2B79F5)) & M
    t = ((a ^ (a >> np.uint64(15))) * (a | np.uint64(1))) & M
    t = t ^ ((t + (((t ^ (t >> np.uint64(7))) * (t | np.uint64(61))) & M)) & M)
    return ((t ^ (t >> np.uint64(14))) & M).astype(np.float64) / 4294967296.0


def noise_field(n_images: int) -> np.ndarray:
    u = mulberry32_block(NOISE_SEED, 2 * n_images * 784).reshape(n_images, 784, 2)
    g = np.sqrt(-2 * np.log(1 - u[..., 0])) * np.cos(2 * np.pi * u[..., 1])
    return g.reshape(n_images, 28, 28)


def occlusion_positions(n_images: int, side: int) -> np.ndarray:
    u = mulberry32_block(OCCLUSION_SEED, 2 * n_images).reshape(n_images, 2)
    return np.floor(u * (28 - side + 1)).astype(np.int64)  # [:,0] = x0, [:,1] = y0


def corrupt(x01: np.ndarray, kind: str, s: float, noise=None) -> np.ndarray:
    """x01: float64 [n,28,28] in [0,1]."""
    if kind == "noise":
        return np.clip(x01 + s * noise, 0, 1)
    if kind == "blur":
        Bm = B.blur_matrix(s)
        return Bm @ x01 @ Bm.T
    if kind == "occlusion":
        out = x01.copy()
        pos = occlusion_positions(len(x01), int(s))
        for i, (x0, y0) in enumerate(pos):
            out[i, y0:y0 + int(s), x0:x0 + int(s)] = 0
        return out
    raise ValueError(kind)


# --------------------------------------------------------------------------- evaluation


def fit_probe(ftr, ytr):
    """byol_common's probe (StandardScaler + LogisticRegression C=1, max_iter=300, lbfgs), returned as
    plain weights on the raw representation: logits = rep·Wᵀ + b (scaler folded in)."""
    import warnings
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler
    sc = StandardScaler().fit(ftr)
    clf = LogisticRegression(C=1.0, max_iter=300)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(sc.transform(ftr), ytr)
    W = clf.coef_ / sc.scale_[None, :]
    b = clf.intercept_ - W @ sc.mean_
    return W, b


def class_cos(feats, y):
    """Mean cosine of L2-normalised features over distinct same-class pairs and over different-class pairs."""
    a = B.l2n(feats)
    S = a.sum(axis=0)
    within_sum, within_n, sq = 0.0, 0.0, 0.0
    for c in range(10):
        Sc = a[y == c].sum(axis=0)
        nc = float((y == c).sum())
        within_sum += float(Sc @ Sc) - nc
        within_n += nc * (nc - 1)
        sq += nc * nc
        # pairs (i, j), i != j, both ordered
    between_total = float(S @ S) - float(sum(float(a[y == c].sum(0) @ a[y == c].sum(0)) for c in range(10)))
    N = float(len(a))
    intra = within_sum / within_n
    inter = between_total / (N * N - sq)
    return intra, inter


def evaluate_all(model, D, *, is_ce: bool):
    """All metrics of the protocol. Returns (metrics dict, probe weights W [10,128], bias b [10])."""
    import torch

    def fn(x):
        model.eval()
        return model(x)
    base, _ = B.evaluate(lambda x: fn(x)[:2] if not is_ce else fn(x)[:1], D)
    rep_tr = B.embed(lambda x: fn(x)[:1], D["probe_x"])[0]
    outs_te = B.embed(lambda x: fn(x)[:2], D["test_x"])
    rep_te, second_te = outs_te
    W, b = fit_probe(rep_tr, D["probe_y"])
    yte = D["test_y"]

    def acc(rep):
        return float(((rep @ W.T + b).argmax(axis=1) == yte).mean())
    m = dict(base)
    m["accuracy"] = acc(rep_te)
    x01 = D["test_u8"].astype(np.float64) / 255
    noise = noise_field(len(x01))
    for kind, strengths in (("noise", NOISE_SIGMAS), ("blur", BLUR_SIGMAS), ("occlusion", OCCLUSION_SIDES)):
        for s in strengths:
            xc = corrupt(x01, kind, s, noise)
            xin = torch.from_numpy(((xc - D["pre"]["mean"]) / D["pre"]["std"]).astype(np.float32)).unsqueeze(1)
            m[f"accuracy_{kind}_{skey(s)}"] = acc(B.embed(lambda x: fn(x)[:1], xin)[0])
    intra, inter = class_cos(rep_te, yte)
    m["intra_class_cos"], m["inter_class_cos"], m["class_cos_gap"] = intra, inter, intra - inter
    if not is_ce:
        intra, inter = class_cos(second_te, yte)
        m["intra_class_cos_projection"], m["inter_class_cos_projection"] = intra, inter
        m["class_cos_gap_projection"] = intra - inter
    return m, W, b


def skey(s) -> str:
    return str(s).replace(".", "_")


def extra_metric_entries(m: dict) -> dict:
    def ent(v, split, unit, ru, en):
        return {"value": round(v, 4), "split": split, "unit": unit, "label": {"ru": ru, "en": en}}
    out = {"accuracy": ent(m["accuracy"], "test", "fraction",
                           "точность линейного классификатора на замороженном представлении (= probe_accuracy; веса в baked.json)",
                           "accuracy of the linear classifier on the frozen representation (= probe_accuracy; weights in baked.json)")}
    names = {"noise": ("гауссов шум σ", "Gaussian noise σ"), "blur": ("гауссово размытие σ", "Gaussian blur σ"),
             "occlusion": ("чёрный квадрат стороной", "black square of side")}
    for kind, strengths in (("noise", NOISE_SIGMAS), ("blur", BLUR_SIGMAS), ("occlusion", OCCLUSION_SIDES)):
        for s in strengths:
            ru, en = names[kind]
            s_ru = str(s).replace(".", ",")
            out[f"accuracy_{kind}_{skey(s)}"] = ent(m[f"accuracy_{kind}_{skey(s)}"], "test-corrupted", "fraction",
                                                    f"точность на тесте с искажением: {ru} {s_ru}",
                                                    f"accuracy on the corrupted test set: {en} {s}")
    for suf, what_ru, what_en in (("", "представлений (128-d)", "representations (128-d)"),
                                  ("_projection", "проекций (64-d)", "projections (64-d)")):
        if f"intra_class_cos{suf}" not in m:
            continue
        out[f"intra_class_cos{suf}"] = ent(m[f"intra_class_cos{suf}"], "test", "value",
                                           f"средний косинус между нормированными {what_ru} одного класса",
                                           f"mean cosine between L2-normalised {what_en} of the same class")
        out[f"inter_class_cos{suf}"] = ent(m[f"inter_class_cos{suf}"], "test", "value",
                                           f"средний косинус между нормированными {what_ru} разных классов",
                                           f"mean cosine between L2-normalised {what_en} of different classes")
        out[f"class_cos_gap{suf}"] = ent(m[f"class_cos_gap{suf}"], "test", "value",
                                         f"разница: внутриклассовый − межклассовый косинус ({what_ru})",
                                         f"gap: intra-class − inter-class cosine ({what_en})")
    return out


SPLITS = {
    **B.SPLITS,
    "test-corrupted": {"ru": "те же 10 000 тестовых изображений с детерминированным искажением (описание в corruptions); "
                             "классификатор тот же, обученный на чистом probe-train",
                       "en": "the same 10,000 test images with a deterministic corruption (see corruptions); the same "
                             "classifier, fit on clean probe-train"},
}

PROTOCOL = {
    **B.PROTOCOL,
    "classifier": "frozen encoder; the linear probe above (fit on the 10,000-image probe-train subset) is the classifier "
                  "of every accuracy metric; baked.json.classifier holds it with the scaler folded in "
                  "(logits = representation·Wᵀ + b)",
    "tightness": "intra/inter_class_cos: mean cosine between L2-normalised test features over all distinct same-class "
                 "pairs / all different-class pairs (10,000 test images); on the representation for every model and, "
                 "for the contrastive models, also on the projection (the space the loss acts on; CE has no projector)",
    "corruptions": CORRUPTION_DOC,
}

BAKED_NOTES = {
    "ru": B.BAKED_NOTES["ru"] + " classifier: линейный классификатор на 128-d представлении, logits = representation·Wᵀ + b "
          "(W — 10×128, b — 10; стандартизация уже внесена в веса). corruptions: параметры искажений и их точности.",
    "en": B.BAKED_NOTES["en"] + " classifier: the linear classifier on the 128-d representation, logits = representation·Wᵀ + b "
          "(W is 10×128, b is 10; the standardisation is folded in). corruptions: the corruption parameters and accuracies.",
}


def corruption_curves(m):
    return {"doc": CORRUPTION_DOC,
            "noise": {"sigma": NOISE_SIGMAS, "accuracy": [round(m[f"accuracy_noise_{skey(s)}"], 4) for s in NOISE_SIGMAS]},
            "blur": {"sigma": BLUR_SIGMAS, "accuracy": [round(m[f"accuracy_blur_{skey(s)}"], 4) for s in BLUR_SIGMAS]},
            "occlusion": {"side": OCCLUSION_SIDES,
                          "accuracy": [round(m[f"accuracy_occlusion_{skey(s)}"], 4) for s in OCCLUSION_SIDES]},
            "clean_accuracy": round(m["accuracy"], 4)}


def run_model(doc, model_id, *, loss_kind, tau, title, summary, variant, finish=None):
    """loss_kind: ce | simclr | out | in. finish(card_extra, baked_extra, metrics, args) may add data."""
    ap = B.common_args(doc, model_id)
    args = ap.parse_args()
    C.require_torch()
    t_start = time.perf_counter()
    gen = C.seed_everything(args.seed, args.threads)
    D = B.load_data(args.data)
    if loss_kind == "ce":
        model, info = B.train_supervised(D, gen, args.seed, steps=args.steps)
        out_names = ["representation", "logits"]
        loss_doc = "cross-entropy on the labels of the self-supervised subset (linear head 128→10 on the representation)"
    else:
        model, info = train_contrastive(D, gen, args.seed, loss_kind=loss_kind, tau=tau, steps=args.steps)
        out_names = ["representation", "projection"]
        loss_doc = {"simclr": "SimCLR / InfoNCE (paper eq. 1), positive = the other view of the same image",
                    "out": "SupCon L^sup_out (paper eq. 2), positives = all other same-label views, mean outside the log",
                    "in": "SupCon L^sup_in (paper eq. 3), positives = all other same-label views, mean inside the log"}[loss_kind]
        loss_doc += "; on L2-normalised projections, mean over the 512 anchors of the 2×256-view batch"
    training = {**B.optimizer_doc(args.steps), "loss": loss_doc, "temperature": tau,
                "train_time_s": round(info["train_time_s"], 1),
                "loss_first_50_steps": round(info["loss_first_50"], 4), "loss_last_50_steps": round(info["loss_last_50"], 4)}
    metrics, W, b = evaluate_all(model, D, is_ce=loss_kind == "ce")
    card_extra = {"variant": variant, "splits": SPLITS, "evaluation_protocol": PROTOCOL, "metrics_extra": extra_metric_entries(metrics),
                  "corruptions": corruption_curves(metrics)}
    baked_extra = {"classifier": {"input": "representation", "W": B.rnd(W, 6), "b": B.rnd(b, 6),
                                  "formula": "logits = representation·Wᵀ + b; argmax = class id"},
                   "corruptions": corruption_curves(metrics)}
    if finish is not None:
        finish(card_extra, baked_extra, metrics, args)
    base_keys = ("probe_accuracy", "knn_accuracy", "collapse_std", "collapse_std_representation")
    rep_fn = lambda x: (model.eval(), model(x))[1][:1]  # noqa: E731
    card = B.write_model_folder(
        model_id=model_id, title=title, summary=summary, export_module=model, output_names=out_names, D=D, args=args,
        metrics={k: metrics[k] for k in base_keys}, collapse_on="representation" if loss_kind == "ce" else "projection",
        training=training, notes=BAKED_NOTES, baked_extra=baked_extra, extra_card=card_extra, total_timer=t_start,
        rep_fn=rep_fn)
    bp = C.repo_path(args.out) / "baked.json"
    baked = json.loads(bp.read_text())
    baked["metrics"] = {k: round(v, 4) for k, v in metrics.items()}
    C.write_json(bp, baked, compact=True)
    print(json.dumps({k: round(v, 4) for k, v in metrics.items()}), flush=True)
    return metrics
