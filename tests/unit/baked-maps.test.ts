// baked.json (what the "what a cell sees" widget shows before the model loads) must be what
// channelMeanMap + minMaxTo255 give for the model's real outputs (fixtures.json, from PyTorch).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { channelMeanMap, minMaxTo255, toModelInput } from '../../src/lib/image-preprocess.ts';

const dir = new URL('../../public/models/fashion-cnn/', import.meta.url);
const read = (f: string) => JSON.parse(readFileSync(new URL(f, dir), 'utf8'));
interface Tensor { dims: number[]; data: number[] }
interface Case { name: string; sample: number; inputs: Record<string, Tensor>; outputs: Record<string, Tensor> }
interface Sample { pixels: number[]; probs: number[]; pred: number; maps: Record<string, { h: number; w: number; data: number[] }> }
const card = read('card.json');
const fixtures = read('fixtures.json') as { cases: Case[] };
const baked = read('baked.json') as { samples: Sample[] };
const LAYERS = ['conv1', 'pool1', 'conv2', 'pool2', 'conv3'];

test('fixtures cover baked samples 0 and 1', () => {
  assert.deepEqual(fixtures.cases.map((c) => c.sample), [0, 1]);
});

for (const c of fixtures.cases) {
  const s = baked.samples[c.sample];
  test(`${c.name}: baked pixels → toModelInput equal the fixture input`, () => {
    const x = toModelInput(s.pixels, card.preprocess);
    const want = c.inputs.image.data;
    assert.equal(x.length, want.length);
    for (let i = 0; i < x.length; i++) assert.ok(Math.abs(x[i] - want[i]) < 2e-6, `index ${i}: ${x[i]} vs ${want[i]}`);
  });

  test(`${c.name}: baked maps = minMaxTo255(channelMeanMap(outputs)) within ±1`, () => {
    for (const layer of LAYERS) {
      const t = c.outputs[layer];
      const [, ch, h, w] = t.dims;
      const map = minMaxTo255(channelMeanMap(t.data, ch, h, w));
      const b = s.maps[layer];
      assert.equal(b.h, h);
      assert.equal(b.w, w);
      assert.equal(b.data.length, map.length);
      for (let i = 0; i < map.length; i++) assert.ok(Math.abs(map[i] - b.data[i]) <= 1, `${layer}[${i}]`);
    }
  });

  test(`${c.name}: baked probs and pred agree with the fixture`, () => {
    const p = c.outputs.probs.data;
    for (let i = 0; i < 10; i++) assert.ok(Math.abs(p[i] - s.probs[i]) <= 6e-5, `probs[${i}]`);
    assert.equal(s.pred, p.indexOf(Math.max(...p)));
  });
}
