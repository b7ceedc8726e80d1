/**
 * The BYOL toy models' augmentation pipeline for 28×28 grayscale images (pure TS, no DOM).
 *
 * Mirrors training/byol_common.py operation for operation (random resized crop with explicit
 * bilinear resampling, horizontal flip, brightness/contrast jitter, 5-tap Gaussian blur with
 * replicated edges, solarisation), with the same seeded PRNG (mulberry32), so a seed gives the
 * same views in the browser as in training. tests/fixtures/byol-augment.json (written by
 * training/byol_augment_fixture.py) pins the two together: change both or neither.
 *
 * Images are row-major arrays of 784 numbers in [0, 1] (uint8 / 255). Computation is in double.
 */

export const SIZE = 28;

/** Strengths and probabilities (same values as AUG in byol_common.py and the model cards). */
export const AUG = {
  crop_scale: [0.5, 1.0],
  crop_log_ratio: [Math.log(3 / 4), Math.log(4 / 3)],
  flip_p: 0.5,
  jitter_p: 0.8,
  brightness: 0.4,
  contrast: 0.4,
  blur_p: 0.5,
  blur_sigma: [0.1, 2.0],
  blur_radius: 2,
  solarize_p: 0.2,
  solarize_threshold: 0.5,
} as const;

/** Number of uniforms drawn per view, always all of them, in a fixed order. */
export const N_UNIFORMS = 11;

export interface CropParams { x0: number; y0: number; w: number; h: number }
export interface JitterParams { brightness: number; contrast: number }
export interface AugParams {
  crop: CropParams;
  flip: boolean;
  jitter: JitterParams | null;
  blur_sigma: number | null;
  solarize: boolean;
}
export interface AugStages { crop: Float64Array; jitter: Float64Array; blur: Float64Array; solarize: Float64Array }

/** mulberry32: identical to `Mulberry32` in byol_common.py (values are multiples of 2^-32 in [0, 1)). */
export class Mulberry32 {
  private a: number;
  constructor(seed: number) {
    this.a = seed >>> 0;
  }
  nextU32(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  next(): number {
    return this.nextU32() / 4294967296;
  }
}

/**
 * What the reader may change in the "two views" widget: each operation on/off and one strength.
 * TRAINING_CONFIG is exactly the training pipeline (AUG); other values are explorations.
 */
export interface AugConfig {
  crop: boolean;
  /** Smallest crop area as a fraction of the image (training: 0.5). */
  cropMinArea: number;
  flip: boolean;
  jitter: boolean;
  /** Brightness and contrast factors are drawn from U(1 − s, 1 + s) (training: 0.4). */
  jitterStrength: number;
  blur: boolean;
  /** σ is drawn from U(0.1, max) (training: 2.0). */
  blurMaxSigma: number;
  solarize: boolean;
  /** Probability of solarising (training: 0.2). */
  solarizeP: number;
}

export const TRAINING_CONFIG: AugConfig = {
  crop: true,
  cropMinArea: AUG.crop_scale[0],
  flip: true,
  jitter: true,
  jitterStrength: AUG.brightness,
  blur: true,
  blurMaxSigma: AUG.blur_sigma[1],
  solarize: true,
  solarizeP: AUG.solarize_p,
};

/** Draws one view's parameters (11 uniforms, in the order documented in the cards). */
export function sampleParams(rng: Mulberry32, cfg: AugConfig = TRAINING_CONFIG): AugParams {
  // All 11 uniforms are drawn even for disabled operations, so toggling one operation leaves the
  // others' random choices unchanged.
  const u: number[] = [];
  for (let i = 0; i < N_UNIFORMS; i++) u.push(rng.next());
  const s = cfg.cropMinArea + (AUG.crop_scale[1] - cfg.cropMinArea) * u[0]!;
  const [lo, hi] = AUG.crop_log_ratio;
  const r = Math.exp(lo + (hi - lo) * u[1]!);
  const w = SIZE * Math.min(1, Math.sqrt(s * r));
  const h = SIZE * Math.min(1, Math.sqrt(s / r));
  const js = cfg.jitterStrength;
  const sg0 = AUG.blur_sigma[0];
  const sg1 = Math.max(sg0, cfg.blurMaxSigma);
  return {
    crop: cfg.crop ? { x0: u[2]! * (SIZE - w), y0: u[3]! * (SIZE - h), w, h } : { x0: 0, y0: 0, w: SIZE, h: SIZE },
    flip: cfg.flip && u[4]! < AUG.flip_p,
    jitter: cfg.jitter && u[5]! < AUG.jitter_p ? { brightness: 1 - js + 2 * js * u[6]!, contrast: 1 - js + 2 * js * u[7]! } : null,
    blur_sigma: cfg.blur && u[8]! < AUG.blur_p ? sg0 + (sg1 - sg0) * u[9]! : null,
    solarize: cfg.solarize && u[10]! < cfg.solarizeP,
  };
}

/** Bilinear taps along one axis: output i reads (1 − f)·src[i0] + f·src[i1]. */
function taps(start: number, length: number): { i0: Int32Array; i1: Int32Array; f: Float64Array } {
  const i0 = new Int32Array(SIZE);
  const i1 = new Int32Array(SIZE);
  const f = new Float64Array(SIZE);
  for (let i = 0; i < SIZE; i++) {
    let src = start + ((i + 0.5) * length) / SIZE - 0.5;
    src = Math.min(Math.max(src, 0), SIZE - 1);
    const a = Math.floor(src);
    i0[i] = a;
    i1[i] = Math.min(a + 1, SIZE - 1);
    f[i] = src - a;
  }
  return { i0, i1, f };
}

/** Random resized crop (given its box) resampled to 28×28 bilinearly, then optional horizontal flip. */
export function resizedCrop(img: ArrayLike<number>, crop: CropParams, flip = false): Float64Array {
  const ty = taps(crop.y0, crop.h);
  const tx = taps(crop.x0, crop.w);
  // rows first: tmp[i][l] = (1 − fy)·img[y0][l] + fy·img[y1][l]
  const tmp = new Float64Array(SIZE * SIZE);
  for (let i = 0; i < SIZE; i++) {
    const a = ty.i0[i]! * SIZE;
    const b = ty.i1[i]! * SIZE;
    const f = ty.f[i]!;
    for (let l = 0; l < SIZE; l++) tmp[i * SIZE + l] = (1 - f) * img[a + l]! + f * img[b + l]!;
  }
  const out = new Float64Array(SIZE * SIZE);
  for (let i = 0; i < SIZE; i++) {
    for (let j = 0; j < SIZE; j++) {
      const jj = flip ? SIZE - 1 - j : j;
      const f = tx.f[jj]!;
      out[i * SIZE + j] = (1 - f) * tmp[i * SIZE + tx.i0[jj]!]! + f * tmp[i * SIZE + tx.i1[jj]!]!;
    }
  }
  return out;
}

const clamp01 = (v: number) => Math.min(Math.max(v, 0), 1);

/** Brightness then contrast: x ← clamp(b·x), then x ← clamp((x − mean)·c + mean), mean over the image. */
export function jitter(img: ArrayLike<number>, p: JitterParams): Float64Array {
  const n = img.length;
  const out = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    out[i] = clamp01(img[i]! * p.brightness);
    sum += out[i]!;
  }
  const m = sum / n;
  for (let i = 0; i < n; i++) out[i] = clamp01((out[i]! - m) * p.contrast + m);
  return out;
}

/** Normalised 5-tap Gaussian kernel exp(−t²/(2σ²)), t = −2..2. */
export function blurKernel(sigma: number): number[] {
  const R = AUG.blur_radius;
  const k: number[] = [];
  for (let t = -R; t <= R; t++) k.push(Math.exp(-(t * t) / (2 * sigma * sigma)));
  const s = k.reduce((a, b) => a + b, 0);
  return k.map((v) => v / s);
}

/** Separable Gaussian blur, edge pixels replicated (vertical pass, then horizontal). */
export function blur(img: ArrayLike<number>, sigma: number): Float64Array {
  const R = AUG.blur_radius;
  const k = blurKernel(sigma);
  const cl = (v: number) => Math.min(Math.max(v, 0), SIZE - 1);
  const tmp = new Float64Array(SIZE * SIZE);
  for (let i = 0; i < SIZE; i++) {
    for (let l = 0; l < SIZE; l++) {
      let acc = 0;
      for (let t = -R; t <= R; t++) acc += k[t + R]! * img[cl(i + t) * SIZE + l]!;
      tmp[i * SIZE + l] = acc;
    }
  }
  const out = new Float64Array(SIZE * SIZE);
  for (let i = 0; i < SIZE; i++) {
    for (let j = 0; j < SIZE; j++) {
      let acc = 0;
      for (let t = -R; t <= R; t++) acc += k[t + R]! * tmp[i * SIZE + cl(j + t)]!;
      out[i * SIZE + j] = acc;
    }
  }
  return out;
}

/** Solarise: pixels ≥ 0.5 become 1 − x. */
export function solarize(img: ArrayLike<number>): Float64Array {
  const out = new Float64Array(img.length);
  for (let i = 0; i < img.length; i++) out[i] = img[i]! >= AUG.solarize_threshold ? 1 - img[i]! : img[i]!;
  return out;
}

/** The whole pipeline for given parameters: crop(+flip) → jitter → blur → solarise, with every stage. */
export function applyParamsStages(img: ArrayLike<number>, p: AugParams): AugStages {
  const c = resizedCrop(img, p.crop, p.flip);
  const j = p.jitter ? jitter(c, p.jitter) : c;
  const b = p.blur_sigma !== null ? blur(j, p.blur_sigma) : j;
  const s = p.solarize ? solarize(b) : b;
  return { crop: c, jitter: j, blur: b, solarize: s };
}

export function applyParams(img: ArrayLike<number>, p: AugParams): Float64Array {
  return applyParamsStages(img, p).solarize;
}

/** One augmented view of `img` (values in [0, 1]) from a seed: sampleParams(new Mulberry32(seed)). */
export function augment(img: ArrayLike<number>, seed: number, cfg: AugConfig = TRAINING_CONFIG): { params: AugParams; image: Float64Array } {
  const params = sampleParams(new Mulberry32(seed), cfg);
  return { params, image: applyParams(img, params) };
}

/** uint8 pixels → [0, 1]. */
export function pixelsTo01(pixels: ArrayLike<number>): Float64Array {
  const out = new Float64Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = pixels[i]! / 255;
  return out;
}

/** [0, 1] image → model input (x − mean)/std as float32 (card.preprocess; `scale` already applied). */
export function toModelInput01(img: ArrayLike<number>, pre: { mean: number; std: number }): Float32Array {
  const out = new Float32Array(img.length);
  for (let i = 0; i < img.length; i++) out[i] = (img[i]! - pre.mean) / pre.std;
  return out;
}
