// The GenRep σ sweep as stored in public/models/genrep-encoder/card.json (`sweep.summary`, written by
// training/genrep_sweep.py): metric names, and the verdicts the article states in words, computed from the
// numbers so that tests/unit/genrep-claims.test.ts can check the prose against the card.

export type SweepKind = 'latent' | 'latent+pixel' | 'pixel' | 'real+pixel' | 'random-init' | 'raw-pixels';

export interface SweepRow {
  kind: SweepKind;
  sigma: number;
  mean: number;
  min: number;
  max: number;
  per_seed: number[];
}

/** Python's f"{σ:g}" with "." → "_" (0.25 → "0_25", 1.0 → "1"). */
export const sigmaKey = (s: number): string => String(s).replace('.', '_');

export function metricName(kind: SweepKind, sigma: number): string {
  switch (kind) {
    case 'latent': return `probe_latent_s${sigmaKey(sigma)}`;
    case 'latent+pixel': return `probe_latent_aug_s${sigmaKey(sigma)}`;
    case 'pixel': return 'probe_pixel_only';
    case 'real+pixel': return 'probe_real';
    case 'random-init': return 'probe_random_init';
    case 'raw-pixels': return 'probe_raw_pixels';
  }
}

export function curve(rows: SweepRow[], kind: 'latent' | 'latent+pixel'): SweepRow[] {
  return rows.filter((r) => r.kind === kind).sort((a, b) => a.sigma - b.sigma);
}

export function ref(rows: SweepRow[], kind: SweepKind): SweepRow {
  const r = rows.find((x) => x.kind === kind);
  if (!r) throw new Error(`no sweep row ${kind}`);
  return r;
}

/** The σ with the best mean on a curve. */
export const argmaxSigma = (c: SweepRow[]): number => c.reduce((a, b) => (b.mean > a.mean ? b : a)).sigma;

/** Inverse U: the best σ is strictly inside the range and both ends are below it. */
export function isInverseU(c: SweepRow[]): boolean {
  const best = argmaxSigma(c);
  const top = c.find((r) => r.sigma === best)!.mean;
  return best !== c[0]!.sigma && best !== c[c.length - 1]!.sigma && c[0]!.mean < top && c[c.length - 1]!.mean < top;
}

/** How many σ values the first curve beats the second at (by the mean). */
export function winsAt(a: SweepRow[], b: SweepRow[]): number {
  return a.filter((r, i) => r.mean > b[i]!.mean).length;
}

/**
 * A clear inverse U: the best σ is strictly inside the range, and both ends are below the peak by more than
 * their own spread between seeds (so that another seed could not plausibly erase the downturn).
 */
export function isClearInverseU(c: SweepRow[]): boolean {
  if (!isInverseU(c)) return false;
  const top = c.find((r) => r.sigma === argmaxSigma(c))!.mean;
  const [first, last] = [c[0]!, c[c.length - 1]!];
  return top - first.mean > first.max - first.min && top - last.mean > last.max - last.min;
}
