// Pins src/lib/corruptions.ts to the SupCon evaluation's corruptions (training/supcon_common.py)
// through tests/fixtures/supcon-corruptions.json (training/supcon_corruption_fixture.py): the
// mulberry32 draws bit for bit, the noise field, the square positions, and every corrupted image
// (each measured strength and one in between) within 1e-8.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corrupt, mulberry32At, noiseField, occlusionPosition, NOISE_SEED, OCCLUSION_SEED, type CorruptionKind } from '../../src/lib/corruptions.ts';
import { Mulberry32, pixelsTo01 } from '../../src/lib/byol-augment.ts';
import { ROOT } from './helpers.ts';

interface Fixture {
  seeds: { noise: number; occlusion: number };
  measured: Record<CorruptionKind, number[]>;
  first_draws: { noise: number[]; occlusion: number[] };
  images: { subset_position: number; test_index: number; label: number; pixels: number[]; noise_field: number[] }[];
  occlusion_positions: Record<string, Record<string, [number, number]>>;
  cases: { subset_position: number; test_index: number; kind: CorruptionKind; strength: number; measured: boolean; out: number[] }[];
}

const fx = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/supcon-corruptions.json'), 'utf8')) as Fixture;
const TOL = 1e-8;
const MODELS = ['supcon-ce', 'supcon-simclr', 'supcon-out', 'supcon-in'];

function worstDiff(got: ArrayLike<number>, want: number[]): [number, number] {
  assert.equal(got.length, want.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i]! - want[i]!);
    if (!(d <= worst)) { worst = d; at = i; }
  }
  return [worst, at];
}

test('seeds and measured strengths agree with the cards', () => {
  assert.equal(fx.seeds.noise, NOISE_SEED);
  assert.equal(fx.seeds.occlusion, OCCLUSION_SEED);
  for (const id of MODELS) {
    const card = JSON.parse(readFileSync(join(ROOT, 'public/models', id, 'card.json'), 'utf8'));
    assert.deepEqual(card.corruptions.noise.sigma, fx.measured.noise, id);
    assert.deepEqual(card.corruptions.blur.sigma, fx.measured.blur, id);
    assert.deepEqual(card.corruptions.occlusion.side, fx.measured.occlusion, id);
  }
});

test('mulberry32At(seed, k) is draw k of the stream (bit for bit)', () => {
  for (const [seed, want] of [[fx.seeds.noise, fx.first_draws.noise], [fx.seeds.occlusion, fx.first_draws.occlusion]] as const) {
    const seq = new Mulberry32(seed);
    for (let k = 0; k < want.length; k++) {
      const v = seq.next();
      assert.equal(v, want[k], `seed ${seed} draw ${k}`);
      assert.equal(mulberry32At(seed, k).next(), v, `seed ${seed} jump to ${k}`);
    }
    // A long jump equals stepping (the widget jumps to draw 2·784·i).
    const step = new Mulberry32(seed);
    for (let k = 0; k < 5000; k++) step.next();
    assert.equal(mulberry32At(seed, 5000).next(), step.next());
  }
});

test('the images are the subset images the cards\' fixtures feed the models', () => {
  for (const id of MODELS) {
    const baked = JSON.parse(readFileSync(join(ROOT, 'public/models', id, 'baked.json'), 'utf8'));
    const fixtures = JSON.parse(readFileSync(join(ROOT, 'public/models', id, 'fixtures.json'), 'utf8'));
    const pre = JSON.parse(readFileSync(join(ROOT, 'public/models', id, 'card.json'), 'utf8')).preprocess;
    for (const im of fx.images) {
      assert.equal(baked.subset.test_indices[im.subset_position], im.test_index, `${id} test index`);
      assert.equal(baked.subset.labels[im.subset_position], im.label, `${id} label`);
      const c = fixtures.cases.find((x: { name: string }) => x.name === `subset-${im.subset_position}`);
      if (!c) continue;
      const px = (c.inputs.image.data as number[]).map((v) => Math.round((v * pre.std + pre.mean) * 255));
      assert.deepEqual(px, im.pixels, `${id} ${c.name} pixels`);
    }
  }
});

test('noise field and square positions', () => {
  for (const im of fx.images) {
    const [worst, at] = worstDiff(noiseField(im.test_index), im.noise_field);
    assert.ok(worst <= TOL, `noise field of test image ${im.test_index}: [${at}] |Δ| = ${worst}`);
  }
  for (const [side, byIndex] of Object.entries(fx.occlusion_positions)) {
    for (const [i, pos] of Object.entries(byIndex)) assert.deepEqual(occlusionPosition(Number(i), Number(side)), pos, `side ${side}, test image ${i}`);
  }
});

test('every corrupted image equals the Python one (each kind × strength × image)', () => {
  const pixels = new Map(fx.images.map((im) => [im.test_index, pixelsTo01(im.pixels)]));
  let worstAll = 0;
  const kinds = new Set<string>();
  for (const c of fx.cases) {
    const got = corrupt(pixels.get(c.test_index)!, c.kind, c.strength, c.test_index);
    const [worst, at] = worstDiff(got, c.out);
    assert.ok(worst <= TOL, `${c.kind} ${c.strength}, test image ${c.test_index}: [${at}] ${got[at]} vs ${c.out[at]} (|Δ| = ${worst})`);
    worstAll = Math.max(worstAll, worst);
    kinds.add(`${c.kind}:${c.measured}`);
  }
  assert.equal(kinds.size, 6, 'each kind at measured and in-between strengths');
  assert.ok(fx.cases.length >= 36);
});

test('strength 0 is the clean image; a changed strength changes it', () => {
  const im = fx.images[0]!;
  const x = pixelsTo01(im.pixels);
  for (const kind of ['noise', 'blur', 'occlusion'] as const) {
    assert.deepEqual(Array.from(corrupt(x, kind, 0, im.test_index)), Array.from(x));
    assert.notDeepEqual(Array.from(corrupt(x, kind, kind === 'occlusion' ? 10 : 0.3, im.test_index)), Array.from(x));
  }
});
