// Built-site half of the KaTeX guard (the node_modules half is tests/unit/katex.test.ts). Needs a
// fresh build: scripts/test-all.mjs runs it in the "dist" step after `astro build`; alone, run
// `npm run build && node --test "tests/dist/**/*.test.ts"` (or point E2E_DIST at another build). Without dist/ every test is skipped
// with a message (and test-all never runs it without a build).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'parse5';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = process.env.E2E_DIST ?? join(ROOT, 'dist');
const skip = existsSync(join(DIST, 'index.html')) ? false : 'dist/ is missing: run `npm run build` first';

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));

/** The katex package rehype-katex renders with. */
function rendererDir(): string {
  const rk = createRequire(join(ROOT, 'package.json')).resolve('rehype-katex');
  let dir = dirname(createRequire(rk).resolve('katex'));
  while (!existsSync(join(dir, 'package.json')) || (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string }).name !== 'katex') dir = dirname(dir);
  return dir;
}

const classSelectors = (css: string) => new Set([...css.matchAll(/\.(-?[A-Za-z_][\w-]*)/g)].map((m) => m[1]!));
/**
 * KaTeX's @font-face rules as "family/style/weight/formats". File names do not work for this: Vite
 * hashes them and inlines the small ones as data: URLs.
 */
const fontFaces = (css: string) =>
  [...css.matchAll(/@font-face\s*\{([^}]*)\}/g)]
    .map((m) => m[1]!)
    .filter((body) => /font-family:\s*["']?KaTeX_/.test(body))
    .map((body) => {
      const prop = (n: string) => new RegExp(`(?:^|;)\\s*${n}:\\s*([^;]+)`).exec(body)?.[1]?.trim().replace(/["']/g, '') ?? '';
      const formats = [...body.matchAll(/format\(\s*["']?([\w-]+)/g)].map((f) => f[1]).join('+');
      return `${prop('font-family')}/${prop('font-style')}/${prop('font-weight')}/${formats}`;
    })
    .sort();

interface El { tagName?: string; attrs?: { name: string; value: string }[]; childNodes?: El[] }
function* elements(node: El): Generator<El> {
  for (const c of node.childNodes ?? []) {
    if (c.tagName) yield c;
    yield* elements(c);
  }
}
const attr = (el: El, n: string) => el.attrs?.find((a) => a.name === n)?.value;
const classes = (el: El) => (attr(el, 'class') ?? '').split(/\s+/).filter(Boolean);

test('built CSS is the KaTeX stylesheet of the version that rendered the formulas', { skip }, () => {
  const katexDir = rendererDir();
  const v = (JSON.parse(readFileSync(join(katexDir, 'package.json'), 'utf8')) as { version: string }).version;
  const source = readFileSync(join(katexDir, 'dist/katex.min.css'), 'utf8');
  const built = walk(DIST).filter((f) => f.endsWith('.css'));
  const withKatex = built.filter((f) => /katex-version/.test(readFileSync(f, 'utf8')));
  assert.ok(withKatex.length > 0, 'no built CSS file contains the KaTeX stylesheet');
  for (const f of withKatex) {
    const css = readFileSync(f, 'utf8');
    const markers = [...css.matchAll(/katex-version[^{]*\{[^}]*content:\s*"([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(markers)], [v], `${relative(ROOT, f)}: KaTeX CSS version ${markers.join(', ')}, renderer ${v}`);
    assert.ok(fontFaces(source).length >= 10, `katex.min.css: expected its @font-face rules, found ${fontFaces(source).length}`);
    assert.deepEqual(fontFaces(css), fontFaces(source), `${relative(ROOT, f)}: KaTeX @font-face rules differ from katex ${v}`);
    const have = classSelectors(css);
    const missing = [...classSelectors(source)].filter((c) => !have.has(c));
    assert.deepEqual(missing, [], `${relative(ROOT, f)}: KaTeX ${v} rules missing from the built CSS`);
  }
});

test('pages with formulas contain KaTeX markup and link the KaTeX stylesheet', { skip }, () => {
  const postsWithMath = ['ru', 'en'].flatMap((lang) => {
    const dir = join(ROOT, 'src/content/posts', lang);
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.mdx') && /\$[^$\n]+\$/.test(readFileSync(join(dir, f), 'utf8'))).map((f) => ({ lang, slug: f.replace(/\.mdx$/, '') })) : [];
  });
  let formulas = 0;
  for (const { lang, slug } of postsWithMath) {
    const file = join(DIST, lang === 'ru' ? '' : lang, 'posts', slug, 'index.html');
    assert.ok(existsSync(file), `${relative(ROOT, file)} was not built`);
    const doc = parse(readFileSync(file, 'utf8')) as El;
    const els = [...elements(doc)];
    const katex = els.filter((el) => classes(el).includes('katex'));
    assert.ok(katex.length > 0, `${relative(ROOT, file)}: the post has $…$ but the page has no .katex markup`);
    formulas += katex.length;
    assert.ok(els.some((el) => classes(el).includes('katex-html')), `${relative(ROOT, file)}: no .katex-html`);
    assert.equal(els.filter((el) => classes(el).includes('katex-error')).length, 0, `${relative(ROOT, file)}: .katex-error in the page`);
    const sheets = els.filter((el) => el.tagName === 'link' && attr(el, 'rel') === 'stylesheet').map((el) => attr(el, 'href') ?? '');
    const inline = els.filter((el) => el.tagName === 'style').map((el) => (el.childNodes ?? []).map((c) => (c as { value?: string }).value ?? '').join(''));
    const hasKatexCss =
      inline.some((s) => s.includes('katex-version')) ||
      sheets.some((href) => href.startsWith('/') && existsSync(join(DIST, href)) && readFileSync(join(DIST, href), 'utf8').includes('katex-version'));
    assert.ok(hasKatexCss, `${relative(ROOT, file)}: has formulas but links no stylesheet with KaTeX's rules (every formula would show twice)`);
  }
  if (postsWithMath.length) assert.ok(formulas > 0);
});
