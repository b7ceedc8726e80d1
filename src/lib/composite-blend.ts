// Compositing maths for the GAN-compositing widget: mask → feature grid, pixel paste, feathered
// paste, feature blending and the seam score. Twin of training/composite_common.py, pinned by
// tests/fixtures/composite-lib.json (tests/unit/composite-blend.test.ts). Change both or neither.
//
// Images are Float64Array of 32·32·3 values in 0..1, row-major HWC (uint8 / 255). Masks are
// 32·32 arrays with 1 = "take from A". Feature maps are [C, 8, 8] channel-major (ONNX NCHW).

export const SIZE = 32;
export const GRID = 8;
export const CELL = SIZE / GRID;
export const FEATHER_RADIUS = 2;
export const BAND = 1;
export const SEAM_SCALE = 1000;

export type Presets = 'hair' | 'face' | 'left';
export const PRESETS: readonly Presets[] = ['hair', 'face', 'left'];

export function toFloat(rgb: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rgb.length);
  for (let i = 0; i < rgb.length; i++) out[i] = rgb[i]! / 255;
  return out;
}

/** Round half up to 0..255 (as numpy floor(x·255 + 0.5)). */
export function toU8(img: ArrayLike<number>): Uint8ClampedArray {
  const out = new Uint8ClampedArray(img.length);
  for (let i = 0; i < img.length; i++) out[i] = Math.min(255, Math.max(0, Math.floor(img[i]! * 255 + 0.5)));
  return out;
}

/** NCHW planar [3,32,32] (the decoder's output) → HWC interleaved. */
export function chwToHwc(chw: ArrayLike<number>, size = SIZE): Float64Array {
  const n = size * size;
  const out = new Float64Array(n * 3);
  for (let p = 0; p < n; p++) for (let c = 0; c < 3; c++) out[p * 3 + c] = chw[c * n + p]!;
  return out;
}

/** HWC image in 0..1 → the encoder's input, Float32 NCHW [1,3,32,32]. */
export function encoderInput(img: ArrayLike<number>, size = SIZE): Float32Array {
  const n = size * size;
  const out = new Float32Array(n * 3);
  for (let p = 0; p < n; p++) for (let c = 0; c < 3; c++) out[c * n + p] = img[p * 3 + c]!;
  return out;
}

/** Preset masks of image A from its labels (0 background, 1 face, 2 hair). */
export function presetMask(name: Presets, labelsA: ArrayLike<number>): Uint8Array {
  const m = new Uint8Array(SIZE * SIZE);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const i = y * SIZE + x;
      m[i] = name === 'hair' ? Number(labelsA[i] === 2) : name === 'face' ? Number(labelsA[i] === 1) : Number(x < SIZE / 2);
    }
  }
  return m;
}

/** 32×32 mask → 8×8 soft mask: the mean over each 4×4 cell. */
export function gridMask(mask: ArrayLike<number>): Float64Array {
  const g = new Float64Array(GRID * GRID);
  for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) g[Math.floor(y / CELL) * GRID + Math.floor(x / CELL)]! += mask[y * SIZE + x]!;
  for (let i = 0; i < g.length; i++) g[i]! /= CELL * CELL;
  return g;
}

/** A where alpha = 1, B where alpha = 0, linear in between (alpha per pixel, broadcast over RGB). */
export function paste(a: ArrayLike<number>, b: ArrayLike<number>, alpha: ArrayLike<number>): Float64Array {
  const out = new Float64Array(a.length);
  for (let p = 0; p < alpha.length; p++) {
    const m = alpha[p]!;
    for (let c = 0; c < 3; c++) out[p * 3 + c] = m * a[p * 3 + c]! + (1 - m) * b[p * 3 + c]!;
  }
  return out;
}

/** Mean over the (2r+1)² window with edge pixels replicated (numpy pad mode="edge"). */
export function boxBlur(m: ArrayLike<number>, r: number, size = SIZE): Float64Array {
  const out = new Float64Array(size * size);
  const clamp = (v: number) => Math.min(size - 1, Math.max(0, v));
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let s = 0;
      for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) s += m[clamp(y + dy) * size + clamp(x + dx)]!;
      out[y * size + x] = s / (2 * r + 1) ** 2;
    }
  }
  return out;
}

export function feather(a: ArrayLike<number>, b: ArrayLike<number>, mask: ArrayLike<number>, r = FEATHER_RADIUS): Float64Array {
  return paste(a, b, boxBlur(mask, r));
}

/** F = M ⊙ F_a + (1 − M) ⊙ F_b, channel-major [C,8,8]; returns Float32 for the decoder. */
export function blendFeatures(fa: ArrayLike<number>, fb: ArrayLike<number>, grid: ArrayLike<number>): Float32Array {
  const out = new Float32Array(fa.length);
  const n = grid.length;
  for (let i = 0; i < fa.length; i++) {
    const m = grid[i % n]!;
    out[i] = m * fa[i]! + (1 - m) * fb[i]!;
  }
  return out;
}

/** Boundary pixels (a 4-neighbour has the other mask value) dilated by BAND (Chebyshev). */
export function seamBand(mask: ArrayLike<number>, size = SIZE): Uint8Array {
  const on = (i: number) => mask[i]! > 0.5;
  const bnd = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      if ((x + 1 < size && on(i) !== on(i + 1)) || (x > 0 && on(i) !== on(i - 1))
        || (y + 1 < size && on(i) !== on(i + size)) || (y > 0 && on(i) !== on(i - size))) bnd[i] = 1;
    }
  }
  const out = new Uint8Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let hit = 0;
      for (let dy = -BAND; dy <= BAND && !hit; dy++) {
        for (let dx = -BAND; dx <= BAND && !hit; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy >= 0 && yy < size && xx >= 0 && xx < size && bnd[yy * size + xx]) hit = 1;
        }
      }
      out[y * size + x] = hit;
    }
  }
  return out;
}

/** Mean squared neighbour difference (averaged over RGB) over pairs with both pixels in the band. */
export function bandEnergy(img: ArrayLike<number>, band: ArrayLike<number>, size = SIZE): number {
  // Summed in the same order as numpy: all horizontal pairs (row-major), then all vertical pairs.
  const d2 = (p: number, q: number) => {
    let s = 0;
    for (let c = 0; c < 3; c++) s += (img[q * 3 + c]! - img[p * 3 + c]!) ** 2;
    return s / 3;
  };
  let sum = 0;
  let n = 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x + 1 < size; x++) {
      const i = y * size + x;
      if (band[i] && band[i + 1]) { sum += d2(i, i + 1); n++; }
    }
  }
  for (let y = 0; y + 1 < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = y * size + x;
      if (band[i] && band[i + size]) { sum += d2(i, i + size); n++; }
    }
  }
  return n ? sum / n : 0;
}

/** Excess boundary gradient energy of a composite, ×1000: 1000·(E(C) − ½(E(A) + E(B))). */
export function seamScore(c: ArrayLike<number>, a: ArrayLike<number>, b: ArrayLike<number>, mask: ArrayLike<number>): number {
  const band = seamBand(mask);
  return SEAM_SCALE * (bandEnergy(c, band) - 0.5 * (bandEnergy(a, band) + bandEnergy(b, band)));
}

/** Paint a disc of radius r (pixels) centred at (cx, cy) in pixel units; returns a new mask. */
export function paintDisc(mask: ArrayLike<number>, cx: number, cy: number, r: number, value: 0 | 1): Uint8Array {
  const out = Uint8Array.from(mask);
  for (let y = Math.max(0, Math.floor(cy - r)); y <= Math.min(SIZE - 1, Math.ceil(cy + r)); y++) {
    for (let x = Math.max(0, Math.floor(cx - r)); x <= Math.min(SIZE - 1, Math.ceil(cx + r)); x++) {
      if ((x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r) out[y * SIZE + x] = value;
    }
  }
  return out;
}

/** Toggle a CELL×CELL block of the mask (the keyboard grid): on if any pixel in it is off. */
export function toggleCell(mask: ArrayLike<number>, gx: number, gy: number): Uint8Array {
  const out = Uint8Array.from(mask);
  let full = true;
  for (let y = gy * CELL; y < (gy + 1) * CELL; y++) for (let x = gx * CELL; x < (gx + 1) * CELL; x++) if (!out[y * SIZE + x]) full = false;
  for (let y = gy * CELL; y < (gy + 1) * CELL; y++) for (let x = gx * CELL; x < (gx + 1) * CELL; x++) out[y * SIZE + x] = full ? 0 : 1;
  return out;
}

/** RGBA for a canvas/PNG: HWC 0..1 image, optionally with the seam band tinted. */
export function toRgba(img: ArrayLike<number>, band?: ArrayLike<number> | null, tint: [number, number, number] = [255, 0, 200]): Uint8ClampedArray {
  const n = img.length / 3;
  const out = new Uint8ClampedArray(n * 4);
  const u8 = toU8(img);
  for (let p = 0; p < n; p++) {
    const on = band?.[p];
    for (let c = 0; c < 3; c++) out[p * 4 + c] = on ? Math.round(0.45 * u8[p * 3 + c]! + 0.55 * tint[c]!) : u8[p * 3 + c]!;
    out[p * 4 + 3] = 255;
  }
  return out;
}

/** Count of mask pixels set. */
export function maskArea(mask: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < mask.length; i++) s += mask[i]! ? 1 : 0;
  return s;
}
