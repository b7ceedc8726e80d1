"""Tokeniser fixture for the character-level mini GPT-J (charlm-ru, charlm-en): prompt -> normalised text
-> ids, the last CONTEXT ids the model reads, and the distinct unknown characters. Pins
src/lib/charlm-text.ts to the Python side (writers_common.normalize + the vocabulary of the train split,
as training/charlm_common.Corpus builds it). No model; about 10 s.

Run: /usr/bin/python3 training/charlm_text_fixture.py   -> tests/fixtures/charlm-text.json
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402
import charlm_common as L  # noqa: E402
import writers_common as W  # noqa: E402

PROMPTS = {
    "ru": ["«Ну что ж, — сказал он, — пойдём…»", "Ёлка\nв лесу\tстояла", "Кафе «Café» 中 😀 и ß", "",
           "   ", "Мой дядя самых честных правил, когда не в шутку занемог, он уважать себя заставил и лучше выдумать не мог. Его пример другим наука; но, боже мой, какая скука!"],
    "en": ["“Well,” said he – “let’s go…”", "A naïve café — 中 😀", "It was\nthe best\u00a0of times", "",
           "It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want of a wife. However little known the feelings or views of such a man may be."],
}


def main():
    ap = C.base_arg_parser(__doc__.splitlines()[0])
    ap.parse_args()
    out = {"context": L.CTX, "pad_id": W.PAD, "unk_id": W.UNK, "langs": {}}
    for lang, prompts in PROMPTS.items():
        corpus = W.load_corpus(lang)
        segs, _ = W.split_segments(corpus)
        vocab = W.build_vocab(segs["train"])
        vidx = W.vocab_index(vocab)
        cases = []
        for p in prompts:
            n = W.normalize(p, lang)
            ids = [vidx.get(c, W.UNK) for c in n]
            unknown = []
            for c in n:
                if c not in vidx and c not in unknown:
                    unknown.append(c)
            cases.append({"prompt": p, "normalized": n, "ids_all": ids, "ids": ids[-L.CTX:] if ids else [],
                          "cut": max(0, len(ids) - L.CTX), "unknown": unknown})
        out["langs"][lang] = {"vocab": vocab, "cases": cases}
    C.write_json("tests/fixtures/charlm-text.json", out, compact=True)
    print({k: len(v["vocab"]) for k, v in out["langs"].items()})


if __name__ == "__main__":
    main()
