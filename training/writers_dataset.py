"""Dataset card for the writer-style models, as baked data for the article.

Writes public/models/writers-<lang>-char/dataset.json for lang in ru, en (next to the model that
was trained on it, listed in its card's `baked`). Everything is measured from the corpus with the
same code the models use (writers_common.py): authors, works per split (titles, years, characters),
characters per split, the number of evaluation windows, the passage-length protocol, the vocabulary.
No model, ~5 s. Rebuild from the repo root: /usr/bin/python3 training/writers_dataset.py
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402
import writers_common as W  # noqa: E402


def card_for(lang: str) -> dict:
    authors = W.LANGS[lang]["authors"]
    names = W.LANGS[lang]["names"]
    corpus = W.load_corpus(lang)
    segs, meta = W.split_segments(corpus)
    vocab = W.build_vocab(segs["train"])
    rows = []
    for a in authors:
        works = []
        for w in corpus[a]:
            split = next(s for s in ("train", "validation", "test") if w.file in meta[a][s])
            works.append({"file": w.file, "title": w.title, "year": w.year, "chars": w.chars, "split": split})
        chars = {s: sum(x.chars for x in segs[s][a]) for s in ("train", "validation", "test")}
        rows.append({
            "key": a, "ru": names[a][0], "en": names[a][1],
            "works": works,
            "works_per_split": {s: len(meta[a][s]) for s in ("train", "validation", "test")},
            "chars_per_split": chars,
            "validation_within_work": meta[a]["validation_tail"],
            "eval_windows": {"validation": len(W.eval_windows(segs["validation"][a])),
                             "test": len(W.eval_windows(segs["test"][a]))},
        })
    total = {s: sum(r["chars_per_split"][s] for r in rows) for s in ("train", "validation", "test")}
    return {
        "model": f"writers-{lang}-char",
        "lang": lang,
        "data": W.LANGS[lang]["data"],
        "authors": rows,
        "totals": {"authors": len(authors), "works": sum(len(corpus[a]) for a in authors),
                   "works_per_split": {s: sum(r["works_per_split"][s] for r in rows) for s in ("train", "validation", "test")},
                   "chars_per_split": total,
                   "eval_windows": {s: sum(r["eval_windows"][s] for r in rows) for s in ("validation", "test")}},
        "passages": {
            "min_len": W.MIN_LEN, "max_len": W.MAX_LEN, "eval_lengths": W.EVAL_LENGTHS,
            "headline_length": W.HEADLINE_LENGTH, "eval_cap_per_author": W.EVAL_CAP,
            "train": "random passages starting at a word; length log-uniform in [min_len, max_len], one length per batch; "
                     "equally many per author in every batch (class balance by sampling)",
            "eval": "non-overlapping max_len-character windows starting at a word, walked through the held-out works; "
                    "at most eval_cap_per_author per author (evenly spaced); shorter lengths are prefixes of the same windows",
        },
        "split_rule": {"test_share": list(W.TEST_RANGE), "validation_share": list(W.VAL_RANGE), "validation_tail": W.VAL_TAIL,
                       "text": W.assign_splits.__doc__.strip()},
        "normalisation": W.__doc__.split("Text pipeline")[1].split("Encoding:")[0].strip(),
        "vocab_size": len(vocab) + 2,
    }


def main():
    ap = C.base_arg_parser(__doc__.splitlines()[0])
    ap.parse_args()
    for lang in ("ru", "en"):
        d = card_for(lang)
        C.write_json(f"public/models/writers-{lang}-char/dataset.json", d)
        t = d["totals"]
        print(f"{lang}: {t['authors']} authors, {t['works']} works, works per split {t['works_per_split']}, "
              f"chars {t['chars_per_split']}, eval windows {t['eval_windows']}")


if __name__ == "__main__":
    main()
