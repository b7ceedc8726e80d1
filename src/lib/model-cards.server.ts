// Build-time access to model cards (server only: reads the file system).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelCardSchema, type ModelCard } from './model-card.ts';

const cache = new Map<string, ModelCard>();

export function readCard(id: string): ModelCard {
  const hit = cache.get(id);
  if (hit) return hit;
  const path = join(process.cwd(), 'public', 'models', id, 'card.json');
  const card = modelCardSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  if (card.id !== id) throw new Error(`${path}: id "${card.id}" does not match its folder`);
  cache.set(id, card);
  return card;
}

/** Reads a metric by name; throws at build time when the article names a metric the card lacks. */
export function readMetric(id: string, name: string) {
  const card = readCard(id);
  const metric = card.metrics[name];
  if (!metric) throw new Error(`model ${id} has no metric "${name}" (has: ${Object.keys(card.metrics).join(', ')})`);
  return { card, metric };
}

export function readBaked<T = unknown>(id: string, file: string): T {
  const card = readCard(id);
  if (!card.baked.includes(file)) throw new Error(`model ${id} does not list baked file ${file}`);
  return JSON.parse(readFileSync(join(process.cwd(), 'public', 'models', id, file), 'utf8')) as T;
}
