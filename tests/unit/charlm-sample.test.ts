// Pins src/lib/charlm-sample.ts (sampling + the key/value-cache generation loop) to
// training/charlm_common.py: the generation fixtures written by training/charlm_lang.py hold, for a
// fixed prompt, seed, temperature and top-k, every step's uniform draw, logits (from torch) and chosen
// id. (1) mulberry32 gives the same draws; (2) sampleStep picks the same ids from the same logits;
// (3) the whole loop run with onnxruntime-web on the real model.onnx (as the browser does) reproduces
// the fixture's ids and the baked 200-character sample, which crosses the cache refill.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web/wasm';
import { mulberry32 } from '../../src/lib/prng.ts';
import { Generation, sampleStep } from '../../src/lib/charlm-sample.ts';
import { encodePrompt, makeIndex } from '../../src/lib/charlm-text.ts';
import { ROOT } from './helpers.ts';

ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

interface Fx {
  model: string; lang: 'ru' | 'en'; prompt: string; prompt_ids: number[]; seed: number; temperature: number; top_k: number;
  context: number; vocab_size: number; min_margin: number; ids: number[];
  steps: { id: number; u: number; fed: number; logits: number[] }[];
}
interface Baked {
  vocab: string[]; context: number; refill: number; layers: number; heads: number; head_dim: number;
  sample: { prompt: string; prompt_ids: number[]; seed: number; temperature: number; top_k: number; text: string; steps: { id: number; p: number; pm: number; top: { id: number; p: number; pm: number }[] }[] };
}

for (const lang of ['ru', 'en'] as const) {
  const fx = JSON.parse(readFileSync(new URL(`../fixtures/charlm-${lang}-generation.json`, import.meta.url), 'utf8')) as Fx;
  const baked = JSON.parse(readFileSync(join(ROOT, `public/models/charlm-${lang}/baked.json`), 'utf8')) as Baked;

  test(`${lang}: the fixture is robust (draws far from CDF boundaries) and matches the baked sample`, () => {
    assert.ok(fx.min_margin >= 1e-4, `min margin ${fx.min_margin}`);
    assert.equal(fx.steps.length, fx.ids.length);
    assert.ok(fx.ids.length >= 20);
    assert.deepEqual(baked.sample.steps.slice(0, fx.ids.length).map((s) => s.id), fx.ids);
    assert.equal(baked.sample.seed, fx.seed);
    assert.equal(baked.sample.prompt, fx.prompt);
  });

  test(`${lang}: the prompt encodes to the fixture's ids`, () => {
    const e = encodePrompt(fx.prompt, lang, makeIndex(baked.vocab), fx.context);
    assert.deepEqual(e.ids, fx.prompt_ids);
  });

  test(`${lang}: mulberry32 reproduces the Python draws`, () => {
    const r = mulberry32(fx.seed);
    for (const s of fx.steps) assert.equal(r(), s.u);
  });

  test(`${lang}: sampleStep picks the fixture's id from the fixture's logits at every step`, () => {
    for (const [i, s] of fx.steps.entries()) {
      const r = sampleStep(s.logits, fx.temperature, fx.top_k, s.u);
      assert.equal(r.id, s.id, `step ${i}`);
      assert.equal(r.order.length, fx.top_k);
      assert.ok(Math.abs(r.p.reduce((a, b) => a + b, 0) - 1) < 1e-12);
      assert.ok(r.order.every((id) => id >= 2), 'never padding or unknown');
    }
  });

  test(`${lang}: sampleStep edge cases (top-k 1 is greedy, top-k above the vocabulary keeps all, ties by id)`, () => {
    const l = fx.steps[0]!.logits;
    const best = l.slice(2).reduce((bi, v, i) => (v > l[bi + 2]! ? i : bi), 0) + 2;
    assert.equal(sampleStep(l, 1, 1, 0.999).id, best);
    assert.equal(sampleStep(l, 1, 10_000, 0.5).order.length, l.length - 2);
    assert.deepEqual(sampleStep([9, 9, 1, 1, 1], 1, 3, 0).order, [2, 3, 4]);
    assert.equal(sampleStep([0, 0, 1, 1], 1, 2, 0.9999999).id, 3);
  });

  test(`${lang}: the generation loop on model.onnx (onnxruntime-web) reproduces the fixture and the baked sample`, async () => {
    const session = await ort.InferenceSession.create(readFileSync(join(ROOT, `public/models/charlm-${lang}/model.onnx`)));
    try {
      const s = baked.sample;
      const g = new Generation(s.prompt_ids, s.seed, baked.context, baked.refill, { layers: baked.layers, heads: baked.heads, headDim: baked.head_dim });
      const fed: number[] = [];
      const ids: number[] = [];
      for (let i = 0; i < s.steps.length; i++) {
        const f = g.nextFeeds();
        const out = await session.run({
          ids: new ort.Tensor('int64', BigInt64Array.from(f.ids, (v) => BigInt(v)), [1, f.ids.length]),
          past: new ort.Tensor('float32', f.past, [baked.layers, 2, baked.heads, f.pastLen, baked.head_dim]),
        });
        const r = g.accept(out.logits!.data as Float32Array, out.present!.data as Float32Array, s.temperature, s.top_k);
        fed.push(r.fed);
        ids.push(r.id);
      }
      assert.deepEqual(fed.slice(0, fx.steps.length), fx.steps.map((x) => x.fed));
      assert.deepEqual(ids.slice(0, fx.ids.length), fx.ids);
      assert.ok(fed.some((n) => n === baked.refill), 'the sample crosses a cache refill');
      assert.deepEqual(ids, s.steps.map((x) => x.id));
    } finally {
      await session.release();
    }
  });
}
