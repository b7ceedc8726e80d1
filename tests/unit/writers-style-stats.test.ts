// Pins src/lib/writers-style-stats.ts to its Python mirror in training/writers_fingerprints.py:
// sentence splitting, words, every count and ratio (floats to 1e-9; they are one division of
// integer counts, so in practice bit-identical), MATTR, and the distances to the authors computed
// from the baked fingerprints.json. Fixture and fingerprints written by
// `nice -n 10 /usr/bin/python3 training/writers_fingerprints.py`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalize, type WritersLang } from '../../src/lib/writers-text.ts';
import {
  MATTR_WINDOW, STAT_KEYS, authorDistances, nearestAuthor, sentenceSpans, styleStats,
  type Fingerprints, type StyleStats,
} from '../../src/lib/writers-style-stats.ts';
import { ROOT } from './helpers.ts';

interface Case {
  name: string; lang: WritersLang; input: string; stats: StyleStats;
  sentences_text: string[]; distances: Array<number | null>;
}
const fx = JSON.parse(readFileSync(new URL('../fixtures/writers-style-stats.json', import.meta.url), 'utf8')) as {
  mattr_window: number; stats: string[]; cases: Case[];
};
const fps = Object.fromEntries((['ru', 'en'] as const).map((lang) => [lang,
  JSON.parse(readFileSync(join(ROOT, `public/models/writers-${lang}-char/fingerprints.json`), 'utf8')) as Fingerprints])) as Record<WritersLang, Fingerprints>;

const close = (a: number | null, b: number | null, msg: string) => {
  if (a === null || b === null) return assert.equal(a, b, msg);
  assert.ok(Math.abs(a - b) <= 1e-9, `${msg}: ${a} vs ${b}`);
};

test('constants equal the Python ones', () => {
  assert.equal(MATTR_WINDOW, fx.mattr_window);
  assert.deepEqual([...STAT_KEYS], fx.stats);
  for (const lang of ['ru', 'en'] as const) assert.deepEqual(fps[lang].stats, fx.stats);
});

test('fixture covers the required cases', () => {
  const names = new Set(fx.cases.map((c) => c.name));
  for (const n of ['ru-prose', 'en-prose', 'empty', 'only-punct', 'emoji', 'ru-dialogue', 'en-dialogue', 'one-long-sentence', 'ru-corpus-3000', 'en-corpus-3000']) {
    assert.ok(names.has(n), n);
  }
  const long = fx.cases.find((c) => c.name === 'en-corpus-3000')!;
  assert.ok(long.stats.words > MATTR_WINDOW && long.stats.mattr_window === MATTR_WINDOW);
});

for (const c of fx.cases) {
  test(`${c.lang}: ${c.name} — sentences, counts and ratios equal Python`, () => {
    const norm = normalize(c.input, c.lang);
    assert.deepEqual(sentenceSpans(norm).map(([a, b]) => norm.slice(a, b)), c.sentences_text);
    const s = styleStats(c.input, c.lang);
    for (const k of ['chars', 'words', 'sentences', 'letters', 'commas_n', 'semicolons_n', 'exclamations_n', 'questions_n', 'speech_sentences', 'mattr_window'] as const) {
      assert.equal(s[k], c.stats[k], k);
    }
    for (const k of STAT_KEYS) close(s[k], c.stats[k], k);
    const d = authorDistances(s, fps[c.lang]);
    assert.equal(d.length, c.distances.length);
    d.forEach((x, i) => close(x, c.distances[i]!, `distance to ${fps[c.lang].authors[i]!.key}`));
  });
}

test('nearestAuthor picks the smallest distance and skips nulls', () => {
  assert.equal(nearestAuthor([null, 2, 1.5, 3]), 2);
  assert.equal(nearestAuthor([null, null]), -1);
  assert.equal(nearestAuthor([]), -1);
});

test('empty text: no ratios, no distances', () => {
  const s = styleStats('', 'ru');
  for (const k of STAT_KEYS) assert.equal(s[k], null, k);
  assert.ok(authorDistances(s, fps.ru).every((d) => d === null));
});

for (const lang of ['ru', 'en'] as const) {
  test(`${lang}: fingerprints.json is complete (8 authors, quartiles ordered, words, listed in the card)`, () => {
    const fp = fps[lang];
    assert.equal(fp.lang, lang);
    assert.equal(fp.authors.length, 8);
    for (const a of fp.authors) {
      assert.ok(a.passages > 100, a.key);
      assert.ok(a.words.length >= 10, a.key);
      for (const k of STAT_KEYS) {
        const q = a.quartiles[k]!;
        assert.ok(q[0] <= q[1] && q[1] <= q[2], `${a.key} ${k}`);
      }
    }
    for (const k of STAT_KEYS) assert.ok(fp.scale[k] > 0, k);
    const card = JSON.parse(readFileSync(join(ROOT, `public/models/writers-${lang}-char/card.json`), 'utf8')) as { baked: string[] };
    assert.ok(card.baked.includes('fingerprints.json'));
  });
}
