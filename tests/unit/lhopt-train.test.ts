// Pins src/lib/lhopt-train.ts (the widget's inner training loop, minibatch schedule and controller features) to
// training/lhopt_controller.py: the first Adam steps from tests/fixtures/lhopt-train.json, then the
// full baked runs of public/models/lhopt-controller/baked.json (constant LR, cosine, and the
// controlled run replaying the Python controller's decisions while checking every feature it saw).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ACTIONS, N_PARAMS, Run, argmax, batchRows, clampLr, initParams, lossAndGrad, minibatchSchedule, needsDecisionAt } from '../../src/lib/lhopt-train.ts';

interface Fixture { schedule: number[][]; seed: number; lr: number; x: number[][]; y: number[]; init: number[][]; losses: number[]; grad_norms: number[]; params_after: number[][] }
interface BakedRun { loss: number[]; lr: number[]; decisions?: { step: number; features: number[]; logits: number[]; action: number }[] }
interface Baked {
  task: { steps: number; every: number; lr_fixed: number; lr_cosine: number; actions: number[] };
  tasks: { family: string; seed: number; x: number[][]; y: number[]; runs: Record<'adam' | 'cosine' | 'controller', BakedRun> }[];
}

const fx = JSON.parse(readFileSync(new URL('../fixtures/lhopt-train.json', import.meta.url), 'utf8')) as Fixture;
const baked = JSON.parse(readFileSync(new URL('../../public/models/lhopt-controller/baked.json', import.meta.url), 'utf8')) as Baked;

function close(got: number, want: number, rel: number, what: string) {
  const tol = rel * Math.max(1, Math.abs(want));
  assert.ok(Math.abs(got - want) <= tol, `${what}: ${got} vs ${want} (|Δ| = ${Math.abs(got - want)} > ${tol})`);
}

test('initParams reproduces the Python Glorot init from mulberry32', () => {
  const p = initParams(fx.seed);
  const flat = fx.init.flat();
  assert.equal(p.length, N_PARAMS);
  assert.equal(flat.length, N_PARAMS);
  flat.forEach((v, i) => close(p[i]!, v, 1e-12, `param ${i}`));
});

test('the minibatch schedule (Fisher–Yates from mulberry32) matches Python', () => {
  assert.deepEqual(minibatchSchedule(fx.schedule.length), fx.schedule);
  fx.schedule.forEach((rows, s) => assert.deepEqual(batchRows(s), rows));
  for (let e = 0; e < 2; e++) {
    const epoch = fx.schedule.slice(16 * e, 16 * e + 16).flat().sort((a, b) => a - b);
    assert.deepEqual(epoch, Array.from({ length: 64 }, (_, i) => i), `epoch ${e} covers every point once`);
  }
});

test('three Adam steps match PyTorch: losses, gradient norms, parameters', () => {
  const run = new Run({ x: fx.x, y: fx.y }, fx.seed, fx.lr, 'adam', 3);
  for (let s = 0; s < 3; s++) run.advance();
  fx.losses.forEach((v, s) => close(run.losses[s]!, v, 1e-9, `loss ${s}`));
  fx.grad_norms.forEach((v, s) => close(run.gradNorms[s]!, v, 1e-9, `grad norm ${s}`));
  fx.params_after.flat().forEach((v, i) => close(run.p[i]!, v, 1e-9, `param ${i} after 3 steps`));
});

test('the gradient is the derivative of the loss (central differences)', () => {
  const task = { x: fx.x, y: fx.y };
  const p = initParams(fx.seed);
  const g = new Float64Array(N_PARAMS);
  const scratch = new Float64Array(N_PARAMS);
  lossAndGrad(task, p, g);
  for (const i of [0, 17, 40, 100, 300, N_PARAMS - 1]) {
    const h = 1e-6;
    const save = p[i]!;
    p[i] = save + h;
    const up = lossAndGrad(task, p, scratch);
    p[i] = save - h;
    const down = lossAndGrad(task, p, scratch);
    p[i] = save;
    close(g[i]!, (up - down) / (2 * h), 1e-6, `dL/dp[${i}]`);
  }
});

test('clampLr keeps the learning rate within [lr0/100, 10·lr0]', () => {
  assert.equal(clampLr(1, 0.01), 0.1);
  assert.equal(clampLr(1e-9, 0.01), 1e-4);
  assert.equal(clampLr(0.02, 0.01), 0.02);
});

for (const [ti, task] of baked.tasks.entries()) {
  const T = baked.task.steps;
  const every = baked.task.every;
  test(`baked task ${ti} (${task.family}): constant-LR and cosine runs match Python to 1e-5`, () => {
    for (const [name, lr0] of [['adam', baked.task.lr_fixed], ['cosine', baked.task.lr_cosine]] as const) {
      const run = new Run(task, task.seed, lr0, name, T);
      while (!run.done) run.advance();
      const want = task.runs[name];
      assert.equal(run.losses.length, want.loss.length);
      want.loss.forEach((v, s) => close(run.losses[s]!, v, 1e-5, `${name} loss ${s}`));
      want.lr.forEach((v, s) => close(run.lrs[s]!, v, 1e-6, `${name} lr ${s}`));
    }
  });

  test(`baked task ${ti} (${task.family}): the controlled run sees the same features at every decision`, () => {
    const want = task.runs.controller;
    const decisions = want.decisions!;
    const run = new Run(task, task.seed, baked.task.lr_fixed, 'controller', T);
    let d = 0;
    while (!run.done) {
      if (run.needsDecision) {
        const dec = decisions[d]!;
        assert.equal(dec.step, run.step);
        assert.ok(needsDecisionAt(run.step, T, every));
        // 1e-4: float64 rounding differences between numpy/torch and JS grow slowly along a run
        run.features(every).forEach((v, k) => close(v, dec.features[k]!, 1e-4, `decision ${d} feature ${k}`));
        assert.equal(argmax(dec.logits), dec.action, `decision ${d}: argmax of the logits`);
        run.applyAction(dec.action);
        d++;
      }
      run.advance();
    }
    assert.equal(d, decisions.length);
    assert.equal(ACTIONS.length, baked.task.actions.length);
    want.loss.forEach((v, s) => close(run.losses[s]!, v, 1e-4, `controller loss ${s}`));
    want.lr.forEach((v, s) => close(run.lrs[s]!, v, 1e-6, `controller lr ${s}`));
  });
}
