"""Baseline for the writer-style models: character n-gram TF-IDF + multinomial logistic regression.

Same corpus, normalisation, split by work and class-balanced passage sampling as the neural
models (writers_common.py). Writes training/writers-baseline-<lang>.json, which
writers_char_<lang>.py copies into its card (metrics baseline_*) and baked.json. Not exported to ONNX.

Protocol:
- Features: sklearn TfidfVectorizer(analyzer="char", ngram_range=(1, 4), sublinear_tf=True, min_df=3,
  max_features=200 000), fit on the training passages only.
- Training passages: TRAIN_PER_AUTHOR per author from PassageSampler (lengths log-uniform in
  [50, 1000], one length per group of 50), seed 2000 + seed.
- C of LogisticRegression (lbfgs, max_iter 300) chosen from C_GRID by validation balanced accuracy
  (mean over lengths 50…1000). Test evaluated once with the chosen C.
- The WRONG protocol, for comparison (split "random-split"): all non-overlapping 1000-character
  windows of every work, shuffled and split 80/20 at random (so the same works — names, places,
  plot — are on both sides), same sampling of lengths for training (prefixes), test on 500-character
  prefixes, at most 300 per author, same C.
- Style fingerprint: for each author, the 15 n-grams (n >= 2) with the largest positive coefficient
  (`top_features`: mostly character names — memorised from the training works), and the same among
  n-grams without a capital letter (`top_features_no_capitals`: closer to style).
Rebuild from the repo root: /usr/bin/python3 training/writers_baseline.py
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402
import writers_common as W  # noqa: E402

TRAIN_PER_AUTHOR = 1500
GROUP = 50
C_GRID = [0.3, 1.0, 3.0, 10.0, 30.0]
TOP = 15
VEC = dict(analyzer="char", ngram_range=(1, 4), sublinear_tf=True, min_df=3, max_features=200_000, lowercase=False)


def sample_train(sampler):
    texts, ys = [], []
    for _ in range(TRAIN_PER_AUTHOR // GROUP):
        t, y, _ = sampler.sample(GROUP)
        texts += t
        ys.append(y)
    return texts, np.concatenate(ys)


def fit(texts, y, c):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    vec = TfidfVectorizer(**VEC)
    x = vec.fit_transform(texts)
    clf = LogisticRegression(C=c, max_iter=300)
    clf.fit(x, y)
    return vec, clf


def eval_lengths(vec, clf, texts, y, k):
    res = {}
    for ell in W.EVAL_LENGTHS:
        pred = clf.predict(vec.transform([t[:ell] for t in texts]))
        res[ell] = W.scores(y, pred, k)
    return res


def pack(res):
    return {"lengths": W.EVAL_LENGTHS,
            **{k: [round(res[e][k], 4) for e in W.EVAL_LENGTHS] for k in ("accuracy", "balanced_accuracy", "macro_f1")},
            "per_author_recall": {str(e): [round(v, 4) for v in res[e]["per_author_recall"]] for e in W.EVAL_LENGTHS},
            "confusion": {str(e): res[e]["confusion"] for e in W.EVAL_LENGTHS},
            "n": res[W.HEADLINE_LENGTH]["n"]}


def run_lang(lang, seed):
    import sklearn
    with C.WallTimer() as t:
        authors = W.LANGS[lang]["authors"]
        k = len(authors)
        corpus = W.load_corpus(lang)
        segs, meta = W.split_segments(corpus)
        vocab = W.build_vocab(segs["train"])
        texts, y = sample_train(W.PassageSampler(segs["train"], authors, seed=2000 + seed))
        vtexts, vy = W.eval_set(segs["validation"], authors)
        val = {}
        models = {}
        for c in C_GRID:
            vec, clf = fit(texts, y, c)
            r = eval_lengths(vec, clf, vtexts, vy, k)
            val[c] = float(np.mean([r[e]["balanced_accuracy"] for e in W.EVAL_LENGTHS]))
            models[c] = (vec, clf)
            print(f"  {lang} C={c:g}: validation balanced accuracy (mean over lengths) {val[c]:.4f}", flush=True)
        best_c = max(C_GRID, key=lambda c: (val[c], -c))
        vec, clf = models[best_c]
        ttexts, ty = W.eval_set(segs["test"], authors)
        test = eval_lengths(vec, clf, ttexts, ty, k)  # touched once

        feats = np.array(vec.get_feature_names_out())
        multi = np.array([len(f) >= 2 for f in feats])
        lower = np.array([f == f.lower() for f in feats])  # no capital letter: not a name
        top, top_lower = {}, {}
        for j, a in enumerate(authors):
            for dst, keep in ((top, multi), (top_lower, multi & lower)):
                coef = np.where(keep, clf.coef_[j], -np.inf)
                idx = np.argsort(-coef, kind="stable")[:TOP]
                dst[a] = [{"ngram": str(feats[i]), "weight": round(float(clf.coef_[j, i]), 3)} for i in idx]

        # The wrong protocol: random passage-level split of all windows of all works.
        rng = np.random.default_rng(3000 + seed)
        wins, wy = [], []
        for ai, a in enumerate(authors):
            w = W.eval_windows([W.Segment(x, 0, x.chars) for x in corpus[a]], W.MAX_LEN, cap=10 ** 9)
            wins += w
            wy += [ai] * len(w)
        wy = np.array(wy)
        perm = rng.permutation(len(wins))
        n_te = len(wins) // 5
        te, tr = perm[:n_te], perm[n_te:]
        r_texts, r_y = [], []
        for ai in range(k):
            pool = tr[wy[tr] == ai]
            for g in range(TRAIN_PER_AUTHOR // GROUP):
                ell = int(round(np.exp(rng.uniform(np.log(W.MIN_LEN), np.log(W.MAX_LEN)))))
                pick = rng.choice(pool, size=GROUP)
                r_texts += [wins[i][:ell] for i in pick]
                r_y += [ai] * GROUP
        rvec, rclf = fit(r_texts, np.array(r_y), best_c)
        te_sel = np.concatenate([te[wy[te] == ai][:W.EVAL_CAP] for ai in range(k)])
        rpred = rclf.predict(rvec.transform([wins[i][:W.HEADLINE_LENGTH] for i in te_sel]))
        rs = W.scores(wy[te_sel], rpred, k)

    out = {"lang": lang, "seed": seed, "vocab": vocab, "split": meta, "protocol": __doc__.split("Protocol:")[1].split("Rebuild")[0].strip(),
           "vectorizer": {k2: (list(v) if isinstance(v, tuple) else v) for k2, v in VEC.items()},
           "train_passages_per_author": TRAIN_PER_AUTHOR, "features": int(len(feats)),
           "c_grid": C_GRID, "validation_balanced_accuracy": {str(c): round(v, 4) for c, v in val.items()}, "chosen_C": best_c,
           "test": pack(test),
           "random_split": {"length": W.HEADLINE_LENGTH, "accuracy": round(rs["accuracy"], 4), "macro_f1": round(rs["macro_f1"], 4),
                            "balanced_accuracy": round(rs["balanced_accuracy"], 4), "n": rs["n"], "confusion": rs["confusion"]},
           "top_features": top, "top_features_no_capitals": top_lower, "sklearn": sklearn.__version__, "wall_time_s": round(t.seconds, 1), "command": C.command_line()}
    return out


def main():
    ap = C.base_arg_parser(__doc__.splitlines()[0])
    ap.add_argument("--lang", choices=["ru", "en", "all"], default="all")
    args = ap.parse_args()
    np.random.seed(args.seed)
    for lang in (["ru", "en"] if args.lang == "all" else [args.lang]):
        res = run_lang(lang, args.seed)
        C.write_json(f"training/writers-baseline-{lang}.json", res, compact=True)
        print(f"baseline {lang}: C={res['chosen_C']:g} test acc by length {res['test']['accuracy']} "
              f"macroF1@500 {res['test']['macro_f1'][W.EVAL_LENGTHS.index(500)]} random-split acc@500 {res['random_split']['accuracy']} "
              f"({res['wall_time_s']} s)", flush=True)


if __name__ == "__main__":
    main()
