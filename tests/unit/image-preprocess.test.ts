// Pins src/lib/image-preprocess.ts to its Python mirror in training/common.py.
// Fixture written by training/fashion_cnn.py (rebuild: bash training/build-all.sh).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { channelMeanMap, minMaxTo255, rgbaToGray28, toModelInput } from '../../src/lib/image-preprocess.ts';

interface RgbaCase { name: string; width: number; height: number; rgba: number[]; gray28: number[] }
interface InputCase { name: string; pixels: number[]; expected: number[] }
const fx = JSON.parse(readFileSync(new URL('../fixtures/image-preprocess.json', import.meta.url), 'utf8')) as {
  preprocess: { scale: number; mean: number; std: number };
  rgba_to_gray28: RgbaCase[];
  to_model_input: InputCase[];
};

test('fixture covers sizes that are not multiples of 28, and smaller than 28', () => {
  const sizes = fx.rgba_to_gray28.map((c) => [c.width, c.height]);
  assert.ok(sizes.some(([w, h]) => w % 28 !== 0 || h % 28 !== 0));
  assert.ok(sizes.some(([w, h]) => w < 28 || h < 28));
});

for (const c of fx.rgba_to_gray28) {
  test(`rgbaToGray28 matches Python exactly: ${c.name}`, () => {
    const got = rgbaToGray28(Uint8ClampedArray.from(c.rgba), c.width, c.height);
    assert.equal(got.length, 784);
    assert.deepEqual(Array.from(got), c.gray28);
  });
}

test('rgbaToGray28: 28×28 opaque gray input is returned unchanged; transparent counts as black', () => {
  const rgba = new Uint8ClampedArray(28 * 28 * 4);
  for (let i = 0; i < 784; i++) rgba.set([i % 256, i % 256, i % 256, 255], i * 4);
  assert.deepEqual(Array.from(rgbaToGray28(rgba, 28, 28)), Array.from({ length: 784 }, (_, i) => i % 256));
  const clear = new Uint8ClampedArray(56 * 56 * 4).fill(255);
  for (let i = 3; i < clear.length; i += 4) clear[i] = 0;
  assert.ok(rgbaToGray28(clear, 56, 56).every((v) => v === 0));
});

test('rgbaToGray28 rejects a buffer of the wrong length', () => {
  assert.throws(() => rgbaToGray28(new Uint8ClampedArray(10), 28, 28));
});

for (const c of fx.to_model_input) {
  test(`toModelInput matches Python float32 bit for bit: ${c.name}`, () => {
    const got = toModelInput(c.pixels, fx.preprocess);
    assert.ok(got instanceof Float32Array);
    assert.equal(got.length, c.expected.length);
    for (let i = 0; i < got.length; i++) assert.equal(got[i], Math.fround(c.expected[i]), `index ${i}`);
  });
}

test('channelMeanMap averages over channels', () => {
  // c=2, h=1, w=3
  assert.deepEqual(Array.from(channelMeanMap([0, 2, 4, 2, 4, 8], 2, 1, 3)), [1, 3, 6]);
});

test('minMaxTo255 scales to 0..255 with round half up; constant input gives zeros', () => {
  assert.deepEqual(Array.from(minMaxTo255([1, 2, 3])), [0, 128, 255]);
  assert.deepEqual(Array.from(minMaxTo255(new Float32Array([5, 5, 5]))), [0, 0, 0]);
});
