// Checks src/lib/conv-arithmetic.ts: closed-form sizes vs brute-force window counting, receptive
// fields vs brute-force dependency propagation, the presets' numbers, and (when present) real
// PyTorch shapes and errors from tests/fixtures/conv-shapes.json.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import {
  PRESETS,
  analyseStack,
  cellDependencies,
  cellReceptiveField,
  convOut,
  convTransposeOut,
  effectiveKernel,
  layerOutput,
  poolOut,
  samePadding,
  tfSameOut,
  tfSamePads,
  validateLayer,
} from '../../src/lib/conv-arithmetic.ts';
import type { Layer, LayerOp } from '../../src/lib/conv-arithmetic.ts';
import { mulberry32, randInt } from '../../src/lib/prng.ts';


const mk = (op: LayerOp, k: number, s: number, p: number | 'same', extra: Partial<Layer> = {}): Layer => ({
  op, k, s, p, d: 1, outPad: 0, ceil: false, ...extra,
});

// ---------------------------------------------------------------- (a) brute-force window counting

/** Enumerate window starts over the padded input [0, n+pb+pe); PyTorch's ceil rule included. */
function bruteWindows(n: number, keff: number, s: number, pb: number, pe: number, ceil: boolean): number {
  const N = n + pb + pe;
  let count = 0;
  for (let st = 0; ; st += s) {
    const fits = st + keff <= N;
    // ceil mode: one more window while the window a stride earlier still left the last padded
    // cell uncovered, but never one that starts in the right padding.
    const ceilExtra = ceil && st - s + keff < N && st < n + pb;
    if (!fits && !ceilExtra) break;
    count++;
  }
  return count;
}

/** Scatter every input cell through every tap, crop p each side, append outPad. */
function bruteTranspose(n: number, k: number, s: number, p: number, d: number, outPad: number): number {
  let last = -1;
  for (let i = 0; i < n; i++) for (let t = 0; t < k; t++) last = Math.max(last, i * s + t * d);
  return last + 1 - 2 * p + outPad;
}

test('conv: formula equals window counting (6,000 random cases)', () => {
  const r = mulberry32(1);
  for (let c = 0; c < 6000; c++) {
    const [n, k, s, p, d] = [randInt(r, 1, 60), randInt(r, 1, 9), randInt(r, 1, 5), randInt(r, 0, 6), randInt(r, 1, 4)];
    const keff = effectiveKernel(k, d);
    const brute = bruteWindows(n, keff, s, p, p, false);
    if (brute >= 1) assert.equal(convOut(n, k, s, p, d), brute, JSON.stringify({ n, k, s, p, d }));
    const res = layerOutput(mk('conv', k, s, p, { d }), [n]);
    assert.equal('out' in res, brute >= 1, JSON.stringify({ n, k, s, p, d }));
    if ('out' in res) assert.equal(res.out[0], brute);
    // 'same' (stride 1): asymmetric pads, output length n.
    const [pb, pe] = samePadding(k, d);
    assert.equal(pb + pe, d * (k - 1));
    assert.ok(pe - pb === 0 || pe - pb === 1);
    assert.equal(bruteWindows(n, keff, 1, pb, pe, false), n);
    const same = layerOutput(mk('conv', k, 1, 'same', { d }), [n]);
    assert.ok('out' in same && same.out[0] === n && same.pads[0] === pb && same.pads[1] === pe);
  }
});

for (const op of ['maxpool', 'avgpool'] as const) {
  test(`${op}: formula equals window counting, floor and ceil (6,000 random cases)`, () => {
    const r = mulberry32(op === 'maxpool' ? 2 : 3);
    let dropped = 0;
    for (let c = 0; c < 6000; c++) {
      const k = randInt(r, 1, 8);
      const s = randInt(r, 1, 5);
      const d = op === 'maxpool' ? randInt(r, 1, 3) : 1;
      const p = randInt(r, 0, Math.floor(effectiveKernel(k, d) / 2));
      const n = randInt(r, 1, 40);
      const ceil = r() < 0.6;
      const brute = bruteWindows(n, effectiveKernel(k, d), s, p, p, ceil);
      const msg = JSON.stringify({ n, k, s, p, d, ceil });
      if (brute >= 1) assert.equal(poolOut(n, k, s, p, d, ceil), brute, msg);
      const res = layerOutput(mk(op, k, s, p, { d, ceil }), [n]);
      assert.equal('out' in res, brute >= 1, msg);
      if ('out' in res) assert.equal(res.out[0], brute, msg);
      const naive = Math.ceil((n + 2 * p - effectiveKernel(k, d)) / s) + 1;
      if (ceil && brute >= 1 && naive !== brute) dropped++;
    }
    // The "last window may not start in the right padding" rule must actually be exercised.
    assert.ok(dropped > 50, `ceil drop rule hit only ${dropped} times`);
  });
}

test('convT: formula equals scatter counting (6,000 random cases)', () => {
  const r = mulberry32(4);
  for (let c = 0; c < 6000; c++) {
    const [n, k, s, p, d] = [randInt(r, 1, 30), randInt(r, 1, 7), randInt(r, 1, 5), randInt(r, 0, 6), randInt(r, 1, 4)];
    const outPad = randInt(r, 0, Math.max(s, d) - 1);
    const brute = bruteTranspose(n, k, s, p, d, outPad);
    const msg = JSON.stringify({ n, k, s, p, d, outPad });
    assert.equal(convTransposeOut(n, k, s, p, d, outPad), brute, msg);
    const res = layerOutput(mk('convT', k, s, p, { d, outPad }), [n]);
    assert.equal('out' in res, brute >= 1, msg);
    // output_padding must be < stride or < dilation
    const bad = validateLayer(mk('convT', k, s, p, { d, outPad: Math.max(s, d) }), [n]);
    assert.ok(bad.some((i) => i.code === 'outPadTooLarge'), msg);
  }
});

test('TensorFlow SAME vs PyTorch same', () => {
  assert.deepEqual(samePadding(3, 1), [1, 1]);
  assert.deepEqual(samePadding(4, 1), [1, 2]); // odd total: extra on the right
  assert.deepEqual(samePadding(3, 2), [2, 2]);
  assert.equal(tfSameOut(5, 2), 3);
  assert.deepEqual(tfSamePads(5, 3, 2, 1), [1, 1]);
  assert.deepEqual(tfSamePads(6, 3, 2, 1), [0, 1]); // depends on n: why PyTorch allows 'same' only for s=1
  assert.deepEqual(tfSamePads(7, 1, 3, 1), [0, 0]); // never negative
  const r = mulberry32(5);
  for (let c = 0; c < 2000; c++) {
    const [n, k, s, d] = [randInt(r, 1, 50), randInt(r, 1, 7), randInt(r, 1, 4), randInt(r, 1, 3)];
    const [pb, pe] = tfSamePads(n, k, s, d);
    assert.ok(pe - pb === 0 || pe - pb === 1);
    assert.equal(bruteWindows(n, effectiveKernel(k, d), s, pb, pe, false), tfSameOut(n, s));
  }
  const strided = validateLayer(mk('conv', 3, 2, 'same'), [10]);
  assert.deepEqual(strided.map((i) => i.code), ['sameNeedsStride1']);
  assert.deepEqual(validateLayer(mk('maxpool', 3, 1, 'same'), [10]).map((i) => i.code), ['sameOnlyForConv']);
});

test('validateLayer: integer, cap and op-specific rules', () => {
  const codes = (l: Layer, dims = [10]) => validateLayer(l, dims).map((i) => i.code);
  assert.deepEqual(codes(mk('conv', 0, 1, 0)), ['badInteger']);
  assert.deepEqual(validateLayer(mk('conv', 2.5, 0, -1), [10])[0].params, { k: 2.5, s: 0, p: -1 });
  assert.deepEqual(codes(mk('conv', 3, 1, 0), [0]), ['badInteger']);
  assert.deepEqual(codes(mk('conv', 3, 1, 0), [10, 10, 10]), ['badRank']);
  assert.deepEqual(codes(mk('conv', 65, 1, 0), [100]), ['tooLarge']);
  assert.deepEqual(codes(mk('conv', 3, 1, 0), [5000]), ['tooLarge']);
  assert.deepEqual(codes(mk('convT', 3, 16, 0), [4000]), ['tooLarge']); // output cap
  assert.deepEqual(codes(mk('avgpool', 3, 1, 0, { d: 2 })), ['dilationNotSupported']);
  assert.deepEqual(codes(mk('conv', 5, 1, 0), [3]), ['kernelLargerThanPaddedInput']);
  assert.deepEqual(codes(mk('maxpool', 5, 1, 0), [3]), ['nonPositiveOutput']);
  assert.deepEqual(codes(mk('convT', 1, 1, 1), [1]), ['nonPositiveOutput']);
  assert.deepEqual(codes(mk('avgpool', 3, 1, 2)), ['padTooLargeForPool']);
  assert.deepEqual(codes(mk('maxpool', 3, 1, 2, { d: 2 })), []); // effective kernel 5: pad 2 ok
  assert.deepEqual(codes(mk('maxpool', 3, 1, 3, { d: 2 })), ['padTooLargeForPool']);
  assert.deepEqual(codes(mk('convT', 3, 1, 0, { outPad: 1 })), ['outPadTooLarge']);
  assert.deepEqual(codes(mk('convT', 3, 1, 0, { outPad: 1, d: 2 })), []); // < dilation suffices
  const big = analyseStack([64], new Array(25).fill(mk('conv', 1, 1, 0)));
  assert.equal(big.length, 25);
  assert.equal(big[24].issues[0].code, 'tooLarge');
});

// ---------------------------------------------------------------- (b) receptive fields

/** Random layer that is valid on input n (rejection sampling); convT only if allowed. */
function randomValidLayer(r: () => number, n: number, allowT: boolean): Layer | null {
  for (let tries = 0; tries < 50; tries++) {
    const roll = r();
    const op: LayerOp = roll < 0.45 ? 'conv' : roll < 0.7 ? 'maxpool' : roll < 0.85 || !allowT ? 'avgpool' : 'convT';
    const k = randInt(r, 1, 5);
    const s = randInt(r, 1, 3);
    const d = op === 'avgpool' ? 1 : randInt(r, 1, 3);
    const p: number | 'same' = op === 'conv' && r() < 0.2 ? 'same' : randInt(r, 0, 3);
    const layer: Layer = {
      op, k, s: p === 'same' ? 1 : s, p, d,
      outPad: op === 'convT' ? randInt(r, 0, Math.max(s, d) - 1) : 0,
      ceil: r() < 0.4,
    };
    const res = layerOutput(layer, [n]);
    if ('out' in res && res.out[0] <= 200) return layer;
  }
  return null;
}

function randomStack(r: () => number, allowT: boolean): { n: number; layers: Layer[] } {
  const n = randInt(r, 1, 40);
  const layers: Layer[] = [];
  let size = n;
  const depth = randInt(r, 1, 5);
  for (let l = 0; l < depth; l++) {
    const layer = randomValidLayer(r, size, allowT);
    if (!layer) break;
    layers.push(layer);
    const res = layerOutput(layer, [size]);
    if (!('out' in res)) throw new Error('unreachable');
    size = res.out[0];
  }
  return { n, layers };
}

/** Taps of output cell o of a conv/pool layer, in the layer's input coordinates (may be padding). */
function taps(layer: Layer, o: number): number[] {
  const d = layer.op === 'avgpool' ? 1 : layer.d;
  const pb = layer.p === 'same' ? samePadding(layer.k, layer.d)[0] : layer.p;
  return Array.from({ length: layer.k }, (_, t) => o * layer.s - pb + t * d);
}

/**
 * Forward brute force: push a one-hot impulse at each input pixel through the stack (boolean
 * "can influence" maps) and record which cells of layer `upTo` it reaches. Returns, for each of
 * those cells, the sorted input pixels it depends on.
 */
function forwardDependencies(n: number, layers: Layer[], upTo: number): number[][] {
  const sizes = [n];
  for (let l = 0; l <= upTo; l++) {
    const res = layerOutput(layers[l], [sizes[l]]);
    if (!('out' in res)) throw new Error('invalid');
    sizes.push(res.out[0]);
  }
  const deps: number[][] = Array.from({ length: sizes[upTo + 1] }, () => []);
  for (let pix = 0; pix < n; pix++) {
    let v = new Array<boolean>(n).fill(false);
    v[pix] = true;
    for (let l = 0; l <= upTo; l++) {
      const layer = layers[l];
      const out = new Array<boolean>(sizes[l + 1]).fill(false);
      if (layer.op === 'convT') {
        const d = layer.d;
        const pb = layer.p as number;
        v.forEach((on, i) => {
          if (!on) return;
          for (let t = 0; t < layer.k; t++) {
            const o = i * layer.s + t * d - pb;
            if (o >= 0 && o < out.length) out[o] = true;
          }
        });
      } else {
        for (let o = 0; o < out.length; o++) out[o] = taps(layer, o).some((i) => i >= 0 && i < v.length && v[i]);
      }
      v = out;
    }
    v.forEach((on, o) => on && deps[o].push(pix));
  }
  return deps;
}

/** Hull of input coordinates reached when padding cells are treated as real, extended cells. */
function virtualHull(layers: Layer[], upTo: number, o: number): [number, number] {
  let cells = new Set([o]);
  for (let l = upTo; l >= 0; l--) {
    const next = new Set<number>();
    for (const c of cells) for (const i of taps(layers[l], c)) next.add(i);
    cells = next;
  }
  return [Math.min(...cells), Math.max(...cells)];
}

test('receptive field rf/jump/start equals brute-force propagation (1,500 random stacks)', () => {
  const r = mulberry32(6);
  let cellsChecked = 0;
  let tight = 0;
  for (let c = 0; c < 1500; c++) {
    const { n, layers } = randomStack(r, false);
    const rows = analyseStack([n], layers);
    assert.equal(rows.length, layers.length);
    rows.forEach((row, l) => {
      assert.equal(row.issues.length, 0);
      const deps = forwardDependencies(n, layers, l);
      assert.deepEqual(cellDependencies(n, layers, l, 0)?.flatMap((on, i) => (on ? [i] : [])), deps[0]);
      deps.forEach((dep, o) => {
        const span = cellReceptiveField(row, o);
        assert.ok(span);
        // The formula's span is exactly the hull when padding cells are counted as pixels...
        assert.deepEqual(virtualHull(layers, l, o), span.unclipped, JSON.stringify({ n, layers, l, o }));
        // ...and the real dependencies always lie inside its clipped part.
        if (dep.length) {
          assert.ok(span.clipped, JSON.stringify({ n, layers, l, o }));
          assert.ok(dep[0] >= span.clipped[0] && dep[dep.length - 1] <= span.clipped[1]);
          if (dep[0] === span.clipped[0] && dep[dep.length - 1] === span.clipped[1]) tight++;
        }
        cellsChecked++;
      });
    });
  }
  assert.ok(cellsChecked > 10000, `only ${cellsChecked} cells`);
  assert.ok(tight / cellsChecked > 0.5, 'clipped span should usually be tight');
});

test('cellDependencies equals forward propagation, convT included (800 random stacks)', () => {
  const r = mulberry32(7);
  let afterT = 0;
  for (let c = 0; c < 800; c++) {
    const { n, layers } = randomStack(r, true);
    const rows = analyseStack([n], layers);
    rows.forEach((row, l) => {
      const deps = forwardDependencies(n, layers, l);
      deps.forEach((dep, o) => {
        const mask = cellDependencies(n, layers, l, o);
        assert.deepEqual(mask?.flatMap((on, i) => (on ? [i] : [])), dep, JSON.stringify({ n, layers, l, o }));
      });
      if (layers.slice(0, l + 1).some((x) => x.op === 'convT')) {
        afterT++;
        assert.equal(row.rf, null);
        assert.equal(row.rfNote, 'rfUndefinedAfterTranspose');
        assert.equal(cellReceptiveField(row, 0), null);
      }
    });
  }
  assert.ok(afterT > 50);
});

// ---------------------------------------------------------------- (c) presets

const preset = (id: string) => {
  const p = PRESETS.find((x) => x.id === id);
  assert.ok(p, id);
  return analyseStack(p.input, p.layers);
};
const col = <K extends 'out' | 'rf' | 'jump' | 'start'>(rows: ReturnType<typeof analyseStack>, key: K) =>
  rows.map((row) => row[key]);

test('three stacked 3x3 convs see 7x7', () => {
  const rows = analyseStack([32, 32], [1, 2, 3].map(() => mk('conv', 3, 1, 1)));
  assert.deepEqual(col(rows, 'rf'), [3, 5, 7]);
});

test('presets: sizes and receptive fields the article states', () => {
  const expect: Record<string, { out: number[]; rf: (number | null)[]; jump: (number | null)[]; start: (number | null)[] }> = {
    lenet5: { out: [28, 14, 10, 5], rf: [5, 6, 14, 16], jump: [1, 2, 2, 4], start: [0, 0, 0, 0] },
    'vgg16-block1-2': {
      out: [224, 224, 112, 112, 112, 56], rf: [3, 5, 6, 10, 14, 16], jump: [1, 1, 2, 2, 2, 4], start: [-1, -2, -2, -4, -6, -6],
    },
    // posts.md: "7/2, pool 3/2, two 3x3 -> 27 with jump 4": confirmed; padding only moves start.
    'resnet-stem': { out: [112, 56, 56, 56], rf: [7, 11, 19, 27], jump: [2, 4, 4, 4], start: [-3, -5, -9, -13] },
    'dcgan-decoder': { out: [8, 16, 32], rf: [null, null, null], jump: [null, null, null], start: [null, null, null] },
    'fashion-cnn': { out: [28, 14, 14, 7, 4], rf: [3, 4, 8, 10, 18], jump: [1, 2, 2, 4, 8], start: [-1, -1, -3, -3, -7] },
    'dilated-stack': { out: [64, 64, 64, 64], rf: [3, 7, 15, 31], jump: [1, 1, 1, 1], start: [-1, -3, -7, -15] },
    'unet-down-up': {
      out: [64, 64, 32, 32, 32, 64, 64], rf: [3, 5, 6, 10, 14, null, null], jump: [1, 1, 2, 2, 2, null, null],
      start: [-1, -2, -2, -4, -6, null, null],
    },
  };
  assert.deepEqual(PRESETS.map((p) => p.id).sort(), Object.keys(expect).sort());
  for (const p of PRESETS) {
    const rows = preset(p.id);
    const e = expect[p.id];
    assert.equal(rows.length, p.layers.length, p.id);
    assert.ok(rows.every((row) => row.issues.length === 0), p.id);
    assert.deepEqual(rows.map((row) => row.out?.[0]), e.out, p.id);
    assert.ok(rows.every((row) => row.out?.every((v) => v === row.out?.[0])), p.id); // square
    assert.deepEqual(col(rows, 'rf'), e.rf, p.id);
    assert.deepEqual(col(rows, 'jump'), e.jump, p.id);
    assert.deepEqual(col(rows, 'start'), e.start, p.id);
  }
  // The centre cell of the ResNet stem's output sees a full 27x27 window inside the image.
  const stem = preset('resnet-stem');
  assert.deepEqual(cellReceptiveField(stem[3], 28), { unclipped: [99, 125], clipped: [99, 125] });
  assert.deepEqual(cellReceptiveField(stem[3], 0), { unclipped: [-13, 13], clipped: [0, 13] });
  const stemLayers = PRESETS.find((x) => x.id === 'resnet-stem')?.layers ?? [];
  const mask = cellDependencies(224, stemLayers, 3, 28) ?? [];
  assert.deepEqual(mask.flatMap((on, i) => (on ? [i] : [])), Array.from({ length: 27 }, (_, i) => 99 + i));
  assert.equal(cellDependencies(224, stemLayers, 4, 0), null);
  assert.equal(cellDependencies(224, stemLayers, 3, 56), null);
  // 2-D rows: the span is per axis; a non-square input clips differently on each axis.
  const rect = analyseStack([8, 20], [mk('conv', 5, 1, 2)]);
  assert.deepEqual(cellReceptiveField(rect[0], 7, 0)?.clipped, [5, 7]);
  assert.deepEqual(cellReceptiveField(rect[0], 7, 1)?.clipped, [5, 9]);
});

// ---------------------------------------------------------------- (d) real PyTorch

interface FixtureCase {
  op: string;
  in: number[];
  k: number;
  s: number;
  p: number | 'same';
  d?: number;
  op_pad?: number;
  ceil_mode?: boolean;
  out?: number[];
  error?: string;
}

const FIXTURE = new URL('../fixtures/conv-shapes.json', import.meta.url);

function fixtureLayer(c: FixtureCase): Layer {
  const op: LayerOp = c.op.startsWith('convtranspose')
    ? 'convT'
    : c.op.startsWith('conv')
      ? 'conv'
      : c.op.startsWith('maxpool')
        ? 'maxpool'
        : 'avgpool';
  return { op, k: c.k, s: c.s, p: c.p, d: c.d ?? 1, outPad: c.op_pad ?? 0, ceil: c.ceil_mode ?? false };
}

test('validateLayer and sizes agree with real PyTorch (tests/fixtures/conv-shapes.json)', (t) => {
  if (!existsSync(FIXTURE)) {
    t.skip('fixture not generated yet');
    return;
  }
  const fx = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { torch: string; cases: FixtureCase[] };
  const [major, minor] = String(fx.torch).split('.').map(Number);
  const oldTorch = major < 2 || (major === 2 && minor < 3);
  const known = { legacyMaxPoolPad: 0, emptyMaxPool1d: 0 };
  const mismatches: string[] = [];
  for (const c of fx.cases) {
    const layer = fixtureLayer(c);
    const res = layerOutput(layer, c.in);
    if (c.out && 'out' in res && JSON.stringify(res.out) === JSON.stringify(c.out)) continue;
    if (c.error !== undefined && 'issues' in res) continue;
    // Documented version differences (see poolPadLimit in conv-arithmetic.ts):
    // PyTorch < 2.3 checks a max pool's padding against k/2, not the effective kernel's half.
    const k2 = Math.floor(c.k / 2);
    if (oldTorch && layer.op === 'maxpool' && c.error && 'out' in res && typeof c.p === 'number' && c.p > k2) {
      known.legacyMaxPoolPad++;
      continue;
    }
    // Old max_pool1d CPU no-grad fast path checked OW >= 0, so it returned an empty tensor
    // where newer PyTorch (OW > 0) and every other path raise "Output size is too small".
    if (oldTorch && c.op === 'maxpool1d' && c.out?.[0] === 0 && 'issues' in res) {
      known.emptyMaxPool1d++;
      continue;
    }
    mismatches.push(JSON.stringify({ case: c, ours: res }));
  }
  t.diagnostic(`torch ${fx.torch}: ${fx.cases.length} cases; known version differences ${JSON.stringify(known)}`);
  assert.deepEqual(mismatches.slice(0, 10), [], `${mismatches.length} mismatches`);
});
