// Every verdict the learned-optimizer article states in words, checked against the model card its
// numbers come from (src/content/posts/{ru,en}/learned-optimizer.mdx, "Results" and "What held up and
// what did not"). If the controller is retrained and a verdict flips, this fails and the text must change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';

interface Card {
  metrics: Record<string, { value: number }>;
  action_frequencies: { actions: number[]; frequency: number[] };
}
interface Baked { mean_lr_multiplier: number[]; tasks: { runs: { controller: { decisions: { step: number; action: number }[] } } }[] }
const dir = join(ROOT, 'public/models/lhopt-controller');
const card = JSON.parse(readFileSync(join(dir, 'card.json'), 'utf8')) as Card;
const baked = JSON.parse(readFileSync(join(dir, 'baked.json'), 'utf8')) as Baked;

function m(name: string): number {
  const metric = card.metrics[name];
  assert.ok(metric, `card has no metric ${name}`);
  return metric.value;
}

test('verdict 1: a median speed-up above 1 on held-out tasks, also on the unseen spiral family; a wide spread', () => {
  assert.ok(m('speedup_median') > 1);
  assert.ok(m('speedup_median_seen') > 1);
  assert.ok(m('speedup_median_unseen') > 1);
  assert.ok(m('speedup_q25') < 1 && m('speedup_q75') > 1.3, 'the middle half straddles 1 ("the spread is wide")');
  assert.ok(m('speedup_min') * 200 < 10, 'the worst task: "where Adam had been after a few steps"');
  assert.ok(m('censored_tasks') > 0, 'some tasks are censored (the sentence says "in N tasks … did not catch up")');
});

test('"lower final loss than constant-LR Adam on most tasks", and about the same share on the meta-training tasks', () => {
  assert.ok(m('win_rate_vs_fixed') > 0.5);
  assert.ok(m('final_loss_ratio_median') < 1);
  assert.ok(Math.abs(m('win_rate_vs_fixed') - m('win_rate_vs_fixed_train')) < 0.1, '"about the same share"');
});

test('"it uses only two actions, keep and halve, and never raises the LR"', () => {
  const f = card.action_frequencies;
  const used = f.actions.filter((_, i) => f.frequency[i]! > 0);
  assert.deepEqual(used, [0.5, 1]);
  const last = baked.mean_lr_multiplier[baked.mean_lr_multiplier.length - 1]!;
  assert.ok(last < 0.6, `"by the end the LR is well below where it started" (mean multiplier ${last})`);
  const firstCut = baked.tasks.map((t) => t.runs.controller.decisions.find((d) => d.action === 0)?.step ?? -1);
  assert.ok(new Set(firstCut).size > 1, '"the cuts fall at different steps on different tasks"');
});

test('verdict 3: the tuned cosine schedule beat the controller; its peak LR is above the constant one', () => {
  assert.ok(m('speedup_median_cosine') > m('speedup_median'));
  assert.ok(m('win_rate_vs_cosine') < 0.5);
  assert.ok(m('lr_cosine') > m('lr_fixed'));
});
