/**
 * Prompt → ids for the character-level mini GPT-J (public/models/charlm-ru, charlm-en).
 *
 * The text goes through the writer-style models' normalisation (src/lib/writers-text.ts, mirrored by
 * training/writers_common.py and pinned by tests/fixtures/writers-text.json); each code point becomes
 * its vocabulary id (baked.json `vocab`, id = index + 2), or UNK_ID (1) if the training text did not
 * contain it at least 20 times. The model reads at most `context` characters: a longer prompt keeps
 * its LAST `context` characters (the ones right before the text to be written).
 *
 * For the reader, the function also reports what the normalisation changed (typographic quotes,
 * dashes, ё, line breaks …) and which characters stay unknown.
 */
import { normalize, vocabIndex, UNK_ID, type WritersLang } from './writers-text.ts';

export { UNK_ID };
export const PAD_ID = 0;

export interface PromptEncoding {
  /** The normalised prompt (all of it, before cutting to the context). */
  normalized: string;
  /** Ids of the characters the model reads (the last `context` ones). */
  ids: number[];
  /** Characters (code points) of the normalised prompt. */
  total: number;
  /** How many characters were cut from the left (0 if the prompt fits). */
  cut: number;
  /** Distinct characters the normalisation replaced: from → to ('' = deleted). Whitespace other than a space is reported as one entry. */
  mapped: { from: string; to: string }[];
  /** Distinct characters of the normalised prompt that are not in the vocabulary (fed as UNK_ID), with counts. */
  unknown: { char: string; count: number }[];
}

export function makeIndex(vocab: readonly string[]): Map<string, number> {
  return vocabIndex(vocab);
}

/** Normalise, report changes, encode and keep the last `context` characters. */
export function encodePrompt(text: string, lang: WritersLang, index: ReadonlyMap<string, number>, context: number): PromptEncoding {
  const normalized = normalize(text, lang);
  const mapped: { from: string; to: string }[] = [];
  const seen = new Set<string>();
  for (const ch of text.normalize('NFC')) {
    if (seen.has(ch) || ch === ' ') continue;
    seen.add(ch);
    const n = normalize(`a${ch}a`, lang).slice(1, -1);   // in context, so a lone space is not stripped
    if (n !== ch) mapped.push({ from: ch, to: n });
  }
  const chars = [...normalized];
  const unknownCounts = new Map<string, number>();
  const allIds = chars.map((ch) => {
    const id = index.get(ch);
    if (id === undefined) {
      unknownCounts.set(ch, (unknownCounts.get(ch) ?? 0) + 1);
      return UNK_ID;
    }
    return id;
  });
  const cut = Math.max(0, allIds.length - context);
  return {
    normalized,
    ids: allIds.slice(cut),
    total: allIds.length,
    cut,
    mapped,
    unknown: [...unknownCounts].map(([char, count]) => ({ char, count })),
  };
}

/** id → display character (UNK shown as U+FFFD). */
export function decodeId(id: number, vocab: readonly string[]): string {
  return id >= 2 && id - 2 < vocab.length ? vocab[id - 2]! : '\ufffd';
}
