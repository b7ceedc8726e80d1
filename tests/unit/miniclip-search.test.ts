// Pins src/lib/miniclip-search.ts to its Python twin (training/miniclip_common.py) through
// tests/fixtures/miniclip-search.json: the seeded Gaussians and the widget's bank latents, the
// evolution strategy on a toy objective (generation by generation), and — running both ONNX models
// with onnxruntime-web's wasm backend, as the browser does — the reranking order of the widget's bank
// for fixed prompts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web/wasm';
import { ES_DEFAULTS, LATENT, bankLatents, cosineScores, esInit, esPropose, esUpdate, gaussians, latentAttributes, rank } from '../../src/lib/miniclip-search.ts';
import { padIds, tokenize } from '../../src/lib/miniclip-text.ts';
import { ROOT } from './helpers.ts';

ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

interface Fx {
  gaussians: { seed: number; values: number[] };
  bank: { seed: number; n: number; first: number[] };
  rerank: { prompt: string; order: number[]; scores: number[] }[];
  es: { seed: number; generations: number; defaults: { lam: number; mu: number; sigma0: number; decay: number; clip: number }; target: number[]; best_scores: number[]; final_best: number[] };
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/miniclip-search.json', import.meta.url), 'utf8')) as Fx;

test('Gaussians and bank latents equal the Python side', () => {
  const g = gaussians(fx.gaussians.seed, fx.gaussians.values.length);
  fx.gaussians.values.forEach((v, i) => assert.ok(Math.abs(g[i]! - v) < 1e-12, `gaussian ${i}: ${g[i]} vs ${v}`));
  const z = bankLatents(fx.bank.seed, fx.bank.n);
  assert.equal(z.length, fx.bank.n * LATENT);
  fx.bank.first.forEach((v, i) => assert.equal(z[i], Math.fround(v), `latent ${i}`));
});

test('rank: descending, ties keep the lower index first', () => {
  assert.deepEqual(rank([0.1, 0.5, 0.5, -1, 0.7]), [4, 1, 2, 0, 3]);
});

test('ES defaults match; the toy run reproduces the Python scores generation by generation and is deterministic', () => {
  assert.deepEqual({ ...ES_DEFAULTS }, fx.es.defaults);
  const run = () => {
    const st = esInit(fx.es.seed);
    const best: number[] = [];
    for (let g = 0; g < fx.es.generations; g++) {
      const xs = esPropose(st);
      const scores = Array.from({ length: st.opts.lam }, (_, i) => -fx.es.target.reduce((a, t, k) => a + (xs[i * LATENT + k]! - t) ** 2, 0));
      best.push(esUpdate(st, xs, scores).bestScore);
    }
    return { best, final: Array.from(st.best!.x) };
  };
  const a = run();
  const b = run();
  assert.deepEqual(a, b);
  fx.es.best_scores.forEach((v, i) => assert.ok(Math.abs(a.best[i]! - v) < 1e-9, `generation ${i}: ${a.best[i]} vs ${v}`));
  fx.es.final_best.forEach((v, i) => assert.ok(Math.abs(a.final[i]! - v) < 1e-9, `best x ${i}`));
  assert.ok(a.best.at(-1)! > a.best[0]!, 'the search improves');
});

test('latentAttributes decode shape, colour, position and quality like the Python side', () => {
  const z = [0, 2, 1, 0, 0, 3, 0, -2, 0.1, 0, 0];
  const a = latentAttributes(z);
  assert.deepEqual({ shape: a.shape, colour: a.colour, position: a.position }, { shape: 1, colour: 2, position: 0 });
  assert.equal(a.quality, 0.5);
});

test('the widget bank reranked with the ONNX models gives the Python order', async () => {
  const dir = (id: string) => join(ROOT, 'public/models', id, 'model.onnx');
  const gen = await ort.InferenceSession.create(readFileSync(dir('miniclip-gen')));
  const clip = await ort.InferenceSession.create(readFileSync(dir('miniclip-clip')));
  const z = bankLatents(fx.bank.seed, fx.bank.n);
  const img = (await gen.run({ z: new ort.Tensor('float32', z, [fx.bank.n, LATENT]) })).image!;
  for (const r of fx.rerank) {
    const tok = BigInt64Array.from(padIds(tokenize(r.prompt).ids), (v) => BigInt(v));
    const out = await clip.run({ image: img, tokens: new ort.Tensor('int64', tok, [1, tok.length]) });
    const scores = cosineScores(out.image_emb!.data as Float32Array, out.text_emb!.data as Float32Array, 32);
    const order = rank(scores).slice(0, r.order.length);
    assert.deepEqual(order, r.order, r.prompt);
    r.scores.forEach((s, k) => assert.ok(Math.abs(scores[order[k]!]! - s) < 2e-4, `${r.prompt} score ${k}`));
  }
});
