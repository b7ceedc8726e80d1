// Output sizes, padding and receptive fields of conv / transposed-conv / pooling stacks,
// following PyTorch's rules exactly (checked against brute-force window counting and real
// PyTorch in tests/unit/conv-arithmetic.test.ts, and against onnxruntime in onnx-graph.test.ts).
//
// No strings for people here: problems are reported as codes + numeric params, and the UI
// translates them. Every spatial axis uses the same k/s/p/d (like `nn.Conv2d(k=3)`).

export type LayerOp = 'conv' | 'convT' | 'maxpool' | 'avgpool';

export interface Layer {
  op: LayerOp;
  k: number;
  s: number;
  /** PyTorch `padding`: the same amount on both sides, or 'same' (conv only, stride 1). */
  p: number | 'same';
  /** Dilation; conv, convT and maxpool. avgpool has no dilation in PyTorch, so it must be 1. */
  d: number;
  /** `output_padding` of a transposed conv; ignored by the other ops. */
  outPad: number;
  /** `ceil_mode` of a pool; ignored by the other ops. */
  ceil: boolean;
  /** Only shown by the UI; shapes here are per channel. */
  outChannels?: number;
}

/** Spatial sizes: [L] for 1-D, [H, W] for 2-D. */
export type Dims = number[];

export type IssueCode =
  | 'badInteger' // params: { <field>: value } for each field that is not an allowed integer
  | 'badRank' // params: { rank }: input must have 1 or 2 spatial axes
  | 'tooLarge' // params: { <field>: value, limit }: our caps, not PyTorch's
  | 'nonPositiveOutput' // params: { axis, out }: PyTorch "Output size is too small"
  | 'kernelLargerThanPaddedInput' // params: { axis, padded, kernel }: conv's wording of the same thing
  | 'outPadTooLarge' // params: { outPad, s, d }: needs outPad < s or outPad < d
  | 'padTooLargeForPool' // params: { p, limit, k, d }
  | 'sameNeedsStride1' // params: { s }
  | 'sameOnlyForConv' // params: {}: PyTorch accepts padding='same' only in ConvNd
  | 'dilationNotSupported'; // params: { d }: avgpool has no dilation

export interface LayerIssue {
  code: IssueCode;
  params: Record<string, number>;
}

/** Sanity caps so the widgets (and the ONNX models built from a stack) stay small. */
export const LIMITS = {
  size: 4096, // any spatial size, input or output, per axis
  k: 64,
  s: 16,
  d: 16,
  p: 64,
  layers: 24,
} as const;

// ---------------------------------------------------------------- formulas

/** Span of a dilated kernel: d(k-1)+1. */
export function effectiveKernel(k: number, d: number): number {
  return d * (k - 1) + 1;
}

/** Number of windows of span `keff`, stride `s` over n + pb + pe cells (floor mode). */
function windowCount(n: number, keff: number, s: number, pb: number, pe: number): number {
  return Math.floor((n + pb + pe - keff) / s) + 1;
}

/** nn.ConvNd: floor((n + 2p - d(k-1) - 1) / s) + 1. */
export function convOut(n: number, k: number, s: number, p: number, d: number): number {
  return windowCount(n, effectiveKernel(k, d), s, p, p);
}

/** nn.ConvTransposeNd: (n-1)s - 2p + d(k-1) + outPad + 1. */
export function convTransposeOut(
  n: number,
  k: number,
  s: number,
  p: number,
  d: number,
  outPad: number,
): number {
  return (n - 1) * s - 2 * p + d * (k - 1) + outPad + 1;
}

/**
 * nn.MaxPoolNd / nn.AvgPoolNd (PyTorch's `pooling_output_shape`). With ceil_mode the count is
 * rounded up, then the last window is dropped if it would start in the right padding:
 * "sliding windows that would start in the right padded region are ignored".
 */
export function poolOut(
  n: number,
  k: number,
  s: number,
  p: number,
  d: number,
  ceil: boolean,
): number {
  const span = n + 2 * p - effectiveKernel(k, d);
  let out = (ceil ? Math.ceil(span / s) : Math.floor(span / s)) + 1;
  if (ceil && (out - 1) * s >= n + p) out -= 1;
  return out;
}

/**
 * PyTorch padding='same' (stride 1 only): total d(k-1) split as [floor, ceil], so the extra cell
 * goes to the right/bottom when the total is odd (PyTorch then pads the input explicitly).
 */
export function samePadding(k: number, d: number): [number, number] {
  const total = d * (k - 1);
  const begin = Math.floor(total / 2);
  return [begin, total - begin];
}

/** TensorFlow padding='SAME' output size: ceil(n / s), for any stride. */
export function tfSameOut(n: number, s: number): number {
  return Math.ceil(n / s);
}

/**
 * TensorFlow 'SAME' pads: just enough for ceil(n/s) windows, extra on the right/bottom.
 * Unlike PyTorch's 'same' this depends on n and works with stride > 1, which is why PyTorch
 * (which wants padding fixed at construction time and symmetric when possible) allows 'same'
 * only for stride 1.
 */
export function tfSamePads(n: number, k: number, s: number, d: number): [number, number] {
  const total = Math.max((tfSameOut(n, s) - 1) * s + effectiveKernel(k, d) - n, 0);
  const begin = Math.floor(total / 2);
  return [begin, total - begin];
}

/** Largest pool padding PyTorch accepts. */
export function poolPadLimit(op: 'maxpool' | 'avgpool', k: number, d: number): number {
  // PyTorch >= 2.3 (pytorch#118897) checks pad <= effectiveKernel/2 in the shared pooling shape
  // check ("pad should be at most half of effective kernel size"); avgpool has d = 1, so this is
  // k/2 for it. Older PyTorch (e.g. Debian's 1.13) and the CPU no-grad fast path of max_pool1d
  // still check pad <= k/2 (open PR pytorch#154395); the two rules differ only for dilated max
  // pools. onnxruntime is stricter again (pad < k): see onnx-graph.ts.
  return Math.floor(effectiveKernel(k, op === 'maxpool' ? d : 1) / 2);
}

/** Padding actually applied at the [begin, end] of every axis. */
export function layerPads(layer: Layer): [number, number] {
  if (layer.p === 'same') return samePadding(layer.k, layer.d);
  return [layer.p, layer.p];
}

function axisOut(layer: Layer, n: number): number {
  const { op, k, s, d } = layer;
  const [pb, pe] = layerPads(layer);
  switch (op) {
    case 'conv':
      return windowCount(n, effectiveKernel(k, d), s, pb, pe);
    case 'convT':
      return convTransposeOut(n, k, s, pb, d, layer.outPad);
    case 'maxpool':
      return poolOut(n, k, s, pb, d, layer.ceil);
    case 'avgpool':
      return poolOut(n, k, s, pb, 1, layer.ceil);
  }
}

// ---------------------------------------------------------------- validation

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** Input dims: 1 or 2 axes, each an integer in [1, LIMITS.size]. */
export function validateDims(dims: Dims): LayerIssue[] {
  if (!Array.isArray(dims) || dims.length < 1 || dims.length > 2) {
    return [{ code: 'badRank', params: { rank: Array.isArray(dims) ? dims.length : 0 } }];
  }
  const issues: LayerIssue[] = [];
  dims.forEach((n, axis) => {
    if (!isInt(n) || n < 1) issues.push({ code: 'badInteger', params: { input: n, axis } });
    else if (n > LIMITS.size) {
      issues.push({ code: 'tooLarge', params: { input: n, axis, limit: LIMITS.size } });
    }
  });
  return issues;
}

/**
 * Everything PyTorch would reject for this layer on this input (plus our size caps).
 * Empty array = valid. Parameter checks come first; output checks only if they pass.
 */
export function validateLayer(layer: Layer, inDims: Dims): LayerIssue[] {
  const issues = validateDims(inDims);
  if (issues.length) return issues;
  const { op, k, s, p, d, outPad } = layer;

  // Integers: k, s, d >= 1; p, outPad >= 0 (PyTorch: "non-positive stride", "negative padding"...).
  const bad: Record<string, number> = {};
  if (!isInt(k) || k < 1) bad.k = k;
  if (!isInt(s) || s < 1) bad.s = s;
  if (!isInt(d) || d < 1) bad.d = d;
  if (p !== 'same' && (!isInt(p) || p < 0)) bad.p = p;
  if (op === 'convT' && (!isInt(outPad) || outPad < 0)) bad.outPad = outPad;
  if (Object.keys(bad).length) return [{ code: 'badInteger', params: bad }];

  for (const [field, value, limit] of [
    ['k', k, LIMITS.k],
    ['s', s, LIMITS.s],
    ['d', d, LIMITS.d],
    ['p', p === 'same' ? 0 : p, LIMITS.p],
  ] as const) {
    if (value > limit) issues.push({ code: 'tooLarge', params: { [field]: value, limit } });
  }
  if (issues.length) return issues;

  if (op === 'avgpool' && d !== 1) issues.push({ code: 'dilationNotSupported', params: { d } });
  if (p === 'same') {
    if (op !== 'conv') issues.push({ code: 'sameOnlyForConv', params: {} });
    else if (s !== 1) issues.push({ code: 'sameNeedsStride1', params: { s } });
  }
  // ATen: "output padding must be smaller than either stride or dilation".
  if (op === 'convT' && !(outPad < s || outPad < d)) {
    issues.push({ code: 'outPadTooLarge', params: { outPad, s, d } });
  }
  if ((op === 'maxpool' || op === 'avgpool') && p !== 'same') {
    const limit = poolPadLimit(op, k, d);
    if (p > limit) issues.push({ code: 'padTooLargeForPool', params: { p, limit, k, d } });
  }
  if (issues.length) return issues;

  const [pb, pe] = layerPads(layer);
  inDims.forEach((n, axis) => {
    const out = axisOut(layer, n);
    if (op === 'conv' && n + pb + pe < effectiveKernel(k, d)) {
      // Conv's own error ("Kernel size can't be greater than actual input size").
      issues.push({
        code: 'kernelLargerThanPaddedInput',
        params: { axis, padded: n + pb + pe, kernel: effectiveKernel(k, d) },
      });
    } else if (out < 1) {
      issues.push({ code: 'nonPositiveOutput', params: { axis, out } });
    } else if (out > LIMITS.size) {
      issues.push({ code: 'tooLarge', params: { out, axis, limit: LIMITS.size } });
    }
  });
  return issues;
}

export type LayerResult = { out: Dims; pads: [number, number] } | { issues: LayerIssue[] };

/** Output dims and the [begin, end] padding applied on every axis, or why PyTorch refuses. */
export function layerOutput(layer: Layer, inDims: Dims): LayerResult {
  const issues = validateLayer(layer, inDims);
  if (issues.length) return { issues };
  return { out: inDims.map((n) => axisOut(layer, n)), pads: layerPads(layer) };
}

// ---------------------------------------------------------------- receptive field

/**
 * One analysed layer. rf, jump and start are the same for every axis (same params per axis):
 * - rf: receptive field span in input pixels, r_l = r_{l-1} + d_l (k_l - 1) j_{l-1}, r_0 = 1;
 * - jump: input pixels between neighbouring output cells, j_l = j_{l-1} s_l, j_0 = 1;
 * - start: input coordinate of the first pixel seen by output cell 0 (negative = padding),
 *   start_l = start_{l-1} - p_begin_l j_{l-1}, start_0 = 0.
 * Cell i then spans [start + i*jump, start + i*jump + rf - 1] (Araujo et al., Distill 2019).
 * The span is an envelope: with dilation, or stride > kernel, some pixels inside it are skipped,
 * and pixels reached only through an intermediate layer's padding do not count either; use
 * cellDependencies() for the exact set.
 *
 * After a transposed conv these are null (rfNote = 'rfUndefinedAfterTranspose'): each output
 * cell of a convT sees floor/ceil-varying numbers of input cells depending on its position mod s,
 * so there is no single (rf, jump, start) — a fractional jump j/s would only be an average.
 * cellDependencies() still gives the exact answer there.
 */
export interface StackRow {
  index: number;
  layer: Layer;
  input: Dims; // the stack's input, so a row is self-contained for cellReceptiveField
  in: Dims;
  out: Dims | null;
  pads: [number, number] | null;
  issues: LayerIssue[];
  rf: number | null;
  jump: number | null;
  start: number | null;
  rfNote?: 'rfUndefinedAfterTranspose';
}

/** Rows for each layer; stops after the first invalid layer (whose row carries the issues). */
export function analyseStack(input: Dims, layers: Layer[]): StackRow[] {
  const rows: StackRow[] = [];
  let dims = input;
  let rf: number | null = 1;
  let jump: number | null = 1;
  let start: number | null = 0;
  for (let index = 0; index < layers.length; index++) {
    const layer = layers[index];
    const base = { index, layer, input, in: dims };
    if (index >= LIMITS.layers) {
      rows.push({
        ...base, out: null, pads: null, rf: null, jump: null, start: null,
        issues: [{ code: 'tooLarge', params: { layers: layers.length, limit: LIMITS.layers } }],
      });
      break;
    }
    const res = layerOutput(layer, dims);
    if ('issues' in res) {
      rows.push({ ...base, out: null, pads: null, issues: res.issues, rf: null, jump: null, start: null });
      break;
    }
    if (layer.op === 'convT' || rf === null || jump === null || start === null) {
      rf = jump = start = null;
    } else {
      const d = layer.op === 'avgpool' ? 1 : layer.d;
      start -= res.pads[0] * jump;
      rf += d * (layer.k - 1) * jump;
      jump *= layer.s;
    }
    rows.push({
      ...base, out: res.out, pads: res.pads, issues: [], rf, jump, start,
      ...(rf === null ? { rfNote: 'rfUndefinedAfterTranspose' as const } : {}),
    });
    dims = res.out;
  }
  return rows;
}

export interface CellSpan {
  /** [first, last] input coordinate of the span, may reach into padding. */
  unclipped: [number, number];
  /** The same intersected with the input [0, n-1], or null if it lies wholly in padding. */
  clipped: [number, number] | null;
}

/** Receptive-field span of output cell `index` (along `axis`) of a row; null if undefined. */
export function cellReceptiveField(row: StackRow, index: number, axis = 0): CellSpan | null {
  if (row.rf === null || row.jump === null || row.start === null) return null;
  const begin = row.start + index * row.jump;
  const end = begin + row.rf - 1;
  const n = row.input[axis];
  const cb = Math.max(begin, 0);
  const ce = Math.min(end, n - 1);
  return { unclipped: [begin, end], clipped: cb <= ce ? [cb, ce] : null };
}

/**
 * Exact dependencies along one axis: which input pixels (of an input of size n) can influence
 * cell `index` of the output of layer `upTo`. Walks back through the stack marking every tap
 * that lands on a real (non-padding) cell; works for convT too. O(layers * n * k).
 * Returns null if the stack is invalid up to `upTo`. 2-D masks are the outer product of the
 * two axes' masks (same parameters on both axes).
 */
export function cellDependencies(
  n: number,
  layers: Layer[],
  upTo: number,
  index: number,
): boolean[] | null {
  if (!Number.isInteger(upTo) || upTo < 0 || upTo >= layers.length) return null;
  const sizes = [n];
  for (let l = 0; l <= upTo; l++) {
    const res = layerOutput(layers[l], [sizes[l]]);
    if ('issues' in res) return null;
    sizes.push(res.out[0]);
  }
  let mask: boolean[] = new Array<boolean>(sizes[upTo + 1]).fill(false);
  if (index < 0 || index >= mask.length) return null;
  mask[index] = true;
  for (let l = upTo; l >= 0; l--) {
    const layer = layers[l];
    const nIn = sizes[l];
    const d = layer.op === 'avgpool' ? 1 : layer.d;
    const [pb] = layerPads(layer);
    const prev = new Array<boolean>(nIn).fill(false);
    mask.forEach((on, o) => {
      if (!on) return;
      for (let t = 0; t < layer.k; t++) {
        if (layer.op === 'convT') {
          // out[i*s + t*d - pb] += in[i] * w[t]
          const q = o + pb - t * d;
          if (q % layer.s === 0) {
            const i = q / layer.s;
            if (i >= 0 && i < nIn) prev[i] = true;
          }
        } else {
          const i = o * layer.s - pb + t * d;
          if (i >= 0 && i < nIn) prev[i] = true;
        }
      }
    });
    mask = prev;
  }
  return mask;
}

// ---------------------------------------------------------------- presets

export interface Preset {
  id: string;
  input: Dims;
  inChannels: number;
  layers: Layer[];
}

const L = (op: LayerOp, k: number, s: number, p: number | 'same', extra: Partial<Layer> = {}): Layer => ({
  op, k, s, p, d: 1, outPad: 0, ceil: false, ...extra,
});

/** Named stacks; labels and captions live in the i18n catalogues, keyed by id. */
export const PRESETS: readonly Preset[] = [
  {
    // LeCun et al. 1998: 32 -> 28 -> 14 -> 10 -> 5 (subsampling shown as average pooling).
    id: 'lenet5',
    input: [32, 32],
    inChannels: 1,
    layers: [
      L('conv', 5, 1, 0, { outChannels: 6 }),
      L('avgpool', 2, 2, 0),
      L('conv', 5, 1, 0, { outChannels: 16 }),
      L('avgpool', 2, 2, 0),
    ],
  },
  {
    // VGG-16 blocks 1-2: 224 -> 112 -> 56.
    id: 'vgg16-block1-2',
    input: [224, 224],
    inChannels: 3,
    layers: [
      L('conv', 3, 1, 1, { outChannels: 64 }),
      L('conv', 3, 1, 1, { outChannels: 64 }),
      L('maxpool', 2, 2, 0),
      L('conv', 3, 1, 1, { outChannels: 128 }),
      L('conv', 3, 1, 1, { outChannels: 128 }),
      L('maxpool', 2, 2, 0),
    ],
  },
  {
    // ResNet stem + two 3x3 convs of the first stage: 224 -> 112 -> 56 -> 56 -> 56.
    id: 'resnet-stem',
    input: [224, 224],
    inChannels: 3,
    layers: [
      L('conv', 7, 2, 3, { outChannels: 64 }),
      L('maxpool', 3, 2, 1),
      L('conv', 3, 1, 1, { outChannels: 64 }),
      L('conv', 3, 1, 1, { outChannels: 64 }),
    ],
  },
  {
    // DCGAN-style generator upsampling: 4 -> 8 -> 16 -> 32.
    id: 'dcgan-decoder',
    input: [4, 4],
    inChannels: 256,
    layers: [
      L('convT', 4, 2, 1, { outChannels: 128 }),
      L('convT', 4, 2, 1, { outChannels: 64 }),
      L('convT', 4, 2, 1, { outChannels: 3 }),
    ],
  },
  {
    // The site's Fashion-MNIST CNN (spatial parameters; channels live in its training script):
    // 28 -> 28 -> 14 -> 14 -> 7 -> 4.
    id: 'fashion-cnn',
    input: [28, 28],
    inChannels: 1,
    layers: [
      L('conv', 3, 1, 1),
      L('maxpool', 2, 2, 0),
      L('conv', 3, 1, 1),
      L('maxpool', 2, 2, 0),
      L('conv', 3, 2, 1),
    ],
  },
  {
    // WaveNet-like 1-D dilated stack, 'same' padding keeps length 64; rf doubles: 3, 7, 15, 31.
    id: 'dilated-stack',
    input: [64],
    inChannels: 1,
    layers: [1, 2, 4, 8].map((d) => L('conv', 3, 1, 'same', { d })),
  },
  {
    // A tiny U-Net-like down/up path: 64 -> 32 -> 64; the receptive field stops being a window
    // after the transposed conv.
    id: 'unet-down-up',
    input: [64, 64],
    inChannels: 1,
    layers: [
      L('conv', 3, 1, 1, { outChannels: 16 }),
      L('conv', 3, 1, 1, { outChannels: 16 }),
      L('maxpool', 2, 2, 0),
      L('conv', 3, 1, 1, { outChannels: 32 }),
      L('conv', 3, 1, 1, { outChannels: 32 }),
      L('convT', 2, 2, 0, { outChannels: 16 }),
      L('conv', 3, 1, 1, { outChannels: 16 }),
    ],
  },
];
