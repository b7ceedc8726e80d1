"""Train and export the two tiny SAINT models (saint-full: column + intersample attention; saint-s:
column attention only) on the synthetic churn table of training/saint_data.py, plus the two
baselines (sklearn HistGradientBoostingClassifier, logistic regression), and measure:
  * full labels (3,600 training rows): accuracy and ROC AUC on the 1,500-row test split;
  * few labels (50 / 200 labelled training rows, 3 random draws each, fixed training budget, no
    model selection): SAINT and SAINT-s from scratch, SAINT and SAINT-s after self-supervised
    pre-training on all 3,600 training rows without labels (CutMix in input space + mixup in
    embedding space, InfoNCE + denoising, paper §4), and both baselines;
  * missing values at test time: an extra 10 / 30 / 50 % of all test cells blanked at random;
  * batch dependence of saint-full (test batches of 1, 8, 32, 128 rows) and where its intersample
    attention goes (share of attention on rows of the same hidden segment vs. the share of such rows).
Writes public/models/saint-full/ and public/models/saint-s/ (model.onnx, card.json, fixtures.json,
baked.json) and tests/fixtures/saint-preprocess.json. One script writes both ids because they share
the data, the baselines and every comparison.

Run: nice -n 10 /usr/bin/python3 training/saint_tabular.py   (about 4–6 minutes on one thread)
"""
from __future__ import annotations

import copy
import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402
import saint_data as SD  # noqa: E402
import saint_model as SM  # noqa: E402

BATCH = 32
LR = 2e-3
WD = 1e-2
EPOCHS = 30
FEW_SIZES = [50, 200]
FEW_DRAWS = 3
FEW_STEPS = 300
PRE_EPOCHS = 12
PRE = {"p_cutmix": 0.3, "mixup_own_weight": 0.8, "tau": 0.7, "lambda_denoise": 10.0, "proj_dim": 32}
MISSING_FRACS = [0.0, 0.1, 0.3, 0.5]
BATCH_SIZES = [1, 8, 32, 128]
WIDGET_ROWS = 8
BUDGET = 2 * 1024 * 1024
OUT_NAMES = {True: ["logits", "probs", "row_attention"], False: ["logits", "probs"]}


def auc(y, p):
    from sklearn.metrics import roc_auc_score
    return float(roc_auc_score(y, p))


def acc(y, p):
    return float(np.mean((np.asarray(p) >= 0.5) == np.asarray(y)))


class Data:
    def __init__(self):
        self.num_raw, self.cat_raw, self.y, self.seg, self.p_true = SD.generate(with_truth=True)
        self.idx = SD.split_indices()
        self.mean, self.std = SD.numeric_stats(self.num_raw[self.idx["train"]])
        self.cat_sizes = [len(c["values"]) for c in SD.CATEGORICAL]

    def inputs(self, rows, extra_missing=0.0, seed=0):
        num, cat = self.num_raw[rows], self.cat_raw[rows]
        if extra_missing > 0:
            num, cat = SD.mask_cells(num, cat, extra_missing, seed)
        return SD.preprocess(num, cat, self.mean, self.std)

    def raw(self, rows, extra_missing=0.0, seed=0):
        num, cat = self.num_raw[rows], self.cat_raw[rows]
        if extra_missing > 0:
            num, cat = SD.mask_cells(num, cat, extra_missing, seed)
        return num, cat


def tensors(x):
    import torch
    z, m, c = x
    return torch.from_numpy(z), torch.from_numpy(m), torch.from_numpy(c)


def predict(model, x, bs=BATCH, with_attention=False):
    import torch
    model.eval()
    z, m, c = tensors(x)
    out, atts = [], []
    with torch.no_grad():
        for i in range(0, z.shape[0], bs):
            o = model(z[i:i + bs], m[i:i + bs], c[i:i + bs])
            out.append(o[1][:, 1].numpy())
            if with_attention:
                atts.append(o[2].numpy())
    p = np.concatenate(out).astype(np.float64)
    return (p, atts) if with_attention else p


def train_supervised(model, x, y, gen, *, epochs=None, steps=None, val=None, log=""):
    """Cross-entropy with AdamW. With `epochs` + `val`: keeps the epoch with the best validation AUC.
    With `steps`: a fixed budget of random batches, no selection (the few-label protocol)."""
    import torch
    import torch.nn.functional as F
    z, m, c = tensors(x)
    yt = torch.from_numpy(np.asarray(y, dtype=np.int64))
    n = z.shape[0]
    opt = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=WD)
    best = (-1.0, None, 0)
    history = []

    def step(ix):
        model.train()
        loss = F.cross_entropy(model(z[ix], m[ix], c[ix])[0], yt[ix])
        opt.zero_grad()
        loss.backward()
        opt.step()
        return float(loss)

    if epochs is not None:
        for ep in range(1, epochs + 1):
            perm = torch.randperm(n, generator=gen)
            losses = [step(perm[i:i + BATCH]) for i in range(0, n - BATCH + 1, BATCH)]
            pv = predict(model, val[0])
            a = auc(val[1], pv)
            history.append({"epoch": ep, "train_loss": round(float(np.mean(losses)), 4), "val_auc": round(a, 4), "val_accuracy": round(acc(val[1], pv), 4)})
            if a > best[0]:
                best = (a, copy.deepcopy(model.state_dict()), ep)
            print(f"{log} epoch {ep}: loss {np.mean(losses):.4f} val AUC {a:.4f}", flush=True)
        model.load_state_dict(best[1])
        return {"selected_epoch": best[2], "val_auc": round(best[0], 4), "history": history}
    bs = min(BATCH, n)
    for s in range(steps):
        ix = torch.randperm(n, generator=gen)[:bs]
        step(ix)
    return {"steps": steps}


def pretrain(model, x, gen, log=""):
    """Self-supervised pre-training (paper §4): view 1 = the row; view 2 = CutMix in input space
    (each cell replaced by the same cell of a random other row with probability p_cutmix), then mixup
    in embedding space (own weight 0.8, partner 0.2). Loss = InfoNCE between projections of the two
    encoded views (τ = 0.7) + λ · denoising (per-column heads reconstruct the original observed cells
    from view 2: MSE for numeric, cross-entropy for categorical)."""
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    z, m, c = tensors(x)
    n, n_num = z.shape[0], z.shape[1]
    n_tok = 1 + n_num + c.shape[1]
    f = n_tok * SM.D
    proj1 = nn.Sequential(nn.Linear(f, 64), nn.ReLU(), nn.Linear(64, PRE["proj_dim"]))
    proj2 = nn.Sequential(nn.Linear(f, 64), nn.ReLU(), nn.Linear(64, PRE["proj_dim"]))
    num_heads = nn.ModuleList([nn.Linear(SM.D, 1) for _ in range(n_num)])
    cat_sizes = [len(cc["values"]) for cc in SD.CATEGORICAL]
    cat_heads = nn.ModuleList([nn.Linear(SM.D, k) for k in cat_sizes])
    extra = list(proj1.parameters()) + list(proj2.parameters()) + list(num_heads.parameters()) + list(cat_heads.parameters())
    opt = torch.optim.AdamW(list(model.parameters()) + extra, lr=LR, weight_decay=WD)
    losses = []
    for ep in range(1, PRE_EPOCHS + 1):
        perm = torch.randperm(n, generator=gen)
        ep_losses = []
        for i in range(0, n - BATCH + 1, BATCH):
            ix = perm[i:i + BATCH]
            b = ix.shape[0]
            zb, mb, cb = z[ix], m[ix], c[ix]
            partner = torch.randperm(b, generator=gen)
            swap = torch.rand(b, n_num + c.shape[1], generator=gen) < PRE["p_cutmix"]
            sn, sc = swap[:, :n_num], swap[:, n_num:]
            z2 = torch.where(sn, zb[partner], zb)
            m2 = torch.where(sn, mb[partner], mb)
            c2 = torch.where(sc, cb[partner], cb)
            model.train()
            e1 = model.embed(zb, mb, cb)
            e2 = model.embed(z2, m2, c2)
            partner2 = torch.randperm(b, generator=gen)
            e2 = PRE["mixup_own_weight"] * e2 + (1 - PRE["mixup_own_weight"]) * e2[partner2]
            r1, _ = model.encode(e1)
            r2, _ = model.encode(e2)
            p1 = F.normalize(proj1(r1.reshape(b, f)), dim=1)
            p2 = F.normalize(proj2(r2.reshape(b, f)), dim=1)
            logits = p1 @ p2.t() / PRE["tau"]
            l_con = F.cross_entropy(logits, torch.arange(b))
            l_den = 0.0
            for j in range(n_num):
                obs = mb[:, j] < 0.5
                if obs.any():
                    pred = num_heads[j](r2[:, 1 + j]).squeeze(-1)
                    l_den = l_den + F.mse_loss(pred[obs], zb[obs, j])
            for j, k in enumerate(cat_sizes):
                obs = cb[:, j] < k
                if obs.any():
                    l_den = l_den + F.cross_entropy(cat_heads[j](r2[:, 1 + n_num + j])[obs], cb[obs, j])
            loss = l_con + PRE["lambda_denoise"] * l_den / (n_num + len(cat_sizes))
            opt.zero_grad()
            loss.backward()
            opt.step()
            ep_losses.append(float(loss))
        losses.append(round(float(np.mean(ep_losses)), 4))
        print(f"{log} pre-train epoch {ep}: loss {losses[-1]:.4f}", flush=True)
    return losses


# --------------------------------------------------------------------------- baselines

def gbdt(params=None):
    from sklearn.ensemble import HistGradientBoostingClassifier
    return HistGradientBoostingClassifier(categorical_features=[4, 5, 6, 7], random_state=0, **(params or {}))


def gbdt_x(num, cat):
    return np.concatenate([num, np.where(cat < 0, np.nan, cat).astype(np.float64)], axis=1)


def lr_x(D, num, cat):
    z, miss, _ = SD.preprocess(num, cat, D.mean, D.std)
    cols = [z, miss]
    for j, k in enumerate(D.cat_sizes):
        oh = np.zeros((cat.shape[0], k + 1), dtype=np.float32)
        oh[np.arange(cat.shape[0]), np.where(cat[:, j] < 0, k, cat[:, j])] = 1
        cols.append(oh)
    return np.concatenate(cols, axis=1)


def logreg(Cval=1.0):
    from sklearn.linear_model import LogisticRegression
    return LogisticRegression(C=Cval, max_iter=2000)


def main():
    ap = C.base_arg_parser(__doc__.split("\n")[0])
    ap.set_defaults(threads=1)
    ap.add_argument("--out-full", default="public/models/saint-full")
    ap.add_argument("--out-s", default="public/models/saint-s")
    args = ap.parse_args()
    torch = C.require_torch()

    with C.WallTimer() as total:
        C.seed_everything(args.seed, args.threads)
        D = Data()
        tr, va, te = D.idx["train"], D.idx["validation"], D.idx["test"]
        ytr, yva, yte = D.y[tr], D.y[va], D.y[te]
        xtr, xva, xte = D.inputs(tr), D.inputs(va), D.inputs(te)
        n_num = len(SD.NUMERIC)
        results = {"full": {}, "few": {}, "missing": {}, "batch": {}}
        timings = {}

        # ---- baselines, full labels (small grid on validation)
        gtr, gva = gbdt_x(*D.raw(tr)), gbdt_x(*D.raw(va))
        best_g = max(({"learning_rate": lr_, "max_leaf_nodes": ml} for lr_ in (0.05, 0.1) for ml in (7, 15, 31)),
                     key=lambda p: auc(yva, gbdt(p).fit(gtr, ytr).predict_proba(gva)[:, 1]))
        g_full = gbdt(best_g).fit(gtr, ytr)
        ltr, lva = lr_x(D, *D.raw(tr)), lr_x(D, *D.raw(va))
        best_c = max((0.01, 0.1, 1.0, 10.0), key=lambda cv: auc(yva, logreg(cv).fit(ltr, ytr).predict_proba(lva)[:, 1]))
        l_full = logreg(best_c).fit(ltr, ytr)

        # ---- SAINT and SAINT-s, full labels
        models, train_info = {}, {}
        for inter in (True, False):
            name = "saint" if inter else "saint_s"
            C.seed_everything(args.seed, args.threads)
            g = torch.Generator().manual_seed(args.seed + (0 if inter else 1))
            mdl = SM.build_model(n_num, D.cat_sizes, inter)
            with C.WallTimer() as t:
                train_info[name] = train_supervised(mdl, xtr, ytr, g, epochs=EPOCHS, val=(xva, yva), log=name)
            timings[f"{name}_full_s"] = round(t.seconds, 1)
            models[name] = mdl

        # ---- test: full labels, then extra missing cells
        def all_scores(frac):
            xs = D.inputs(te, frac, seed=7)
            raw = D.raw(te, frac, seed=7)
            ps = {"saint": predict(models["saint"], xs), "saint_s": predict(models["saint_s"], xs),
                  "gbdt": g_full.predict_proba(gbdt_x(*raw))[:, 1], "logreg": l_full.predict_proba(lr_x(D, *raw))[:, 1]}
            return {k: {"accuracy": round(acc(yte, p), 4), "auc": round(auc(yte, p), 4)} for k, p in ps.items()}

        for frac in MISSING_FRACS:
            results["missing"][str(frac)] = all_scores(frac)
        results["full"] = results["missing"]["0.0"]
        results["full"]["majority_class_accuracy"] = round(float(max(yte.mean(), 1 - yte.mean())), 4)
        results["full"]["oracle"] = {"accuracy": round(acc(yte, D.p_true[te]), 4), "auc": round(auc(yte, D.p_true[te]), 4)}
        print("full labels:", results["full"], flush=True)

        # ---- batch dependence of saint-full
        for bs in BATCH_SIZES:
            p = predict(models["saint"], xte, bs=bs)
            results["batch"][str(bs)] = {"accuracy": round(acc(yte, p), 4), "auc": round(auc(yte, p), 4)}
        # ---- where the intersample attention goes (test batches of 32, clean)
        _, atts = predict(models["saint"], xte, bs=BATCH, with_attention=True)
        same_mass, same_share, self_mass, top_same = [], [], [], []
        seg_te = D.seg[te]
        for bi, w in enumerate(atts):
            s = seg_te[bi * BATCH: bi * BATCH + w.shape[0]]
            b = w.shape[0]
            if b < 2:
                continue
            same = (s[:, None] == s[None, :]) & ~np.eye(b, dtype=bool)
            off = w * (1 - np.eye(b))
            self_mass.extend(np.diag(w).tolist())
            same_mass.extend(((off * same).sum(1) / np.maximum(off.sum(1), 1e-12)).tolist())
            same_share.extend((same.sum(1) / (b - 1)).tolist())
            top_same.extend(same[np.arange(b), off.argmax(1)].tolist())
        attention_stats = {"self_weight_mean": round(float(np.mean(self_mass)), 4),
                           "same_segment_share_of_other_attention": round(float(np.mean(same_mass)), 4),
                           "same_segment_share_of_other_rows": round(float(np.mean(same_share)), 4),
                           "top_attended_row_same_segment": round(float(np.mean(top_same)), 4)}
        print("attention:", attention_stats, flush=True)

        # ---- few labels
        unl = xtr  # all training rows, labels unused
        pre_states = {}
        for inter in (True, False):
            name = "saint" if inter else "saint_s"
            C.seed_everything(args.seed + 10, args.threads)
            g = torch.Generator().manual_seed(args.seed + 10 + (0 if inter else 1))
            mdl = SM.build_model(n_num, D.cat_sizes, inter)
            with C.WallTimer() as t:
                pre_losses = pretrain(mdl, unl, g, log=name)
            timings[f"{name}_pretrain_s"] = round(t.seconds, 1)
            pre_states[name] = (copy.deepcopy(mdl.state_dict()), pre_losses)
        few_runs = {}
        for n_lab in FEW_SIZES:
            runs = []
            for draw in range(FEW_DRAWS):
                rng = np.random.default_rng(1000 + 17 * n_lab + draw)
                while True:
                    sel = rng.choice(len(tr), size=n_lab, replace=False)
                    if 0 < ytr[sel].sum() < n_lab:
                        break
                xs = tuple(a[sel] for a in xtr)
                ys = ytr[sel]
                r = {}
                for inter in (True, False):
                    name = "saint" if inter else "saint_s"
                    for pre in (False, True):
                        C.seed_everything(args.seed + draw, args.threads)
                        g = torch.Generator().manual_seed(args.seed + 100 * draw + n_lab)
                        mdl = SM.build_model(n_num, D.cat_sizes, inter)
                        if pre:
                            mdl.load_state_dict(pre_states[name][0])
                        train_supervised(mdl, xs, ys, g, steps=FEW_STEPS)
                        p = predict(mdl, xte)
                        r[name + ("_pretrained" if pre else "")] = {"accuracy": acc(yte, p), "auc": auc(yte, p)}
                num_s, cat_s = D.raw(tr[sel])
                pg = gbdt({"max_leaf_nodes": 7, "min_samples_leaf": 5}).fit(gbdt_x(num_s, cat_s), ys).predict_proba(gbdt_x(*D.raw(te)))[:, 1]
                pl = logreg(1.0).fit(lr_x(D, num_s, cat_s), ys).predict_proba(lr_x(D, *D.raw(te)))[:, 1]
                r["gbdt"] = {"accuracy": acc(yte, pg), "auc": auc(yte, pg)}
                r["logreg"] = {"accuracy": acc(yte, pl), "auc": auc(yte, pl)}
                runs.append(r)
                print(f"few {n_lab} draw {draw}:", {k: round(v['auc'], 4) for k, v in r.items()}, flush=True)
            few_runs[str(n_lab)] = runs
            results["few"][str(n_lab)] = {k: {mk: round(float(np.mean([rr[k][mk] for rr in runs])), 4) for mk in ("accuracy", "auc")}
                                          for k in runs[0]}
            results["few"][str(n_lab)]["auc_by_draw"] = {k: [round(rr[k]["auc"], 4) for rr in runs] for k in runs[0]}
        print("few:", results["few"], flush=True)

        # ---- export both models, fixtures, baked
        widget_rows = te[:WIDGET_ROWS]
        wnum, wcat = D.raw(widget_rows)
        wraw = SD.raw_rows(wnum, wcat)
        xw = SD.preprocess(wnum, wcat, D.mean, D.std)
        # a second fixture batch: the same rows with three more cells blanked
        bnum, bcat = wnum.copy(), wcat.copy()
        bnum[0, 0] = np.nan
        bnum[2, 3] = np.nan
        bcat[5, 1] = -1
        xb = SD.preprocess(bnum, bcat, D.mean, D.std)
        schema = SD.schema(D.mean, D.std)
        written = {}
        for inter in (True, False):
            mid = "saint-full" if inter else "saint-s"
            name = "saint" if inter else "saint_s"
            mdl = models[name]
            mdl.eval()
            out = C.repo_path(args.out_full if inter else args.out_s)
            onnx_path = out / "model.onnx"
            ex = tensors(xw)
            dyn = {k: {0: "batch"} for k in ["num", "num_miss", "cat", "logits", "probs"]}
            if inter:
                dyn["row_attention"] = {0: "batch", 1: "batch"}
            proto = C.export_onnx(mdl, ex, onnx_path, ["num", "num_miss", "cat"], OUT_NAMES[inter], dynamic_axes=dyn)
            ins, outs = C.onnx_io(proto)
            cases = []
            for cname, xx in (("widget-batch-8", xw), ("widget-batch-8-blanked", xb), ("single-row", tuple(a[:1] for a in xw)),
                              ("batch-3", tuple(a[3:6] for a in xb))):
                with torch.no_grad():
                    o = mdl(*tensors(xx))
                cases.append({"name": cname,
                              "inputs": {"num": C.tensor_json(xx[0]), "num_miss": C.tensor_json(xx[1]), "cat": C.tensor_json(xx[2])},
                              "outputs": {n_: C.tensor_json(t_.numpy()) for n_, t_ in zip(OUT_NAMES[inter], o)}})
            C.write_fixtures(out, mid, cases)
            with torch.no_grad():
                ow = mdl(*tensors(xw))
            baked = {
                "model": mid,
                "schema": schema,
                "rows": wraw,
                "row_labels": [int(v) for v in D.y[widget_rows]],
                "row_test_indices": list(range(WIDGET_ROWS)),
                "baked": {"probs": [[round(float(v), 6) for v in r] for r in ow[1].numpy()],
                          **({"row_attention": [[round(float(v), 6) for v in r] for r in ow[2].numpy()]} if inter else {})},
            }
            if inter:
                baked["results"] = results
                baked["attention_stats"] = attention_stats
                baked["training_history"] = {k: v["history"] for k, v in train_info.items()}
                baked["pretrain_loss_by_epoch"] = {k: v[1] for k, v in pre_states.items()}
                baked["few_label_runs"] = few_runs
            C.write_json(out / "baked.json", baked, compact=True)
            written[mid] = (out, onnx_path, ins, outs, mdl)

        # TS preprocessing fixture: the widget rows, the blanked rows and edge cases
        edge_num = np.array([[18, 0.0, 0, 0.0], [90, 30.0, 150, 200.0], [np.nan, np.nan, np.nan, np.nan], [35, 2.7, 12, 33.3],
                             [1000, -50, 7, 0.1]], dtype=np.float64)
        edge_cat = np.array([[0, 0, 0, 0], [2, 2, 3, 2], [-1, -1, -1, -1], [1, -1, 2, 0], [2, 1, 0, 1]], dtype=np.int64)
        pcases = []
        for cname, (nn_, cc_) in (("widget-rows", (wnum, wcat)), ("widget-rows-blanked", (bnum, bcat)), ("edge-cases", (edge_num, edge_cat))):
            z, mm, cc = SD.preprocess(nn_, cc_, D.mean, D.std)
            pcases.append({"name": cname, "rows": SD.raw_rows(nn_, cc_),
                           "num": C.tensor_json(z, digits=9), "num_miss": C.tensor_json(mm), "cat": C.tensor_json(cc)})
        C.write_json(C.repo_path("tests/fixtures/saint-preprocess.json"), {"schema": schema, "cases": pcases}, compact=True)

    # ---- cards
    def metric(v, split, unit, ru, en):
        return {"value": round(float(v), 4), "split": split, "unit": unit, "label": {"ru": ru, "en": en}}

    splits = {
        "test": {"ru": "1 500 отложенных строк синтетической таблицы (25 %), 8 % ячеек пусты; пакеты по 32 строки в порядке таблицы",
                 "en": "1,500 held-out rows of the synthetic table (25 %), 8 % of cells empty; batches of 32 rows in table order"},
        "validation": {"ru": "900 строк (15 %) — только для выбора эпохи и настроек базовых моделей при полной разметке",
                       "en": "900 rows (15 %) — only to pick the epoch and the baselines' settings with full labels"},
        "test-missing": {"ru": "тот же тест, где дополнительно стёрта случайная доля всех ячеек (10, 30 или 50 %; зерно 7)",
                         "en": "the same test rows with an extra random share of all cells blanked (10, 30 or 50 %; seed 7)"},
        "test-few-labels": {"ru": "тот же тест; модели обучены лишь на 50 или 200 размеченных строках (среднее по 3 случайным выборкам), без выбора по проверочной части",
                            "en": "the same test rows; models trained on only 50 or 200 labelled rows (mean over 3 random draws), no selection on validation"},
    }
    lab = {"saint": ("SAINT", "SAINT"), "saint_s": ("SAINT-s (без межстрочного внимания)", "SAINT-s (no intersample attention)"),
           "gbdt": ("градиентный бустинг", "gradient boosting"), "logreg": ("логистическая регрессия", "logistic regression")}

    def card_metrics(keys):
        ms = {}
        for k in keys:
            ru, en = lab[k]
            pre = "" if k in ("saint", "saint_s") else k + "_"
            f = results["full"][k]
            ms[pre + "test_accuracy"] = metric(f["accuracy"], "test", "fraction", f"{ru}: точность, все метки", f"{en}: accuracy, all labels")
            ms[pre + "test_auc"] = metric(f["auc"], "test", "fraction", f"{ru}: ROC AUC, все метки", f"{en}: ROC AUC, all labels")
            for frac in MISSING_FRACS[1:]:
                pc = int(round(frac * 100))
                r = results["missing"][str(frac)][k]
                ms[pre + f"missing{pc}_accuracy"] = metric(r["accuracy"], "test-missing", "fraction", f"{ru}: точность, стёрто ещё {pc} % ячеек", f"{en}: accuracy, {pc} % more cells blanked")
                ms[pre + f"missing{pc}_auc"] = metric(r["auc"], "test-missing", "fraction", f"{ru}: ROC AUC, стёрто ещё {pc} % ячеек", f"{en}: ROC AUC, {pc} % more cells blanked")
            for n_lab in FEW_SIZES:
                r = results["few"][str(n_lab)][k]
                ms[pre + f"few{n_lab}_accuracy"] = metric(r["accuracy"], "test-few-labels", "fraction", f"{ru}: точность, {n_lab} меток", f"{en}: accuracy, {n_lab} labels")
                ms[pre + f"few{n_lab}_auc"] = metric(r["auc"], "test-few-labels", "fraction", f"{ru}: ROC AUC, {n_lab} меток", f"{en}: ROC AUC, {n_lab} labels")
                if k in ("saint", "saint_s"):
                    r = results["few"][str(n_lab)][k + "_pretrained"]
                    ms[f"few{n_lab}_pretrained_accuracy"] = metric(r["accuracy"], "test-few-labels", "fraction", f"{ru} с предобучением: точность, {n_lab} меток", f"{en} pre-trained: accuracy, {n_lab} labels")
                    ms[f"few{n_lab}_pretrained_auc"] = metric(r["auc"], "test-few-labels", "fraction", f"{ru} с предобучением: ROC AUC, {n_lab} меток", f"{en} pre-trained: ROC AUC, {n_lab} labels")
        return ms

    for mid, (out, onnx_path, ins, outs, mdl) in written.items():
        inter = mid == "saint-full"
        name = "saint" if inter else "saint_s"
        keys = ["saint", "gbdt", "logreg"] if inter else ["saint_s"]
        ms = card_metrics(keys)
        ms["validation_auc_selected"] = metric(train_info[name]["val_auc"], "validation", "fraction", "ROC AUC на проверочной части (выбранная эпоха)", "validation ROC AUC (selected epoch)")
        if inter:
            ms["oracle_test_accuracy"] = metric(results["full"]["oracle"]["accuracy"], "test", "fraction", "потолок: точность истинной вероятности генератора (знает скрытый сегмент и все стёртые значения)", "ceiling: accuracy of the generator's true probability (knows the hidden segment and every blanked value)")
            ms["oracle_test_auc"] = metric(results["full"]["oracle"]["auc"], "test", "fraction", "потолок: ROC AUC истинной вероятности генератора", "ceiling: ROC AUC of the generator's true probability")
            ms["majority_class_accuracy"] = metric(results["full"]["majority_class_accuracy"], "test", "fraction", "точность константного ответа «чаще встречающийся класс»", "accuracy of always answering the majority class")
            for bs in BATCH_SIZES:
                ms[f"test_accuracy_batch{bs}"] = metric(results["batch"][str(bs)]["accuracy"], "test", "fraction", f"точность при пакетах по {bs} строк", f"accuracy with batches of {bs} rows")
                ms[f"test_auc_batch{bs}"] = metric(results["batch"][str(bs)]["auc"], "test", "fraction", f"ROC AUC при пакетах по {bs} строк", f"ROC AUC with batches of {bs} rows")
            ms["attention_self_weight"] = metric(attention_stats["self_weight_mean"], "test", "fraction", "средний вес, который строка отдаёт самой себе", "mean weight a row gives to itself")
            ms["attention_same_segment_mass"] = metric(attention_stats["same_segment_share_of_other_attention"], "test", "fraction", "доля внимания к другим строкам, попавшая на строки того же скрытого сегмента", "share of attention to other rows that lands on rows of the same hidden segment")
            ms["attention_same_segment_chance"] = metric(attention_stats["same_segment_share_of_other_rows"], "test", "fraction", "доля строк того же сегмента среди остальных строк пакета (уровень случайности)", "share of same-segment rows among the other rows of the batch (chance level)")
            ms["attention_top_row_same_segment"] = metric(attention_stats["top_attended_row_same_segment"], "test", "fraction", "как часто самая «просматриваемая» строка из того же сегмента", "how often the most-attended other row is from the same segment")
        card = {
            "id": mid,
            "title": {"ru": "Маленький SAINT: внимание по столбцам и по строкам" if inter else "Маленький SAINT-s: только внимание по столбцам",
                      "en": "A tiny SAINT: attention across columns and across rows" if inter else "A tiny SAINT-s: column attention only"},
            "summary": {"ru": ("Предсказывает уход клиента по строке синтетической таблицы (4 числовых и 4 категориальных столбца, пропуски); "
                               "каждая строка пакета смотрит на остальные через межстрочное внимание." if inter else
                               "Та же модель без блока межстрочного внимания: каждая строка предсказывается сама по себе."),
                        "en": ("Predicts churn from a row of a synthetic table (4 numeric and 4 categorical columns, missing cells); "
                               "every row in the batch looks at the others through intersample attention." if inter else
                               "The same model without the intersample block: each row is predicted on its own.")},
            **C.onnx_card_fields(onnx_path, mdl, BUDGET),
            "inputs": ins, "outputs": outs,
            "preprocess": {"numeric": "clip((x − mean) / std, ±5), float64 then float32; 0 and num_miss = 1 if missing",
                           "categorical": "index in schema.categorical[j].values; K_j if missing", "mirror": "src/lib/saint-preprocess.ts",
                           "schema_in": "baked.json schema", "mean": D.mean, "std": D.std, "z_clip": SD.Z_CLIP},
            "data": {"name": "synthetic churn table (generated, no download)", "licence": "generated by this repository's code (no third-party data)",
                     "source": "training/saint_data.py, seeded numpy generator", "rows": SD.N_ROWS, "generation": SD.generation_rules(),
                     "positive_rate_test": round(float(yte.mean()), 4)},
            "training": {"seed": args.seed, "epochs": EPOCHS, "batch_size": BATCH, "optimizer": f"AdamW lr={LR:g} wd={WD:g}, constant",
                         "selection": "best validation ROC AUC over epochs", "selected_epoch": train_info[name]["selected_epoch"],
                         "few_labels": {"sizes": FEW_SIZES, "draws": FEW_DRAWS, "steps": FEW_STEPS, "batch": f"min({BATCH}, labelled rows)",
                                        "selection": "none (fixed budget)"},
                         "pretraining": {"epochs": PRE_EPOCHS, **PRE, "data": "all 3,600 training rows, labels unused",
                                         "views": "view 1 = the row; view 2 = CutMix in input space, then mixup in embedding space",
                                         "loss": "InfoNCE(projections of the flattened encoded rows) + λ·mean over columns of the denoising losses"},
                         "baselines": {"gbdt": {"class": "sklearn HistGradientBoostingClassifier (native categorical + NaN)", "full_labels_params": best_g,
                                                "few_labels_params": {"max_leaf_nodes": 7, "min_samples_leaf": 5}},
                                       "logreg": {"features": "standardised numerics (0 if missing) + missing indicators + one-hot categoricals with a missing level",
                                                  "full_labels_C": best_c, "few_labels_C": 1.0}},
                         "timings_s": timings, "wall_time_s": round(total.seconds, 1), "torch": C.torch_version(),
                         "threads": args.threads, "deterministic": True},
            "splits": splits,
            "metrics": ms,
            "command": C.command_line(),
            "architecture": SM.arch(inter, n_num, D.cat_sizes),
            "classes": {"ru": SD.LABEL["classes_ru"], "en": SD.LABEL["classes_en"]},
            "baked": ["baked.json"],
            "baked_notes": {"ru": "baked.json: описание столбцов (schema), 8 тестовых строк для виджета и заранее посчитанные ответы модели на них"
                                  + ("; все результаты сравнения (полная разметка, мало меток, пропуски, размер пакета), статистика внимания, история обучения." if inter else "."),
                            "en": "baked.json: the column schema, 8 test rows for the widget and the model's precomputed outputs on them"
                                  + ("; every comparison result (full labels, few labels, missing cells, batch size), attention statistics, training history." if inter else ".")},
            "created": C.created_date(),
        }
        C.write_card(out, card)
        print(f"{mid}: params={card['parameters']} bytes={card['bytes']} test acc={ms['test_accuracy']['value']} auc={ms['test_auc']['value']}")
    print(f"wall {total.seconds:.1f}s timings {timings}")


if __name__ == "__main__":
    main()
