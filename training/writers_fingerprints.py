"""Style fingerprints of the writers: simple, explainable statistics per author (baked data for the
"Style fingerprints" widget), plus the fixture that pins the TypeScript mirror.

Writes
  public/models/writers-{ru,en}-char/fingerprints.json  (and adds it to that card's `baked` list —
      a small idempotent edit; nothing is retrained or re-exported)
  tests/fixtures/writers-style-stats.json                 (Python's statistics for test texts)

The statistics (`style_stats`, mirrored operation for operation by src/lib/writers-style-stats.ts —
change both or neither) are computed on the normalised text, normalize(text, lang) from
writers_common (the models' normalisation):

* Word: a maximal run of LETTERS, possibly joined by single inner hyphens or apostrophes
  ("что-то", "don't"). LETTERS are listed explicitly (no Unicode database, so Python and the
  browser agree): A–Z, a–z, U+00C0–U+024F without × and ÷, and Cyrillic U+0400–U+04FF. Digits,
  emoji, CJK etc. are not words. Word length = its letters (hyphens and apostrophes not counted).
* Sentence boundary: after a run of . ! ? (plus any closing " ' ) ] right after it) followed by a
  space — unless the next character is a lowercase letter, or the next is "—", then a space,
  then a lowercase letter (the Russian "— Да! — сказал он." is one sentence), or the run is a single
  "." after an initial (one capital letter: "А. С. Пушкин") or an English title (Mr Mrs Dr St
  Messrs Mme Mlle). The end of the text ends the last sentence. Only sentences with at least one
  word count.
* Sentence length = words / sentences; word length = letters / words; commas, semicolons, "!" and
  "?" per 1000 words (each character counts: "?!" is one of each).
* Direct speech (share of sentences): Russian — the sentence starts with "—" (a dialogue line);
  English — the sentence contains a double quote or starts inside an open quotation. A `"` opens
  a quotation when it is at the start of the text or after a space, "—", "(" or "["; otherwise it
  closes one. (Paragraph breaks are lost in the normalised text, which is why speech is defined
  on sentences, and why an unclosed quote at a paragraph end, as in Gutenberg's multi-paragraph
  speeches, does not flip the state: the next opening quote simply opens again.)
* Vocabulary richness: MATTR (Covington & McFall 2010), the type–token ratio averaged over every
  window of 100 consecutive (lowercased) words — independent of the text length once it has 100
  words; with fewer words, the plain type–token ratio over all of them (`mattr_window` < 100 says
  so, and is less comparable).
Every ratio is one division of integer counts, so Python and JavaScript give bit-identical
floats; a ratio whose denominator is 0 is null.

Per author (TRAINING works only — the same train segments the models were trained on, i.e.
without the validation works or the validation tail): the pooled value over all training text,
and the quartiles (numpy linear interpolation) over non-overlapping 1000-character passages that
start at a word (writers_common.eval_windows with no cap) — the spread the reader's marker is set
against. `scale` per statistic = the mean over authors of IQR / 1.349 (a robust within-author
standard deviation), used by the widget's "nearest author by these numbers" distance:
sqrt(mean over statistics of ((reader - author's median) / scale)^2), leaving out statistics the
text has no value for, and MATTR when the text has fewer than 100 words (a plain type-token ratio
of a short text is biased upwards, so it would not be compared like with like).

Characteristic words: weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi
& Quinn 2008, "Fightin' words", eq. 16-22) of each author vs all other authors of the language,
on lowercased training words, prior alpha_w = ALPHA0 * (the word's share of the language's
training words). The z-score (log-odds / its standard deviation) ranks the words. Probable names
are left out: a word whose occurrences are capitalised more than half of the time (longer than
one letter, so English "I" stays) — names identify the work, not the style (the baseline's
n-grams in baked.json show what happens otherwise).

Run from the repo root (about 1-2 min, CPU, no torch):
  nice -n 10 /usr/bin/python3 training/writers_fingerprints.py
"""
from __future__ import annotations

import json
import math
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common as C  # noqa: E402
import writers_common as W  # noqa: E402

# --------------------------------------------------------------------------- the statistics

LETTERS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0400-\u04ff"
LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff\u0430-\u045f"
WORD_RE = re.compile(f"[{LETTERS}]+(?:['-][{LETTERS}]+)*")
LETTER_RE = re.compile(f"[{LETTERS}]")
LOWER_RE = re.compile(f"[{LOWER}]")
UPPER1_RE = re.compile("[A-Z\u00c0-\u00d6\u00d8-\u00de\u0400-\u042f]")
TERM_RE = re.compile("[.!?]+[\"')\\]]*")
TITLES = {"Mr", "Mrs", "Dr", "St", "Messrs", "Mme", "Mlle"}
OPENERS_BEFORE_QUOTE = {" ", "—", "(", "["}
MATTR_WINDOW = 100
PASSAGE_CHARS = 1000
ALPHA0 = 1000.0
TOP_WORDS = 15
STAT_KEYS = ["sentence_len", "word_len", "commas", "semicolons", "exclamations", "questions", "dialogue", "mattr"]


def _is_lower(ch: str) -> bool:
    return bool(ch) and LOWER_RE.fullmatch(ch) is not None


def sentence_spans(s: str) -> list:
    """[(start, end)] of the sentences of a normalised text (see the module docstring)."""
    spans, start, n = [], 0, len(s)
    for m in TERM_RE.finditer(s):
        k = m.end()
        if k < n and s[k] != " ":
            continue
        if k < n:
            nxt = s[k + 1] if k + 1 < n else ""
            if _is_lower(nxt):
                continue
            if nxt == "—" and k + 3 < n and s[k + 2] == " " and _is_lower(s[k + 3]):
                continue
            if m.group(0) == ".":
                # the letters right before the "." (at most 7 looked at: the longest title is 6)
                j = i = m.start()
                while i > 0 and j - i < 7 and LETTER_RE.fullmatch(s[i - 1]):
                    i -= 1
                word = s[i:j]
                if (len(word) == 1 and UPPER1_RE.fullmatch(word)) or word in TITLES:
                    continue
        spans.append((start, k))
        start = k + 1
    if start < n:
        spans.append((start, n))
    return spans


def _ratio(a, b):
    return None if b == 0 else a / b


def _per1000(count: int, words: int):
    return None if words == 0 else count * 1000 / words


def mattr(tokens: list, window: int = MATTR_WINDOW):
    """(MATTR, window used): mean type-token ratio over all windows of `window` tokens; with
    fewer tokens, the plain TTR (window = len). One division of integer sums."""
    n = len(tokens)
    if n == 0:
        return None, 0
    if n < window:
        return len(set(tokens)) / n, n
    counts = Counter(tokens[:window])
    distinct = len(counts)
    total = distinct
    for i in range(window, n):
        a, b = tokens[i], tokens[i - window]
        counts[a] += 1
        if counts[a] == 1:
            distinct += 1
        counts[b] -= 1
        if counts[b] == 0:
            del counts[b]
            distinct -= 1
        total += distinct
    return total / (window * (n - window + 1)), window


def style_stats(text: str, lang: str, normalized: bool = False) -> dict:
    """The statistics of one text (normalised here unless `normalized`)."""
    s = text if normalized else W.normalize(text, lang)
    words = WORD_RE.findall(s)
    nw = len(words)
    letters = sum(len(LETTER_RE.findall(w)) for w in words)
    sentences = 0
    speech = 0
    if lang == "en":
        # quote state at every position: a `"` opens after start/space/—/(/[, else closes
        inside = False
        opens = []
        for i, ch in enumerate(s):
            if ch == '"':
                inside = i == 0 or s[i - 1] in OPENERS_BEFORE_QUOTE
            opens.append(inside)
    for a, b in sentence_spans(s):
        seg = s[a:b]
        if WORD_RE.search(seg) is None:
            continue
        sentences += 1
        if lang == "ru":
            if seg.startswith("—"):
                speech += 1
        else:
            before = opens[a - 1] if a > 0 else False
            if before or '"' in seg:
                speech += 1
    m, mw = mattr([w.lower() for w in words])
    return {
        "chars": len(s),
        "words": nw,
        "sentences": sentences,
        "letters": letters,
        "commas_n": s.count(","),
        "semicolons_n": s.count(";"),
        "exclamations_n": s.count("!"),
        "questions_n": s.count("?"),
        "speech_sentences": speech,
        "sentence_len": _ratio(nw, sentences),
        "word_len": _ratio(letters, nw),
        "commas": _per1000(s.count(","), nw),
        "semicolons": _per1000(s.count(";"), nw),
        "exclamations": _per1000(s.count("!"), nw),
        "questions": _per1000(s.count("?"), nw),
        "dialogue": _ratio(speech, sentences),
        "mattr": m,
        "mattr_window": mw,
    }


# --------------------------------------------------------------------------- characteristic words

def log_odds(counts: dict, alpha0: float = ALPHA0) -> dict:
    """author -> list of (word, z, y_author, y_rest): Monroe et al. (2008) weighted log-odds with
    an informative Dirichlet prior from the language's pooled counts, author vs the rest."""
    pooled = Counter()
    for c in counts.values():
        pooled.update(c)
    total = sum(pooled.values())
    vocab = list(pooled)
    y_all = np.array([pooled[w] for w in vocab], dtype=np.float64)
    alpha = alpha0 * y_all / total
    out = {}
    for a, c in counts.items():
        yi = np.array([c.get(w, 0) for w in vocab], dtype=np.float64)
        yj = y_all - yi
        ni, nj = yi.sum(), yj.sum()
        d = (np.log((yi + alpha) / (ni + alpha0 - yi - alpha))
             - np.log((yj + alpha) / (nj + alpha0 - yj - alpha)))
        z = d / np.sqrt(1 / (yi + alpha) + 1 / (yj + alpha))
        out[a] = (vocab, z, yi, yj, ni, nj)
    return out


# --------------------------------------------------------------------------- per language

def quartiles(v: list) -> list:
    a = np.array([x for x in v if x is not None], dtype=np.float64)
    if len(a) == 0:
        return None
    return [round(float(x), 6) for x in np.percentile(a, [25, 50, 75])]


def build_language(lang: str) -> dict:
    t0 = time.time()
    corpus = W.load_corpus(lang)
    segs, meta = W.split_segments(corpus)
    authors = W.LANGS[lang]["authors"]
    names = W.LANGS[lang]["names"]
    rows, counts, caps, lowers = [], {}, Counter(), Counter()
    for a in authors:
        texts = [s.work.text[s.lo:s.hi] for s in segs["train"][a]]
        pooled = [style_stats(t, lang, normalized=True) for t in texts]
        # pooled over all training text: sum the counts, then one division (as style_stats does)
        tot = {k: sum(p[k] for p in pooled) for k in ("words", "sentences", "letters", "commas_n", "semicolons_n",
                                                        "exclamations_n", "questions_n", "speech_sentences", "chars")}
        words_all = []
        for t in texts:
            ws = WORD_RE.findall(t)
            words_all += ws
            for w in ws:
                lw = w.lower()
                if len(w) > 1 and w[0] != lw[0]:
                    caps[lw] += 1
                else:
                    lowers[lw] += 1
        lw_all = [w.lower() for w in words_all]
        counts[a] = Counter(lw_all)
        pooled_stats = {
            "sentence_len": _ratio(tot["words"], tot["sentences"]),
            "word_len": _ratio(tot["letters"], tot["words"]),
            "commas": _per1000(tot["commas_n"], tot["words"]),
            "semicolons": _per1000(tot["semicolons_n"], tot["words"]),
            "exclamations": _per1000(tot["exclamations_n"], tot["words"]),
            "questions": _per1000(tot["questions_n"], tot["words"]),
            "dialogue": _ratio(tot["speech_sentences"], tot["sentences"]),
            # MATTR over each training segment, weighted by its windows (= one long text per segment)
            "mattr": None,
        }
        num = den = 0
        for t in texts:
            toks = [w.lower() for w in WORD_RE.findall(t)]
            m, mw = mattr(toks)
            if mw == MATTR_WINDOW:
                nwin = len(toks) - MATTR_WINDOW + 1
                num += m * nwin
                den += nwin
        pooled_stats["mattr"] = num / den if den else None
        passages = W.eval_windows(segs["train"][a], PASSAGE_CHARS, cap=10 ** 9)
        pstats = [style_stats(p, lang, normalized=True) for p in passages]
        q = {k: quartiles([p[k] for p in pstats]) for k in STAT_KEYS}
        rows.append({
            "key": a, "ru": names[a][0], "en": names[a][1],
            "train_works": len(meta[a]["train"]), "train_chars": int(sum(s.chars for s in segs["train"][a])),
            "train_words": tot["words"], "passages": len(passages),
            "pooled": {k: (None if v is None else round(v, 6)) for k, v in pooled_stats.items()},
            "quartiles": q,
        })
        print(f"  {lang} {a}: {len(passages)} passages, {tot['words']} words ({time.time() - t0:.0f} s)", flush=True)

    # probable names: capitalised in more than half of their occurrences (longer than one letter)
    names_excluded = {w for w in caps if caps[w] > lowers.get(w, 0)}
    lo = log_odds(counts)
    for row in rows:
        vocab, z, yi, yj, ni, nj = lo[row["key"]]
        order = np.argsort(-z, kind="stable")
        top = []
        for j in order:
            w = vocab[j]
            if w in names_excluded:
                continue
            top.append({"word": w, "z": round(float(z[j]), 3), "count": int(yi[j]),
                        "per10k": round(float(yi[j] * 10000 / ni), 3), "rest_per10k": round(float(yj[j] * 10000 / nj), 3)})
            if len(top) == TOP_WORDS:
                break
        row["words"] = top

    scale = {}
    for k in STAT_KEYS:
        iqrs = [r["quartiles"][k][2] - r["quartiles"][k][0] for r in rows if r["quartiles"][k] is not None]
        scale[k] = round(float(np.mean(iqrs)) / 1.349, 6)
    return {
        "model": f"writers-{lang}-char",
        "lang": lang,
        "split": "train",
        "passage_chars": PASSAGE_CHARS,
        "mattr_window": MATTR_WINDOW,
        "stats": STAT_KEYS,
        "scale": scale,
        "log_odds": {"alpha0": ALPHA0, "top": TOP_WORDS, "names_excluded": len(names_excluded),
                     "method": "Monroe, Colaresi & Quinn (2008) weighted log-odds, informative Dirichlet prior from the language's pooled training words; each author vs the other seven; words capitalised in most of their occurrences (probable names) left out"},
        "note": {
            "ru": "Статистики посчитаны по обучающим произведениям каждого автора: значение по всему тексту и квартили по неперекрывающимся отрывкам в 1000 знаков.",
            "en": "Statistics over each author's training works: the value over all of the text and quartiles over non-overlapping 1000-character passages.",
        },
        "authors": rows,
        "wall_time_s": round(time.time() - t0, 1),
    }


def add_to_card(lang: str) -> None:
    """Idempotent: list fingerprints.json in the card's `baked` (and its notes)."""
    path = C.repo_path(f"public/models/writers-{lang}-char/card.json")
    card = json.loads(path.read_text(encoding="utf-8"))
    if "fingerprints.json" not in card["baked"]:
        card["baked"].append("fingerprints.json")
    notes = card.get("baked_notes")
    if isinstance(notes, dict):
        add = {"ru": " fingerprints.json: простые статистики стиля по авторам (writers_fingerprints.py).",
               "en": " fingerprints.json: simple style statistics per author (writers_fingerprints.py)."}
        for k in ("ru", "en"):
            if k in notes and "fingerprints.json" not in notes[k]:
                notes[k] = notes[k] + add[k]
    C.write_json(path, card)


# --------------------------------------------------------------------------- fixture

FIXTURE_TEXTS = [
    ("ru-prose", "ru", "Вечером я вышел из дому. Шел снег; фонари горели тускло, и улица казалась пустой. "
                       "Я думал о том, что завтра будет трудный день!"),
    ("ru-dialogue", "ru", "— Здравствуйте! — сказал он. — Как вы поживаете?\n— Хорошо, — ответила она. "
                          "— А вы?\nОн промолчал. — Что же вы молчите?!"),
    ("ru-initials", "ru", "А. С. Пушкин родился в Москве. Т. е. в столице... а потом? Ёлка, ёжик и всё-таки её."),
    ("en-prose", "en", "It was a bright cold day in April; the clocks were striking. Mr. Holmes, who was usually "
                       "very late in the mornings, was seated at the breakfast table. I didn't know why!"),
    ("en-dialogue", "en", "\u201cWhere are you going?\u201d she asked. \u201cHome. It is late.\u201d\nHe laughed. "
                          "\u201cIs it? Then go\u2014go now!\u201d She went. \u201cThe first paragraph "
                          "\u201cThe second paragraph,\u201d he went on."),
    ("en-dashes-quotes", "en", "He said -- no -- \u2018it\u2019s fine\u2019 (really) [sic]. \"Well...\" "
                               "Said she. Twain's \"Huck\" went on."),
    ("empty", "ru", ""),
    ("only-punct", "en", "... !!! ??? ,,, ;;; \u2014 \u2014"),
    ("emoji", "ru", "\U0001F642\U0001F642 Кот \U0001F408\u200d\u2B1B спит. \U0001F44D\U0001F3FD Да!"),
    ("one-long-sentence", "en", " ".join(["and the river ran on, slow and brown"] * 40) + "."),
    ("mixed-scripts", "ru", "Привет, world! Hello, мир. Bonjour, mon ami — сказал Пьер."),
    ("digits-hyphens", "en", "In 1812 the well-known co-author (see p. 45) wrote 3 books; 'tis true: rock-'n'-roll."),
]


def fixture_texts_with_long(data_by_lang: dict) -> list:
    out = list(FIXTURE_TEXTS)
    # long text: two 1000-character passages of real (training) prose per language
    for lang in ("ru", "en"):
        corpus = W.load_corpus(lang)
        segs, _ = W.split_segments(corpus)
        a = W.LANGS[lang]["authors"][0]
        p = W.eval_windows(segs["train"][a], 3000, cap=1)[0]
        out.append((f"{lang}-corpus-3000", lang, p))
    return out


def nearest(stats: dict, fp: dict) -> dict:
    """Distances to every author (same formula as the widget)."""
    dists = []
    for row in fp["authors"]:
        acc, n = 0.0, 0
        for k in fp["stats"]:
            x, q, sc = stats[k], row["quartiles"][k], fp["scale"][k]
            if x is None or q is None or not sc or (k == "mattr" and stats["mattr_window"] < MATTR_WINDOW):
                continue
            z = (x - q[1]) / sc
            acc += z * z
            n += 1
        dists.append(None if n == 0 else math.sqrt(acc / n))
    return dists


def main():
    ap = C.base_arg_parser(__doc__.splitlines()[0])
    ap.add_argument("--fixture", default="tests/fixtures/writers-style-stats.json")
    args = ap.parse_args()
    t0 = time.time()
    fps = {}
    for lang in ("ru", "en"):
        fp = build_language(lang)
        fp["command"] = C.command_line()
        fp["created"] = C.created_date()
        C.write_json(f"public/models/writers-{lang}-char/fingerprints.json", fp)
        add_to_card(lang)
        fps[lang] = fp
        print(f"wrote public/models/writers-{lang}-char/fingerprints.json ({fp['wall_time_s']} s)")
    cases = []
    for name, lang, text in fixture_texts_with_long(fps):
        st = style_stats(text, lang)
        cases.append({"name": name, "lang": lang, "input": text, "stats": st,
                      "sentences_text": [W.normalize(text, lang)[a:b] for a, b in sentence_spans(W.normalize(text, lang))],
                      "distances": nearest(st, fps[lang])})
    C.write_json(args.fixture, {"mattr_window": MATTR_WINDOW, "stats": STAT_KEYS, "cases": cases})
    print(f"wrote {args.fixture}: {len(cases)} cases; total {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
