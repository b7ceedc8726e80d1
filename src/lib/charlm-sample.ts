/**
 * Sampling and the generation loop of the character-level mini GPT-J, exactly as in
 * training/charlm_common.py (sample_step, generate); pinned by tests/fixtures/charlm-{ru,en}-generation.json.
 *
 * One step: candidates are ids 2..V−1 (never padding or unknown), ordered by logit descending (ties:
 * smaller id first); keep the first topK; p_i = exp((l_i − l_max)/temperature) / Σ over the kept ones
 * (float64); one uniform u per step from mulberry32(seed); the chosen candidate is the first whose
 * cumulative probability exceeds u (the last one if rounding leaves u above the total).
 *
 * The loop (with a key/value cache): the first run feeds the prompt's ids (at most `context`) with an
 * empty cache; each later run feeds the one new id with the cache; when the cache plus the new ids would
 * exceed `context`, the cache is dropped and the last `refill` (= context / 2) ids are fed again.
 */
import { mulberry32 } from './prng.ts';

export interface StepResult {
  id: number;
  /** Candidate ids in sampling order (the kept top-k). */
  order: number[];
  /** Their sampling probabilities (after temperature and top-k). */
  p: number[];
  /** Model probabilities at temperature 1 over all candidates, for the kept ones. */
  pModel: number[];
  u: number;
}

export function sampleStep(logits: ArrayLike<number>, temperature: number, topK: number, u: number): StepResult {
  const n = logits.length;
  const cand: number[] = [];
  for (let i = 2; i < n; i++) cand.push(i);
  cand.sort((a, b) => (logits[b]! - logits[a]!) || a - b);
  const k = Math.max(1, Math.min(Math.floor(topK), cand.length));
  const order = cand.slice(0, k);
  const lmax = logits[order[0]!]!;
  const w = order.map((i) => Math.exp((logits[i]! - lmax) / temperature));
  const sum = w.reduce((a, b) => a + b, 0);
  const p = w.map((x) => x / sum);
  let all = 0;
  for (let i = 2; i < n; i++) all += Math.exp(logits[i]! - lmax);
  const pModel = order.map((i) => Math.exp(logits[i]! - lmax) / all);
  let cum = 0;
  let j = k - 1;
  for (let i = 0; i < k; i++) {
    cum += p[i]!;
    if (u < cum) { j = i; break; }
  }
  return { id: order[j]!, order, p, pModel, u };
}

export interface CacheShape { layers: number; heads: number; headDim: number }

/** The state of one generation: which ids to feed next and with which cache. */
export class Generation {
  readonly seq: number[];
  private past: Float32Array;
  private pastLen = 0;
  private feed: number[];
  private readonly rng: () => number;

  readonly seed: number;
  readonly context: number;
  readonly refill: number;
  readonly shape: CacheShape;

  constructor(promptIds: readonly number[], seed: number, context: number, refill: number, shape: CacheShape) {
    this.seed = seed;
    this.context = context;
    this.refill = refill;
    this.shape = shape;
    this.seq = promptIds.slice(-context);
    this.feed = [...this.seq];
    this.past = new Float32Array(0);
    this.rng = mulberry32(seed);
  }

  /** The feeds of the next model run (ids [1, T], past [L, 2, H, P, hd]); applies the refill rule. */
  nextFeeds(): { ids: number[]; past: Float32Array; pastLen: number } {
    if (this.pastLen + this.feed.length > this.context) {
      this.past = new Float32Array(0);
      this.pastLen = 0;
      this.feed = this.seq.slice(-this.refill);
    }
    return { ids: this.feed, past: this.past, pastLen: this.pastLen };
  }

  /** After the run: store the cache, draw u, sample, append. */
  accept(logits: ArrayLike<number>, present: Float32Array, temperature: number, topK: number): StepResult & { fed: number } {
    const fed = this.feed.length;
    this.past = present;
    this.pastLen += fed;
    const r = sampleStep(logits, temperature, topK, this.rng());
    this.seq.push(r.id);
    this.feed = [r.id];
    return { ...r, fed };
  }
}
