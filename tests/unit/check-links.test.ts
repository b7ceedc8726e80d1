// scripts/check-links.mjs on a small hand-made dist: what it must accept and what it must catch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { checkDist } from '../../scripts/check-links.mjs';

const page = (lang: string, body: string, head = '') =>
  `<!doctype html><html lang="${lang}"><head><title>t</title>${head}</head><body>${body}</body></html>`;

function makeDist(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dist-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const site = 'https://example.test';

test('a clean site passes', () => {
  const dir = makeDist({
    'index.html': page('ru', '<a href="/posts/a/#formula">a</a> <a href="#top">top</a> <a href="posts/a/">rel</a> <img src="/_astro/x.png" srcset="/_astro/x.png 1x, /_astro/x.png 2x"> <a href="https://arxiv.org/abs/1603.07285">ext</a> <a href="mailto:a@b.c">m</a> <label for="q">q</label><input id="q">', '<link rel="canonical" href="https://example.test/"><link rel="stylesheet" href="/_astro/s.css">'),
    'posts/a/index.html': page('ru', '<h2 id="formula">F</h2><a href="../../">home</a><a href="/en/posts/a/#%D1%84">en</a>'),
    'en/posts/a/index.html': page('en', '<h2 id="ф">F</h2><a href="/en/">home</a>'),
    'en/index.html': page('en', '<form action="/search/"></form>'),
    'search/index.html': page('ru', ''),
    '404.html': page('ru', '<a href="/">home</a>'),
    '_astro/x.png': 'png',
    '_astro/s.css': '@font-face{src:url(/_astro/f.woff2)}a{background:url(data:image/png;base64,AA)}',
    '_astro/f.woff2': 'f',
    'sitemap-0.xml': '<urlset><url><loc>https://example.test/posts/a/</loc></url></urlset>',
  });
  try {
    const r = checkDist(dir, { site });
    assert.deepEqual(r.broken, []);
    assert.equal(r.pages, 6);
    assert.deepEqual([...r.external.keys()], ['https://arxiv.org/abs/1603.07285']);
    if (!process.env.SITE_URL) {
      const detected = checkDist(dir);
      assert.equal(detected.site, site, 'the origin comes from the canonical link of index.html');
      assert.deepEqual(detected.broken, []);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('broken files, anchors, trailing slashes, lang, ids and 404 links are caught', () => {
  const dir = makeDist({
    'index.html': page('ru', '<a href="/nope/">1</a> <a href="/posts/a">2</a> <a href="/posts/a/#missing">3</a> <a href="#gone">4</a> <script src="/_astro/missing.js"></script> <label for="nobody">x</label> <a href="https://example.test/also-missing/">5</a>'),
    'posts/a/index.html': page('en', '<p id="d"></p><p id="d"></p>'),
    'en/index.html': page('ru', ''),
    'en/404/index.html': page('en', '<a href="posts/">relative</a>'),
    'de/index.html': page('de', ''),
    '_astro/s.css': '@font-face{src:url(./gone.woff2)}',
    'sitemap-0.xml': '<urlset><url><loc>https://example.test/ghost/</loc></url></urlset>',
  });
  try {
    const r = checkDist(dir, { site });
    const found = r.broken.map((b: { target: string; reason: string }) => `${b.target} | ${b.reason}`).join('\n');
    for (const expected of [
      /\/nope\/ \| no such page/,
      /\/posts\/a \| missing trailing slash/,
      /\/posts\/a\/#missing \| no element with id "missing"/,
      /#gone \| no element with id "gone"/,
      /\/_astro\/missing\.js \| no such file/,
      /label\[for="nobody"\]/,
      /also-missing\/ \| no such page/,
      /id="d" \| duplicate id/,
      /lang="en"> \| a page at \/posts\/a\/ must have lang="ru"/,
      /lang="ru"> \| a page at \/en\/ must have lang="en"/,
      /lang="de"> \| lang must be "ru" or "en"/,
      /posts\/ \| relative link on a 404 page/,
      /\.\/gone\.woff2 \| no such file/,
      /ghost\/ \| no such page/,
    ]) assert.match(found, expected);
    assert.equal(r.broken.length, 14, found);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing dist is reported, not thrown', () => {
  const r = checkDist(join(tmpdir(), 'no-such-dist-dir'), { site });
  assert.equal(r.broken.length, 1);
  assert.match(r.broken[0]!.reason, /run the build/);
});
