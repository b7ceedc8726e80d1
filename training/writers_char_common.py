"""The character-level author classifier shared by writers_char_ru.py and writers_char_en.py.

Network (ids int64 [batch, MAX_LEN] -> logits, probs [batch, 8]):
  embedding V×32 (id 0 = padding, a zero vector) -> conv1d 32→96, k 5, pad 2 -> ReLU -> ×mask
  -> conv1d 96→96, k 3, dilation 2, pad 2 -> ReLU -> ×mask
  -> [max over positions ; mean over real positions] (192) -> dropout 0.1 (training only) -> linear 192→8.
The mask (ids != 0) zeroes padded positions after every layer, so a passage padded to MAX_LEN gives
the same output as the same passage unpadded (asserted below): the receptive field is 9 characters,
and the two poolings read only real characters (ReLU outputs are >= 0, so zeros never win the max
unless every real position is 0 as well). Empty input (all padding) gives logits = the bias.

Training: class-balanced batches (writers_common.PassageSampler: 8 passages per author, one
log-uniform length per batch in [50, 1000]), AdamW lr 3e-3 wd 1e-4, cosine decay per step,
a fixed number of steps (not a time budget, so the run is deterministic). Every EVAL_EVERY steps
the validation balanced accuracy (mean over the lengths 50…1000) is measured; the best
checkpoint is kept (model selection on validation only). The test split is evaluated once, at the end.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402
import writers_common as W  # noqa: E402

EMB, CH, K1, K2, DIL2, DROPOUT = 32, 96, 5, 3, 2, 0.1
PER_AUTHOR = 8
STEPS = 2500
EVAL_EVERY = 250
LR, WD = 3e-3, 1e-4
OUTPUT_NAMES = ["logits", "probs"]


def build_model(vocab_size: int, n_classes: int):
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    class CharCNN(nn.Module):
        def __init__(self):
            super().__init__()
            self.emb = nn.Embedding(vocab_size, EMB, padding_idx=W.PAD)
            self.conv1 = nn.Conv1d(EMB, CH, K1, padding=K1 // 2)
            self.conv2 = nn.Conv1d(CH, CH, K2, padding=DIL2 * (K2 // 2), dilation=DIL2)
            self.drop = nn.Dropout(DROPOUT)
            self.fc = nn.Linear(2 * CH, n_classes)

        def forward(self, ids):
            m = (ids != W.PAD).to(torch.float32).unsqueeze(1)          # [B,1,L]
            h = F.relu(self.conv1(self.emb(ids).transpose(1, 2))) * m
            h = F.relu(self.conv2(h)) * m
            mx = h.amax(dim=2)
            mean = h.sum(dim=2) / m.sum(dim=2).clamp(min=1.0)
            logits = self.fc(self.drop(torch.cat([mx, mean], dim=1)))
            return logits, F.softmax(logits, dim=1)

    return CharCNN()


ARCH = {
    "embedding": {"dim": EMB, "padding_id": W.PAD},
    "conv1": {"in": EMB, "out": CH, "k": K1, "dilation": 1, "activation": "relu"},
    "conv2": {"in": CH, "out": CH, "k": K2, "dilation": DIL2, "activation": "relu"},
    "pooling": "concat(max over positions, mean over non-padding positions), padding masked after every layer",
    "receptive_field_chars": K1 + DIL2 * (K2 - 1),
    "head": {"dropout": DROPOUT, "linear": [2 * CH, "n_authors"]},
}


def predict(model, texts, vidx, length, batch=128):
    """Probabilities for passages (all the same length; no padding needed, the mask makes padded
    inputs equivalent anyway)."""
    import torch
    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(texts), batch):
            ids = torch.from_numpy(W.encode_many(texts[i:i + batch], vidx, length))
            out.append(model(ids)[1].numpy())
    return np.concatenate(out) if out else np.zeros((0, 0))


def evaluate(model, segs_split, authors, vidx, lengths=W.EVAL_LENGTHS):
    """Per length: scores on windows of the split (prefixes of the same MAX_LEN windows)."""
    texts, y = W.eval_set(segs_split, authors, W.MAX_LEN)
    res = {}
    for ell in lengths:
        p = predict(model, [t[:ell] for t in texts], vidx, ell)
        res[ell] = W.scores(y, p.argmax(1), len(authors))
    return res, texts, y


def run(lang: str, doc: str):
    model_id = f"writers-{lang}-char"
    ap = C.base_arg_parser(doc, default_out=f"public/models/{model_id}")
    ap.add_argument("--steps", type=int, default=STEPS)
    ap.add_argument("--baseline", default=f"training/writers-baseline-{lang}.json",
                    help="metrics written by training/writers_baseline.py (run it first)")
    args = ap.parse_args()
    torch = C.require_torch()
    import torch.nn.functional as F

    with C.WallTimer() as total:
        C.seed_everything(args.seed, args.threads)
        authors = W.LANGS[lang]["authors"]
        corpus = W.load_corpus(lang)
        segs, meta = W.split_segments(corpus)
        vocab = W.build_vocab(segs["train"])
        vidx = W.vocab_index(vocab)
        model = build_model(len(vocab) + 2, len(authors))
        opt = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=WD)
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=args.steps)
        sampler = W.PassageSampler(segs["train"], authors, seed=1000 + args.seed)
        history, best = [], (-1.0, None, 0)
        with C.WallTimer() as train_t:
            t0 = time.perf_counter()
            for step in range(1, args.steps + 1):
                model.train()
                texts, y, ell = sampler.sample(PER_AUTHOR)
                ids = torch.from_numpy(W.encode_many(texts, vidx, ell))
                loss = F.cross_entropy(model(ids)[0], torch.from_numpy(y))
                opt.zero_grad()
                loss.backward()
                opt.step()
                sched.step()
                if step % EVAL_EVERY == 0 or step == args.steps:
                    vres, _, _ = evaluate(model, segs["validation"], authors, vidx)
                    vbal = float(np.mean([r["balanced_accuracy"] for r in vres.values()]))
                    history.append({"step": step, "val_balanced_accuracy_mean": round(vbal, 4),
                                    **{f"val_balanced_accuracy_{ell}": round(r["balanced_accuracy"], 4) for ell, r in vres.items()}})
                    if vbal > best[0]:
                        best = (vbal, {k: v.clone() for k, v in model.state_dict().items()}, step)
                    print(f"step {step}/{args.steps} loss {loss.item():.3f} val bal.acc (mean over lengths) {vbal:.4f} "
                          f"({time.perf_counter() - t0:.0f}s)", flush=True)
        model.load_state_dict(best[1])
        model.eval()

        # Test: touched once, with the selected checkpoint.
        tres, test_texts, test_y = evaluate(model, segs["test"], authors, vidx)

        out = C.repo_path(args.out)
        onnx_path = out / "model.onnx"
        example = torch.from_numpy(W.encode(test_texts[0], vidx)[None, :])
        proto = C.export_onnx(model, example, onnx_path, ["ids"], OUTPUT_NAMES,
                              dynamic_axes={"ids": {0: "batch"}, "logits": {0: "batch"}, "probs": {0: "batch"}})
        # Symbolic input length (the browser feeds the passage unpadded): writers_dynamic_length.py.
        import onnx
        from writers_dynamic_length import make_length_dynamic
        make_length_dynamic(onnx_path)
        proto = onnx.load(str(onnx_path))
        inputs, outputs = C.onnx_io(proto)

        # Padding invariance: a passage padded to MAX_LEN == the same passage unpadded.
        with torch.no_grad():
            for ell in (50, 500):
                t = test_texts[0][:ell]
                a = model(torch.from_numpy(W.encode(t, vidx)[None, :]))[0]
                b = model(torch.from_numpy(W.encode_many([t], vidx, ell)))[0]
                assert torch.allclose(a, b, atol=1e-5), (ell, a, b)

        # Fixtures: eval-mode outputs for a full test window, a 50-char prefix of another author's
        # window, a text with unknown characters, and empty input.
        k2 = int(np.flatnonzero(test_y == 1)[0])
        fixture_texts = [("test-window-1000", test_texts[0]), ("test-prefix-50", test_texts[k2][:50]),
                         ("unknown-chars", W.normalize("Эмодзи 🙂 и 中文 — mixed text… «quotes»" if lang == "ru"
                                                      else "Emoji 🙂 and 中文 — “mixed” text… ё", lang)),
                         ("empty", "")]
        cases = []
        for name, t in fixture_texts:
            ids = torch.from_numpy(W.encode(t, vidx)[None, :])
            with torch.no_grad():
                lo, pr = model(ids)
            cases.append({"name": name, "text": t, "inputs": {"ids": C.tensor_json(ids.numpy())},
                          "outputs": {"logits": C.tensor_json(lo.numpy()), "probs": C.tensor_json(pr.numpy())}})
        C.write_fixtures(out, model_id, cases)

    # The baseline's numbers (read after training so both can run at the same time).
    base_path = C.repo_path(args.baseline)
    if not base_path.exists():
        sys.exit(f"error: {base_path} missing — run /usr/bin/python3 training/writers_baseline.py first")
    baseline = json.loads(base_path.read_text(encoding="utf-8"))
    assert baseline["vocab"] == vocab and baseline["split"] == meta, "baseline was built on another split/vocab"
    names = W.LANGS[lang]["names"]
    hl = W.HEADLINE_LENGTH
    neural = {"lengths": W.EVAL_LENGTHS,
              **{k: [round(tres[ell][k], 4) for ell in W.EVAL_LENGTHS] for k in ("accuracy", "balanced_accuracy", "macro_f1")},
              "per_author_recall": {str(ell): [round(v, 4) for v in tres[ell]["per_author_recall"]] for ell in W.EVAL_LENGTHS},
              "confusion": {str(ell): tres[ell]["confusion"] for ell in W.EVAL_LENGTHS},
              "n": tres[hl]["n"]}
    baked = {
        "model": model_id, "lang": lang,
        "authors": [{"key": a, "ru": names[a][0], "en": names[a][1]} for a in authors],
        "text": {"max_len": W.MAX_LEN, "pad_id": W.PAD, "unk_id": W.UNK, "vocab": vocab,
                 "vocab_note": "id = index in vocab + 2; 0 = padding, 1 = unknown character; see src/lib/writers-text.ts"},
        "results": {"split": "test", "headline_length": hl, "neural": neural, "baseline": baseline["test"]},
        "baseline_random_split": baseline["random_split"],
        "fingerprint_ngrams": {"all": baseline["top_features"], "no_capitals": baseline["top_features_no_capitals"],
                               "note": "largest positive coefficients of the baseline (n >= 2); 'all' is dominated by character names"},
        "validation_history": history,
    }
    C.write_json(out / "baked.json", baked, compact=True)

    def metric(v, split, unit, ru, en):
        return {"value": round(float(v), 4), "split": split, "unit": unit, "label": {"ru": ru, "en": en}}

    metrics = {
        "test_accuracy": metric(tres[hl]["accuracy"], "test", "fraction", f"точность, отрывки {hl} знаков", f"accuracy, {hl}-character passages"),
        "test_balanced_accuracy": metric(tres[hl]["balanced_accuracy"], "test", "fraction", f"средняя полнота по авторам, {hl} знаков", f"balanced accuracy (mean per-author recall), {hl} characters"),
        "test_macro_f1": metric(tres[hl]["macro_f1"], "test", "fraction", f"macro-F1, {hl} знаков", f"macro-F1, {hl} characters"),
    }
    for ell in W.EVAL_LENGTHS:
        metrics[f"test_accuracy_{ell}"] = metric(tres[ell]["accuracy"], "test", "fraction", f"точность, {ell} знаков", f"accuracy, {ell} characters")
        metrics[f"baseline_test_accuracy_{ell}"] = metric(baseline["test"]["accuracy"][W.EVAL_LENGTHS.index(ell)], "test", "fraction",
                                                          f"базовая модель (n-граммы), точность, {ell} знаков", f"baseline (n-grams), accuracy, {ell} characters")
    bi = W.EVAL_LENGTHS.index(hl)
    metrics["baseline_test_macro_f1"] = metric(baseline["test"]["macro_f1"][bi], "test", "fraction", f"базовая модель, macro-F1, {hl} знаков", f"baseline, macro-F1, {hl} characters")
    metrics["baseline_test_balanced_accuracy"] = metric(baseline["test"]["balanced_accuracy"][bi], "test", "fraction", f"базовая модель, средняя полнота, {hl} знаков", f"baseline, balanced accuracy, {hl} characters")
    metrics["baseline_random_split_accuracy"] = metric(baseline["random_split"]["accuracy"], "random-split", "fraction",
                                                       f"базовая модель при неправильном разбиении (случайные отрывки), {hl} знаков",
                                                       f"baseline with the wrong split (random passages), {hl} characters")
    metrics["validation_balanced_accuracy_selected"] = metric(best[0], "validation", "fraction", "средняя полнота на проверочной части (выбранный шаг, среднее по длинам)",
                                                              "validation balanced accuracy of the selected step (mean over lengths)")
    metrics["test_passages"] = metric(tres[hl]["n"], "test", "count", "отрывков в тесте на каждую длину", "test passages per length")
    splits = W.split_descriptions(lang)
    splits["random-split"] = {"ru": "для сравнения: те же произведения, но отрывки разделены случайно (утечка имён и сюжета)",
                              "en": "for comparison: the same works, passages split at random (names and plot leak)"}
    card = {
        "id": model_id,
        "title": {"ru": "Символьная свёрточная сеть: кто автор (" + ("русская проза" if lang == "ru" else "английская проза") + ")",
                  "en": "A character-level CNN for authorship (" + ("Russian prose" if lang == "ru" else "English prose") + ")"},
        "summary": {"ru": f"По отрывку до {W.MAX_LEN} знаков оценивает вероятности {len(authors)} авторов; обучена и проверена на разных произведениях.",
                    "en": f"Gives probabilities for {len(authors)} authors from a passage of up to {W.MAX_LEN} characters; trained and tested on different works."},
        **C.onnx_card_fields(onnx_path, model),
        "inputs": inputs,
        "outputs": outputs,
        "preprocess": {"normalise": "writers_common.normalize / src/lib/writers-text.ts normalize(text, lang)",
                       "lang": lang, "max_len": W.MAX_LEN, "pad_id": W.PAD, "unk_id": W.UNK, "vocab_size": len(vocab) + 2,
                       "vocab_in": "baked.json text.vocab", "truncation": f"first {W.MAX_LEN} characters (code points) of the normalised text"},
        "data": {**W.LANGS[lang]["data"], "authors": len(authors),
                 "works": {s: sum(len(meta[a][s]) for a in authors) for s in ("train", "validation", "test")},
                 "card": "dataset.json"},
        "training": {"seed": args.seed, "steps": args.steps, "batch_size": PER_AUTHOR * len(authors),
                     "passages_seen": args.steps * PER_AUTHOR * len(authors),
                     "optimizer": f"AdamW lr={LR:g} wd={WD:g}, cosine decay to 0 per step",
                     "selected_step": best[2], "selection": "best validation balanced accuracy (mean over lengths), checked every "
                     f"{EVAL_EVERY} steps", "wall_time_s": round(total.seconds, 1), "train_time_s": round(train_t.seconds, 1),
                     "torch": C.torch_version(), "threads": args.threads, "deterministic": True},
        "splits": splits,
        "metrics": metrics,
        "command": C.command_line(),
        "architecture": ARCH,
        "classes": {"ru": [names[a][0] for a in authors], "en": [names[a][1] for a in authors], "keys": authors},
        "protocol": {"ru": "Разбиение по произведениям; выбор шага — только по проверочной части; тест один раз. Тестовые отрывки — префиксы длиной 50…1000 одних и тех же окон по 1000 знаков.",
                     "en": "Split by work; the step is chosen on validation only; the test split is used once. Test passages of 50…1000 characters are prefixes of the same 1000-character windows."},
        "baked": ["baked.json", "dataset.json"],
        "baked_notes": {"ru": "baked.json: авторы, словарь символов, результаты на тесте (нейросеть и базовая модель: точность, macro-F1, матрицы ошибок по длинам), характерные n-граммы базовой модели, история проверки. dataset.json: карточка набора данных.",
                        "en": "baked.json: authors, character vocabulary, test results (neural and baseline: accuracy, macro-F1, confusion matrices per length), the baseline's characteristic n-grams, validation history. dataset.json: the dataset card."},
        "created": C.created_date(),
    }
    if not (out / "dataset.json").exists():
        sys.exit(f"error: {out}/dataset.json missing — run /usr/bin/python3 training/writers_dataset.py first")
    C.write_card(out, card)
    print(f"{model_id}: test acc@{hl}={tres[hl]['accuracy']:.4f} macroF1={tres[hl]['macro_f1']:.4f} "
          f"acc by length {[round(tres[e]['accuracy'], 3) for e in W.EVAL_LENGTHS]} params={card['parameters']} "
          f"bytes={card['bytes']} selected step {best[2]} wall={total.seconds:.1f}s")
