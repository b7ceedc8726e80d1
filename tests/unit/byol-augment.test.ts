// Pins src/lib/byol-augment.ts to the Python augmentation in training/byol_common.py through
// tests/fixtures/byol-augment.json (written by training/byol_augment_fixture.py): the PRNG bit for
// bit, the sampled parameters, each op alone, and the full pipeline stage by stage, within 1e-5.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AUG, Mulberry32, sampleParams, resizedCrop, jitter, blur, blurKernel, solarize, applyParamsStages, augment,
  pixelsTo01, toModelInput01, type AugParams,
} from '../../src/lib/byol-augment.ts';
import { ROOT } from './helpers.ts';

interface OpCase { image: number; op: 'crop' | 'jitter' | 'blur' | 'solarize'; params: AugParams; kernel?: number[]; out: number[] }
interface Pipeline { image: number; seed: number; params: AugParams; stages: Record<'crop' | 'jitter' | 'blur' | 'solarize', number[]>; model_input: number[] }
interface Fixture {
  aug: Record<string, unknown>;
  preprocess: { mean: number; std: number };
  images: number[][];
  prng: { seed: number; u32: number[]; floats: number[] }[];
  ops: OpCase[];
  pipelines: Pipeline[];
  branch_counts: Record<string, number>;
}

const fx = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/byol-augment.json'), 'utf8')) as Fixture;
const TOL = 1e-5;

function close(got: ArrayLike<number>, want: number[], what: string, tol = TOL) {
  assert.equal(got.length, want.length, `${what}: length`);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i]! - want[i]!);
    if (!(d <= worst)) { worst = d; at = i; }
  }
  assert.ok(worst <= tol, `${what}: [${at}] ${got[at]} vs ${want[at]} (|Δ| = ${worst})`);
  return worst;
}

function closeParams(got: AugParams, want: AugParams, what: string) {
  close([got.crop.x0, got.crop.y0, got.crop.w, got.crop.h], [want.crop.x0, want.crop.y0, want.crop.w, want.crop.h], `${what} crop`, 1e-12);
  assert.equal(got.flip, want.flip, `${what} flip`);
  assert.equal(got.solarize, want.solarize, `${what} solarize`);
  assert.equal(got.jitter === null, want.jitter === null, `${what} jitter applied`);
  if (got.jitter && want.jitter) close([got.jitter.brightness, got.jitter.contrast], [want.jitter.brightness, want.jitter.contrast], `${what} jitter`, 1e-12);
  assert.equal(got.blur_sigma === null, want.blur_sigma === null, `${what} blur applied`);
  if (got.blur_sigma !== null && want.blur_sigma !== null) close([got.blur_sigma], [want.blur_sigma], `${what} sigma`, 1e-12);
}

test('the constants match the Python AUG table', () => {
  for (const [k, v] of Object.entries(fx.aug)) {
    const mine = (AUG as Record<string, unknown>)[k];
    if (Array.isArray(v)) close(mine as number[], v as number[], `AUG.${k}`, 1e-15);
    else assert.equal(mine, v, `AUG.${k}`);
  }
  assert.deepEqual(Object.keys(AUG).sort(), Object.keys(fx.aug).sort());
});

test('mulberry32 reproduces the Python stream bit for bit', () => {
  for (const c of fx.prng) {
    const a = new Mulberry32(c.seed);
    assert.deepEqual(c.u32.map(() => a.nextU32()), c.u32, `seed ${c.seed} u32`);
    const b = new Mulberry32(c.seed);
    assert.deepEqual(c.floats.map(() => b.next()), c.floats, `seed ${c.seed} floats`);
  }
});

test('each augmentation alone matches Python within 1e-5', (t) => {
  let worst = 0;
  for (const [n, c] of fx.ops.entries()) {
    const img = pixelsTo01(fx.images[c.image]!);
    let got: Float64Array;
    if (c.op === 'crop') got = resizedCrop(img, c.params.crop, c.params.flip);
    else if (c.op === 'jitter') got = jitter(img, c.params.jitter!);
    else if (c.op === 'blur') {
      close(blurKernel(c.params.blur_sigma!), c.kernel!, `op ${n} kernel`, 1e-12);
      got = blur(img, c.params.blur_sigma!);
    } else got = solarize(img);
    worst = Math.max(worst, close(got, c.out, `op ${n} (${c.op}, image ${c.image})`));
  }
  t.diagnostic(`${fx.ops.length} op cases, max |TS − Python| = ${worst.toExponential(2)}`);
});

test('the full pipeline from a seed: parameters, every stage and the model input', (t) => {
  let worst = 0;
  for (const p of fx.pipelines) {
    const img = pixelsTo01(fx.images[p.image]!);
    const what = `image ${p.image} seed ${p.seed}`;
    const { params, image } = augment(img, p.seed);
    closeParams(params, p.params, what);
    const st = applyParamsStages(img, params);
    for (const k of ['crop', 'jitter', 'blur', 'solarize'] as const) worst = Math.max(worst, close(st[k], p.stages[k], `${what} ${k}`));
    close(image, p.stages.solarize, `${what} output`);
    close(toModelInput01(image, fx.preprocess), p.model_input, `${what} model input`);
    assert.ok(image.every((v) => v >= 0 && v <= 1), `${what}: output leaves [0, 1]`);
  }
  for (const [k, v] of Object.entries(fx.branch_counts)) {
    assert.ok(v > 0 && v < fx.pipelines.length, `branch ${k} must be both applied and skipped in the fixture (${v}/${fx.pipelines.length})`);
  }
  t.diagnostic(`${fx.pipelines.length} pipelines, max |TS − Python| = ${worst.toExponential(2)}`);
});
