// Every comparison the stylised-NeRF article states in words, checked against the nerf-flatland card
// and baked file the article's numbers come from. If the model is retrained and a verdict flips, this
// test fails and the text (src/content/posts/{ru,en}/stylized-nerf.mdx, "Our toy reproduction") must change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';

const dir = join(ROOT, 'public/models/nerf-flatland');
const card = JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8')) as { bytes: number; metrics: Record<string, { value: number }> };
const baked = JSON.parse(readFileSync(join(dir, 'baked.json'), 'utf8')) as {
  consistency: Record<string, { field: number; per_view: number; points: number }>;
  views: { deg: number; rgb: string[]; acc: string }[];
  scene: { width: number };
};
const m = (name: string) => {
  const metric = card.metrics[name];
  assert.ok(metric, `card has no metric ${name}`);
  return metric.value;
};

test('stylising each view spreads a point’s colour more than stylising the field, for every palette', () => {
  assert.ok(m('consistency_per_view') > m('consistency_field'));
  assert.ok(Math.abs(m('consistency_ratio') - m('consistency_per_view') / m('consistency_field')) < 1e-3);
  for (const [id, c] of Object.entries(baked.consistency)) assert.ok(c.per_view > c.field, id);
  assert.deepEqual(Object.keys(baked.consistency).sort(), ['ocean', 'pop', 'sunset']);
});

test('the floor ordering the article describes: exact render < learned field < stylised field', () => {
  assert.ok(m('consistency_exact') < m('consistency_photo'));
  assert.ok(m('consistency_photo') < m('consistency_field'));
});

test('per-view transfer matches each view’s palette statistics better than the field (the price of consistency)', () => {
  assert.ok(m('style_gap_per_view') < m('style_gap_field'));
});

test('the field reconstructs the held-out views well (“learned the geometry and the colours well”)', () => {
  assert.ok(m('psnr') > 28, `PSNR ${m('psnr')}`);
});

test('model within the 2 MB budget; baked views every 15° for four styles', () => {
  assert.ok(card.bytes <= 2 * 1024 * 1024);
  assert.equal(baked.views.length, 24);
  for (const v of baked.views) {
    assert.equal(v.deg % 15, 0);
    assert.equal(v.rgb.length, 4);
    for (const h of v.rgb) assert.equal(h.length, baked.scene.width * 3 * 2);
    assert.equal(v.acc.length, baked.scene.width * 2);
  }
});
