// The two-views widget's arithmetic: the BYOL pair loss (byol_common.byol_loss per image, both
// directions) and the reader-adjustable augmentation config (TRAINING_CONFIG = training exactly).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { byolPairLoss, cosine } from '../../src/components/byol/byol-pair.ts';
import { augment, Mulberry32, sampleParams, TRAINING_CONFIG, SIZE } from '../../src/lib/byol-augment.ts';

test('pair loss: identical directions give 0, opposite 8, orthogonal 4', () => {
  const a = [1, 2, 3];
  assert.ok(Math.abs(byolPairLoss({ prediction: a, target: a }, { prediction: a, target: a }).loss) < 1e-12);
  const neg = a.map((v) => -v);
  assert.ok(Math.abs(byolPairLoss({ prediction: a, target: a }, { prediction: neg, target: neg }).loss - 8) < 1e-12);
  const r = byolPairLoss({ prediction: [1, 0], target: [1, 0] }, { prediction: [1, 0], target: [0, 1] });
  assert.ok(Math.abs(r.cos12) < 1e-12 && Math.abs(r.cos21 - 1) < 1e-12 && Math.abs(r.loss - 2) < 1e-12);
});

test('cosine is scale-invariant and 0 for a zero vector (as F.normalize)', () => {
  assert.ok(Math.abs(cosine([1, 2], [10, 20]) - 1) < 1e-12);
  assert.equal(cosine([0, 0], [1, 2]), 0);
  assert.throws(() => cosine([1], [1, 2]));
});

test('the default config is the training pipeline; switching one op keeps the others\' draws', () => {
  for (let seed = 0; seed < 200; seed++) {
    assert.deepEqual(sampleParams(new Mulberry32(seed), TRAINING_CONFIG), sampleParams(new Mulberry32(seed)));
    const noBlur = sampleParams(new Mulberry32(seed), { ...TRAINING_CONFIG, blur: false });
    const full = sampleParams(new Mulberry32(seed));
    assert.equal(noBlur.blur_sigma, null);
    assert.deepEqual({ ...noBlur, blur_sigma: full.blur_sigma }, full);
  }
});

test('everything off returns the image itself', () => {
  const img = Array.from({ length: SIZE * SIZE }, (_, i) => (i % 29) / 28);
  const off = { ...TRAINING_CONFIG, crop: false, flip: false, jitter: false, blur: false, solarize: false };
  const { image } = augment(img, 12345, off);
  for (let i = 0; i < img.length; i++) assert.ok(Math.abs(image[i]! - img[i]!) < 1e-12, `pixel ${i}`);
});

test('strengths act: a larger blur bound never lowers σ, probability 1 always solarises', () => {
  for (let seed = 0; seed < 100; seed++) {
    const a = sampleParams(new Mulberry32(seed), { ...TRAINING_CONFIG, blurMaxSigma: 1 });
    const b = sampleParams(new Mulberry32(seed), { ...TRAINING_CONFIG, blurMaxSigma: 3 });
    if (a.blur_sigma !== null) assert.ok(b.blur_sigma! >= a.blur_sigma);
    assert.equal(sampleParams(new Mulberry32(seed), { ...TRAINING_CONFIG, solarizeP: 1 }).solarize, true);
  }
});
