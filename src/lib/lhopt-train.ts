// The inner training task of the learned-optimizer widget, in plain TypeScript (float64), mirroring
// training/lhopt_controller.py operation for operation (tests/fixtures/lhopt-train.json pins the two):
// a 2 → 16 → 16 → 1 tanh MLP on 64 labelled 2-D points, binary cross-entropy, Adam on minibatches
// of 4 (the recorded loss is the full-batch one), and the seven scale-free features the
// learning-rate controller reads every 10 steps.
import { mulberry32 } from './prng.ts';

export const HIDDEN = 16;
export const BATCH = 4;
export const MB_SEED = 2021;
export const BETA1 = 0.9;
export const BETA2 = 0.999;
export const EPS = 1e-8;
export const LR_MIN_FACTOR = 0.01;
export const LR_MAX_FACTOR = 10;
export const ACTIONS = [0.5, Math.SQRT1_2, 1, Math.SQRT2, 2] as const;
export const FEATURE_NAMES = ['progress', 'log_loss_ratio', 'loss_change', 'log_grad_ratio', 'update_cosine', 'loss_up_fraction', 'log_lr_ratio'] as const;

/** Parameter blocks in the Python order: W1 (2×H, row-major [in][out]), b1, W2 (H×H), b2, W3 (H×1), b3. */
export const SHAPES: readonly (readonly [number, number])[] = [[2, HIDDEN], [1, HIDDEN], [HIDDEN, HIDDEN], [1, HIDDEN], [HIDDEN, 1], [1, 1]];
export const N_PARAMS = SHAPES.reduce((a, [r, c]) => a + r * c, 0);
const OFFSETS: number[] = [];
{
  let acc = 0;
  for (const [r, c] of SHAPES) { OFFSETS.push(acc); acc += r * c; }
}

/** Glorot-uniform weights from mulberry32(seed) (W1, W2, W3 in that order), zero biases. */
export function initParams(seed: number): Float64Array {
  const r = mulberry32(seed);
  const p = new Float64Array(N_PARAMS);
  for (const k of [0, 2, 4]) {
    const [fin, fout] = SHAPES[k]!;
    const lim = Math.sqrt(6 / (fin + fout));
    const off = OFFSETS[k]!;
    for (let i = 0; i < fin * fout; i++) p[off + i] = (2 * r() - 1) * lim;
  }
  return p;
}

/**
 * The shared minibatch schedule: each epoch (n/4 steps) is a Fisher–Yates shuffle of 0..n−1 drawn
 * from one mulberry32(2021) stream (for i = n−1..1: j = floor(u·(i+1)), swap), cut into slices of 4.
 */
export function minibatchSchedule(steps: number, n = 64): number[][] {
  const r = mulberry32(MB_SEED);
  const out: number[][] = [];
  while (out.length < steps) {
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      const tmp = perm[i]!;
      perm[i] = perm[j]!;
      perm[j] = tmp;
    }
    for (let k = 0; k + BATCH <= n; k += BATCH) out.push(perm.slice(k, k + BATCH));
  }
  return out.slice(0, steps);
}

export interface Task { x: readonly (readonly [number, number])[] | readonly number[][]; y: readonly number[] }

/**
 * Full-batch loss at parameters `p`, and the gradient (written into `grad`) of the mean loss over
 * `rows` (a minibatch; all points when omitted).
 */
export function lossAndGrad(task: Task, p: Float64Array, grad: Float64Array, rows?: readonly number[]): number {
  const H = HIDDEN;
  const n = task.y.length;
  const [oW1, ob1, oW2, ob2, oW3, ob3] = OFFSETS as [number, number, number, number, number, number];
  grad.fill(0);
  const h1 = new Float64Array(H);
  const h2 = new Float64Array(H);
  const d2 = new Float64Array(H);
  const inBatch = new Uint8Array(n);
  if (rows) for (const r of rows) inBatch[r] = 1;
  else inBatch.fill(1);
  const denom = rows ? rows.length : n;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const x0 = task.x[i]![0]!;
    const x1 = task.x[i]![1]!;
    for (let j = 0; j < H; j++) h1[j] = Math.tanh(p[ob1 + j]! + x0 * p[oW1 + j]! + x1 * p[oW1 + H + j]!);
    for (let j = 0; j < H; j++) {
      let s = p[ob2 + j]!;
      for (let k = 0; k < H; k++) s += h1[k]! * p[oW2 + k * H + j]!;
      h2[j] = Math.tanh(s);
    }
    let z = p[ob3]!;
    for (let k = 0; k < H; k++) z += h2[k]! * p[oW3 + k]!;
    const y = task.y[i]!;
    loss += Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y * z;
    if (!inBatch[i]) continue;
    const dz = (1 / (1 + Math.exp(-z)) - y) / denom;
    grad[ob3] += dz;
    for (let k = 0; k < H; k++) {
      grad[oW3 + k] += h2[k]! * dz;
      d2[k] = dz * p[oW3 + k]! * (1 - h2[k]! * h2[k]!);
      grad[ob2 + k] += d2[k]!;
    }
    for (let k = 0; k < H; k++) {
      const hk = h1[k]!;
      let back = 0;
      for (let j = 0; j < H; j++) {
        grad[oW2 + k * H + j] += hk * d2[j]!;
        back += d2[j]! * p[oW2 + k * H + j]!;
      }
      const d1 = back * (1 - hk * hk);
      grad[ob1 + k] += d1;
      grad[oW1 + k] += x0 * d1;
      grad[oW1 + H + k] += x1 * d1;
    }
  }
  return loss / n;
}

export type Schedule = 'adam' | 'cosine' | 'controller';

/** One training run, advanced one step at a time. History arrays grow by one entry per step. */
export class Run {
  readonly p: Float64Array;
  private readonly m = new Float64Array(N_PARAMS);
  private readonly v = new Float64Array(N_PARAMS);
  private readonly g = new Float64Array(N_PARAMS);
  private readonly prevU = new Float64Array(N_PARAMS);
  private readonly u = new Float64Array(N_PARAMS);
  /** losses[s] = L_s, the loss before update s (and after update s−1). */
  readonly losses: number[] = [];
  readonly gradNorms: number[] = [];
  /** cosines[s] = cos(u_s, u_{s−1}) for s ≥ 2 (0 before). */
  readonly cosines: number[] = [0, 0];
  /** lrs[s] = the learning rate used by update s+1 (step index s). */
  readonly lrs: number[] = [];
  lr: number;
  readonly lr0: number;
  /** Number of updates taken so far. */
  step = 0;

  readonly task: Task;
  readonly schedule: Schedule;
  readonly totalSteps: number;

  constructor(task: Task, seed: number, lr0: number, schedule: Schedule, totalSteps: number) {
    this.task = task;
    this.schedule = schedule;
    this.totalSteps = totalSteps;
    this.p = initParams(seed);
    this.lr0 = lr0;
    this.lr = lr0;
    this.evaluate();
  }

  private evaluate(): void {
    const loss = lossAndGrad(this.task, this.p, this.g, batchRows(this.step));
    let sq = 0;
    for (let i = 0; i < N_PARAMS; i++) sq += this.g[i]! * this.g[i]!;
    this.losses.push(loss);
    this.gradNorms.push(Math.sqrt(sq));
  }

  get done(): boolean { return this.step >= this.totalSteps; }

  /** Does the controller have to decide before the next update? */
  get needsDecision(): boolean { return this.schedule === 'controller' && needsDecisionAt(this.step, this.totalSteps); }

  /** Applies a controller action (index into ACTIONS) to the learning rate. */
  applyAction(action: number): void {
    this.lr = clampLr(this.lr * ACTIONS[action]!, this.lr0);
  }

  /** Takes update number step+1 with the current gradient, then evaluates the new parameters. */
  advance(): void {
    if (this.done) return;
    const s = this.step;
    if (this.schedule === 'cosine') this.lr = this.lr0 * 0.5 * (1 + Math.cos(Math.PI * s / this.totalSteps));
    this.lrs.push(this.lr);
    const t = s + 1;
    const bc1 = 1 - BETA1 ** t;
    const bc2 = 1 - BETA2 ** t;
    let dot = 0;
    let na = 0;
    let nb = 0;
    for (let i = 0; i < N_PARAMS; i++) {
      const gi = this.g[i]!;
      this.m[i] = BETA1 * this.m[i]! + (1 - BETA1) * gi;
      this.v[i] = BETA2 * this.v[i]! + (1 - BETA2) * gi * gi;
      const ui = -this.lr * (this.m[i]! / bc1) / (Math.sqrt(this.v[i]! / bc2) + EPS);
      this.p[i] = this.p[i]! + ui;
      this.u[i] = ui;
      dot += ui * this.prevU[i]!;
      na += ui * ui;
      nb += this.prevU[i]! * this.prevU[i]!;
    }
    if (t >= 2) this.cosines[t] = dot / Math.max(Math.sqrt(na) * Math.sqrt(nb), 1e-300);
    this.prevU.set(this.u);
    this.step = t;
    this.evaluate();
  }

  /** The controller's seven features at the current step (see the card's preprocess.doc). */
  features(every: number): number[] {
    return computeFeatures(this.step, this.totalSteps, every, this.losses, this.gradNorms, this.cosines, this.lr, this.lr0);
  }
}

let cachedSchedule: number[][] = [];
/** The minibatch of step s (the schedule is shared by every run and every task). */
export function batchRows(s: number): number[] {
  if (s >= cachedSchedule.length) cachedSchedule = minibatchSchedule(Math.max(2 * cachedSchedule.length, s + 1, 256));
  return cachedSchedule[s]!;
}

export function needsDecisionAt(step: number, total: number, every = 10): boolean {
  return step > 0 && step < total && step % every === 0;
}

export function clampLr(lr: number, lr0: number): number {
  return Math.min(Math.max(lr, lr0 * LR_MIN_FACTOR), lr0 * LR_MAX_FACTOR);
}

const clip = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi);

export function computeFeatures(s: number, total: number, every: number, losses: readonly number[], gradNorms: readonly number[],
  cosines: readonly number[], lr: number, lr0: number): number[] {
  const L = losses;
  let cos = 0;
  for (let j = s - every + 2; j <= s; j++) cos += cosines[j] ?? 0;
  cos /= every - 1;
  let up = 0;
  for (let j = s - every + 1; j <= s; j++) if (L[j]! > L[j - 1]!) up++;
  return [
    s / total,
    clip(Math.log(L[s]! / L[0]!) / 5, -3, 1),
    Math.tanh(5 * Math.log(L[s]! / L[s - every]!)),
    clip(Math.log(gradNorms[s]! / gradNorms[0]!) / 3, -3, 3),
    cos,
    up / every,
    Math.log(lr / lr0) / Math.log(10),
  ];
}

/** Index of the largest logit (first on ties, like numpy/torch argmax). */
export function argmax(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
}
