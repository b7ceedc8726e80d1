// GenRep latent views and pixel augmentation, mirrored operation for operation in
// training/genrep_common.py (latent_family, aug_params, apply_aug); tests/fixtures/genrep-latent.json
// (written by training/genrep_latent_fixture.py) pins the two together. Change both or neither.
//
// Sampler: one mulberry32 stream per anchor seed. A Gaussian uses two uniforms (Box–Muller, cosine branch
// only): g = √(−2 ln(1 − u_a))·cos(2π u_b). Like the paper's generators (BigBiGAN/BigGAN sample a truncated
// normal), values with |g| > TRUNC are redrawn. The anchor z is the first LATENT values, then the directions
// ε_1, ε_2, … follow from the same stream; positive k is z + σ·ε_k. σ only scales ε_k, so moving the slider
// slides every positive along its own straight line away from the anchor.
import { decodeBase64 } from './png.ts';
import { mulberry32 } from './prng.ts';

export const LATENT = 8;
export const TRUNC = 2;
export const SHIFT = 3;
export const CUTOUT = 10;
export const CUTOUT_P = 0.5;
export const SIZE = 28;

export function truncGauss(rng: () => number): number {
  for (;;) {
    const u1 = rng();
    const u2 = rng();
    const g = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    if (Math.abs(g) <= TRUNC) return g;
  }
}

export interface LatentFamily {
  z: number[];
  eps: number[][];
}

/** Anchor z and k directions ε from mulberry32(seed). */
export function latentFamily(seed: number, k: number): LatentFamily {
  const rng = mulberry32(seed);
  const z = Array.from({ length: LATENT }, () => truncGauss(rng));
  const eps = Array.from({ length: k }, () => Array.from({ length: LATENT }, () => truncGauss(rng)));
  return { z, eps };
}

/** The generator's input batch: row 0 = z, row 1 + k = z + σ·ε_k (float32, [1 + k, LATENT]). */
export function latentBatch(fam: LatentFamily, sigma: number): Float32Array {
  const out = new Float32Array((1 + fam.eps.length) * LATENT);
  out.set(fam.z, 0);
  fam.eps.forEach((e, k) => {
    for (let i = 0; i < LATENT; i++) out[(1 + k) * LATENT + i] = fam.z[i]! + sigma * e[i]!;
  });
  return out;
}

export interface AugParams {
  dx: number;
  dy: number;
  cutout: boolean;
  x0: number;
  y0: number;
}

/** Five uniforms, always all five, in this order. */
export function augParams(rng: () => number): AugParams {
  const u = [rng(), rng(), rng(), rng(), rng()] as const;
  const n = 2 * SHIFT + 1;
  return {
    dx: Math.floor(u[0] * n) - SHIFT,
    dy: Math.floor(u[1] * n) - SHIFT,
    cutout: u[2] < CUTOUT_P,
    x0: Math.floor(u[3] * (SIZE + 1 - CUTOUT)),
    y0: Math.floor(u[4] * (SIZE + 1 - CUTOUT)),
  };
}

/** Shift by (dx, dy) pixels with zero fill (content moves right/down for positive values), then cutout. */
export function applyAug(img: ArrayLike<number>, p: AugParams): Uint8ClampedArray {
  const out = new Uint8ClampedArray(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++) {
    const sy = y - p.dy;
    if (sy < 0 || sy >= SIZE) continue;
    for (let x = 0; x < SIZE; x++) {
      const sx = x - p.dx;
      if (sx < 0 || sx >= SIZE) continue;
      out[y * SIZE + x] = img[sy * SIZE + sx]!;
    }
  }
  if (p.cutout) {
    for (let y = p.y0; y < p.y0 + CUTOUT; y++) for (let x = p.x0; x < p.x0 + CUTOUT; x++) out[y * SIZE + x] = 0;
  }
  return out;
}

/** The widget's augmentation stream for an anchor seed: one parameter set per view (anchor first). */
export const augSeed = (seed: number): number => (seed * 7919 + 17) >>> 0;

export function augParamsFor(seed: number, views: number): AugParams[] {
  const rng = mulberry32(augSeed(seed));
  return Array.from({ length: views }, () => augParams(rng));
}

/** Generator output (ink in [0, 1]) → uint8 pixels, round half up like the baked images. */
export function toPixels(img01: ArrayLike<number>, offset = 0): Uint8ClampedArray {
  const out = new Uint8ClampedArray(SIZE * SIZE);
  for (let i = 0; i < SIZE * SIZE; i++) out[i] = Math.min(255, Math.max(0, Math.floor(img01[offset + i]! * 255 + 0.5)));
  return out;
}

/** Euclidean distance between two uint8 images measured in [0, 1] ink units. */
export function pixelDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i]! - b[i]!) / 255;
    s += d * d;
  }
  return Math.sqrt(s);
}

/** base64 of 784 uint8 (the baked.json format) → pixels. Works in Node and the browser. */
export function decodeB64Pixels(s: string): Uint8ClampedArray {
  return new Uint8ClampedArray(decodeBase64(s));
}

/** Python's str() of a float, the key format of baked.json's `positives` (1.0 → "1.0", 0.25 → "0.25"). */
export const pyFloatKey = (s: number): string => (Number.isInteger(s) ? `${s}.0` : String(s));
