// Pins src/lib/miniclip-text.ts (the mini CLIP's tokenizer) to its Python twin
// (training/miniclip_common.py tokenize / pad_ids) through tests/fixtures/miniclip-text.json, written
// by training/miniclip_train.py. Unknown words must be reported, never dropped silently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { MAX_TOKENS, STYLE_WORD, VOCAB, completions, padIds, promptPair, tokenize, words } from '../../src/lib/miniclip-text.ts';

interface Case { text: string; ids: number[]; unknown: string[]; truncated: boolean; padded: number[] }
const fx = JSON.parse(readFileSync(new URL('../fixtures/miniclip-text.json', import.meta.url), 'utf8')) as { vocab: string[]; max_tokens: number; cases: Case[] };

test('vocabulary and length equal the Python side', () => {
  assert.deepEqual([...VOCAB], fx.vocab);
  assert.equal(MAX_TOKENS, fx.max_tokens);
});

test('tokenize and padIds reproduce every fixture case', () => {
  assert.ok(fx.cases.length >= 8);
  for (const c of fx.cases) {
    const got = tokenize(c.text);
    assert.deepEqual(got, { ids: c.ids, unknown: c.unknown, truncated: c.truncated }, c.text);
    assert.deepEqual(padIds(got.ids), c.padded, c.text);
  }
  // the fixture exercises unknown words (Latin and Cyrillic), aliases, punctuation and truncation
  assert.ok(fx.cases.some((c) => c.unknown.includes('purple')));
  assert.ok(fx.cases.some((c) => c.unknown.includes('красный')));
  assert.ok(fx.cases.some((c) => c.truncated));
});

test('promptPair strips and re-appends the style word once', () => {
  const style = VOCAB.indexOf(STYLE_WORD);
  const p = promptPair(tokenize(`red ${STYLE_WORD} circle ${STYLE_WORD}`).ids);
  assert.deepEqual(words(p.without), ['red', 'circle']);
  assert.deepEqual(words(p.with), ['red', 'circle', STYLE_WORD]);
  assert.equal(p.with.filter((i) => i === style).length, 1);
  assert.deepEqual(promptPair([]).without, []);
});

test('completions suggest vocabulary words by prefix', () => {
  assert.deepEqual(completions('b'), ['blue', 'bottom']);
  assert.deepEqual(completions('Tr'), ['triangle']);
  assert.deepEqual(completions('red'), []);
  assert.deepEqual(completions(''), []);
});
