// Pins src/lib/charlm-text.ts (prompt → ids for the character-level mini GPT-J) to the Python side
// (writers_common.normalize + the train-split vocabulary; fixture by training/charlm_text_fixture.py),
// and checks that the vocabulary baked next to each model is the same one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodePrompt, makeIndex, decodeId, UNK_ID } from '../../src/lib/charlm-text.ts';
import { ROOT } from './helpers.ts';

interface Case { prompt: string; normalized: string; ids_all: number[]; ids: number[]; cut: number; unknown: string[] }
const fx = JSON.parse(readFileSync(new URL('../fixtures/charlm-text.json', import.meta.url), 'utf8')) as {
  context: number; unk_id: number; langs: Record<'ru' | 'en', { vocab: string[]; cases: Case[] }>;
};

test('fixture constants match the library', () => {
  assert.equal(fx.unk_id, UNK_ID);
});

for (const lang of ['ru', 'en'] as const) {
  const { vocab, cases } = fx.langs[lang];
  const index = makeIndex(vocab);

  test(`${lang}: the baked vocabulary of charlm-${lang} is the fixture's`, () => {
    const p = join(ROOT, `public/models/charlm-${lang}/baked.json`);
    assert.ok(existsSync(p));
    const baked = JSON.parse(readFileSync(p, 'utf8')) as { vocab: string[]; context: number };
    assert.deepEqual(baked.vocab, vocab);
    assert.equal(baked.context, fx.context);
  });

  for (const [k, c] of cases.entries()) {
    test(`${lang} case ${k}: normalised text, ids, cut and unknown characters equal Python`, () => {
      const e = encodePrompt(c.prompt, lang, index, fx.context);
      assert.equal(e.normalized, c.normalized);
      assert.equal(e.total, c.ids_all.length);
      assert.deepEqual(e.ids, c.ids);
      assert.equal(e.cut, c.cut);
      assert.deepEqual(e.unknown.map((u) => u.char), c.unknown);
    });
  }

  test(`${lang}: ids decode back to the normalised text (known characters)`, () => {
    for (const c of cases) {
      const back = c.ids.map((id) => decodeId(id, vocab)).join('');
      const expect = [...c.normalized].slice(c.cut).map((ch) => (index.has(ch) ? ch : '\ufffd')).join('');
      assert.equal(back, expect);
    }
  });
}

test('the fixture covers an empty prompt, a cut prompt, unknown characters and mapped typography', () => {
  const all = [...fx.langs.ru.cases, ...fx.langs.en.cases];
  assert.ok(all.some((c) => c.ids_all.length === 0));
  assert.ok(all.some((c) => c.cut > 0));
  assert.ok(all.some((c) => c.unknown.length > 0));
  const ru = makeIndex(fx.langs.ru.vocab);
  const e = encodePrompt('«Ёж» — …', 'ru', ru, fx.context);
  assert.deepEqual(e.mapped.map((m) => [m.from, m.to]), [['«', '"'], ['Ё', 'Е'], ['»', '"'], ['…', '...']]);
  const nl = encodePrompt('a\nb', 'en', makeIndex(fx.langs.en.vocab), fx.context);
  assert.deepEqual(nl.mapped, [{ from: '\n', to: ' ' }]);
});
