// Every comparison the SupCon article states in words ("a tie", "L_in beat L_out", "CE is more robust
// to noise", "the best temperature was 0.2", …) checked against the model cards the article's numbers
// come from. If a model is retrained and a verdict flips, this test fails and the text must change.
// The article: src/content/posts/{ru,en}/supcon.mdx, sections "Results", "Robustness", "The temperature"
// and "What held up and what did not" (numbered verdicts 1–7 below).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';

interface Card {
  metrics: Record<string, { value: number }>;
  tau_sweep?: { tau: number; accuracy: number; knn_accuracy: number; class_cos_gap_projection: number }[];
}

const card = (id: string): Card => JSON.parse(readFileSync(join(ROOT, 'public/models', id, 'card.json'), 'utf8')) as Card;
const ce = card('supcon-ce');
const simclr = card('supcon-simclr');
const out = card('supcon-out');
const inn = card('supcon-in');
const loss = card('supcon-loss');

/** A metric value; throws (fails the test) when the card lacks it. */
function m(c: Card, name: string): number {
  const metric = c.metrics[name];
  assert.ok(metric, `card has no metric ${name}`);
  return metric.value;
}

const NOISE = ['0_1', '0_2', '0_3', '0_5'];
const BLUR = ['0_5', '1_0', '1_5', '2_0'];
const OCCLUSION = ['6', '10', '14', '18'];
const ALL = { ce, simclr, out, in: inn };

test('the articles only use metrics that exist (and accuracy = probe_accuracy, as the protocol says)', () => {
  for (const c of Object.values(ALL)) {
    assert.equal(m(c, 'accuracy'), m(c, 'probe_accuracy'));
    for (const s of NOISE) m(c, `accuracy_noise_${s}`);
    for (const s of BLUR) m(c, `accuracy_blur_${s}`);
    for (const s of OCCLUSION) m(c, `accuracy_occlusion_${s}`);
    m(c, 'knn_accuracy');
    m(c, 'class_cos_gap');
  }
  for (const c of [simclr, out, inn]) {
    assert.ok(Math.abs(m(c, 'class_cos_gap_projection') - (m(c, 'intra_class_cos_projection') - m(c, 'inter_class_cos_projection'))) < 2e-4, 'gap = intra − inter');
  }
});

test('verdict 1: SupCon (L_out) and cross-entropy are a tie (< 0.5 point); L_in is ahead of CE by less than a point; CE has the best k-NN', () => {
  assert.ok(Math.abs(m(out, 'accuracy') - m(ce, 'accuracy')) < 0.005, 'L_out vs CE should differ by less than half a point');
  const d = m(inn, 'accuracy') - m(ce, 'accuracy');
  assert.ok(d > 0 && d < 0.01, `L_in − CE = ${d}: the text says "ahead by less than a point"`);
  for (const c of [simclr, out, inn]) assert.ok(m(ce, 'knn_accuracy') > m(c, 'knn_accuracy'), 'CE has the best k-NN accuracy');
});

test('verdict 2: L_in beats L_out (the opposite of the paper) by a small margin, on the probe and on k-NN', () => {
  assert.ok(m(inn, 'accuracy') > m(out, 'accuracy'));
  assert.ok(m(inn, 'accuracy') - m(out, 'accuracy') < 0.015, '"slightly better": less than 1.5 points');
  assert.ok(m(inn, 'knn_accuracy') > m(out, 'knn_accuracy'));
});

test('verdict 2: L_in projections look like SimCLR’s; L_out pulls each class nearly to a point', () => {
  assert.ok(Math.abs(m(inn, 'intra_class_cos_projection') - m(simclr, 'intra_class_cos_projection')) < 0.1, 'L_in ≈ SimCLR (within-class cosine)');
  assert.ok(Math.abs(m(inn, 'inter_class_cos_projection') - m(simclr, 'inter_class_cos_projection')) < 0.1, 'L_in ≈ SimCLR (between-class cosine)');
  assert.ok(m(out, 'intra_class_cos_projection') > 0.9, 'L_out: "nearly to a point"');
  assert.ok(m(out, 'intra_class_cos_projection') - m(inn, 'intra_class_cos_projection') > 0.25);
});

test('verdict 3: SimCLR without labels is below all three labelled models (probe and k-NN)', () => {
  for (const c of [ce, out, inn]) {
    assert.ok(m(simclr, 'accuracy') < m(c, 'accuracy'));
    assert.ok(m(simclr, 'knn_accuracy') < m(c, 'knn_accuracy'));
  }
});

test('verdict 4: L_out is behind CE under noise and occlusion at every strength, ahead only under strong blur (σ 1.5, 2)', () => {
  for (const s of NOISE) assert.ok(m(out, `accuracy_noise_${s}`) < m(ce, `accuracy_noise_${s}`), `noise ${s}`);
  for (const s of OCCLUSION) assert.ok(m(out, `accuracy_occlusion_${s}`) < m(ce, `accuracy_occlusion_${s}`), `occlusion ${s}`);
  for (const s of ['1_5', '2_0']) assert.ok(m(out, `accuracy_blur_${s}`) > m(ce, `accuracy_blur_${s}`), `blur ${s}`);
  assert.ok(m(out, 'accuracy_blur_0_5') < m(ce, 'accuracy_blur_0_5'), '"only under strong blur": behind at σ 0.5');
  // σ 1 is a hair's breadth either way; the text does not claim it.
  assert.ok(Math.abs(m(out, 'accuracy_blur_1_0') - m(ce, 'accuracy_blur_1_0')) < 0.005);
});

test('verdict 4: L_in is the best of all under the strongest noise (σ 0.3, 0.5) but behind CE once the square is ≥ 10 px', () => {
  for (const s of ['0_3', '0_5']) {
    for (const c of [ce, simclr, out]) assert.ok(m(inn, `accuracy_noise_${s}`) > m(c, `accuracy_noise_${s}`), `noise ${s}`);
  }
  for (const s of ['10', '14', '18']) assert.ok(m(inn, `accuracy_occlusion_${s}`) < m(ce, `accuracy_occlusion_${s}`), `occlusion ${s}`);
});

test('robustness section: noise hurts every model badly; blur (in the augmentations) far less', () => {
  for (const [name, c] of Object.entries(ALL)) {
    assert.ok(m(c, 'accuracy') - m(c, 'accuracy_noise_0_1') > 0.2, `${name}: σ 0.1 noise costs over 20 points`);
    assert.ok(m(c, 'accuracy_blur_2_0') > m(c, 'accuracy_noise_0_1') + 0.1, `${name}: strongest blur beats the weakest noise`);
  }
});

test('verdict 5: L_out has the highest within-class cosine in the projection; CE the largest cosine gap in the representation', () => {
  for (const c of [simclr, inn]) assert.ok(m(out, 'intra_class_cos_projection') > m(c, 'intra_class_cos_projection'));
  for (const c of [simclr, out, inn]) assert.ok(m(ce, 'class_cos_gap') > m(c, 'class_cos_gap'));
});

test('verdict 6 and the temperature section: best τ is 0.2, the extremes are the worst, the spread is under 1.5 points, the projection gap grows with τ', () => {
  const sweep = out.tau_sweep;
  assert.ok(sweep && sweep.length === 5, 'tau_sweep has the five temperatures');
  const taus = sweep.map((r) => r.tau);
  assert.deepEqual(taus, [0.05, 0.1, 0.2, 0.5, 1.0]);
  // The card's metrics are the numbers the article shows; they agree with the sweep rows.
  const byTau: Record<string, number> = { '0.05': m(out, 'accuracy_tau_0_05'), '0.1': m(out, 'accuracy'), '0.2': m(out, 'accuracy_tau_0_2'), '0.5': m(out, 'accuracy_tau_0_5'), '1': m(out, 'accuracy_tau_1_0') };
  for (const r of sweep) assert.equal(byTau[String(r.tau)], r.accuracy, `τ ${r.tau}`);
  const acc = sweep.map((r) => r.accuracy);
  const best = sweep[acc.indexOf(Math.max(...acc))]!;
  assert.equal(best.tau, 0.2, 'best temperature');
  const sorted = [...sweep].sort((a, b) => a.accuracy - b.accuracy);
  assert.deepEqual(new Set(sorted.slice(0, 2).map((r) => r.tau)), new Set([0.05, 1.0]), 'the two worst are the extremes');
  assert.ok(Math.max(...acc) - Math.min(...acc) < 0.015, 'spread under 1.5 points');
  for (let k = 1; k < sweep.length; k++) {
    assert.ok(sweep[k]!.class_cos_gap_projection > sweep[k - 1]!.class_cos_gap_projection, 'projection gap grows with τ');
  }
  // "Very tight within a class, yet classes stay fairly similar to each other" at τ 0.1.
  assert.ok(m(out, 'inter_class_cos_projection') > 0.3);
});

test('verdict 7: Jensen — L_in ≤ L_out on the reference batch at both temperatures, wider gap at the lower τ', () => {
  const gap01 = m(loss, 'loss_out_tau_0_1') - m(loss, 'loss_in_tau_0_1');
  const gap05 = m(loss, 'loss_out_tau_0_5') - m(loss, 'loss_in_tau_0_5');
  assert.ok(gap01 >= 0 && gap05 >= 0);
  assert.ok(gap01 > gap05);
});

test('the worked Jensen example in the text (P = 0.5 and 0.02) is right', () => {
  const ps = [0.5, 0.02];
  const lOut = ps.reduce((s, p) => s - Math.log(p), 0) / ps.length;
  const lIn = -Math.log(ps.reduce((s, p) => s + p, 0) / ps.length);
  assert.equal(lOut.toFixed(2), '2.30');
  assert.equal(lIn.toFixed(2), '1.35');
  assert.equal((-Math.log(0.5)).toFixed(3), '0.693');
  assert.equal((-Math.log(0.02)).toFixed(3), '3.912');
  assert.ok(lIn <= lOut);
});
