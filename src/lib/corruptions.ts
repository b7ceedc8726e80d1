/**
 * The SupCon models' test-time corruptions (pure TS, no DOM): Gaussian noise, Gaussian blur and a
 * black square, exactly as training/supcon_common.py applies them to the test set (the card's
 * `evaluation_protocol.corruptions`). Images are 784 numbers in [0, 1], row-major, before the
 * card's normalisation. The noise field and the square's position depend on the image's index in
 * the Fashion-MNIST test split, so the browser corrupts an image exactly as the measured curves did.
 * tests/fixtures/supcon-corruptions.json (training/supcon_corruption_fixture.py) pins the two.
 */
import { Mulberry32, SIZE, blur } from './byol-augment.ts';

export const CORRUPTION_KINDS = ['noise', 'blur', 'occlusion'] as const;
export type CorruptionKind = (typeof CORRUPTION_KINDS)[number];

export const NOISE_SEED = 1234;
export const OCCLUSION_SEED = 4321;
const PIXELS = SIZE * SIZE;
const STEP = 0x6d2b79f5;

/**
 * mulberry32(seed) positioned so that its next() returns draw number `k` (0-based) of the stream:
 * the state only advances by a constant, so no need to draw the k values before it.
 */
export function mulberry32At(seed: number, k: number): Mulberry32 {
  return new Mulberry32((seed + Math.imul(k >>> 0, STEP)) >>> 0);
}

/** The fixed standard-normal field g of test image `testIndex` (Box–Muller on draws 2(784i + j), +1). */
export function noiseField(testIndex: number): Float64Array {
  const rng = mulberry32At(NOISE_SEED, 2 * PIXELS * testIndex);
  const g = new Float64Array(PIXELS);
  for (let j = 0; j < PIXELS; j++) {
    const u1 = rng.next();
    const u2 = rng.next();
    g[j] = Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }
  return g;
}

/** x ← clamp(x + σ·g, 0, 1). Pass `field` (noiseField(testIndex)) to avoid recomputing it. */
export function addNoise(img: ArrayLike<number>, sigma: number, testIndex: number, field?: Float64Array): Float64Array {
  const g = field ?? noiseField(testIndex);
  const out = new Float64Array(PIXELS);
  for (let j = 0; j < PIXELS; j++) out[j] = Math.min(Math.max(img[j]! + sigma * g[j]!, 0), 1);
  return out;
}

/** Top-left corner [x0, y0] of the s×s square for test image `testIndex` (draws 2i, 2i + 1). */
export function occlusionPosition(testIndex: number, side: number): [number, number] {
  const rng = mulberry32At(OCCLUSION_SEED, 2 * testIndex);
  const u1 = rng.next();
  const u2 = rng.next();
  return [Math.floor(u1 * (SIZE - side + 1)), Math.floor(u2 * (SIZE - side + 1))];
}

/** An s×s black square (columns x0..x0+s−1, rows y0..y0+s−1). */
export function occlude(img: ArrayLike<number>, side: number, testIndex: number): Float64Array {
  const out = Float64Array.from(img as ArrayLike<number>);
  const s = Math.round(side);
  if (s <= 0) return out;
  const [x0, y0] = occlusionPosition(testIndex, s);
  for (let y = y0; y < y0 + s; y++) for (let x = x0; x < x0 + s; x++) out[y * SIZE + x] = 0;
  return out;
}

/**
 * One corruption of one test image. Strength: σ for noise and blur, the side for occlusion; 0 is the
 * clean image. Blur is the augmentation's separable 5-tap Gaussian (byol-augment.ts `blur`).
 */
export function corrupt(img: ArrayLike<number>, kind: CorruptionKind, strength: number, testIndex: number, field?: Float64Array): Float64Array {
  if (!(strength > 0)) return Float64Array.from(img as ArrayLike<number>);
  if (kind === 'noise') return addNoise(img, strength, testIndex, field);
  if (kind === 'blur') return blur(img, strength);
  return occlude(img, strength, testIndex);
}
