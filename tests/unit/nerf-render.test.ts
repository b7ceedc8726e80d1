// Pins src/lib/nerf-render.ts (rays, samples, volume rendering, per-view colour transfer) to its
// Python mirror in training/nerf_scene.py / training/nerf_flatland.py.
// Fixtures written by: nice -n 15 /usr/bin/python3 training/nerf_flatland.py
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  colourSpread, nerfComposite, nerfPerViewTransfer, nerfProject, nerfRayPoints, nerfRays, nerfSampleTs, toHex, hexToUnit,
  type NerfScene,
} from '../../src/lib/nerf-render.ts';

const fx = JSON.parse(readFileSync(new URL('../fixtures/nerf-render.json', import.meta.url), 'utf8')) as {
  constants: { radius: number; fov_deg: number; width: number; samples: number; near: number; far: number; background: number[] };
  theta_deg: number; origins: number[]; dirs: number[]; points_every_97th: number[];
  sigma: number[]; rgb: number[]; colour: number[]; acc: number[]; depth: number[];
  transfer_target: { mean: number[]; std: number[] }; transferred: number[];
};
const scene: NerfScene = fx.constants;
const theta = (fx.theta_deg * Math.PI) / 180;

function close(got: ArrayLike<number>, want: number[], atol: number, what: string) {
  assert.equal(got.length, want.length, `${what}: length`);
  let worst = 0;
  for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(got[i]! - want[i]!));
  assert.ok(worst <= atol, `${what}: max |diff| ${worst} > ${atol}`);
}

test('ray origins and unit directions match Python', () => {
  const { origin, dirs } = nerfRays(scene, theta);
  const origins: number[] = [];
  for (let j = 0; j < scene.width; j++) origins.push(origin[0], origin[1]);
  close(origins, fx.origins, 1e-8, 'origins');
  close(dirs, fx.dirs, 1e-8, 'dirs');
  for (let j = 0; j < scene.width; j++) assert.ok(Math.abs(Math.hypot(dirs[2 * j]!, dirs[2 * j + 1]!) - 1) < 1e-12);
});

test('sample points (ray-major, bin midpoints) match Python', () => {
  const pts = nerfRayPoints(scene, theta);
  assert.equal(pts.length, scene.width * scene.samples * 2);
  const every: number[] = [];
  for (let k = 0; k < scene.width * scene.samples; k += 97) every.push(pts[2 * k]!, pts[2 * k + 1]!);
  close(every, fx.points_every_97th, 1e-6, 'points');
  const { ts, delta } = nerfSampleTs(scene);
  assert.ok(Math.abs(ts[0]! - (scene.near + delta / 2)) < 1e-12);
  assert.ok(Math.abs(ts[scene.samples - 1]! - (scene.far - delta / 2)) < 1e-12);
});

test('volume rendering (colour, opacity, depth) matches Python', () => {
  const r = nerfComposite(scene, fx.sigma, fx.rgb);
  close(r.colour, fx.colour, 2e-6, 'colour');
  close(r.acc, fx.acc, 2e-6, 'acc');
  close(r.depth, fx.depth, 2e-5, 'depth');
});

test('volume rendering: empty space shows the background, a wall is opaque', () => {
  const n = scene.width * scene.samples;
  const empty = nerfComposite(scene, new Float32Array(n), new Float32Array(n * 3));
  close(empty.colour.slice(0, 3), scene.background as number[], 1e-12, 'background');
  assert.equal(empty.acc[0], 0);
  const wall = new Float32Array(n).fill(1000);
  const red = new Float32Array(n * 3).map((_, i) => (i % 3 === 0 ? 1 : 0));
  const solid = nerfComposite(scene, wall, red);
  close(solid.colour.slice(0, 3), [1, 0, 0], 1e-9, 'opaque red');
  assert.ok(Math.abs(solid.depth[0]! - nerfSampleTs(scene).ts[0]!) < 1e-9);
});

test('per-view colour transfer matches Python', () => {
  const r = nerfComposite(scene, fx.sigma, fx.rgb);
  close(nerfPerViewTransfer(scene, r.colour, r.acc, fx.transfer_target), fx.transferred, 1e-5, 'transferred');
});

test('projection: a point on the optical axis lands in the middle of the strip', () => {
  const x = nerfProject(scene, theta, [0, 0]);
  assert.ok(x !== null && Math.abs(x - (scene.width - 1) / 2) < 1e-9);
  const behind = nerfProject(scene, theta, [3 * Math.cos(theta), 3 * Math.sin(theta)]);
  assert.equal(behind, null);
});

test('colour helpers', () => {
  assert.equal(toHex(1, 0, 0.5), '#ff0080');
  assert.deepEqual(hexToUnit('ff00'), [1, 0]);
  assert.equal(colourSpread([[0, 0, 0], [0, 0, 0]]), 0);
  assert.ok(Math.abs(colourSpread([[0, 0, 0], [1, 1, 1]]) - 127.5) < 1e-9);
});
