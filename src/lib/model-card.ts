// The schema of public/models/<id>/card.json, written by training/common.py. The site reads cards
// at build time (numbers in articles come from here) and the tests validate every card with it.
import { z } from 'astro/zod';

const localized = z.object({ ru: z.string().min(1), en: z.string().min(1) });
const tensorSpec = z.object({
  name: z.string().regex(/^[A-Za-z_][\w.]*$/),
  shape: z.array(z.union([z.number().int(), z.string()])),
  dtype: z.enum(['float32', 'int64', 'int32', 'uint8', 'bool']),
});
const metric = z.object({
  value: z.number(),
  split: z.string(),
  unit: z.enum(['fraction', 'ratio', 'nats', 'bits', 'count', 'seconds', 'value']),
  label: localized,
});

export const modelCardSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: localized,
  summary: localized,
  file: z.literal('model.onnx'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().positive(),
  parameters: z.number().int().nonnegative(),
  opset: z.number().int().min(7).max(23),
  size_budget_bytes: z.number().int().positive(),
  inputs: z.array(tensorSpec).min(1),
  outputs: z.array(tensorSpec).min(1),
  preprocess: z.record(z.string(), z.unknown()).optional(),
  data: z.object({
    name: z.string(),
    licence: z.string(),
    source: z.string(),
    url: z.url().optional(),
  }).loose(),
  training: z.object({
    seed: z.number().int(),
    wall_time_s: z.number().nonnegative(),
    torch: z.string(),
    threads: z.number().int().positive(),
    deterministic: z.boolean(),
  }).loose(),
  splits: z.record(z.string(), localized),
  metrics: z.record(z.string(), metric),
  command: z.string().startsWith('/usr/bin/python3 training/'),
  baked: z.array(z.string()).default([]),
  created: z.string(),
}).loose().superRefine((card, ctx) => {
  for (const [name, m] of Object.entries(card.metrics)) {
    if (!(m.split in card.splits)) ctx.addIssue({ code: 'custom', message: `metric ${name} names unknown split ${m.split}` });
  }
});

export type ModelCard = z.infer<typeof modelCardSchema>;

export const DEFAULT_SIZE_BUDGET = 2 * 1024 * 1024;
