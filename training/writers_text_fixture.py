"""Fixture pinning src/lib/writers-text.ts to writers_common.normalize / encode / detect_script.

Writes tests/fixtures/writers-text.json: for each language the vocabulary (built from the train
split exactly as the models build it — the test also checks it equals the one in baked.json) and
cases (ё/е, every dash and quote the corpora were normalised from, stress accents, NFD input,
whitespace, zero-width characters, mixed scripts, emoji incl. ZWJ sequences and skin tones, CJK,
empty and whitespace-only input, a 5,000-character input that is truncated) with the normalised
text, the script guess, and the ids (the non-padding prefix; the rest is PAD up to max_len).
No model, ~5 s. Rebuild from the repo root: /usr/bin/python3 training/writers_text_fixture.py
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402
import writers_common as W  # noqa: E402

CASES = [
    ("yo", "Ёлка, ёжик и всё-таки её — ЁЖ."),
    ("yo-nfd", "е\u0308лка Е\u0308"),
    ("stress-accents", "за\u0301мок и замо\u0301к, и\u0300 ещё"),
    ("latin-accent-nfd", "cafe\u0301 and déjà vu"),
    ("dash-double-hyphen", "Он сказал -- да. Word--word --- end"),
    ("dash-en", "слово – слово, 1914–1918"),
    ("dash-bar-figure", "a ― b ‒ c ⸺ d ⸻ e"),
    ("dash-spaced-hyphen", "a - b, pre-war, a  -  b, a - - b"),
    ("dash-em-spacing", "Word — word—word —word— — Реплика."),
    ("dialogue", "— Здравствуйте! — сказал он. — Как вы?"),
    ("quotes-ru", "«Привет», „Здравствуй“ и “ещё”"),
    ("quotes-en", "“Hello,” she said, ‘it’s fine’ ‚low‛ 5′ 6″ ‟x”"),
    ("ellipsis", "Ну… и что…?"),
    ("whitespace", "  a\u00a0b\t\tc\n\nd   e\r\nf\u2009g\u202fh\u3000i  "),
    ("zero-width-soft-hyphen", "сло\u00adво\u200bдва\u200c\u200dтри\ufeff\u2060"),
    ("mixed-scripts", "Привет, world! Hello, мир. Bonjour, mon ami — сказал Пьер."),
    ("emoji", "Кот 🐈‍⬛ спит 👍🏽 🙂 ❤️"),
    ("emoji-only", "🙂🙂🙂"),
    ("cjk-and-symbols", "中文 日本語 № § © ° ½ ™ € $ % & @ # ^ * _ + = | \\ / ~ ` < > { } [ ]"),
    ("digits-punct", "В 1812 году (см. с. 45): «да»; нет? Да!"),
    ("empty", ""),
    ("whitespace-only", "  \n\t \u00a0 "),
    ("control-chars", "a\u0000b\u0007c\u001bd"),
]


def long_case() -> str:
    base = "Всё — «как у людей»… It’s -- fine 🙂\n"
    return (base * (5000 // len(base) + 1))[:5000]


def main():
    ap = C.base_arg_parser(__doc__.splitlines()[0])
    ap.add_argument("--out", default="tests/fixtures/writers-text.json")
    args = ap.parse_args()
    langs = {}
    for lang in ("ru", "en"):
        corpus = W.load_corpus(lang)
        segs, _ = W.split_segments(corpus)
        vocab = W.build_vocab(segs["train"])
        vidx = W.vocab_index(vocab)
        cases = []
        for name, text in CASES + [("long-5000", long_case())]:
            norm = W.normalize(text, lang)
            ids = W.encode(norm, vidx)
            n = min(len(norm), W.MAX_LEN)
            assert (ids[n:] == W.PAD).all()
            cases.append({"name": name, "input": text, "normalized": norm, "script": W.detect_script(text),
                          "length": n, "total": len(norm), "unknown": int((ids[:n] == W.UNK).sum()),
                          "ids": ids[:n].tolist()})
        langs[lang] = {"vocab": vocab, "cases": cases}
    C.write_json(args.out, {"max_len": W.MAX_LEN, "pad_id": W.PAD, "unk_id": W.UNK, "langs": langs}, compact=True)
    print(f"wrote {args.out}: {sum(len(v['cases']) for v in langs.values())} cases")


if __name__ == "__main__":
    main()
