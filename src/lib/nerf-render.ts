// The flatland radiance-field renderer on the page side: rays of a 1-D camera, deterministic
// stratified samples (bin midpoints), discrete volume rendering and the per-view colour transfer the
// article compares against. Mirrors training/nerf_scene.py (camera_rays, ray_points, composite) and
// training/nerf_flatland.py (reinhard) operation for operation; tests/fixtures/nerf-render.json pins
// the two together.

export interface NerfScene {
  radius: number;
  fov_deg: number;
  width: number;
  samples: number;
  near: number;
  far: number;
  background: [number, number, number] | number[];
}

export interface Camera {
  pos: [number, number];
  fwd: [number, number];
  right: [number, number];
}

/** The camera on the circle at angle theta (radians), looking at the origin. */
export function nerfCamera(scene: NerfScene, theta: number): Camera {
  const pos: [number, number] = [scene.radius * Math.cos(theta), scene.radius * Math.sin(theta)];
  const fwd: [number, number] = [-pos[0] / scene.radius, -pos[1] / scene.radius];
  return { pos, fwd, right: [fwd[1], -fwd[0]] };
}

/** Unit ray directions of the W pixels ([W*2], x then y) and the shared origin. */
export function nerfRays(scene: NerfScene, theta: number): { origin: [number, number]; dirs: Float64Array } {
  const cam = nerfCamera(scene, theta);
  const tanHalf = Math.tan((scene.fov_deg * Math.PI) / 180 / 2);
  const dirs = new Float64Array(scene.width * 2);
  for (let j = 0; j < scene.width; j++) {
    const u = (((j + 0.5) / scene.width) * 2 - 1) * tanHalf;
    const dx = cam.fwd[0] + u * cam.right[0];
    const dy = cam.fwd[1] + u * cam.right[1];
    const n = Math.sqrt(dx * dx + dy * dy);
    dirs[2 * j] = dx / n;
    dirs[2 * j + 1] = dy / n;
  }
  return { origin: cam.pos, dirs };
}

/** Bin width and the sample distances (midpoints of S equal bins of [near, far]). */
export function nerfSampleTs(scene: NerfScene): { ts: Float64Array; delta: number } {
  const delta = (scene.far - scene.near) / scene.samples;
  const ts = new Float64Array(scene.samples);
  for (let i = 0; i < scene.samples; i++) ts[i] = scene.near + (i + 0.5) * delta;
  return { ts, delta };
}

/** The model's input: every sample point, ray-major (pixel j, sample i at row j*S+i), [W*S*2]. */
export function nerfRayPoints(scene: NerfScene, theta: number): Float32Array {
  const { origin, dirs } = nerfRays(scene, theta);
  const { ts } = nerfSampleTs(scene);
  const S = scene.samples;
  const out = new Float32Array(scene.width * S * 2);
  for (let j = 0; j < scene.width; j++) {
    for (let i = 0; i < S; i++) {
      const k = (j * S + i) * 2;
      out[k] = origin[0] + ts[i]! * dirs[2 * j]!;
      out[k + 1] = origin[1] + ts[i]! * dirs[2 * j + 1]!;
    }
  }
  return out;
}

export interface Rendered {
  /** Pixel colours in 0..1, [W*3]. */
  colour: Float64Array;
  /** Opacity (accumulated weight) per pixel, [W]. */
  acc: Float64Array;
  /** Expected depth (distance along the ray) per pixel, [W]. */
  depth: Float64Array;
}

/**
 * Discrete volume rendering of W rays with S samples each:
 * alpha_i = 1 - exp(-sigma_i delta), T_i = prod_{j<i} (1 - alpha_j),
 * C = sum_i T_i alpha_i c_i + T_S * background.
 */
export function nerfComposite(scene: NerfScene, sigma: ArrayLike<number>, rgb: ArrayLike<number>): Rendered {
  const { ts, delta } = nerfSampleTs(scene);
  const W = scene.width;
  const S = scene.samples;
  const colour = new Float64Array(W * 3);
  const acc = new Float64Array(W);
  const depth = new Float64Array(W);
  const bg = scene.background;
  for (let j = 0; j < W; j++) {
    let trans = 1;
    let r = 0, g = 0, b = 0, a = 0, d = 0;
    for (let i = 0; i < S; i++) {
      const k = j * S + i;
      const alpha = 1 - Math.exp(-Math.max(sigma[k]!, 0) * delta);
      const w = trans * alpha;
      r += w * rgb[3 * k]!;
      g += w * rgb[3 * k + 1]!;
      b += w * rgb[3 * k + 2]!;
      a += w;
      d += w * ts[i]!;
      trans *= 1 - alpha;
    }
    colour[3 * j] = r + trans * bg[0]!;
    colour[3 * j + 1] = g + trans * bg[1]!;
    colour[3 * j + 2] = b + trans * bg[2]!;
    acc[j] = a;
    depth[j] = d;
  }
  return { colour, acc, depth };
}

/**
 * "Stylise each view on its own": per-view Reinhard colour transfer. Each pixel's object colour
 * (C - (1 - acc) bg) / acc gets its acc-weighted per-channel mean and std matched to the target's,
 * is clipped to [0, 1] and composited back. Pixels with acc < 0.05 are untouched.
 */
export function nerfPerViewTransfer(scene: NerfScene, colour: ArrayLike<number>, acc: ArrayLike<number>,
  target: { mean: readonly number[]; std: readonly number[] }): Float64Array {
  const W = scene.width;
  const bg = scene.background;
  const out = Float64Array.from(colour);
  const idx: number[] = [];
  for (let j = 0; j < W; j++) if (acc[j]! >= 0.05) idx.push(j);
  if (idx.length < 2) return out;
  let total = 0;
  for (const j of idx) total += acc[j]!;
  const obj = (j: number, c: number) => (colour[3 * j + c]! - (1 - acc[j]!) * bg[c]!) / acc[j]!;
  for (let c = 0; c < 3; c++) {
    let mu = 0;
    for (const j of idx) mu += (acc[j]! / total) * obj(j, c);
    let v = 0;
    for (const j of idx) v += (acc[j]! / total) * (obj(j, c) - mu) ** 2;
    const sd = Math.sqrt(v) + 1e-3;
    for (const j of idx) {
      const x = Math.min(1, Math.max(0, ((obj(j, c) - mu) / sd) * target.std[c]! + target.mean[c]!));
      out[3 * j + c] = acc[j]! * x + (1 - acc[j]!) * bg[c]!;
    }
  }
  return out;
}

/** Continuous pixel coordinate of a world point (null when behind the camera or outside the view). */
export function nerfProject(scene: NerfScene, theta: number, p: readonly number[]): number | null {
  const cam = nerfCamera(scene, theta);
  const dx = p[0]! - cam.pos[0];
  const dy = p[1]! - cam.pos[1];
  const z = dx * cam.fwd[0] + dy * cam.fwd[1];
  if (z <= 1e-6) return null;
  const u = (dx * cam.right[0] + dy * cam.right[1]) / z;
  const tanHalf = Math.tan((scene.fov_deg * Math.PI) / 180 / 2);
  const x = ((u / tanHalf + 1) / 2) * scene.width - 0.5;
  return x >= -0.5 && x <= scene.width - 0.5 ? x : null;
}

/** Blend of palette statistics by style weights (weight 0 = "photo" keeps the view's own stats). */
export function blendTarget(weights: readonly number[], palettes: readonly { mean: number[] | null; std: number[] | null }[],
  own: { mean: number[]; std: number[] }): { mean: number[]; std: number[] } {
  const mean = [0, 0, 0];
  const std = [0, 0, 0];
  weights.forEach((w, k) => {
    const p = palettes[k];
    const m = p?.mean ?? own.mean;
    const s = p?.std ?? own.std;
    for (let c = 0; c < 3; c++) {
      mean[c]! += w * m[c]!;
      std[c]! += w * s[c]!;
    }
  });
  return { mean, std };
}

/** acc-weighted per-channel mean and std of a view's object colours. */
export function nerfViewStats(scene: NerfScene, colour: ArrayLike<number>, acc: ArrayLike<number>): { mean: number[]; std: number[] } {
  const bg = scene.background;
  let total = 0;
  for (let j = 0; j < scene.width; j++) if (acc[j]! >= 0.05) total += acc[j]!;
  const mean = [0, 0, 0];
  const std = [0, 0, 0];
  if (total === 0) return { mean, std };
  for (let c = 0; c < 3; c++) {
    let mu = 0;
    let v = 0;
    for (let j = 0; j < scene.width; j++) {
      if (acc[j]! < 0.05) continue;
      mu += (acc[j]! / total) * ((colour[3 * j + c]! - (1 - acc[j]!) * bg[c]!) / acc[j]!);
    }
    for (let j = 0; j < scene.width; j++) {
      if (acc[j]! < 0.05) continue;
      v += (acc[j]! / total) * ((colour[3 * j + c]! - (1 - acc[j]!) * bg[c]!) / acc[j]! - mu) ** 2;
    }
    mean[c] = mu;
    std[c] = Math.sqrt(v);
  }
  return { mean, std };
}

/** "#rrggbb" of a colour in 0..1 (rounded half up, clipped). */
export function toHex(r: number, g: number, b: number): string {
  const h = (v: number) => Math.min(255, Math.max(0, Math.floor(v * 255 + 0.5))).toString(16).padStart(2, '0');
  return `#${h(r)}${h(g)}${h(b)}`;
}

/** Decode a hex string of uint8 bytes into 0..1 numbers. */
export function hexToUnit(hex: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < hex.length; i += 2) out.push(parseInt(hex.slice(i, i + 2), 16) / 255);
  return out;
}

/** Population std per channel of colours (0..1), mean over channels, in 0..255 levels. */
export function colourSpread(colours: readonly (readonly number[])[]): number {
  if (colours.length < 2) return 0;
  let s = 0;
  for (let c = 0; c < 3; c++) {
    const m = colours.reduce((a, x) => a + x[c]!, 0) / colours.length;
    const v = colours.reduce((a, x) => a + (x[c]! - m) ** 2, 0) / colours.length;
    s += Math.sqrt(v);
  }
  return (s / 3) * 255;
}
