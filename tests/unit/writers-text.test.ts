// Pins src/lib/writers-text.ts to its Python mirror in training/writers_common.py: normalisation,
// script detection and ids, exactly. Fixture written by training/writers_text_fixture.py
// (rebuild: bash training/build-all.sh). The fixture's vocabularies must equal the ones baked
// next to the models, so the browser tokenises with the vocabulary the model was trained with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_LEN, PAD_ID, UNK_ID, detectScript, encode, normalize, prepare, vocabIndex, type WritersLang } from '../../src/lib/writers-text.ts';
import { ROOT } from './helpers.ts';

interface Case { name: string; input: string; normalized: string; script: string; length: number; total: number; unknown: number; ids: number[] }
const fx = JSON.parse(readFileSync(new URL('../fixtures/writers-text.json', import.meta.url), 'utf8')) as {
  max_len: number; pad_id: number; unk_id: number;
  langs: Record<WritersLang, { vocab: string[]; cases: Case[] }>;
};

test('constants equal the Python ones', () => {
  assert.equal(MAX_LEN, fx.max_len);
  assert.equal(PAD_ID, fx.pad_id);
  assert.equal(UNK_ID, fx.unk_id);
});

test('fixture covers the required cases', () => {
  const names = new Set(fx.langs.ru.cases.map((c) => c.name));
  for (const n of ['yo', 'dash-en', 'quotes-ru', 'mixed-scripts', 'emoji', 'emoji-only', 'empty', 'long-5000']) assert.ok(names.has(n), n);
  const long = fx.langs.ru.cases.find((c) => c.name === 'long-5000')!;
  assert.ok(long.total > MAX_LEN && long.length === MAX_LEN);
});

for (const lang of ['ru', 'en'] as const) {
  const { vocab, cases } = fx.langs[lang];
  const index = vocabIndex(vocab);

  test(`${lang}: the fixture vocabulary is the one baked next to the model`, (t) => {
    const baked = join(ROOT, `public/models/writers-${lang}-char/baked.json`);
    if (!existsSync(baked)) return t.skip('model not built yet');
    const b = JSON.parse(readFileSync(baked, 'utf8')) as { text: { vocab: string[]; max_len: number; pad_id: number; unk_id: number } };
    assert.deepEqual(b.text.vocab, vocab);
    assert.equal(b.text.max_len, MAX_LEN);
    assert.equal(b.text.pad_id, PAD_ID);
    assert.equal(b.text.unk_id, UNK_ID);
  });

  for (const c of cases) {
    test(`${lang}: ${c.name} — normalize, detectScript and ids equal Python`, () => {
      const norm = normalize(c.input, lang);
      assert.equal(norm, c.normalized);
      assert.equal(detectScript(c.input), c.script);
      const e = encode(norm, index);
      assert.equal(e.ids.length, MAX_LEN);
      assert.equal(e.length, c.length);
      assert.equal(e.total, c.total);
      assert.equal(e.unknown, c.unknown);
      assert.equal(e.truncated, c.total > MAX_LEN);
      assert.deepEqual(Array.from(e.ids.subarray(0, e.length), Number), c.ids);
      assert.ok(e.ids.subarray(e.length).every((v) => v === BigInt(PAD_ID)), 'padding after the text');
      const p = prepare(c.input, lang, index);
      assert.equal(p.normalized, c.normalized);
      assert.deepEqual(Array.from(p.ids, Number), Array.from(e.ids, Number));
    });
  }
}
