// The HD-depth toy's maths, mirrored operation for operation from training/depth_common.py and
// pinned to it by tests/fixtures/depth-lib.json: area resizing to the network's input resolution,
// bilinear upsampling back to 128×128, the frequency-split merge ("double estimation"), the depth
// error scores and the edge-coverage curve the paper's R0/R20 are read from.
// All maps are square, row-major; depth is 0..1 with 0 = nearest.

export const SIZE = 128;
/** Image edge threshold (intensity 0..1) for the edge-coverage curve. */
export const EDGE_TAU = 0.05;
/** Depth discontinuity threshold for the edge scores. */
export const DEPTH_EDGE_TAU = 0.04;
/** Pixels within this Chebyshev distance of a true depth edge form the "edge band". */
export const EDGE_BAND = 2;
/** Box radius (at 128 px) of the low-pass filter in the merge. */
export const BLEND_RADIUS = 6;
export const COVERAGE_RES = [16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128] as const;

export type Map2D = ArrayLike<number>;

export interface Scores {
  rmse: number;
  rmse_flat: number;
  rmse_edge: number;
  edge_f1: number;
}

/** base64 → bytes. */
export { decodeBase64 as decodeU8 } from './png.ts';

/** [nOut][nIn] exact overlap of output cell i with input pixel k, divided by the cell width. */
export function areaWeights(nIn: number, nOut: number): Float64Array[] {
  const w: Float64Array[] = [];
  for (let i = 0; i < nOut; i++) {
    const row = new Float64Array(nIn);
    const lo = i * nIn;
    const hi = (i + 1) * nIn;
    const kEnd = Math.min(nIn, Math.ceil(hi / nOut));
    for (let k = Math.floor(lo / nOut); k < kEnd; k++) {
      row[k] = Math.max(0, Math.min(hi, (k + 1) * nOut) - Math.max(lo, k * nOut)) / nIn;
    }
    w.push(row);
  }
  return w;
}

/** Area average of an n×n map to r×r. */
export function areaResize(a: Map2D, n: number, r: number): Float64Array {
  if (n === r) return Float64Array.from(a);
  const w = areaWeights(n, r);
  // tmp = W · A  (r×n), then out = tmp · Wᵀ (r×r)
  const tmp = new Float64Array(r * n);
  for (let i = 0; i < r; i++) {
    const wi = w[i]!;
    for (let k = 0; k < n; k++) {
      const c = wi[k]!;
      if (c === 0) continue;
      for (let x = 0; x < n; x++) tmp[i * n + x]! += c * a[k * n + x]!;
    }
  }
  const out = new Float64Array(r * r);
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < r; j++) {
      const wj = w[j]!;
      let s = 0;
      for (let x = 0; x < n; x++) s += tmp[i * n + x]! * wj[x]!;
      out[i * r + j] = s;
    }
  }
  return out;
}

/** Bilinear resize of an r×r map to n×n, half-pixel centres, edge clamped
 * (= torch interpolate(mode='bilinear', align_corners=False) when upsampling). */
export function bilinearUp(a: Map2D, r: number, n: number): Float64Array {
  if (r === n) return Float64Array.from(a);
  const i0 = new Int32Array(n);
  const i1 = new Int32Array(n);
  const f = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const src = Math.max((k + 0.5) * (r / n) - 0.5, 0);
    const lo = Math.min(Math.floor(src), r - 1);
    i0[k] = lo;
    i1[k] = Math.min(lo + 1, r - 1);
    f[k] = src - lo;
  }
  const rows = new Float64Array(n * r);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < r; x++) rows[y * r + x] = a[i0[y]! * r + x]! * (1 - f[y]!) + a[i1[y]! * r + x]! * f[y]!;
  }
  const out = new Float64Array(n * n);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) out[y * n + x] = rows[y * r + i0[x]!]! * (1 - f[x]!) + rows[y * r + i1[x]!]! * f[x]!;
  }
  return out;
}

/** The network's input at resolution r: area-averaged intensities 0..1, minus 0.5 (float32). */
export function modelInput(img: Map2D, r: number, n = SIZE): Float32Array {
  const px = new Float64Array(n * n);
  for (let i = 0; i < px.length; i++) px[i] = img[i]! / 255;
  const a = areaResize(px, n, r);
  const out = new Float32Array(r * r);
  for (let i = 0; i < out.length; i++) out[i] = a[i]! - 0.5;
  return out;
}

/** Separable box mean over (2·radius+1)² with edge replication. */
export function boxBlur(a: Map2D, n: number, radius: number): Float64Array {
  const k = 2 * radius + 1;
  const clamp = (v: number) => (v < 0 ? 0 : v > n - 1 ? n - 1 : v);
  const rows = new Float64Array(n * n);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      let s = 0;
      for (let d = -radius; d <= radius; d++) s += a[clamp(y + d) * n + x]!;
      rows[y * n + x] = s / k;
    }
  }
  const out = new Float64Array(n * n);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      let s = 0;
      for (let d = -radius; d <= radius; d++) s += rows[y * n + clamp(x + d)]!;
      out[y * n + x] = s / k;
    }
  }
  return out;
}

/** Double estimation as a frequency split: low frequencies from the low-resolution estimate,
 * high frequencies from the high-resolution one (both already at n×n). */
export function blend(lowUp: Map2D, highUp: Map2D, n = SIZE, radius = BLEND_RADIUS): Float64Array {
  const lo = boxBlur(lowUp, n, radius);
  const hiLo = boxBlur(highUp, n, radius);
  const out = new Float64Array(n * n);
  for (let i = 0; i < out.length; i++) out[i] = lo[i]! + (highUp[i]! - hiLo[i]!);
  return out;
}

/** max(|forward difference in x|, |in y|); 0 on the last row and column. */
export function gradMag(a: Map2D, n: number): Float64Array {
  const g = new Float64Array(n * n);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      const v = a[y * n + x]!;
      const gx = x < n - 1 ? Math.abs(a[y * n + x + 1]! - v) : 0;
      const gy = y < n - 1 ? Math.abs(a[(y + 1) * n + x]! - v) : 0;
      g[y * n + x] = Math.max(gx, gy);
    }
  }
  return g;
}

/** Chebyshev dilation of a boolean mask by a (2·radius+1)² square. */
export function dilate(mask: ArrayLike<boolean | number>, n: number, radius: number): Uint8Array {
  const s = new Int32Array((n + 1) * (n + 1));
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < n; x++) {
      s[(y + 1) * (n + 1) + x + 1] = (mask[y * n + x] ? 1 : 0) + s[y * (n + 1) + x + 1]! + s[(y + 1) * (n + 1) + x]! - s[y * (n + 1) + x]!;
    }
  }
  const out = new Uint8Array(n * n);
  for (let y = 0; y < n; y++) {
    const y0 = Math.max(0, y - radius);
    const y1 = Math.min(n, y + radius + 1);
    for (let x = 0; x < n; x++) {
      const x0 = Math.max(0, x - radius);
      const x1 = Math.min(n, x + radius + 1);
      const tot = s[y1 * (n + 1) + x1]! - s[y0 * (n + 1) + x1]! - s[y1 * (n + 1) + x0]! + s[y0 * (n + 1) + x0]!;
      out[y * n + x] = tot > 0 ? 1 : 0;
    }
  }
  return out;
}

/** RMSE overall / away from depth edges / on the edge band, and the depth-edge F1 (1-px tolerance).
 * pred: depth 0..1 at n×n; gt: uint8 depth (value/255). */
export function scores(pred: Map2D, gt: Map2D, n = SIZE): Scores {
  const g = new Float64Array(n * n);
  for (let i = 0; i < g.length; i++) g[i] = gt[i]! / 255;
  const eGt = Array.from(gradMag(g, n), (v) => v > DEPTH_EDGE_TAU);
  const ePr = Array.from(gradMag(pred, n), (v) => v > DEPTH_EDGE_TAU);
  const band = dilate(eGt, n, EDGE_BAND);
  const gt1 = dilate(eGt, n, 1);
  const pr1 = dilate(ePr, n, 1);
  let all = 0, flat = 0, nFlat = 0, edge = 0, nEdge = 0, tpP = 0, tpR = 0, nPr = 0, nGt = 0;
  for (let i = 0; i < g.length; i++) {
    const e2 = (pred[i]! - g[i]!) ** 2;
    all += e2;
    if (band[i]) { edge += e2; nEdge++; } else { flat += e2; nFlat++; }
    if (ePr[i]) { nPr++; if (gt1[i]) tpP++; }
    if (eGt[i]) { nGt++; if (pr1[i]) tpR++; }
  }
  const precision = nPr ? tpP / nPr : 0;
  const recall = nGt ? tpR / nGt : 0;
  return {
    rmse: Math.sqrt(all / g.length),
    rmse_flat: nFlat ? Math.sqrt(flat / nFlat) : 0,
    rmse_edge: nEdge ? Math.sqrt(edge / nEdge) : 0,
    edge_f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
  };
}

/** c(R): the share of pixels at resolution R with an image edge within half a receptive field. */
export function edgeCoverage(img: Map2D, rf: number, resolutions: readonly number[] = COVERAGE_RES, n = SIZE): number[] {
  const px = new Float64Array(n * n);
  for (let i = 0; i < px.length; i++) px[i] = img[i]! / 255;
  return resolutions.map((r) => {
    const a = areaResize(px, n, r);
    const e = Array.from(gradMag(a, r), (v) => v > EDGE_TAU);
    const d = dilate(e, r, Math.floor(rf / 2));
    let c = 0;
    for (const v of d) c += v;
    return c / (r * r);
  });
}

/** R0 = the largest R with full coverage, R20 = the largest with coverage ≥ 0.8 (else the smallest R). */
export function pickResolutions(coverage: readonly number[], resolutions: readonly number[] = COVERAGE_RES): { r0: number; r20: number } {
  const full = resolutions.filter((_, i) => coverage[i]! >= 1);
  const most = resolutions.filter((_, i) => coverage[i]! >= 0.8);
  return { r0: full.length ? Math.max(...full) : resolutions[0]!, r20: most.length ? Math.max(...most) : resolutions[0]! };
}

/** Depth 0..1 → 0..255 display indices (rounded half up, clamped). */
export function depthToU8(a: Map2D): Uint8Array {
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = Math.max(0, Math.min(255, Math.floor(a[i]! * 255 + 0.5)));
  return out;
}

/** |pred − truth| as display indices: 0 = exact, 255 = an error of `full` (default 0.25) or more. */
export function errorMap(pred: Map2D, gt: Map2D, full = ERROR_FULL): Uint8Array {
  const out = new Uint8Array(pred.length);
  for (let i = 0; i < pred.length; i++) out[i] = Math.min(255, Math.floor((Math.abs(pred[i]! - gt[i]! / 255) / full) * 255 + 0.5));
  return out;
}

/** Bytes → 0..1 depth map. */
export function u8ToDepth(a: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! / 255;
  return out;
}

// Palettes of the pictures (the same ramps training/depth_boost.py bakes PNGs with).
export const DEPTH_STOPS: [number, number, number][] = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
export const ERROR_STOPS: [number, number, number][] = [[0, 0, 4], [120, 28, 109], [237, 105, 37], [252, 255, 164]];
export const ERROR_FULL = 0.25;

/** 256-colour palette, linear between the stops (png.ts; Math.round = Python's floor(x + 0.5) for x ≥ 0). */
export { ramp } from './png.ts';

/** Depth → palette indices of the depth pictures: near = bright (index 255 − depth·255). */
export function depthIndices(a: Map2D): Uint8Array {
  const u = depthToU8(a);
  for (let i = 0; i < u.length; i++) u[i] = 255 - u[i]!;
  return u;
}
