// The "embedding space" widget places the reader's image on the baked map with
// (representation − pca.mean)·pca.componentsᵀ and finds its neighbours by cosine. Here: the
// projection of the PyTorch fixture representations reproduces the baked coords of every BYOL /
// SupCon model, and the kNN helper behaves as the baked neighbours are defined (cosine, self
// excluded, best first) on synthetic data (the 1,000 representations themselves are not baked).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  classCentroids, cosineKnn, decodeDigits, decodeNumbers, encodeDigits, encodeNumbers, fitView, maxAbsDiff,
  nearestPoint, normaliseRows, project,
} from '../../src/components/embedding-space/embedding-math.ts';
import { mulberry32 } from '../../src/lib/prng.ts';

const MODELS = ['byol-random-init', 'byol-random-target', 'byol-full', 'byol-no-predictor', 'byol-tau-zero', 'byol-supervised',
  'supcon-ce', 'supcon-simclr', 'supcon-out', 'supcon-in'];
const read = (id: string, f: string) => JSON.parse(readFileSync(new URL(`../../public/models/${id}/${f}`, import.meta.url), 'utf8'));

interface Baked {
  subset: {
    test_indices: number[];
    labels: number[];
    pca: { mean: number[]; components: number[][] };
    coords: [number, number][];
    neighbours: { k: number; query: number[]; indices: number[][] };
  };
}
interface Fixtures { cases: { name: string; index_in_test: string | number; outputs: Record<string, { data: number[] }> }[] }

for (const id of MODELS) {
  test(`${id}: projecting the fixture representations gives the baked coords (±1e-3)`, () => {
    const baked = read(id, 'baked.json') as Baked;
    const fixtures = read(id, 'fixtures.json') as Fixtures;
    const cases = fixtures.cases.filter((c) => /^subset-\d+$/.test(c.name) && c.outputs.representation);
    assert.ok(cases.length >= 2, 'fixtures subset-0 and subset-1 with a representation');
    for (const c of cases) {
      const pos = baked.subset.test_indices.indexOf(Number(c.index_in_test));
      assert.equal(pos, Number(c.name.slice('subset-'.length)), `${c.name} is subset position ${pos}`);
      const rep = c.outputs.representation!.data;
      assert.equal(rep.length, baked.subset.pca.mean.length);
      const [x, y] = project(rep, baked.subset.pca);
      const [bx, by] = baked.subset.coords[pos]!;
      assert.ok(Math.abs(x - bx) <= 1e-3 && Math.abs(y - by) <= 1e-3, `${c.name}: (${x}, ${y}) vs baked (${bx}, ${by})`);
    }
  });

  test(`${id}: baked neighbours are 200 queries (first 20 per class) × 5, self excluded`, () => {
    const { subset } = read(id, 'baked.json') as Baked;
    assert.equal(subset.neighbours.k, 5);
    assert.equal(subset.neighbours.query.length, 200);
    const perClass = new Map<number, number[]>();
    subset.labels.forEach((c, i) => perClass.set(c, [...(perClass.get(c) ?? []), i]));
    const firstTwenty = new Set([...perClass.values()].flatMap((v) => v.slice(0, 20)));
    subset.neighbours.query.forEach((q, j) => {
      assert.ok(firstTwenty.has(q), `query ${q}`);
      const row = subset.neighbours.indices[j]!;
      assert.equal(row.length, 5);
      assert.ok(!row.includes(q), `query ${q} is its own neighbour`);
      assert.equal(new Set(row).size, 5);
    });
  });
}

test('project: hand-computed case', () => {
  const pca = { mean: [1, 2, 3], components: [[1, 0, 0], [0, 0.5, 0.5]] };
  assert.deepEqual(project([2, 4, 5], pca), [1, 2]);
});

test('cosineKnn: brute force agreement, best first, self excluded, scale invariant', () => {
  const rand = mulberry32(42);
  const n = 300, d = 16, k = 5;
  const raw = Array.from({ length: n * d }, () => rand() * 2 - 1);
  const bank = normaliseRows(raw, d);
  for (const q of [0, 17, 299]) {
    const query = raw.slice(q * d, (q + 1) * d).map((v) => v * 7.5); // length does not matter
    const got = cosineKnn(query, bank, d, k, q);
    const qn = Math.hypot(...query);
    const brute = Array.from({ length: n }, (_, r) => {
      let s = 0;
      for (let i = 0; i < d; i++) s += query[i]! * raw[r * d + i]!;
      return { index: r, cos: s / qn / Math.hypot(...raw.slice(r * d, (r + 1) * d)) };
    }).filter((e) => e.index !== q).sort((a, b) => b.cos - a.cos).slice(0, k);
    assert.deepEqual(got.map((e) => e.index), brute.map((e) => e.index));
    got.forEach((e, i) => assert.ok(Math.abs(e.cos - brute[i]!.cos) < 1e-5));
    assert.ok(!got.some((e) => e.index === q));
  }
  // Without exclusion a stored vector is its own nearest neighbour (cos 1).
  const self = cosineKnn(raw.slice(5 * d, 6 * d), bank, d, 1);
  assert.equal(self[0]!.index, 5);
  assert.ok(Math.abs(self[0]!.cos - 1) < 1e-5);
});

test('normaliseRows: unit rows, zero rows stay zero', () => {
  const out = normaliseRows([3, 4, 0, 0], 2);
  assert.deepEqual(Array.from(out), [0.6000000238418579, 0.800000011920929, 0, 0]);
});

test('compact encodings round-trip', () => {
  const coords = [-1.9716, 1.381, 2.8529, 0.8557];
  assert.deepEqual(decodeNumbers(encodeNumbers(coords)), coords);
  assert.deepEqual(decodeDigits(encodeDigits([9, 0, 0, 3])), [9, 0, 0, 3]);
  assert.deepEqual(decodeNumbers(''), []);
});

test('fitView keeps one scale for both axes and puts PC2 up; nearestPoint respects the radius', () => {
  const flat = [-2, -1, 2, 1, 0, 0];
  const v = fitView(flat, 400, 300, 10);
  assert.equal(v.scale, Math.min(380 / 4, 280 / 2));
  const sx = (x: number) => v.x0 + v.scale * x;
  const sy = (y: number) => v.y0 - v.scale * y;
  assert.ok(sx(-2) >= 10 && sx(2) <= 390);
  assert.ok(sy(1) < sy(-1));
  assert.equal(nearestPoint(flat, v, [0, 1, 2], sx(2) + 3, sy(1), 10), 1);
  assert.equal(nearestPoint(flat, v, [0, 2], sx(2) + 3, sy(1), 10), -1);
});

test('classCentroids and maxAbsDiff', () => {
  const c = classCentroids([0, 0, 2, 2, 5, 5], [1, 1, 0], 3);
  assert.deepEqual(c, [{ x: 5, y: 5, n: 1 }, { x: 1, y: 1, n: 2 }, { x: 0, y: 0, n: 0 }]);
  assert.equal(maxAbsDiff([1, 2, 3], [1, 2.5, 2]), 1);
});
