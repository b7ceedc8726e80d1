// Pins src/lib/composite-blend.ts to training/composite_common.py through
// tests/fixtures/composite-lib.json (written by training/composite_autoencoder.py): grid masks,
// pixel paste, feathered paste, the seam band and score, the feature blend and the seam of the
// decoded blend; the baked heads.json results are recomputed from the baked heads; the RGB PNG
// encoder and the mask helpers are checked on their own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import {
  GRID, SIZE, blendFeatures, chwToHwc, encoderInput, feather, gridMask, maskArea, paintDisc, paste,
  presetMask, seamBand, seamScore, toFloat, toU8, toggleCell, type Presets,
} from '../../src/lib/composite-blend.ts';
import { decodeBase64, encodeRgbPng } from '../../src/lib/png.ts';
import { ROOT } from './helpers.ts';

interface Case {
  mask: number[]; grid: number[]; band: number[]; seam_paste: number; seam_feather: number; seam_feature: number; decoded_u8: number[];
  /** Full arrays only for the "hair" and "irregular" masks (keeps the fixture small). */
  paste?: number[]; feather?: number[]; blend?: number[]; decoded?: number[];
}
interface Fixture { a: number[]; b: number[]; labels_a: number[]; fa: number[]; fb: number[]; cases: Record<string, Case> }
const fx: Fixture = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/composite-lib.json'), 'utf8'));

function close(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what: string) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  assert.ok(worst <= tol, `${what}: max |Δ| = ${worst} > ${tol}`);
}

const A = toFloat(fx.a);
const B = toFloat(fx.b);

test('the fixture covers the presets, an ellipse and an irregular mask', () => {
  assert.deepEqual(Object.keys(fx.cases).sort(), ['ellipse', 'face', 'hair', 'irregular', 'left']);
  assert.equal(fx.a.length, SIZE * SIZE * 3);
});

for (const p of ['hair', 'face', 'left'] as Presets[]) {
  test(`preset mask "${p}" equals Python's`, () => {
    assert.deepEqual(Array.from(presetMask(p, fx.labels_a)), fx.cases[p]!.mask);
  });
}

for (const [name, c] of Object.entries(fx.cases)) {
  test(`mask "${name}": grid, paste, feather, band and seam scores equal Python's`, () => {
    close(gridMask(c.mask), c.grid, 1e-12, 'grid');
    if (c.paste) close(paste(A, B, c.mask), c.paste, 1e-9, 'paste');
    if (c.feather) close(feather(A, B, c.mask), c.feather, 1e-9, 'feather');
    assert.deepEqual(Array.from(seamBand(c.mask)), c.band, 'band');
    close([seamScore(paste(A, B, c.mask), A, B, c.mask)], [c.seam_paste], 1e-9, 'seam paste');
    close([seamScore(feather(A, B, c.mask), A, B, c.mask)], [c.seam_feather], 1e-9, 'seam feather');
  });
  if (c.blend && c.decoded) {
    test(`mask "${name}": the feature blend and the seam of the decoded image equal Python's`, () => {
      close(blendFeatures(fx.fa, fx.fb, gridMask(c.mask)), c.blend!, 1e-6, 'blend');
      close([seamScore(c.decoded!, A, B, c.mask)], [c.seam_feature], 1e-6, 'seam feature');
      assert.deepEqual(Array.from(toU8(c.decoded!)), c.decoded_u8, 'decoded → uint8');
    });
  }
}

test('full arrays are pinned for at least two masks', () => {
  assert.ok(Object.values(fx.cases).filter((c) => c.decoded && c.paste).length >= 2);
});

test('the pixel paste has a larger seam than the feathered paste on every fixture mask', () => {
  for (const [name, c] of Object.entries(fx.cases)) assert.ok(c.seam_paste > c.seam_feather, name);
});

test('layout helpers: HWC ↔ NCHW round trip', () => {
  const x = encoderInput(A);
  assert.equal(x.length, 3 * SIZE * SIZE);
  assert.equal(x[SIZE * SIZE + 5], Math.fround(A[5 * 3 + 1]!));
  close(chwToHwc(x), A, 1e-7, 'round trip');
});

test('the baked preset results in heads.json agree with the TypeScript paste/feather seams', () => {
  const baked = JSON.parse(readFileSync(join(ROOT, 'public/models/composite-encoder/heads.json'), 'utf8')) as {
    heads: { rgb: string; labels: string }[]; pairs: [number, number][];
    results: { pair: number; preset: Presets; feature: string; seam: { paste: number; feather: number; feature: number } }[];
  };
  assert.equal(baked.results.length, baked.pairs.length * 3);
  for (const r of baked.results) {
    const [ia, ib] = baked.pairs[r.pair]!;
    const a = toFloat(decodeBase64(baked.heads[ia]!.rgb));
    const b = toFloat(decodeBase64(baked.heads[ib]!.rgb));
    const m = presetMask(r.preset, decodeBase64(baked.heads[ia]!.labels));
    assert.ok(Math.abs(seamScore(paste(a, b, m), a, b, m) - r.seam.paste) <= 1e-4, `paste ${r.pair}/${r.preset}`);
    assert.ok(Math.abs(seamScore(feather(a, b, m), a, b, m) - r.seam.feather) <= 1e-4, `feather ${r.pair}/${r.preset}`);
    // the baked feature image is stored as uint8: its seam agrees to the rounding
    assert.ok(Math.abs(seamScore(toFloat(decodeBase64(r.feature)), a, b, m) - r.seam.feature) <= 0.05, `feature ${r.pair}/${r.preset}`);
  }
});

test('RGB PNG encoder: a valid IHDR and pixels that inflate back', () => {
  const px = Uint8Array.from({ length: 5 * 3 * 3 }, (_, i) => (i * 37) % 256);
  const png = encodeRgbPng(px, 5, 3);
  assert.deepEqual(Array.from(png.slice(0, 8)), [137, 80, 78, 71, 13, 10, 26, 10]);
  assert.equal(png[24], 8); // bit depth
  assert.equal(png[25], 2); // colour type: truecolour
  const idat = png.indexOf(0x49, 33); // 'I' of IDAT
  const len = (png[idat - 4]! << 24) | (png[idat - 3]! << 16) | (png[idat - 2]! << 8) | png[idat - 1]!;
  const raw = inflateSync(png.slice(idat + 4, idat + 4 + len));
  for (let y = 0; y < 3; y++) {
    assert.equal(raw[y * 16], 0);
    assert.deepEqual(Array.from(raw.subarray(y * 16 + 1, y * 16 + 16)), Array.from(px.slice(y * 15, y * 15 + 15)));
  }
});

test('mask helpers: brush and keyboard cells', () => {
  const m = paintDisc(new Uint8Array(SIZE * SIZE), 16, 16, 2.2, 1);
  assert.ok(maskArea(m) > 10 && maskArea(m) < 20);
  assert.equal(paintDisc(m, 16, 16, 3, 0).every((v) => v === 0), true);
  const c = toggleCell(new Uint8Array(SIZE * SIZE), 2, 5);
  assert.equal(maskArea(c), 16);
  assert.equal(c[5 * 4 * SIZE + 2 * 4], 1);
  assert.equal(maskArea(toggleCell(c, 2, 5)), 0);
  assert.equal(gridMask(c).length, GRID * GRID);
});

test('base64 decoding matches Buffer', () => {
  const bytes = Uint8Array.from({ length: 50 }, (_, i) => (i * 91) % 256);
  assert.deepEqual(decodeBase64(Buffer.from(bytes).toString('base64')), bytes);
});
