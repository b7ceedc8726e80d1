// The mini CLIP's toy vocabulary and tokenizer (twin of training/miniclip_common.py tokenize/pad_ids;
// tests/fixtures/miniclip-text.json pins the two together). Words are lower-cased runs of letters;
// known words become ids 1..13, unknown words are reported (never dropped silently), and at most
// MAX_TOKENS ids are kept.

export const COLOURS = ['red', 'green', 'blue', 'yellow'] as const;
export const SHAPES = ['circle', 'square', 'triangle'] as const;
export const POSITIONS = ['left', 'right', 'top', 'bottom', 'centre'] as const;
export const STYLE_WORD = 'zenderq';
export const VOCAB: readonly string[] = ['<pad>', ...COLOURS, ...SHAPES, ...POSITIONS, STYLE_WORD];
export const MAX_TOKENS = 8;
const ALIASES: Record<string, string> = { center: 'centre', middle: 'centre' };

export interface Tokens {
  ids: number[];
  unknown: string[];
  truncated: boolean;
}

export function tokenize(text: string): Tokens {
  const ids: number[] = [];
  const unknown: string[] = [];
  for (const raw of text.toLowerCase().match(/\p{L}+/gu) ?? []) {
    const w = ALIASES[raw] ?? raw;
    const id = VOCAB.indexOf(w);
    if (id > 0) ids.push(id);
    else unknown.push(w);
  }
  return { ids: ids.slice(0, MAX_TOKENS), unknown, truncated: ids.length > MAX_TOKENS };
}

export function padIds(ids: readonly number[]): number[] {
  return [...ids, ...new Array<number>(MAX_TOKENS).fill(0)].slice(0, MAX_TOKENS);
}

export const words = (ids: readonly number[]): string[] => ids.map((i) => VOCAB[i]!);

/** The prompt without the style word, and the same prompt with it appended once. */
export function promptPair(ids: readonly number[]): { without: number[]; with: number[] } {
  const style = VOCAB.indexOf(STYLE_WORD);
  const base = ids.filter((i) => i !== style);
  return { without: base, with: [...base, style].slice(0, MAX_TOKENS) };
}

/** Words of the vocabulary that start with `prefix` (autocompletion), in vocabulary order. */
export function completions(prefix: string): string[] {
  const p = prefix.toLowerCase();
  if (!p) return [];
  return VOCAB.slice(1).filter((w) => w.startsWith(p) && w !== p);
}
