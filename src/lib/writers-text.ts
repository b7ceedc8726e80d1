/**
 * Text normalisation and character tokenisation for the writer-style models
 * (public/models/writers-ru-char, writers-en-char).
 *
 * Mirrors training/writers_common.py (normalize, encode, detect_script) operation for operation;
 * tests/fixtures/writers-text.json (written by training/writers_text_fixture.py) pins the two
 * together, ids exactly: change both or neither.
 *
 * Pipeline (normalize):
 * 1. Unicode NFC.
 * 2. Delete stress accents U+0301 / U+0300, soft hyphen, zero-width characters (U+200B–U+200D,
 *    U+2060, U+FEFF).
 * 3. Every whitespace character of WS (newline, tab, NBSP, thin spaces, …) → one space.
 * 4. Typography as in the training corpora: ё → е, Ё → Е; «»„“”‟″ → "; ‘’‚‛′ → '; … → ...;
 *    the dashes ‒–―⸺⸻ → —; then "--" → "—" and " - " → " — " (left to right, non-overlapping).
 * 5. Runs of spaces → one space. English only: spaces around — are removed (word—word, as in
 *    the English corpus; Russian keeps "слово — слово"). Leading/trailing spaces stripped.
 *
 * Encoding: one id per Unicode code point (an emoji is one unknown id, not two UTF-16 halves);
 * 0 = padding, 1 = unknown, vocabulary character i → i + 2 (vocabulary: baked.json text.vocab).
 * The model reads exactly maxLen ids: the first maxLen code points, then zeros.
 */

export type WritersLang = 'ru' | 'en';

/** Defaults equal to writers_common.py (checked by the fixture test); the baked file is authoritative. */
export const MAX_LEN = 1000;
export const PAD_ID = 0;
export const UNK_ID = 1;

const DELETE_RE = /[\u0301\u0300\u00ad\u200b\u200c\u200d\u2060\ufeff]/g;
const WS_RE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/g;
const CHAR_MAP: Readonly<Record<string, string>> = {
  'ё': 'е', 'Ё': 'Е',
  '«': '"', '»': '"', '„': '"', '“': '"', '”': '"', '‟': '"', '″': '"',
  '‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'",
  '…': '...',
  '‒': '—', '–': '—', '―': '—', '⸺': '—', '⸻': '—',
};
const MAP_RE = new RegExp(`[${Object.keys(CHAR_MAP).join('')}]`, 'g');

/** The models' text normalisation (see the file comment). */
export function normalize(text: string, lang: WritersLang): string {
  let s = text.normalize('NFC');
  s = s.replace(DELETE_RE, '');
  s = s.replace(WS_RE, ' ');
  s = s.replace(MAP_RE, (c) => CHAR_MAP[c]!);
  s = s.replaceAll('--', '—');
  s = s.replaceAll(' - ', ' — ');
  s = s.replace(/ {2,}/g, ' ');
  if (lang === 'en') s = s.replaceAll(' —', '—').replaceAll('— ', '—');
  return s.replace(/^ +| +$/g, '');
}

/** Character → id (vocabulary index + 2). */
export function vocabIndex(vocab: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  vocab.forEach((ch, i) => m.set(ch, i + 2));
  return m;
}

export interface Encoded {
  /** int64 ids [maxLen] for the model input `ids` [1, maxLen]. */
  ids: BigInt64Array;
  /** Characters (code points) actually fed to the model (≤ maxLen). */
  length: number;
  /** Code points of the normalised text before truncation. */
  total: number;
  /** How many of the fed characters are unknown to the vocabulary. */
  unknown: number;
  truncated: boolean;
}

/** Normalised text → padded/truncated ids (first maxLen code points, then PAD_ID). */
export function encode(textNorm: string, index: ReadonlyMap<string, number>, maxLen = MAX_LEN): Encoded {
  const ids = new BigInt64Array(maxLen);
  let i = 0;
  let total = 0;
  let unknown = 0;
  for (const ch of textNorm) {
    if (i < maxLen) {
      const id = index.get(ch) ?? UNK_ID;
      if (id === UNK_ID) unknown++;
      ids[i++] = BigInt(id);
    }
    total++;
  }
  return { ids, length: i, total, unknown, truncated: total > maxLen };
}

/** normalize + encode in one step. */
export function prepare(text: string, lang: WritersLang, index: ReadonlyMap<string, number>, maxLen = MAX_LEN): Encoded & { normalized: string } {
  const normalized = normalize(text, lang);
  return { normalized, ...encode(normalized, index, maxLen) };
}

const CYR_RE = /[\u0400-\u04ff]/g;
const LAT_RE = /[A-Za-z\u00c0-\u024f]/g;

/** 'ru' if Cyrillic letters are at least as many as Latin ones, 'en' if fewer, 'none' without letters of either. */
export function detectScript(text: string): WritersLang | 'none' {
  const c = text.match(CYR_RE)?.length ?? 0;
  const l = text.match(LAT_RE)?.length ?? 0;
  if (c === 0 && l === 0) return 'none';
  return c >= l ? 'ru' : 'en';
}
