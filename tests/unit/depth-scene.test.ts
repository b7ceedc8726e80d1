// Pins src/lib/depth-scene.ts to training/depth_common.py through tests/fixtures/depth-lib.json
// (written by training/depth_boost.py): resizing, upsampling, the merge, scores, edge coverage.
// Also recomputes the baked scenes' edge-coverage curves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  SIZE, areaResize, areaWeights, bilinearUp, blend, boxBlur, decodeU8, depthToU8, dilate, edgeCoverage,
  errorMap, modelInput, pickResolutions, scores, u8ToDepth,
} from '../../src/lib/depth-scene.ts';
import { ROOT } from './helpers.ts';

interface Fixture {
  image: number[]; depth: number[]; receptive_field: number;
  model_input_32: number[]; model_input_48: number[];
  small: number[]; small_up_40: number[]; small_area_5: number[]; small_blur_2: number[];
  pred32: number[]; pred64: number[];
  scores_up32: Record<string, number>; merged_32_64_scores: Record<string, number>; merged_32_64_rows: number[];
  coverage: number[]; pick: { r0: number; r20: number };
}

const fx: Fixture = JSON.parse(readFileSync(process.env.DEPTH_LIB_FIXTURE ?? join(ROOT, 'tests/fixtures/depth-lib.json'), 'utf8'));

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  assert.ok(worst <= tol, `${what}: max |Δ| = ${worst} > ${tol}`);
}

test('area weights: rows sum to 1 and reduce to box means for integer factors', () => {
  for (const [n, r] of [[128, 32], [128, 48], [40, 16], [7, 3]] as const) {
    for (const row of areaWeights(n, r)) close([row.reduce((a, b) => a + b, 0)], [1], 1e-12, `sum ${n}->${r}`);
  }
  const a = Array.from({ length: 16 }, (_, i) => i);
  close(areaResize(a, 4, 2), [(0 + 1 + 4 + 5) / 4, (2 + 3 + 6 + 7) / 4, (8 + 9 + 12 + 13) / 4, (10 + 11 + 14 + 15) / 4], 1e-12, 'box 4->2');
});

test('model input at 32 and 48 px equals Python', () => {
  close(modelInput(fx.image, 32), fx.model_input_32, 2e-7, 'input 32');
  close(modelInput(fx.image, 48), fx.model_input_48, 2e-7, 'input 48');
});

test('bilinear upsampling, area resize and box blur equal Python', () => {
  close(bilinearUp(fx.small, 12, 40), fx.small_up_40, 1e-8, 'up 12->40');
  close(areaResize(fx.small, 12, 5), fx.small_area_5, 1e-8, 'area 12->5');
  close(boxBlur(fx.small, 12, 2), fx.small_blur_2, 1e-8, 'blur r=2');
  // Upsampling a constant map keeps it constant; upsampling by 1 is the identity.
  close(bilinearUp([0.3, 0.3, 0.3, 0.3], 2, 5), new Array(25).fill(0.3), 1e-12, 'constant');
  close(bilinearUp(fx.small, 12, 12), fx.small, 0, 'identity');
});

test('scores and the merge of two predictions equal Python', () => {
  const up32 = bilinearUp(fx.pred32, 32, SIZE);
  const s = scores(up32, fx.depth);
  for (const k of ['rmse', 'rmse_flat', 'rmse_edge', 'edge_f1'] as const) close([s[k]], [fx.scores_up32[k]!], 1e-6, k);
  const merged = blend(up32, bilinearUp(fx.pred64, 64, SIZE));
  const rows = [0, 1, 63, 127].flatMap((r) => Array.from(merged.slice(r * SIZE, (r + 1) * SIZE)));
  close(rows, fx.merged_32_64_rows, 1e-6, 'merged rows');
  const sm = scores(merged, fx.depth);
  for (const k of ['rmse', 'rmse_flat', 'rmse_edge', 'edge_f1'] as const) close([sm[k]], [fx.merged_32_64_scores[k]!], 1e-6, `merged ${k}`);
  // Perfect prediction: zero error, F1 = 1; merging a map with itself gives the map back.
  const perfect = scores(u8ToDepth(fx.depth), fx.depth);
  assert.equal(perfect.rmse, 0);
  assert.equal(perfect.edge_f1, 1);
  close(blend(up32, up32), up32, 1e-12, 'blend of a map with itself');
});

test('edge coverage curve and R0/R20 equal Python', () => {
  const c = edgeCoverage(fx.image, fx.receptive_field);
  close(c, fx.coverage, 1e-9, 'coverage');
  assert.deepEqual(pickResolutions(c), fx.pick);
  for (let i = 1; i < c.length; i++) assert.ok(c[i]! <= 1 && c[i]! >= 0);
});

test('dilate, depthToU8 and errorMap', () => {
  const m = new Array(25).fill(false);
  m[12] = true;
  assert.deepEqual(Array.from(dilate(m, 5, 1)), [0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(Array.from(depthToU8([-0.1, 0, 0.5, 1, 1.2])), [0, 0, 128, 255, 255]);
  assert.deepEqual(Array.from(errorMap([0.5, 0.5], [128, 255], 0.25)), [2, 255]);
});

test('baked scenes: coverage curves and R0/R20 recomputed in TS equal the stored ones', () => {
  const baked = JSON.parse(readFileSync(join(ROOT, 'public/models/depth-net/scenes.json'), 'utf8')) as {
    receptive_field: number; scenes: { image: string; depth: string; coverage: number[]; r0: number; r20: number }[];
  };
  assert.ok(baked.scenes.length >= 4);
  for (const sc of baked.scenes) {
    const img = decodeU8(sc.image);
    assert.equal(img.length, SIZE * SIZE);
    assert.equal(decodeU8(sc.depth).length, SIZE * SIZE);
    const cov = edgeCoverage(img, baked.receptive_field);
    // Stored values are rounded to 4 decimals; a pixel exactly at the edge threshold may also flip
    // between float64 summation orders (one pixel at 48 px is 0.0004).
    close(cov, sc.coverage, 2e-3, 'coverage');
    assert.deepEqual(pickResolutions(cov), { r0: sc.r0, r20: sc.r20 });
  }
});
