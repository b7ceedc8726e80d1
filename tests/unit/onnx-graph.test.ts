// Builds real ONNX models with src/lib/onnx-graph.ts and runs them in onnxruntime-web (the same
// wasm backend the browser uses) to check that every layer's runtime shape equals our formula,
// and to pin down where onnxruntime differs from PyTorch.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-web/wasm';
import { PRESETS, analyseStack, effectiveKernel, layerOutput } from '../../src/lib/conv-arithmetic.ts';
import type { Dims, Layer, LayerOp } from '../../src/lib/conv-arithmetic.ts';
import { buildStackModel, ortCaveats } from '../../src/lib/onnx-graph.ts';
import type { Opset } from '../../src/lib/onnx-graph.ts';
import { mulberry32, randInt } from '../../src/lib/prng.ts';

ort.env.wasm.numThreads = 1;
// Severity 4 = fatal only: the documented refusals below (asserted explicitly) and the opset-17
// ceil-mode shape warning would otherwise print ORT log lines.
const OPTIONS: ort.InferenceSession.SessionOptions = { logSeverityLevel: 4 };


interface Ran {
  dims: number[][]; // runtime dims of layer_0, layer_1, ...
  meta: (number | string)[][]; // session.outputMetadata shapes (static shape inference)
}

async function run(input: Dims, layers: Layer[], opset: Opset = 17): Promise<Ran> {
  const session = await ort.InferenceSession.create(buildStackModel(input, layers, opset), OPTIONS);
  try {
    const size = input.reduce((a, b) => a * b, 1);
    const x = new ort.Tensor('float32', new Float32Array(size), [1, 1, ...input]);
    const out = await session.run({ x });
    const dims = layers.map((_, i) => [...out[`layer_${i}`].dims]);
    const meta = session.outputMetadata.map((m) => ('shape' in m ? [...m.shape] : []));
    return { dims, meta };
  } finally {
    await session.release();
  }
}

const expected = (input: Dims, layers: Layer[]) =>
  analyseStack(input, layers).map((row) => {
    assert.ok(row.out, JSON.stringify(row.issues));
    return [1, 1, ...row.out];
  });

/** PyTorch's ceil-mode size without the "last window must not start in the right padding" rule. */
const naiveCeil = (n: number, l: Layer) =>
  Math.ceil((n + 2 * (l.p as number) - effectiveKernel(l.k, l.op === 'avgpool' ? 1 : l.d)) / l.s) + 1;

function randomLayer(r: () => number): { input: Dims; layer: Layer } {
  const roll = r();
  const op: LayerOp = roll < 0.3 ? 'conv' : roll < 0.5 ? 'convT' : roll < 0.75 ? 'maxpool' : 'avgpool';
  const k = randInt(r, 1, 5);
  const s = randInt(r, 1, 3);
  const d = op === 'avgpool' ? 1 : randInt(r, 1, 3);
  const p: number | 'same' = op === 'conv' && r() < 0.25 ? 'same' : randInt(r, 0, 3);
  const rank = r() < 0.5 ? 1 : 2;
  const input = Array.from({ length: rank }, () => randInt(r, 1, rank === 1 ? 32 : 16));
  const layer: Layer = {
    op, k, s: p === 'same' ? 1 : s, p, d,
    outPad: op === 'convT' ? randInt(r, 0, Math.max(s, d) - 1) : 0,
    ceil: r() < 0.5,
  };
  return { input, layer };
}

test('onnxruntime shapes equal the formulas: 300 random single layers', async (t) => {
  const r = mulberry32(11);
  const counts = { valid: 0, ceilDrop: 0, refusedPad: 0, refusedOutPad: 0 };
  while (counts.valid < 300) {
    const { input, layer } = randomLayer(r);
    if ('issues' in layerOutput(layer, input)) continue;
    counts.valid++;
    const msg = JSON.stringify({ input, layer });
    const caveat = ortCaveats(layer)[0]?.code;
    if (caveat === 'ortPoolPadNotSmallerThanKernel') {
      // ORT refuses pool pads >= kernel_shape even where PyTorch accepts them (dilated max pool).
      await assert.rejects(run(input, [layer]), /Pad should be smaller than kernel/, msg);
      counts.refusedPad++;
      continue;
    }
    if (caveat === 'ortOutPadNotSmallerThanStride') {
      // PyTorch: output_padding < stride OR < dilation. ORT: < stride only (fails in run()).
      await assert.rejects(run(input, [layer]), /output_padding .* may be too large for stride/, msg);
      counts.refusedOutPad++;
      continue;
    }
    assert.equal(caveat, undefined);
    const { dims, meta } = await run(input, [layer]);
    const want = expected(input, [layer]);
    assert.deepEqual(dims, want, msg);
    const drop = layer.ceil && (layer.op === 'maxpool' || layer.op === 'avgpool') &&
      input.some((n, a) => naiveCeil(n, layer) !== want[0][a + 2]);
    if (drop) counts.ceilDrop++;
    else assert.deepEqual(meta, want, `static shape inference, ${msg}`);
  }
  t.diagnostic(JSON.stringify(counts));
  assert.ok(counts.ceilDrop >= 5 && counts.refusedPad >= 3 && counts.refusedOutPad >= 3, JSON.stringify(counts));
});

test('ceil_mode edge: ORT kernels follow PyTorch; opset-17 static inference does not', async () => {
  // Windows that would start in the right padding: PyTorch drops them. Enumerate such cases.
  const cases: { input: Dims; layer: Layer }[] = [];
  for (const op of ['maxpool', 'avgpool'] as const) {
    for (let n = 1; n <= 12; n++) for (let k = 1; k <= 4; k++) for (let s = 2; s <= 4; s++) {
      for (let p = 1; p <= Math.floor(k / 2); p++) {
        const layer: Layer = { op, k, s, p, d: 1, outPad: 0, ceil: true };
        const res = layerOutput(layer, [n]);
        if ('out' in res && res.out[0] !== naiveCeil(n, layer)) cases.push({ input: [n], layer });
      }
    }
  }
  assert.ok(cases.length >= 20, `${cases.length} edge cases`);
  for (const { input, layer } of cases) {
    const msg = JSON.stringify({ input, layer });
    const want = expected(input, [layer]);
    const naive = [[1, 1, naiveCeil(input[0], layer)]];
    const v17 = await run(input, [layer], 17);
    assert.deepEqual(v17.dims, want, msg); // the runtime tensor: PyTorch's size
    assert.deepEqual(v17.meta, naive, msg); // opset <= 21 shape inference: one window more
    const v22 = await run(input, [layer], 22);
    assert.deepEqual(v22.dims, want, msg);
    assert.deepEqual(v22.meta, want, msg); // opset 22 inference applies the rule too
  }
  // The smallest example, for the article: length 5, kernel 2, stride 2, padding 1.
  const five: Layer = { op: 'maxpool', k: 2, s: 2, p: 1, d: 1, outPad: 0, ceil: true };
  assert.deepEqual((await run([5], [five])).dims, [[1, 1, 3]]);
  assert.equal(naiveCeil(5, five), 4);
});

test('presets: every layer shape from onnxruntime equals the formula', async () => {
  for (const p of PRESETS) {
    const { dims, meta } = await run(p.input, p.layers);
    const want = expected(p.input, p.layers);
    assert.deepEqual(dims, want, p.id);
    assert.deepEqual(meta, want, p.id);
  }
});

test('random valid stacks run end to end (60 stacks)', async () => {
  const r = mulberry32(12);
  let done = 0;
  while (done < 60) {
    const rank = r() < 0.5 ? 1 : 2;
    const input = Array.from({ length: rank }, () => randInt(r, 4, 24));
    const layers: Layer[] = [];
    let dims = input;
    for (let tries = 0; tries < 40 && layers.length < 5; tries++) {
      const { layer } = randomLayer(r);
      const res = layerOutput(layer, dims);
      if ('issues' in res || ortCaveats(layer).length || res.out.some((v) => v > 64)) continue;
      layers.push(layer);
      dims = res.out;
    }
    if (!layers.length) continue;
    const { dims: got } = await run(input, layers);
    assert.deepEqual(got, expected(input, layers), JSON.stringify({ input, layers }));
    done++;
  }
});

test('buildStackModel refuses invalid stacks', () => {
  const conv = (k: number): Layer => ({ op: 'conv', k, s: 1, p: 0, d: 1, outPad: 0, ceil: false });
  assert.throws(() => buildStackModel([4], [conv(3), conv(3)]));
  assert.throws(() => buildStackModel([4], []));
  assert.deepEqual(buildStackModel([8], [conv(3)]), buildStackModel([8], [conv(3)])); // deterministic
});
