// The precomputed sample answers of "Who wrote this?" (src/components/writers/samples-probs.json)
// equal what the current models give for the current samples — recomputed here with onnxruntime-web
// — and every sample's work, when named, is in the corpus of its language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sampleProbs, OUT } from '../../scripts/bake-writer-samples.ts';
import { SAMPLES, DEFAULT_SAMPLE } from '../../src/components/writers/samples.ts';
import { ROOT } from './helpers.ts';

test('samples-probs.json is up to date with the models and samples.ts', async () => {
  const stored = JSON.parse(readFileSync(join(ROOT, OUT), 'utf8')) as Record<string, number[]>;
  const fresh = await sampleProbs(ROOT);
  assert.deepEqual(Object.keys(stored).sort(), Object.keys(fresh).sort(), 'run: node scripts/bake-writer-samples.ts');
  for (const [id, p] of Object.entries(fresh)) {
    p.forEach((v, i) => assert.ok(Math.abs(v - stored[id]![i]!) <= 2e-6, `${id}[${i}]: ${v} vs ${stored[id]![i]} — run node scripts/bake-writer-samples.ts`));
  }
});

test('one sample per author, works from the corpus, defaults exist', () => {
  for (const l of ['ru', 'en'] as const) {
    const ds = JSON.parse(readFileSync(join(ROOT, `public/models/writers-${l}-char/dataset.json`), 'utf8')) as { authors: { key: string; works: { file: string }[] }[] };
    const mine = SAMPLES.filter((s) => s.lang === l);
    assert.deepEqual(mine.map((s) => s.author).sort(), ds.authors.map((a) => a.key).sort());
    const files = new Set(ds.authors.flatMap((a) => a.works.map((w) => w.file)));
    for (const s of mine) if (s.work !== null) assert.ok(files.has(s.work), `${s.id}: ${s.work}`);
    assert.ok(mine.some((s) => s.id === DEFAULT_SAMPLE[l]));
  }
});
