// Pins src/lib/genrep-latent.ts to training/genrep_common.py through tests/fixtures/genrep-latent.json
// (written by training/genrep_latent_fixture.py): the truncated-normal latent sampler (z and ε), the widget's
// augmentation parameters, and the shift + cutout op bit for bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  LATENT, TRUNC, SHIFT, CUTOUT, CUTOUT_P, latentFamily, latentBatch, augParamsFor, applyAug, toPixels,
  pixelDistance, decodeB64Pixels, type AugParams,
} from '../../src/lib/genrep-latent.ts';
import { cosine } from '../../src/lib/vector.ts';
import { ROOT } from './helpers.ts';

interface Fixture {
  latent: number; trunc: number; shift: number; cutout: number; cutout_p: number;
  image: number[];
  families: { seed: number; k: number; z: number[]; eps: number[][] }[];
  augs: { seed: number; params: AugParams[]; outputs: number[][] }[];
  edge_cases: { params: AugParams; output: number[] }[];
}
const fx = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/genrep-latent.json'), 'utf8')) as Fixture;

test('constants match the Python side', () => {
  assert.deepEqual([LATENT, TRUNC, SHIFT, CUTOUT, CUTOUT_P], [fx.latent, fx.trunc, fx.shift, fx.cutout, fx.cutout_p]);
});

test('latent sampler reproduces Python (z and every ε within 1e-12, all truncated)', () => {
  for (const f of fx.families) {
    const got = latentFamily(f.seed, f.k);
    const all = [got.z, ...got.eps].flat();
    const want = [f.z, ...f.eps].flat();
    assert.equal(all.length, want.length);
    all.forEach((v, i) => assert.ok(Math.abs(v - want[i]!) <= 1e-12, `seed ${f.seed} [${i}]: ${v} vs ${want[i]}`));
    assert.ok(all.every((v) => Math.abs(v) <= TRUNC));
  }
});

test('latentBatch: row 0 is z, row 1+k is z + σ·ε_k; σ = 0 repeats the anchor', () => {
  const fam = latentFamily(1, 3);
  const b = latentBatch(fam, 0.5);
  assert.equal(b.length, 4 * LATENT);
  for (let i = 0; i < LATENT; i++) {
    assert.equal(b[i], Math.fround(fam.z[i]!));
    assert.equal(b[2 * LATENT + i], Math.fround(fam.z[i]! + 0.5 * fam.eps[1]![i]!));
  }
  const b0 = latentBatch(fam, 0);
  for (let k = 1; k < 4; k++) for (let i = 0; i < LATENT; i++) assert.equal(b0[k * LATENT + i], b0[i]);
});

test('augmentation parameters and outputs reproduce Python exactly', () => {
  for (const a of fx.augs) {
    const ps = augParamsFor(a.seed, a.params.length);
    assert.deepEqual(ps, a.params, `seed ${a.seed}`);
    ps.forEach((p, v) => assert.deepEqual(Array.from(applyAug(fx.image, p)), a.outputs[v], `seed ${a.seed} view ${v}`));
  }
  for (const e of fx.edge_cases) assert.deepEqual(Array.from(applyAug(fx.image, e.params)), e.output, JSON.stringify(e.params));
});

test('pixel helpers', () => {
  const img = new Float32Array(784).fill(0.5);
  img[0] = 1;
  img[1] = -0.2;
  const px = toPixels(img);
  assert.equal(px[0], 255);
  assert.equal(px[1], 0);
  assert.equal(px[2], 128);
  assert.equal(pixelDistance(px, px), 0);
  const black = new Uint8ClampedArray(784);
  const white = new Uint8ClampedArray(784).fill(255);
  assert.ok(Math.abs(pixelDistance(black, white) - 28) < 1e-12);
  assert.ok(Math.abs(cosine([1, 0], [1, 0]) - 1) < 1e-12);
  assert.equal(cosine([0, 0], [1, 0]), 0);
  const b64 = Buffer.from(Uint8Array.from([0, 1, 255])).toString('base64');
  assert.deepEqual(Array.from(decodeB64Pixels(b64)), [0, 1, 255]);
});
