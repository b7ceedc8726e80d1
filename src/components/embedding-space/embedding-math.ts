// Pure helpers of the "embedding space" widget (no DOM): the PCA projection that places any
// representation on the baked map, cosine nearest neighbours, the map's view box, and the compact
// string forms in which the server wrapper hands baked arrays to the island (plain arrays of
// numbers would be serialised element by element by Astro and weigh several times more).

export interface Pca {
  mean: readonly number[];
  /** Two rows of the representation's length (PC1, PC2). */
  components: readonly (readonly number[])[];
}

/** coords = (representation − mean)·componentsᵀ, the formula in the cards' baked_notes. */
export function project(rep: ArrayLike<number>, pca: Pca): [number, number] {
  const out: [number, number] = [0, 0];
  for (let c = 0; c < 2; c++) {
    const w = pca.components[c]!;
    let s = 0;
    for (let i = 0; i < w.length; i++) s += (rep[i]! - pca.mean[i]!) * w[i]!;
    out[c] = s;
  }
  return out;
}

/** Row-wise L2 normalisation of n vectors of length d stored flat (zero rows stay zero). */
export function normaliseRows(flat: ArrayLike<number>, d: number): Float32Array {
  const n = Math.floor(flat.length / d);
  const out = new Float32Array(n * d);
  for (let r = 0; r < n; r++) {
    let s = 0;
    for (let i = 0; i < d; i++) s += flat[r * d + i]! ** 2;
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let i = 0; i < d; i++) out[r * d + i] = flat[r * d + i]! * inv;
  }
  return out;
}

export interface Neighbour {
  index: number;
  cos: number;
}

/**
 * The k rows of `bank` (n×d, flat, already L2-normalised) most cosine-similar to `query`,
 * best first; `exclude` (the query's own row) is skipped. Ties keep the lower index first.
 */
export function cosineKnn(query: ArrayLike<number>, bank: ArrayLike<number>, d: number, k: number, exclude = -1): Neighbour[] {
  let qn = 0;
  for (let i = 0; i < d; i++) qn += query[i]! ** 2;
  const inv = qn > 0 ? 1 / Math.sqrt(qn) : 0;
  const n = Math.floor(bank.length / d);
  const best: Neighbour[] = [];
  for (let r = 0; r < n; r++) {
    if (r === exclude) continue;
    let s = 0;
    for (let i = 0; i < d; i++) s += query[i]! * bank[r * d + i]!;
    const cos = s * inv;
    if (best.length === k && cos <= best[k - 1]!.cos) continue;
    let at = best.length;
    while (at > 0 && best[at - 1]!.cos < cos) at--;
    best.splice(at, 0, { index: r, cos });
    if (best.length > k) best.pop();
  }
  return best;
}

/** Flat [x0, y0, x1, y1, …] → "x0,y0,x1,y1,…" (the baked coords already have 4 decimals). */
export function encodeNumbers(values: readonly number[]): string {
  return values.join(',');
}

export function decodeNumbers(text: string): number[] {
  return text ? text.split(',').map(Number) : [];
}

/** Class ids 0–9 as one digit each. */
export function encodeDigits(values: readonly number[]): string {
  return values.join('');
}

export function decodeDigits(text: string): number[] {
  return Array.from(text, Number);
}

export interface View {
  /** Screen x of data x: x0 + scale·x; screen y: y0 − scale·y (PC2 points up). */
  scale: number;
  x0: number;
  y0: number;
  min: [number, number];
  max: [number, number];
}

/**
 * Fits flat coords into a width×height box with a margin, one scale for both axes so that
 * distances on the screen keep their proportions (PC1 and PC2 are in the same units).
 */
export function fitView(flat: ArrayLike<number>, width: number, height: number, margin: number): View {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    const x = flat[i]!, y = flat[i + 1]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (!Number.isFinite(minX)) { minX = minY = -1; maxX = maxY = 1; }
  const spanX = Math.max(maxX - minX, 1e-9);
  const spanY = Math.max(maxY - minY, 1e-9);
  const scale = Math.min((width - 2 * margin) / spanX, (height - 2 * margin) / spanY);
  const x0 = width / 2 - scale * (minX + maxX) / 2;
  const y0 = height / 2 + scale * (minY + maxY) / 2;
  return { scale, x0, y0, min: [minX, minY], max: [maxX, maxY] };
}

/** Among `candidates` (point indices), the one nearest to screen point (sx, sy) within maxDist. */
export function nearestPoint(flat: ArrayLike<number>, view: View, candidates: Iterable<number>, sx: number, sy: number, maxDist: number): number {
  let best = -1;
  let bestD = maxDist * maxDist;
  for (const i of candidates) {
    const dx = view.x0 + view.scale * flat[2 * i]! - sx;
    const dy = view.y0 - view.scale * flat[2 * i + 1]! - sy;
    const d = dx * dx + dy * dy;
    if (d <= bestD) { bestD = d; best = i; }
  }
  return best;
}

/** Mean position and count of each class on the map (the chart's text alternative). */
export function classCentroids(flat: ArrayLike<number>, labels: readonly number[], classes: number): { x: number; y: number; n: number }[] {
  const out = Array.from({ length: classes }, () => ({ x: 0, y: 0, n: 0 }));
  labels.forEach((c, i) => {
    const o = out[c];
    if (!o) return;
    o.x += flat[2 * i]!;
    o.y += flat[2 * i + 1]!;
    o.n += 1;
  });
  for (const o of out) if (o.n) { o.x /= o.n; o.y /= o.n; }
  return out;
}

/** Largest absolute difference between two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
