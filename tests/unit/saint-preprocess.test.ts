// Pins src/lib/saint-preprocess.ts to its Python mirror (training/saint_data.py `preprocess`):
// raw rows → num / num_miss / cat, exactly (float32 bit-for-bit). The fixture is written by
// training/saint_tabular.py; its schema must equal the one baked next to both models, and the
// preprocessed widget rows must equal the inputs of the models' own fixtures (so the page feeds
// the model exactly what the ONNX fixtures were checked with).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  categoryIndex, parseNumberInput, positiveProbs, preprocessRows, topAttended, type RawRow, type SaintSchema,
} from '../../src/lib/saint-preprocess.ts';
import { ROOT } from './helpers.ts';

interface T { dims: number[]; data: number[] }
interface Case { name: string; rows: RawRow[]; num: T; num_miss: T; cat: T }
const fx = JSON.parse(readFileSync(new URL('../fixtures/saint-preprocess.json', import.meta.url), 'utf8')) as { schema: SaintSchema; cases: Case[] };
const readJson = (p: string) => JSON.parse(readFileSync(join(ROOT, p), 'utf8'));

test('fixture covers the widget rows, blanked cells and edge cases', () => {
  assert.deepEqual(fx.cases.map((c) => c.name), ['widget-rows', 'widget-rows-blanked', 'edge-cases']);
  const all = fx.cases.flatMap((c) => c.rows);
  assert.ok(all.some((r) => Object.values(r).every((v) => v === null)), 'a row with every cell blank');
  assert.ok(fx.cases[2]!.num.data.some((v) => Math.abs(v) === fx.schema.z_clip), 'a clipped value');
});

for (const c of fx.cases) {
  test(`case ${c.name}: TypeScript reproduces Python exactly`, () => {
    const x = preprocessRows(c.rows, fx.schema);
    assert.equal(x.rows, c.rows.length);
    assert.deepEqual([c.rows.length, fx.schema.numeric.length], c.num.dims);
    // float32 equality: the fixture stores 9 significant digits, enough to identify a float32.
    assert.deepEqual(Array.from(x.num), c.num.data.map((v) => Math.fround(v)), 'num');
    assert.deepEqual(Array.from(x.numMiss), c.num_miss.data, 'num_miss');
    assert.deepEqual(Array.from(x.cat, Number), c.cat.data, 'cat');
  });
}

test('the schema equals the one baked for both models', () => {
  for (const id of ['saint-full', 'saint-s']) {
    assert.deepEqual(readJson(`public/models/${id}/baked.json`).schema, fx.schema, id);
  }
});

test('the preprocessed widget rows are the inputs of the models\' fixtures', () => {
  const pairs = [['widget-rows', 'widget-batch-8'], ['widget-rows-blanked', 'widget-batch-8-blanked']] as const;
  for (const id of ['saint-full', 'saint-s']) {
    const mf = readJson(`public/models/${id}/fixtures.json`) as { cases: { name: string; inputs: Record<string, T> }[] };
    for (const [pre, model] of pairs) {
      const x = preprocessRows(fx.cases.find((c) => c.name === pre)!.rows, fx.schema);
      const inp = mf.cases.find((c) => c.name === model)!.inputs;
      // The model fixtures keep 7 significant digits (common.tensor_json), so compare to that precision.
      Array.from(x.num).forEach((v, j) => assert.ok(Math.abs(v - inp.num!.data[j]!) <= 1e-6 * Math.max(1, Math.abs(v)), `${id} ${model} num[${j}]`));
      assert.deepEqual(Array.from(x.numMiss), inp.num_miss!.data, `${id} ${model} num_miss`);
      assert.deepEqual(Array.from(x.cat, Number), inp.cat!.data, `${id} ${model} cat`);
    }
  }
  // ...and the baked rows shown before live mode are the fixture's rows.
  assert.deepEqual(readJson('public/models/saint-full/baked.json').rows, fx.cases[0]!.rows);
});

test('helpers: unknown categories count as missing, number parsing, top attended rows, probabilities', () => {
  const col = fx.schema.categorical[0]!;
  assert.equal(categoryIndex('no-such-value', col), col.values.length);
  assert.equal(categoryIndex(null, col), col.values.length);
  assert.equal(categoryIndex(col.values[1]!, col), 1);
  assert.equal(parseNumberInput('2,5'), 2.5);
  assert.equal(parseNumberInput(' 40 '), 40);
  assert.equal(parseNumberInput(''), null);
  assert.equal(parseNumberInput('abc'), null);
  assert.equal(parseNumberInput('1e400'), null);
  assert.deepEqual(topAttended([[0.5, 0.1, 0.4], [0.2, 0.2, 0.6], [0.3, 0.3, 0.4]], 0, 2), [2, 1]);
  assert.deepEqual(topAttended([[0.5, 0.25, 0.25]], 0, 2), [1, 2], 'ties keep table order');
  assert.deepEqual(positiveProbs([0.25, 0.75, 0.9, 0.1], 2), [0.75, 0.1]);
});
