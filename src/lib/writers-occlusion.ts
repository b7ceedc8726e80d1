/**
 * Occlusion for the writer-style models: which fragments of a passage pushed the prediction.
 *
 * The passage (the normalised text as the model reads it: its first maxLen code points) is cut into
 * fragments at word boundaries; the model then runs once on the whole passage and once per
 * fragment with that fragment replaced by padding (id 0). The models mask padding after every
 * layer, so a padded fragment is simply absent — it is cut out, not replaced by other text. All
 * variants go to the model as one batch.
 */
import { PAD_ID } from './writers-text.ts';

export interface Fragment {
  /** Code-point offsets [start, end) in the passage. */
  start: number;
  end: number;
}

/**
 * Partition of [0, n) into at most maxUnits fragments. Each fragment starts at a word (the first at
 * 0) and runs to the next fragment's start, so it includes its trailing space; consecutive words
 * are merged until a fragment has at least ceil(n / maxUnits) code points, which bounds the count.
 */
export function occlusionFragments(chars: readonly string[], maxUnits = 50): Fragment[] {
  const n = chars.length;
  if (n === 0) return [];
  const minSize = Math.ceil(n / maxUnits);
  // Word starts: a non-space after a space (or position 0).
  const starts: number[] = [0];
  for (let i = 1; i < n; i++) if (chars[i] !== ' ' && chars[i - 1] === ' ') starts.push(i);
  const out: Fragment[] = [];
  let start = 0;
  for (let k = 1; k <= starts.length; k++) {
    const next = k < starts.length ? starts[k]! : n;
    if (next - start >= minSize || next === n) {
      out.push({ start, end: next });
      start = next;
    }
  }
  return out;
}

/**
 * How many fragments a passage of n characters gets: the batch costs (fragments + 1) × n positions,
 * so the cap keeps that near 30,000 (a 1,000-character passage: 30 fragments of ≥ 34 characters,
 * ~5 words each), while short passages get up to 50 fragments — one per word or two.
 */
export function fragmentCap(n: number): number {
  return Math.max(12, Math.min(50, Math.floor(30_000 / Math.max(1, n))));
}

/** Row 0: the ids as they are; row k + 1: fragment k replaced by padding. Shape [fragments + 1, L]. */
export function maskedBatch(ids: BigInt64Array, fragments: readonly Fragment[]): BigInt64Array {
  const L = ids.length;
  const out = new BigInt64Array((fragments.length + 1) * L);
  for (let r = 0; r <= fragments.length; r++) {
    out.set(ids, r * L);
    if (r > 0) out.fill(BigInt(PAD_ID), r * L + fragments[r - 1]!.start, r * L + fragments[r - 1]!.end);
  }
  return out;
}

/** log-softmax of one row of logits. */
export function logSoftmax(logits: ArrayLike<number>): number[] {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i]! - max);
  const lse = max + Math.log(sum);
  return Array.from({ length: logits.length }, (_, i) => logits[i]! - lse);
}

/**
 * Contribution of each fragment to author `target`: log p(target | passage) − log p(target | passage
 * without the fragment). Positive: the fragment pulled towards the author. `logits` is the model's
 * output for maskedBatch (row-major [fragments + 1, classes]).
 */
export function fragmentContributions(logits: ArrayLike<number>, classes: number, target: number): number[] {
  const rows = logits.length / classes;
  const row = (r: number) => logSoftmax(Array.from({ length: classes }, (_, c) => logits[r * classes + c]!));
  const base = row(0)[target]!;
  return Array.from({ length: rows - 1 }, (_, k) => base - row(k + 1)[target]!);
}
