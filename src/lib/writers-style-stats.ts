/**
 * Simple, explainable style statistics of a text — the "Style fingerprints" widget.
 *
 * Mirrors style_stats / sentence_spans / mattr in training/writers_fingerprints.py operation for
 * operation (tests/fixtures/writers-style-stats.json, written by that script, pins the two:
 * change both or neither). Everything is computed on normalize(text, lang) from writers-text.ts
 * (the models' normalisation):
 *
 * - Word: a maximal run of LETTERS, possibly joined by single inner hyphens or apostrophes
 *   ("что-то", "don't"). LETTERS are listed explicitly (A–Z, a–z, U+00C0–U+024F without × and ÷,
 *   Cyrillic U+0400–U+04FF) so the browser and Python agree; digits, emoji, CJK are not words.
 *   Word length = its letters.
 * - Sentence boundary: after a run of . ! ? (plus closing " ' ) ] right after it) followed by a
 *   space — unless the next character is a lowercase letter, or "—", space, lowercase letter
 *   ("— Да! — сказал он." is one sentence), or the run is a single "." after an initial (one
 *   capital letter) or an English title (Mr Mrs Dr St Messrs Mme Mlle). Only sentences with a word
 *   count.
 * - Commas, semicolons, "!" and "?" per 1000 words; direct speech = share of sentences that start
 *   with "—" (Russian) or contain a double quote or start inside an open quotation (English; a `"`
 *   opens after start/space/—/(/[, otherwise closes).
 * - MATTR: the type–token ratio of lowercased words averaged over every window of 100 words; with
 *   fewer words, the plain type–token ratio (mattrWindow < 100).
 * Every ratio is one division of integer counts (bit-identical to Python); no denominator → null.
 */
import { normalize, type WritersLang } from './writers-text.ts';

export const MATTR_WINDOW = 100;
export const STAT_KEYS = ['sentence_len', 'word_len', 'commas', 'semicolons', 'exclamations', 'questions', 'dialogue', 'mattr'] as const;
export type StatKey = (typeof STAT_KEYS)[number];

export interface StyleStats {
  chars: number;
  words: number;
  sentences: number;
  letters: number;
  commas_n: number;
  semicolons_n: number;
  exclamations_n: number;
  questions_n: number;
  speech_sentences: number;
  sentence_len: number | null;
  word_len: number | null;
  commas: number | null;
  semicolons: number | null;
  exclamations: number | null;
  questions: number | null;
  dialogue: number | null;
  mattr: number | null;
  mattr_window: number;
}

const L = 'A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0400-\u04ff';
const WORD_RE = new RegExp(`[${L}]+(?:['-][${L}]+)*`, 'g');
const WORD_TEST_RE = new RegExp(`[${L}]`);
const LETTER_RE = new RegExp(`^[${L}]$`);
const LETTERS_G = new RegExp(`[${L}]`, 'g');
const LOWER_RE = /^[a-z\u00df-\u00f6\u00f8-\u00ff\u0430-\u045f]$/;
const UPPER1_RE = /^[A-Z\u00c0-\u00d6\u00d8-\u00de\u0400-\u042f]$/;
const TERM_RE = /[.!?]+["')\]]*/g;
const TITLES = new Set(['Mr', 'Mrs', 'Dr', 'St', 'Messrs', 'Mme', 'Mlle']);
const OPENERS_BEFORE_QUOTE = new Set([' ', '—', '(', '[']);

const isLower = (ch: string | undefined) => ch !== undefined && LOWER_RE.test(ch);

/** The words of a normalised text (see the file comment), as written. */
export function wordsOf(s: string): string[] {
  return s.match(WORD_RE) ?? [];
}

/** [start, end) of every sentence of a normalised text (UTF-16 indices). */
export function sentenceSpans(s: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const n = s.length;
  let start = 0;
  TERM_RE.lastIndex = 0;
  for (let m = TERM_RE.exec(s); m !== null; m = TERM_RE.exec(s)) {
    const k = m.index + m[0].length;
    if (k < n && s[k] !== ' ') continue;
    if (k < n) {
      const nxt = s[k + 1];
      if (isLower(nxt)) continue;
      if (nxt === '—' && k + 3 < n && s[k + 2] === ' ' && isLower(s[k + 3])) continue;
      if (m[0] === '.') {
        // the letters right before the "." (at most 7 looked at: the longest title is 6)
        const j = m.index;
        let i = j;
        while (i > 0 && j - i < 7 && LETTER_RE.test(s[i - 1]!)) i--;
        const word = s.slice(i, j);
        if ((word.length === 1 && UPPER1_RE.test(word)) || TITLES.has(word)) continue;
      }
    }
    spans.push([start, k]);
    start = k + 1;
  }
  if (start < n) spans.push([start, n]);
  return spans;
}

/** [MATTR, window used]: mean type–token ratio over all windows of `window` tokens. */
export function mattr(tokens: readonly string[], window = MATTR_WINDOW): [number | null, number] {
  const n = tokens.length;
  if (n === 0) return [null, 0];
  if (n < window) return [new Set(tokens).size / n, n];
  const counts = new Map<string, number>();
  for (const t of tokens.slice(0, window)) counts.set(t, (counts.get(t) ?? 0) + 1);
  let distinct = counts.size;
  let total = distinct;
  for (let i = window; i < n; i++) {
    const a = tokens[i]!;
    const b = tokens[i - window]!;
    const ca = (counts.get(a) ?? 0) + 1;
    counts.set(a, ca);
    if (ca === 1) distinct++;
    const cb = counts.get(b)! - 1;
    if (cb === 0) {
      counts.delete(b);
      distinct--;
    } else counts.set(b, cb);
    total += distinct;
  }
  return [total / (window * (n - window + 1)), window];
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
const per1000 = (count: number, words: number) => (words === 0 ? null : (count * 1000) / words);
const countChar = (s: string, ch: string) => s.split(ch).length - 1;

/** The statistics of one text (normalised here unless `normalized`). */
export function styleStats(text: string, lang: WritersLang, normalized = false): StyleStats {
  const s = normalized ? text : normalize(text, lang);
  const words = s.match(WORD_RE) ?? [];
  const nw = words.length;
  let letters = 0;
  for (const w of words) letters += w.match(LETTERS_G)?.length ?? 0;
  // English: quote state after every position
  let opens: boolean[] = [];
  if (lang === 'en') {
    opens = new Array<boolean>(s.length);
    let inside = false;
    for (let i = 0; i < s.length; i++) {
      if (s[i] === '"') inside = i === 0 || OPENERS_BEFORE_QUOTE.has(s[i - 1]!);
      opens[i] = inside;
    }
  }
  let sentences = 0;
  let speech = 0;
  for (const [a, b] of sentenceSpans(s)) {
    const seg = s.slice(a, b);
    if (!WORD_TEST_RE.test(seg)) continue;
    sentences++;
    if (lang === 'ru') {
      if (seg.startsWith('—')) speech++;
    } else if ((a > 0 && opens[a - 1]) || seg.includes('"')) speech++;
  }
  const [m, mw] = mattr(words.map((w) => w.toLowerCase()));
  const c = countChar(s, ','), sc = countChar(s, ';'), ex = countChar(s, '!'), q = countChar(s, '?');
  return {
    chars: [...s].length,
    words: nw,
    sentences,
    letters,
    commas_n: c,
    semicolons_n: sc,
    exclamations_n: ex,
    questions_n: q,
    speech_sentences: speech,
    sentence_len: ratio(nw, sentences),
    word_len: ratio(letters, nw),
    commas: per1000(c, nw),
    semicolons: per1000(sc, nw),
    exclamations: per1000(ex, nw),
    questions: per1000(q, nw),
    dialogue: ratio(speech, sentences),
    mattr: m,
    mattr_window: mw,
  };
}

// --------------------------------------------------------------------------- baked fingerprints

export interface FingerprintWord { word: string; z: number; count: number; per10k: number; rest_per10k: number }

export interface AuthorFingerprint {
  key: string;
  ru: string;
  en: string;
  train_works: number;
  train_chars: number;
  train_words: number;
  passages: number;
  pooled: Record<StatKey, number | null>;
  /** [q1, median, q3] over 1000-character training passages. */
  quartiles: Record<StatKey, [number, number, number] | null>;
  words: FingerprintWord[];
}

/** public/models/writers-{lang}-char/fingerprints.json (training/writers_fingerprints.py). */
export interface Fingerprints {
  model: string;
  lang: WritersLang;
  split: string;
  passage_chars: number;
  mattr_window: number;
  stats: StatKey[];
  /** Robust within-author spread per statistic: mean over authors of IQR / 1.349. */
  scale: Record<StatKey, number>;
  authors: AuthorFingerprint[];
}

/**
 * Distance of a text's statistics to every author: sqrt(mean over the statistics of
 * ((value − author's median) / scale)²), skipping statistics the text has no value for and
 * MATTR when the text has fewer than MATTR_WINDOW words (its plain type–token ratio is biased
 * upwards). null when no statistic could be compared.
 */
export function authorDistances(
  stats: StyleStats,
  fp: { stats: readonly StatKey[]; scale: Record<StatKey, number>; authors: ReadonlyArray<{ quartiles: AuthorFingerprint['quartiles'] }> },
): Array<number | null> {
  return fp.authors.map((row) => {
    let acc = 0;
    let n = 0;
    for (const k of fp.stats) {
      const x = stats[k];
      const q = row.quartiles[k];
      const sc = fp.scale[k];
      if (x === null || q === null || !sc || (k === 'mattr' && stats.mattr_window < MATTR_WINDOW)) continue;
      const z = (x - q[1]) / sc;
      acc += z * z;
      n++;
    }
    return n === 0 ? null : Math.sqrt(acc / n);
  });
}

/** Index of the nearest author (smallest distance), or -1. */
export function nearestAuthor(distances: ReadonlyArray<number | null>): number {
  let best = -1;
  for (let i = 0; i < distances.length; i++) {
    const d = distances[i];
    if (d === null || d === undefined) continue;
    if (best < 0 || d < distances[best]!) best = i;
  }
  return best;
}
