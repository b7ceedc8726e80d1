// Front matter of every post: valid against the collection's schema, and the ru/en twins agree on
// everything that is not prose (tags, models, dates, works, the quoted channel post).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postSchema, type PostData } from '../../src/lib/post-schema.ts';
import { listPostTwins } from '../../plugins/check-post-twins.mjs';
import { readPosts, ROOT, type PostFile } from './helpers.ts';

const files = readPosts();
const parsed = new Map<string, PostData>(); // "ru/x.mdx" → data
const schemaProblems: string[] = [];
for (const f of files) {
  const r = postSchema.safeParse(f.data);
  if (r.success) parsed.set(`${f.lang}/${f.name}`, r.data);
  else schemaProblems.push(`${f.lang}/${f.name}: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
}

test('there are posts to check', () => {
  assert.ok(files.length > 0, 'no posts under src/content/posts/{ru,en}/');
});

test('every post front matter satisfies postSchema', () => {
  assert.deepEqual(schemaProblems, []);
});

test('no `slug:` in front matter (ru and en share file names; stack.md P9)', () => {
  assert.deepEqual(files.filter((f) => 'slug' in f.data).map((f) => `${f.lang}/${f.name}`), []);
});

const byLang = (lang: PostFile['lang']) => files.filter((f) => f.lang === lang).map((f) => f.name);

test('every ru post has an en twin with the same file name, and vice versa', () => {
  const ru = new Set(byLang('ru'));
  const en = new Set(byLang('en'));
  assert.deepEqual([...ru].filter((n) => !en.has(n)), [], 'ru posts without an en twin');
  assert.deepEqual([...en].filter((n) => !ru.has(n)), [], 'en posts without a ru twin');
});

test('twins agree on tags, models, interactive, published, works and the channel post', () => {
  for (const name of byLang('ru')) {
    const ru = parsed.get(`ru/${name}`);
    const en = parsed.get(`en/${name}`);
    if (!ru || !en) continue; // reported by the tests above
    const where = `${name}:`;
    assert.deepEqual(en.tags, ru.tags, `${where} tags differ`);
    assert.deepEqual(en.models, ru.models, `${where} models differ`);
    assert.equal(en.interactive, ru.interactive, `${where} interactive differs`);
    assert.equal(en.published.getTime(), ru.published.getTime(), `${where} published differs`);
    assert.equal(en.updated?.getTime(), ru.updated?.getTime(), `${where} updated differs`);
    assert.equal(en.works.length, ru.works.length, `${where} number of works differs`);
    en.works.forEach((w, i) => {
      const r = ru.works[i]!;
      assert.deepEqual({ year: w.year, arxiv: w.arxiv, url: w.url, code: w.code }, { year: r.year, arxiv: r.arxiv, url: r.url, code: r.code }, `${where} works[${i}] points at a different work`);
    });
    assert.equal(en.identification.status, ru.identification.status, `${where} identification.status differs`);
    assert.equal(en.channelPost.text, ru.channelPost.text, `${where} channelPost.text must be the same Russian original in both`);
    assert.deepEqual(en.channelPost.hashtags, ru.channelPost.hashtags, `${where} hashtags differ`);
  }
});

test('en posts carry a translation of the channel post', () => {
  for (const name of byLang('en')) {
    const en = parsed.get(`en/${name}`);
    if (!en) continue;
    assert.ok(en.channelPost.translation, `en/${name}: channelPost.translation is missing`);
    assert.notEqual(en.channelPost.translation, en.channelPost.text, `en/${name}: the translation is the original`);
  }
});

test('every model a post lists exists as public/models/<id>/card.json', () => {
  const missing: string[] = [];
  for (const [key, data] of parsed) {
    for (const id of data.models) {
      if (!existsSync(join(ROOT, 'public/models', id, 'card.json'))) missing.push(`${key}: ${id}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('listPostTwins reports a post that exists in one language only', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twins-'));
  try {
    mkdirSync(join(dir, 'ru'));
    mkdirSync(join(dir, 'en'));
    for (const f of ['both.mdx', 'only-ru.mdx', 'notes.txt']) writeFileSync(join(dir, 'ru', f), '---\n---\n');
    for (const f of ['both.mdx', 'only-en.mdx']) writeFileSync(join(dir, 'en', f), '---\n---\n');
    const twins = (root: string) => {
      const r = listPostTwins(root);
      return { onlyRu: [...r.onlyRu].sort(), onlyEn: [...r.onlyEn].sort() };
    };
    assert.deepEqual(twins(dir), { onlyRu: ['only-ru.mdx'], onlyEn: ['only-en.mdx'] });
    rmSync(join(dir, 'en', 'only-en.mdx'));
    writeFileSync(join(dir, 'en', 'only-ru.mdx'), '---\n---\n');
    assert.deepEqual(twins(dir), { onlyRu: [], onlyEn: [] });
    rmSync(join(dir, 'en'), { recursive: true });
    assert.deepEqual(twins(dir), { onlyRu: ['both.mdx', 'only-ru.mdx'], onlyEn: [] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('listPostTwins on the real posts finds no orphans', () => {
  assert.deepEqual(listPostTwins(join(ROOT, 'src/content/posts')), { onlyRu: [], onlyEn: [] });
});
