// Occlusion for the writer-style models (src/lib/writers-occlusion.ts): the fragments partition the
// passage at word boundaries and never exceed the cap; the masked batch cuts exactly one fragment
// per row; and, with the real model in onnxruntime-web, cutting the last fragment gives the same
// logits as the shorter passage itself (padding = absence, which is what the widget claims).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web/wasm';
import { fragmentCap, fragmentContributions, logSoftmax, maskedBatch, occlusionFragments } from '../../src/lib/writers-occlusion.ts';
import { encode, vocabIndex } from '../../src/lib/writers-text.ts';
import { ROOT } from './helpers.ts';

test('fragments partition the passage, start at words, and respect the cap', () => {
  const text = 'Говорили, что на набережной появилось новое лицо: дама с собачкой.';
  const chars = Array.from(text);
  for (const cap of [1, 3, 5, 50]) {
    const fr = occlusionFragments(chars, cap);
    assert.ok(fr.length <= cap && fr.length >= 1, `cap ${cap}: ${fr.length}`);
    assert.equal(fr[0]!.start, 0);
    assert.equal(fr.at(-1)!.end, chars.length);
    for (let i = 1; i < fr.length; i++) {
      assert.equal(fr[i]!.start, fr[i - 1]!.end);
      assert.equal(chars[fr[i]!.start - 1], ' ', 'a fragment starts right after a space');
      assert.notEqual(chars[fr[i]!.start], ' ');
    }
  }
  // With room for every word, each fragment is one word and its trailing space.
  const words = occlusionFragments(chars, 1000).map((f) => chars.slice(f.start, f.end).join(''));
  assert.deepEqual(words, text.split(' ').map((w, i, a) => (i < a.length - 1 ? `${w} ` : w)));
  // 1000 characters → at most 50 fragments of ≥ 20 characters (the last may be shorter).
  const long = Array.from('слово '.repeat(200)).slice(0, 1000);
  const fl = occlusionFragments(long, 50);
  assert.ok(fl.length <= 50);
  for (const f of fl.slice(0, -1)) assert.ok(f.end - f.start >= 20);
  assert.deepEqual(occlusionFragments([], 50), []);
});

test('fragmentCap bounds the batch: (cap + 1) × n stays near 30,000 positions, 12…50 fragments', () => {
  assert.equal(fragmentCap(1000), 30);
  assert.equal(fragmentCap(316), 50);
  assert.equal(fragmentCap(5000), 12);
  for (const n of [1, 50, 200, 600, 1000]) assert.ok((fragmentCap(n) + 1) * n <= 31_000 || fragmentCap(n) === 12, String(n));
});

test('maskedBatch: row 0 intact, row k+1 has exactly fragment k padded', () => {
  const ids = BigInt64Array.from([5n, 6n, 7n, 8n, 9n, 0n]);
  const b = maskedBatch(ids, [{ start: 0, end: 2 }, { start: 2, end: 5 }]);
  assert.deepEqual(Array.from(b), [5n, 6n, 7n, 8n, 9n, 0n, 0n, 0n, 7n, 8n, 9n, 0n, 5n, 6n, 0n, 0n, 0n, 0n]);
});

test('contributions are differences of log-softmax', () => {
  const logits = [1, 2, 0, /* masked: */ 1, 1, 0];
  const c = fragmentContributions(logits, 3, 1);
  assert.equal(c.length, 1);
  assert.ok(Math.abs(c[0]! - (logSoftmax([1, 2, 0])[1]! - logSoftmax([1, 1, 0])[1]!)) < 1e-12);
  assert.ok(c[0]! > 0, 'the fragment raised author 1, so it pulls towards it');
});

for (const lang of ['ru', 'en'] as const) {
  test(`${lang}: cutting the last fragment equals the shorter passage (real model)`, async () => {
    const dir = join(ROOT, `public/models/writers-${lang}-char`);
    const baked = JSON.parse(readFileSync(join(dir, 'baked.json'), 'utf8')) as { text: { vocab: string[]; max_len: number } };
    const fx = JSON.parse(readFileSync(join(dir, 'fixtures.json'), 'utf8')) as { cases: { name: string; text: string }[] };
    const text = fx.cases.find((c) => c.name === 'test-window-1000')!.text;
    const index = vocabIndex(baked.text.vocab);
    const L = baked.text.max_len;
    const enc = encode(text, index, L);
    const chars = Array.from(text).slice(0, L);
    const fr = occlusionFragments(chars, fragmentCap(chars.length));
    const batch = maskedBatch(enc.ids, fr);
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(readFileSync(join(dir, 'model.onnx')));
    const out = await session.run({ ids: new ort.Tensor('int64', batch, [fr.length + 1, L]) });
    const logits = out.logits!.data as Float32Array;
    const C = logits.length / (fr.length + 1);
    const last = fr.at(-1)!;
    const shorter = encode(chars.slice(0, last.start).join(''), index, L);
    const ref = (await session.run({ ids: new ort.Tensor('int64', shorter.ids, [1, L]) })).logits!.data as Float32Array;
    const row = logits.subarray(fr.length * C, (fr.length + 1) * C);
    for (let c = 0; c < C; c++) assert.ok(Math.abs(row[c]! - ref[c]!) < 1e-4, `class ${c}: ${row[c]} vs ${ref[c]}`);
    // And every contribution is finite, with at least one fragment pulling each way or all one way.
    const top = Array.from(logits.subarray(0, C)).indexOf(Math.max(...logits.subarray(0, C)));
    const contrib = fragmentContributions(logits, C, top);
    assert.equal(contrib.length, fr.length);
    assert.ok(contrib.every(Number.isFinite));
  });
}
