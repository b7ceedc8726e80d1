// The GenRep σ sweep: public/models/genrep-encoder/card.json (what the article and the σ-curve widget read)
// agrees with training/genrep-sweep.json (every run, written by training/genrep_sweep.py): each summary
// row is the mean / min / max of its per-seed runs and equals its card metric; the exported encoder is the
// best generated-data setting; and the generator's baked images have the documented shape.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { metricName, curve, type SweepRow } from '../../src/lib/genrep-sweep.ts';
import { decodeB64Pixels, pyFloatKey } from '../../src/lib/genrep-latent.ts';
import { ROOT } from './helpers.ts';

const read = (p: string) => JSON.parse(readFileSync(join(ROOT, p), 'utf8'));
const card = read('public/models/genrep-encoder/card.json') as {
  metrics: Record<string, { value: number; unit: string }>;
  training: { steps: number; batch_size: number; temperature: number; setting: { kind: string; sigma: number }; seeds_in_sweep: number[] };
  sweep: { sigmas: number[]; summary: SweepRow[] };
};
const sweep = read('training/genrep-sweep.json') as {
  seeds: number[]; steps: number; batch_size: number; temperature: number;
  runs: { kind: string; sigma: number; seed: number; probe_accuracy: number }[];
  summary: SweepRow[]; best_generated: SweepRow;
};

test('card summary = sweep json summary, and every row is its metric', () => {
  assert.deepEqual(card.sweep.summary, sweep.summary);
  for (const r of card.sweep.summary) {
    const m = card.metrics[metricName(r.kind, r.sigma)];
    assert.ok(m, `metric for ${r.kind} σ=${r.sigma}`);
    assert.equal(m.value, r.mean);
    assert.equal(m.unit, 'fraction');
  }
  assert.equal(card.training.steps, sweep.steps);
  assert.equal(card.training.batch_size, sweep.batch_size);
  assert.equal(card.training.temperature, sweep.temperature);
  assert.deepEqual(card.training.seeds_in_sweep, sweep.seeds);
});

test('each summary row is the mean, min and max of its runs over every seed', () => {
  for (const r of sweep.summary.filter((x) => !['random-init', 'raw-pixels'].includes(x.kind))) {
    const v = sweep.runs.filter((x) => x.kind === r.kind && x.sigma === r.sigma).map((x) => x.probe_accuracy);
    assert.equal(v.length, sweep.seeds.length, `${r.kind} σ=${r.sigma}: one run per seed`);
    assert.deepEqual(r.per_seed, v);
    assert.ok(Math.abs(r.mean - v.reduce((a, b) => a + b, 0) / v.length) <= 5e-5);
    assert.equal(r.min, Math.min(...v));
    assert.equal(r.max, Math.max(...v));
  }
});

test('both curves cover every σ; the exported encoder is the best generated-data setting', () => {
  for (const kind of ['latent', 'latent+pixel'] as const) {
    assert.deepEqual(curve(card.sweep.summary, kind).map((r) => r.sigma), [...card.sweep.sigmas].sort((a, b) => a - b));
  }
  const gen = card.sweep.summary.filter((r) => ['latent', 'latent+pixel', 'pixel'].includes(r.kind));
  const best = gen.reduce((a, b) => (b.mean > a.mean ? b : a));
  assert.deepEqual({ kind: best.kind, sigma: best.sigma }, card.training.setting);
  assert.equal(card.metrics.probe_best_generated!.value, best.mean);
});

test('generator baked.json: 784-byte images for every seed and σ', () => {
  const b = read('public/models/genrep-generator/baked.json') as { seeds: number[]; sigmas: number[]; k: number; rows: { seed: number; anchor: string; positives: Record<string, string[]> }[] };
  assert.deepEqual(b.rows.map((r) => r.seed), b.seeds);
  for (const r of b.rows) {
    assert.equal(decodeB64Pixels(r.anchor).length, 784);
    for (const s of b.sigmas) {
      const ims = r.positives[pyFloatKey(s)]!;
      assert.ok(ims, `positives for σ = ${s}`);
      assert.equal(ims.length, b.k);
      for (const im of ims) assert.equal(decodeB64Pixels(im).length, 784);
    }
  }
});
