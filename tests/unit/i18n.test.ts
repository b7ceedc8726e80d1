// The second net under `satisfies Catalogue` (astro check): both catalogues have the same deep
// key paths, no empty strings, the same {placeholders} per key, and a name for every tag slug
// used in any post's front matter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ru } from '../../src/i18n/ru.ts';
import { en } from '../../src/i18n/en.ts';
import { fmt, numberFormat } from '../../src/i18n/index.ts';
import { readPosts } from './helpers.ts';

/** Every leaf of a nested catalogue as [dotted.path, value]. */
function leaves(value: unknown, prefix = ''): [string, unknown][] {
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, value]];
}

const ruLeaves = new Map(leaves(ru));
const enLeaves = new Map(leaves(en));
const placeholders = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

test('ru and en catalogues have exactly the same key paths', () => {
  const onlyRu = [...ruLeaves.keys()].filter((k) => !enLeaves.has(k));
  const onlyEn = [...enLeaves.keys()].filter((k) => !ruLeaves.has(k));
  assert.deepEqual({ onlyRu, onlyEn }, { onlyRu: [], onlyEn: [] });
  assert.ok(ruLeaves.size > 10, 'the catalogue looks empty');
});

test('every catalogue entry is a non-empty string', () => {
  for (const [lang, map] of [['ru', ruLeaves], ['en', enLeaves]] as const) {
    for (const [key, value] of map) {
      assert.equal(typeof value, 'string', `${lang}.${key} is ${typeof value}, not a string`);
      assert.ok((value as string).trim().length > 0, `${lang}.${key} is empty`);
    }
  }
});

test('the same {placeholders} per key in both languages', () => {
  const drift: string[] = [];
  for (const [key, value] of ruLeaves) {
    const other = enLeaves.get(key);
    if (typeof value !== 'string' || typeof other !== 'string') continue;
    const a = placeholders(value).join(',');
    const b = placeholders(other).join(',');
    if (a !== b) drift.push(`${key}: ru {${a}} vs en {${b}}`);
  }
  assert.deepEqual(drift, []);
});

test('placeholders are filled by fmt and unknown ones stay visible', () => {
  assert.equal(fmt('{n} of {total}', { n: 1, total: 3 }), '1 of 3');
  assert.equal(fmt('{n} and {missing}', { n: 2 }), '2 and {missing}');
});

test('no catalogue string looks like an untranslated copy of a long Russian string', () => {
  // A Cyrillic-only sentence in en usually means a string was pasted, not translated.
  const suspicious = [...enLeaves].filter(([, v]) => typeof v === 'string' && /[а-яё]{4,}/i.test(v) && !/[a-z]{3,}/i.test(v)).map(([k]) => k);
  // Names of languages are allowed to be in their own script (lang.name.ru = "Русский").
  assert.deepEqual(suspicious.filter((k) => !/^lang\./.test(k)), []);
});

test('every tag slug used in front matter has a name in tagNames of both languages', () => {
  const used = new Set<string>();
  for (const post of readPosts()) {
    const tags = post.data.tags;
    assert.ok(Array.isArray(tags), `${post.path}: tags must be a list`);
    for (const tag of tags) used.add(String(tag));
  }
  const missing: string[] = [];
  for (const tag of used) {
    for (const [lang, cat] of [['ru', ru], ['en', en]] as const) {
      const names: Record<string, string> = cat.tagNames;
      if (!Object.hasOwn(names, tag) || !names[tag]) missing.push(`${lang}.tagNames["${tag}"]`);
    }
  }
  assert.deepEqual(missing, []);
});

test('numberFormat writes negatives with a true minus sign in both languages', () => {
  assert.equal(numberFormat('ru', -0.054, { maximumFractionDigits: 3 }), '\u22120,054');
  assert.equal(numberFormat('en', -1234.5), '\u22121,234.5');
  assert.equal(numberFormat('en', 0.5), '0.5');
});
