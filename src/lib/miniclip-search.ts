// Seeded latents, cosine reranking and a gradient-free evolution strategy over the generator's
// latent — the page side of the "prompt engineering in miniature" widget. Twins of
// training/miniclip_common.py (gaussians, bank_latents, rank, es_run); tests/fixtures/miniclip-search.json
// pins them together. Pure functions: the widget supplies the model calls.
import { mulberry32 } from './prng.ts';

export const LATENT = 11;

/** `count` standard normals: Box–Muller on consecutive pairs of mulberry32(seed) draws. */
export function gaussians(seed: number, count: number): Float64Array {
  const r = mulberry32(seed >>> 0);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const u1 = r();
    const u2 = r();
    out[i] = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
  return out;
}

/** The candidate bank: n latents of LATENT numbers (row-major), float32 like the Python script. */
export function bankLatents(seed: number, n: number): Float32Array {
  return Float32Array.from(gaussians(seed, n * LATENT));
}

/** Dot products of n image embeddings (row-major, dim d) with one text embedding. Both sides are
 * L2-normalised by the model, so these are cosines. */
export function cosineScores(images: ArrayLike<number>, text: ArrayLike<number>, d: number): Float64Array {
  const n = Math.floor(images.length / d);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let k = 0; k < d; k++) s += images[i * d + k]! * text[k]!;
    out[i] = s;
  }
  return out;
}

/** Indices by descending score; ties keep the lower index first. */
export function rank(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
}

export interface EsOptions {
  lam: number;
  mu: number;
  sigma0: number;
  decay: number;
  clip: number;
}
export const ES_DEFAULTS: EsOptions = { lam: 16, mu: 4, sigma0: 0.8, decay: 0.95, clip: 3 };

export interface EsState {
  seed: number;
  gen: number;
  mean: Float64Array;
  sigma: number;
  opts: EsOptions;
  best: { score: number; x: Float32Array } | null;
}

export interface EsRecord {
  gen: number;
  bestScore: number;
  meanScore: number;
  /** Index (in this generation's population) of its best candidate. */
  bestIndex: number;
  bestX: Float32Array;
  sigma: number;
}

export function esWeights(mu: number): Float64Array {
  const w = Float64Array.from({ length: mu }, (_, i) => Math.log(mu + 0.5) - Math.log(i + 1));
  let sum = 0;
  for (const v of w) sum += v;
  return w.map((v) => v / sum);
}

export function esInit(seed: number, opts: EsOptions = ES_DEFAULTS, dim = LATENT): EsState {
  return { seed, gen: 0, mean: new Float64Array(dim), sigma: opts.sigma0, opts, best: null };
}

/** This generation's population: lam latents x_i = clip(m + sigma * eps_i), eps from mulberry32(seed + 1000 g). */
export function esPropose(state: EsState): Float32Array {
  const { lam, clip } = state.opts;
  const dim = state.mean.length;
  const eps = gaussians(state.seed + 1000 * state.gen, lam * dim);
  const xs = new Float32Array(lam * dim);
  for (let i = 0; i < lam; i++) {
    for (let k = 0; k < dim; k++) {
      xs[i * dim + k] = Math.min(clip, Math.max(-clip, state.mean[k]! + state.sigma * eps[i * dim + k]!));
    }
  }
  return xs;
}

/** Moves the mean to the log-rank-weighted average of the mu best (higher score = better). */
export function esUpdate(state: EsState, xs: Float32Array, scores: ArrayLike<number>): EsRecord {
  const dim = state.mean.length;
  const { mu, decay } = state.opts;
  const order = rank(scores);
  const w = esWeights(mu);
  const mean = new Float64Array(dim);
  for (let j = 0; j < mu; j++) {
    const i = order[j]!;
    for (let k = 0; k < dim; k++) mean[k] = mean[k]! + w[j]! * xs[i * dim + k]!;
  }
  const b = order[0]!;
  const bestX = xs.slice(b * dim, (b + 1) * dim);
  let total = 0;
  for (let i = 0; i < scores.length; i++) total += scores[i]!;
  const rec: EsRecord = { gen: state.gen, bestScore: scores[b]!, meanScore: total / scores.length, bestIndex: b, bestX, sigma: state.sigma };
  if (!state.best || scores[b]! > state.best.score) state.best = { score: scores[b]!, x: bestX };
  state.mean = mean;
  state.sigma *= decay;
  state.gen += 1;
  return rec;
}

/** Ground-truth attributes the generator was asked for (twin of miniclip_common.attributes). */
export function latentQuality(z: ArrayLike<number>, offset = 0): number {
  return 1 / (1 + Math.exp(-2.5 * z[offset + 10]!));
}

const argmax = (z: ArrayLike<number>, from: number, to: number) => {
  let best = from;
  for (let i = from + 1; i < to; i++) if (z[i]! > z[best]!) best = i;
  return best - from;
};

export function latentAttributes(z: ArrayLike<number>, offset = 0): { shape: number; colour: number; position: number; quality: number } {
  const v = Array.from({ length: LATENT }, (_, k) => z[offset + k]!);
  const dx = Math.tanh(v[7]!);
  const dy = Math.tanh(v[8]!);
  // positions: left, right, top, bottom, centre
  const position = Math.max(Math.abs(dx), Math.abs(dy)) < 0.4 ? 4 : Math.abs(dx) >= Math.abs(dy) ? (dx > 0 ? 1 : 0) : dy > 0 ? 3 : 2;
  return { shape: argmax(v, 0, 3), colour: argmax(v, 3, 7), position, quality: latentQuality(v) };
}
