/**
 * Image preprocessing for the small image models (pure TS, no DOM, safe on the server).
 *
 * Every function here is mirrored operation for operation in training/common.py, and
 * tests/fixtures/image-preprocess.json (written by Python) pins the two together:
 * change both or neither.
 */

/** Preprocessing constants as recorded in a model card (`card.preprocess`). */
export interface Preprocess {
  scale: number;
  mean: number;
  std: number;
}

/**
 * Grayscale pixels (0..255, row-major; 784 for a 28×28 model) → model input:
 * ((p / scale) − mean) / std, computed in double and rounded once to float32, exactly as the
 * training script did. Returns a flat Float32Array; the caller adds the [1,1,28,28] dims.
 */
export function toModelInput(pixels: ArrayLike<number>, pre: Preprocess): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = (pixels[i] / pre.scale - pre.mean) / pre.std;
  return out;
}

/** Overlap, in 1/size source-pixel units, of each output cell with the source pixels it covers. */
function overlaps(n: number, size: number): { first: number; w: number[] }[] {
  const cells: { first: number; w: number[] }[] = [];
  for (let i = 0; i < size; i++) {
    const lo = i * n;
    const hi = (i + 1) * n; // cell i spans source coords [lo, hi) / size
    const first = Math.floor(lo / size);
    const last = Math.min(n, Math.ceil(hi / size)); // exclusive
    const w: number[] = [];
    for (let k = first; k < last; k++) w.push(Math.max(0, Math.min(hi, (k + 1) * size) - Math.max(lo, k * size)));
    cells.push({ first, w });
  }
  return cells;
}

/**
 * An RGBA canvas (any size, e.g. 280×280 with white strokes on black) → size×size grayscale
 * (default 28×28) by area-weighted box averaging; also upsamples canvases smaller than `size`.
 *
 * Per source pixel gray = (R+G+B)/3 · A/255 (composited onto black, so a transparent
 * background counts as black). Each output cell averages the source area it covers, with
 * partial pixels weighted by their overlap. All sums are exact integers (< 2^53 for canvases
 * up to ~4000×4000), rounded half up, so the result is bit-identical to the Python version.
 */
export function rgbaToGray28(rgba: ArrayLike<number>, width: number, height: number, size = 28): Uint8ClampedArray {
  if (rgba.length !== width * height * 4) throw new Error(`rgba length ${rgba.length} != ${width}×${height}×4`);
  const wy = overlaps(height, size);
  const wx = overlaps(width, size);
  // Pass 1: collapse each source row to `size` columns.
  const rows = new Float64Array(height * size);
  for (let y = 0; y < height; y++) {
    for (let j = 0; j < size; j++) {
      const { first, w } = wx[j];
      let acc = 0;
      for (let t = 0; t < w.length; t++) {
        const p = (y * width + first + t) * 4;
        acc += w[t] * (rgba[p] + rgba[p + 1] + rgba[p + 2]) * rgba[p + 3];
      }
      rows[y * size + j] = acc;
    }
  }
  // Pass 2: collapse rows; divide by cell area × 3·255 with integer round-half-up.
  const out = new Uint8ClampedArray(size * size);
  const den2 = 2 * height * width * 3 * 255;
  for (let i = 0; i < size; i++) {
    const { first, w } = wy[i];
    for (let j = 0; j < size; j++) {
      let acc = 0;
      for (let t = 0; t < w.length; t++) acc += w[t] * rows[(first + t) * size + j];
      const q = 2 * acc + den2 / 2;
      out[i * size + j] = (q - (q % den2)) / den2; // exact integer division (no float rounding)
    }
  }
  return out;
}

/** [c, h, w] activations (flat, channel-major, batch 1) → [h, w] mean over channels. */
export function channelMeanMap(data: ArrayLike<number>, c: number, h: number, w: number): Float32Array {
  const hw = h * w;
  if (data.length !== c * hw) throw new Error(`data length ${data.length} != ${c}×${h}×${w}`);
  const out = new Float32Array(hw);
  for (let i = 0; i < hw; i++) {
    let s = 0;
    for (let ch = 0; ch < c; ch++) s += data[ch * hw + i];
    out[i] = s / c;
  }
  return out;
}

/** Min–max scale to integers 0..255 (rounded half up); a constant input gives all zeros. */
export function minMaxTo255(values: ArrayLike<number>): Uint8ClampedArray {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < lo) lo = values[i];
    if (values[i] > hi) hi = values[i];
  }
  const out = new Uint8ClampedArray(values.length);
  if (!(hi > lo)) return out;
  for (let i = 0; i < values.length; i++) out[i] = Math.floor(((values[i] - lo) / (hi - lo)) * 255 + 0.5);
  return out;
}
