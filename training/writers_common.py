"""Shared code for the writer-style (author attribution) models: corpus loading, text
normalisation, the split BY WORK, passage sampling, class balance, vocabulary and encoding.

Nothing here is typed by hand from results: every number the cards report is measured by the
scripts that import this module (writers_dataset.py, writers_baseline.py, writers_char_*.py).

Text pipeline (mirrored operation for operation by src/lib/writers-text.ts; pinned by
tests/fixtures/writers-text.json from training/writers_text_fixture.py — change both or neither):

1. Unicode NFC.
2. Delete: stress accents U+0301 / U+0300, soft hyphen U+00AD, zero-width U+200B–U+200D, U+2060,
   U+FEFF.
3. Every whitespace character in WS (incl. newline, tab, NBSP, thin spaces) -> one space.
4. Typography as in the corpora (DATA.md "Cleaning"): `ё`->`е`, `Ё`->`Е`; `«»„“”‟″` -> `"`;
   `‘’‚‛′` -> `'`; `…` -> `...`; `--` and the dashes `‒–―⸺⸻` -> `—`; a hyphen with a space on
   both sides -> `—`. Dash spacing per language, as the corpora have it: Russian `слово — слово`
   (spaced), English `word—word` (unspaced: spaces around `—` are removed).
5. Runs of spaces collapse to one; leading/trailing spaces are stripped.

Encoding: one id per Unicode code point (so an emoji is ONE unknown id in both languages, not two
UTF-16 halves). ids: 0 = padding, 1 = unknown, 2.. = the vocabulary (characters seen at least
VOCAB_MIN_COUNT times in the language's TRAIN split, sorted by code point). The model reads exactly
MAX_LEN ids: the first MAX_LEN characters of the normalised text, then 0-padding. The network masks
padding, so the padded tail changes nothing (checked in writers_char_common.py).
"""
from __future__ import annotations

import csv
import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

DATA_ROOT = Path(os.environ.get("WRITERS_DATA", "/work/shared/data"))
MAX_LEN = 1000          # model input length (characters)
MIN_LEN = 50            # shortest passage used in training and evaluation
EVAL_LENGTHS = [50, 100, 200, 500, 1000]   # accuracy-vs-length points (prefixes of one window)
HEADLINE_LENGTH = 500   # headline metrics (accuracy, macro-F1, confusion) use this length
EVAL_CAP = 300          # at most this many test (and validation) windows per author
VOCAB_MIN_COUNT = 20
PAD, UNK = 0, 1

# Split rule targets (fractions of an author's characters) — see assign_splits().
TEST_RANGE = (0.15, 0.30)
VAL_RANGE = (0.07, 0.15)
VAL_TAIL = 0.10  # fallback validation: the last 10 % of each train work (authors without a spare work)

LANGS = {
    "ru": {
        "dir": "russian-writers",
        "data": {
            "name": "Russian writers (RusLit subset, cleaned)",
            "licence": "public domain (authors died 1837–1936; works written 1827–1914, first published by 1914)",
            "source": "d0rj/RusLit @ 4509680428729da225a73a22008133660f92bb7e, folder prose/; cleaning in /work/shared/data/DATA.md §1",
            "url": "https://github.com/d0rj/RusLit",
        },
        "authors": ["pushkin", "lermontov", "gogol", "turgenev", "dostoevsky", "tolstoy", "chekhov", "gorky"],
        "names": {
            "pushkin": ("Пушкин", "Pushkin"), "lermontov": ("Лермонтов", "Lermontov"),
            "gogol": ("Гоголь", "Gogol"), "turgenev": ("Тургенев", "Turgenev"),
            "dostoevsky": ("Достоевский", "Dostoevsky"), "tolstoy": ("Толстой", "Tolstoy"),
            "chekhov": ("Чехов", "Chekhov"), "gorky": ("Горький", "Gorky"),
        },
    },
    "en": {
        "dir": "english-writers",
        "data": {
            "name": "English writers (Project Gutenberg texts via GITenberg, cleaned)",
            "licence": "public domain in the USA and in life+70 countries (authors died 1817–1930); all PG references removed",
            "source": "GITenberg/<Title>_<PG id> repositories (commits in metadata.csv); cleaning in /work/shared/data/DATA.md §2",
            "url": "https://github.com/GITenberg",
        },
        "authors": ["austen", "dickens", "twain", "doyle", "poe", "shelley", "wilde", "stevenson"],
        "names": {
            "austen": ("Джейн Остин", "Jane Austen"), "dickens": ("Чарльз Диккенс", "Charles Dickens"),
            "twain": ("Марк Твен", "Mark Twain"), "doyle": ("Артур Конан Дойл", "Arthur Conan Doyle"),
            "poe": ("Эдгар По", "Edgar Allan Poe"), "shelley": ("Мэри Шелли", "Mary Shelley"),
            "wilde": ("Оскар Уайльд", "Oscar Wilde"), "stevenson": ("Роберт Льюис Стивенсон", "Robert Louis Stevenson"),
        },
    },
}

# --------------------------------------------------------------------------- normalisation

DELETE = "\u0301\u0300\u00ad\u200b\u200c\u200d\u2060\ufeff"
WS = "\t\n\u000b\u000c\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
CHAR_MAP = {"ё": "е", "Ё": "Е", "«": '"', "»": '"', "„": '"', "“": '"', "”": '"', "‟": '"', "″": '"',
            "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "…": "...",
            "‒": "—", "–": "—", "―": "—", "⸺": "—", "⸻": "—"}
_DELETE_RE = re.compile("[" + DELETE + "]")
_WS_RE = re.compile("[" + WS + "]")
_MAP_RE = re.compile("[" + "".join(CHAR_MAP) + "]")


def normalize(text: str, lang: str) -> str:
    """The model's text normalisation (see module docstring; mirrored in src/lib/writers-text.ts)."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}")
    s = unicodedata.normalize("NFC", text)
    s = _DELETE_RE.sub("", s)
    s = _WS_RE.sub(" ", s)
    s = _MAP_RE.sub(lambda m: CHAR_MAP[m.group(0)], s)
    s = s.replace("--", "—")           # left to right, non-overlapping ("---" -> "—-")
    s = s.replace(" - ", " — ")        # a spaced hyphen (non-overlapping: "a - - b" keeps one)
    s = re.sub(" {2,}", " ", s)
    if lang == "en":
        s = s.replace(" —", "—").replace("— ", "—")
    return s.strip(" ")


def encode(text_norm: str, vocab_index: dict, max_len: int = MAX_LEN) -> np.ndarray:
    """Normalised text -> int64 ids [max_len] (first max_len code points, then PAD)."""
    ids = np.zeros(max_len, dtype=np.int64)
    for i, ch in enumerate(text_norm[:max_len]):
        ids[i] = vocab_index.get(ch, UNK)
    return ids


def encode_many(texts, vocab_index, length: int) -> np.ndarray:
    out = np.zeros((len(texts), length), dtype=np.int64)
    for r, t in enumerate(texts):
        for i, ch in enumerate(t[:length]):
            out[r, i] = vocab_index.get(ch, UNK)
    return out


CYR = re.compile("[\u0400-\u04ff]")
LAT = re.compile("[A-Za-z\u00c0-\u024f]")


def detect_script(text: str) -> str:
    """'ru' / 'en' / 'none' by letter count: Cyrillic vs Latin letters (ties -> 'none' if 0)."""
    c, l = len(CYR.findall(text)), len(LAT.findall(text))
    if c == 0 and l == 0:
        return "none"
    return "ru" if c >= l else "en"


# --------------------------------------------------------------------------- corpus and split

@dataclass
class Work:
    author: str
    file: str
    title: str
    year: str
    text: str                     # normalised, paragraphs joined by one space
    starts: np.ndarray = field(default=None, repr=False)  # word-start positions

    @property
    def chars(self) -> int:
        return len(self.text)


def word_starts(text: str) -> np.ndarray:
    """Positions where a word starts: 0 and every position right after a space."""
    a = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    pos = np.flatnonzero(a[:-1] == 32) + 1
    return np.concatenate([[0], pos]).astype(np.int64)


def load_corpus(lang: str, root: Path = DATA_ROOT) -> dict:
    """author -> [Work] in metadata order; each paragraph normalised, joined by a space."""
    d = Path(root) / LANGS[lang]["dir"]
    if not (d / "metadata.csv").exists():
        raise SystemExit(f"error: {d}/metadata.csv not found (set WRITERS_DATA to the folder holding {LANGS[lang]['dir']}/)")
    out = {a: [] for a in LANGS[lang]["authors"]}
    with open(d / "metadata.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            a = row["author"].lower()
            if a not in out:
                continue
            with open(d / row["file"], encoding="utf-8") as g:
                paras = [normalize(p, lang) for p in g.read().split("\n")]
            text = " ".join(p for p in paras if p)
            title = row.get("title_ru") or row.get("title")
            year = row.get("year") or row.get("first_published") or ""
            w = Work(a, row["file"], title, year, text)
            w.starts = word_starts(text)
            out[a].append(w)
    return out


def _hash_key(file: str) -> str:
    return hashlib.sha1(file.encode("utf-8")).hexdigest()


def assign_splits(works: list) -> dict:
    """Split one author's works into test / validation / train, whole works only.

    Deterministic and not hand-picked: works are visited in the order of the SHA-1 of their file
    name (a fixed pseudo-random order). Test takes a work if the test share stays <= 30 % of the
    author's characters, until it reaches >= 15 %; if nothing fits, the smallest work. Validation
    does the same on the rest with 7–15 %, but only if a train work remains with >= 50 % of the
    characters. An author with no spare work for validation gets the fallback: the last 10 % of
    each train work (contiguous, cut at a word start) is validation — within-work, so used only
    for model selection, never reported as a result.
    """
    total = sum(w.chars for w in works)
    order = sorted(works, key=lambda w: _hash_key(w.file))

    def fill(pool, lo, hi):
        chosen, n = [], 0
        for w in pool:
            if n >= lo * total:
                break
            if n + w.chars <= hi * total:
                chosen.append(w)
                n += w.chars
        return chosen

    test = fill(order, *TEST_RANGE) or [min(works, key=lambda w: (w.chars, w.file))]
    rest = [w for w in order if w not in test]
    val = fill(rest, *VAL_RANGE) if len(rest) >= 2 else []
    train = [w for w in rest if w not in val]
    if not train or sum(w.chars for w in train) < 0.5 * total:
        train, val = rest, []
    return {"train": train, "validation": val, "test": test, "validation_tail": not val}


@dataclass
class Segment:
    """A contiguous span [lo, hi) of a work's text usable by one split."""
    work: Work
    lo: int
    hi: int

    @property
    def chars(self) -> int:
        return self.hi - self.lo


def split_segments(corpus: dict) -> dict:
    """split -> author -> [Segment]; plus meta: author -> {split: [files]}, tail flag."""
    segs = {s: {a: [] for a in corpus} for s in ("train", "validation", "test")}
    meta = {}
    for a, works in corpus.items():
        sp = assign_splits(works)
        meta[a] = {"train": [w.file for w in sp["train"]], "validation": [w.file for w in sp["validation"]],
                   "test": [w.file for w in sp["test"]], "validation_tail": sp["validation_tail"]}
        for w in sp["test"]:
            segs["test"][a].append(Segment(w, 0, w.chars))
        for w in sp["validation"]:
            segs["validation"][a].append(Segment(w, 0, w.chars))
        for w in sp["train"]:
            if sp["validation_tail"]:
                cut_target = int(w.chars * (1 - VAL_TAIL))
                cut = int(w.starts[np.searchsorted(w.starts, cut_target)]) if cut_target < w.starts[-1] else w.chars
                segs["train"][a].append(Segment(w, 0, max(0, cut - 1)))  # drop the joining space
                segs["validation"][a].append(Segment(w, cut, w.chars))
            else:
                segs["train"][a].append(Segment(w, 0, w.chars))
    return segs, meta


def eval_windows(segments: list, length: int = MAX_LEN, cap: int = EVAL_CAP) -> list:
    """Non-overlapping windows of `length` characters, each starting at a word start, walked
    left to right through every segment; if more than `cap`, `cap` of them evenly spaced (so all
    of the author's held-out works are represented). Returns a list of strings."""
    wins = []
    for s in segments:
        st = s.work.starts
        i = int(np.searchsorted(st, s.lo))
        while i < len(st):
            p = int(st[i])
            if p + length > s.hi:
                break
            wins.append(s.work.text[p:p + length])
            i = int(np.searchsorted(st, p + length))
    if len(wins) > cap:
        idx = np.floor(np.arange(cap) * len(wins) / cap).astype(int)
        wins = [wins[k] for k in idx]
    return wins


def eval_set(segs_by_author: dict, authors: list, length: int = MAX_LEN, cap: int = EVAL_CAP):
    """(texts, labels) with windows of `length` for each author (label = index in `authors`)."""
    texts, labels = [], []
    for k, a in enumerate(authors):
        w = eval_windows(segs_by_author[a], length, cap)
        texts += w
        labels += [k] * len(w)
    return texts, np.array(labels, dtype=np.int64)


class PassageSampler:
    """Class-balanced random passages from the train segments.

    Every batch has the same number of passages of every author (class balance by sampling, not by
    weighting the loss), and one length for the whole batch, drawn log-uniformly from
    [MIN_LEN, MAX_LEN] (so short passages get as much attention per octave as long ones and no
    padding is needed in training). Within an author, a segment is chosen with probability
    proportional to its usable length, then a start uniformly among its word starts.
    """

    def __init__(self, segs_by_author: dict, authors: list, seed: int):
        self.authors = authors
        self.rng = np.random.default_rng(seed)
        self.segs = {a: segs_by_author[a] for a in authors}

    def sample(self, per_author: int, length: int | None = None):
        if length is None:
            length = int(round(np.exp(self.rng.uniform(np.log(MIN_LEN), np.log(MAX_LEN)))))
        texts, labels = [], []
        for k, a in enumerate(self.authors):
            segs = [s for s in self.segs[a] if s.chars > length]
            w = np.array([s.chars - length for s in segs], dtype=np.float64)
            picks = self.rng.choice(len(segs), size=per_author, p=w / w.sum())
            for j in picks:
                s = segs[j]
                st = s.work.starts
                lo, hi = np.searchsorted(st, s.lo), np.searchsorted(st, s.hi - length, side="right")
                p = int(st[self.rng.integers(lo, hi)])
                texts.append(s.work.text[p:p + length])
                labels.append(k)
        return texts, np.array(labels, dtype=np.int64), length


def build_vocab(segs_train: dict, min_count: int = VOCAB_MIN_COUNT) -> list:
    """Characters seen >= min_count times in the train segments, sorted by code point."""
    from collections import Counter
    c = Counter()
    for segs in segs_train.values():
        for s in segs:
            c.update(s.work.text[s.lo:s.hi])
    return sorted(ch for ch, n in c.items() if n >= min_count)


def vocab_index(vocab: list) -> dict:
    return {ch: i + 2 for i, ch in enumerate(vocab)}


# --------------------------------------------------------------------------- metrics

def confusion(y_true, y_pred, k: int) -> np.ndarray:
    m = np.zeros((k, k), dtype=np.int64)
    np.add.at(m, (np.asarray(y_true), np.asarray(y_pred)), 1)
    return m


def scores(y_true, y_pred, k: int) -> dict:
    """accuracy, balanced accuracy (mean per-author recall), macro-F1, confusion (rows = true)."""
    m = confusion(y_true, y_pred, k)
    tp = np.diag(m).astype(np.float64)
    rec = tp / np.maximum(m.sum(1), 1)
    prec = tp / np.maximum(m.sum(0), 1)
    f1 = np.where(prec + rec > 0, 2 * prec * rec / np.maximum(prec + rec, 1e-12), 0.0)
    return {"accuracy": float(tp.sum() / m.sum()), "balanced_accuracy": float(rec.mean()),
            "macro_f1": float(f1.mean()), "per_author_recall": rec.tolist(), "per_author_f1": f1.tolist(),
            "confusion": m.tolist(), "n": int(m.sum())}


def split_descriptions(lang: str) -> dict:
    return {
        "train": {"ru": "обучающие произведения (целиком; отрывки выбираются случайно, поровну от каждого автора)",
                  "en": "training works (whole works; random passages, equally many per author)"},
        "validation": {"ru": "проверочные произведения — только для выбора модели (шаг обучения, C); у авторов без лишнего произведения — последние 10 % каждого обучающего произведения",
                       "en": "validation works — model selection only (training step, C); for authors without a spare work, the last 10 % of each training work"},
        "test": {"ru": "отложенные произведения, которых модель не видела; неперекрывающиеся окна с начала слова, не более 300 на автора; используются один раз",
                 "en": "held-out works the model never saw; non-overlapping windows starting at a word, at most 300 per author; touched once"},
    }
