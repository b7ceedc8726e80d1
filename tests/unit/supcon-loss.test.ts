// Checks src/lib/supcon-loss.ts (the float64 reference of supcon_common.loss_terms) against the
// supcon-loss model's baked.json (reference batch at τ 0.1 / 0.5, P_ia and gradient weights) and
// fixtures.json (the exported graph's outputs, PyTorch float32), plus Jensen's L_in ≤ L_out and the
// gradient weights against a finite-difference gradient on random batches.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { anglesToZ, lossTerms, otherView, tangentialDescent } from '../../src/lib/supcon-loss.ts';
import { mulberry32 } from '../../src/lib/prng.ts';

const dir = new URL('../../public/models/supcon-loss/', import.meta.url);
const baked = JSON.parse(readFileSync(new URL('baked.json', dir), 'utf8')) as {
  N: number;
  reference_batch: { angles_deg: number[]; z: number[][]; labels: number[]; views: number[] };
  reference_values: Record<string, { loss_out: number; loss_in: number; loss_simclr: number }>;
  'reference_probs_tau_0.1': number[][];
  'reference_grad_weights_out_tau_0.1': number[][];
  'reference_grad_weights_in_tau_0.1': number[][];
};
const fixtures = JSON.parse(readFileSync(new URL('fixtures.json', dir), 'utf8')) as {
  atol: number;
  cases: { name: string; inputs: Record<string, { dims: number[]; data: number[] }>; outputs: Record<string, { dims: number[]; data: number[] }> }[];
};

const TOL = 1e-5;
const ref = baked.reference_batch;

function close(got: number, want: number, tol: number, what: string) {
  assert.ok(Math.abs(got - want) <= tol, `${what}: ${got} vs ${want} (|Δ| = ${Math.abs(got - want)} > ${tol})`);
}

test('the reference batch from its angles equals the baked z (6 decimals)', () => {
  const z = anglesToZ(ref.angles_deg);
  z.forEach((v, i) => v.forEach((x, d) => close(x, ref.z[i]![d]!, 1e-6, `z[${i}][${d}]`)));
  assert.deepEqual(otherView(ref.views), [6, 7, 8, 9, 10, 11, 0, 1, 2, 3, 4, 5]);
});

for (const tau of ['0.1', '0.5']) {
  test(`baked reference_values at τ = ${tau}`, () => {
    const r = lossTerms(anglesToZ(ref.angles_deg), ref.labels, ref.views, Number(tau));
    const want = baked.reference_values[tau]!;
    // baked values are rounded to 6 decimals: half a unit of the last digit plus float32 noise.
    close(r.lossOut, want.loss_out, TOL, 'loss_out');
    close(r.lossIn, want.loss_in, TOL, 'loss_in');
    close(r.lossSimclr, want.loss_simclr, TOL, 'loss_simclr');
  });
}

test('baked P_ia and gradient weights (out, in) at τ = 0.1', () => {
  const r = lossTerms(anglesToZ(ref.angles_deg), ref.labels, ref.views, 0.1);
  const n = baked.N;
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < n; a++) {
      close(r.probs[i * n + a]!, baked['reference_probs_tau_0.1'][i]![a]!, TOL, `P[${i}][${a}]`);
      close(r.gradOut[i * n + a]!, baked['reference_grad_weights_out_tau_0.1'][i]![a]!, TOL, `c_out[${i}][${a}]`);
      close(r.gradIn[i * n + a]!, baked['reference_grad_weights_in_tau_0.1'][i]![a]!, TOL, `c_in[${i}][${a}]`);
    }
  }
});

for (const c of fixtures.cases) {
  test(`model fixtures: ${c.name}`, () => {
    const zf = c.inputs.z!.data;
    const z = Array.from({ length: 12 }, (_, i) => [zf[2 * i]!, zf[2 * i + 1]!]);
    const labels = c.inputs.labels!.data;
    const views = c.inputs.views!.data;
    const tau = Math.fround(c.inputs.tau!.data[0]!);
    const r = lossTerms(z, labels, views, tau);
    close(r.lossOut, c.outputs.loss_out!.data[0]!, TOL, 'loss_out');
    close(r.lossIn, c.outputs.loss_in!.data[0]!, TOL, 'loss_in');
    close(r.lossSimclr, c.outputs.loss_simclr!.data[0]!, TOL, 'loss_simclr');
    const pairs: [Float64Array, string][] = [[r.probs, 'probs'], [r.gradOut, 'grad_weights_out'], [r.gradIn, 'grad_weights_in']];
    for (const [mine, name] of pairs) {
      const want = c.outputs[name]!.data;
      assert.equal(mine.length, want.length);
      mine.forEach((x, k) => close(x, want[k]!, TOL, `${name}[${k}]`));
    }
  });
}

function randomBatch(seed: number) {
  const rnd = mulberry32(seed);
  const classes = 2 + Math.floor(rnd() * 3);
  const labelsImg = Array.from({ length: 6 }, (_, k) => k % classes);
  return {
    angles: Array.from({ length: 12 }, () => 360 * rnd()),
    labels: [...labelsImg, ...labelsImg],
    views: [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5],
    tau: 0.05 + rnd() * 0.95,
  };
}

test('Jensen: L_in ≤ L_out on 500 random batches (and SimCLR ≥ 0, rows of P sum to 1)', () => {
  for (let s = 1; s <= 500; s++) {
    const b = randomBatch(s);
    const r = lossTerms(anglesToZ(b.angles), b.labels, b.views, b.tau);
    assert.ok(r.lossIn <= r.lossOut + 1e-12, `seed ${s}: L_in ${r.lossIn} > L_out ${r.lossOut}`);
    assert.ok(r.lossSimclr >= 0 && Number.isFinite(r.lossSimclr));
    for (let i = 0; i < 12; i++) {
      let sum = 0;
      for (let a = 0; a < 12; a++) sum += r.probs[i * 12 + a]!;
      close(sum, 1, 1e-12, `row ${i}`);
    }
  }
});

test('gradient weights match a finite-difference derivative of the anchor angle', () => {
  // Moving only the anchor i along the circle: dL_i/dθ_i = ∂L_i/∂z_i · t_i, and tangentialDescent
  // returns −that. L_i is the anchor's own term (n × the mean minus the other anchors' terms is
  // not needed: compare against the single-anchor loss computed from the probabilities).
  const anchorLoss = (angles: number[], labels: number[], views: number[], tau: number, i: number, kind: 'out' | 'in' | 'simclr') => {
    const r = lossTerms(anglesToZ(angles), labels, views, tau);
    let s = 0;
    let k = 0;
    for (let a = 0; a < 12; a++) {
      if (a === i) continue;
      const pos = kind === 'simclr' ? views[a] === views[i] : labels[a] === labels[i];
      if (!pos) continue;
      s += kind === 'in' ? r.probs[i * 12 + a]! : Math.log(r.probs[i * 12 + a]!);
      k += 1;
    }
    return kind === 'in' ? -Math.log(s / k) : -s / k;
  };
  for (let s = 1; s <= 40; s++) {
    const b = randomBatch(1000 + s);
    const i = s % 12;
    const r = lossTerms(anglesToZ(b.angles), b.labels, b.views, b.tau);
    const z = anglesToZ(b.angles);
    const rows = { out: r.gradOut, in: r.gradIn, simclr: r.gradSimclr } as const;
    for (const kind of ['out', 'in', 'simclr'] as const) {
      const h = 1e-4; // degrees
      const plus = [...b.angles];
      const minus = [...b.angles];
      plus[i] = plus[i]! + h;
      minus[i] = minus[i]! - h;
      const dLdDeg = (anchorLoss(plus, b.labels, b.views, b.tau, i, kind) - anchorLoss(minus, b.labels, b.views, b.tau, i, kind)) / (2 * h);
      const dLdRad = (dLdDeg * 180) / Math.PI;
      const descent = tangentialDescent(z, rows[kind].subarray(i * 12, i * 12 + 12), i, b.tau);
      close(descent, -dLdRad, 1e-5 * Math.max(1, Math.abs(dLdRad)), `seed ${s} ${kind}`);
    }
  }
});
