// The SAINT article on the built site, in both languages: every number it shows equals its model
// card, the widget shows the baked batch before anything is downloaded, the live models reproduce the
// Python fixtures (one batch as shipped, then the same batch with three cells blanked), blanking a
// value changes the output and shows the attention, Pagefind finds the article, and a missing model
// gives the localised error. site.spec.ts covers axe, 360 px, console errors and no-JS for every page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page, type Locator } from '@playwright/test';
import { hydratedWidget } from './widget-ready.ts';
import { expectMetricsEqualCards } from './article-metrics.ts';
import { watch } from './helpers.ts';

const PAGES = [
  { lang: 'ru', path: '/posts/saint-tabular/', queries: ['табличные данные', 'внимание'], error404: 'не найден' },
  { lang: 'en', path: '/en/posts/saint-tabular/', queries: ['tabular data', 'attention'], error404: 'not found' },
] as const;

interface T { dims: number[]; data: number[] }
interface Fx { atol: number; cases: { name: string; outputs: Record<string, T> }[] }
const fixtures = (id: string) => JSON.parse(readFileSync(join('public/models', id, 'fixtures.json'), 'utf8')) as Fx;
const FULL = fixtures('saint-full');
const SINGLE = fixtures('saint-s');
const kase = (fx: Fx, name: string) => fx.cases.find((c) => c.name === name)!.outputs;


async function widget(page: Page): Promise<Locator> {
  return hydratedWidget(page, 'saint-rows');
}

interface LiveOut { 'saint-full': { probs: number[]; row_attention: number[] }; 'saint-s': { probs: number[] } }
async function liveOutput(root: ReturnType<Page['locator']>): Promise<LiveOut> {
  const el = root.locator('table[data-live-output]');
  await expect(el).toBeAttached({ timeout: 30_000 });
  return JSON.parse((await el.getAttribute('data-live-output'))!) as LiveOut;
}
const close = (a: number[], b: number[], atol: number) => a.length === b.length && a.every((v, i) => Math.abs(v - b[i]!) <= atol);

/** Polls until the live output matches the fixture case (edits re-run the models asynchronously). */
async function expectFixture(root: ReturnType<Page['locator']>, name: string) {
  await expect.poll(async () => {
    const out = await liveOutput(root);
    return close(out['saint-full'].probs, kase(FULL, name).probs!.data, FULL.atol)
      && close(out['saint-full'].row_attention, kase(FULL, name).row_attention!.data, FULL.atol)
      && close(out['saint-s'].probs, kase(SINGLE, name).probs!.data, SINGLE.atol);
  }, { timeout: 20_000, message: `live output equals fixture case ${name}` }).toBe(true);
}

for (const { lang, path, queries, error404 } of PAGES) {
  test.describe(`saint article (${lang})`, () => {
    test('every metric on the page equals its model card', async ({ page }) => {
      const w = watch(page);
      await page.goto(path);
      const metrics = await expectMetricsEqualCards(page, 40);
      const models = new Set(metrics.map((x) => x.model));
      expect([...models].sort()).toEqual(['saint-full', 'saint-s']);
      const auc = metrics.find((x) => x.model === 'saint-full' && x.name === 'test_auc')!;
      expect(auc.text).toMatch(lang === 'ru' ? /^\d+,\d\s%$/ : /^\d+\.\d\s%$/);
      await expect(page.locator('details.model-card#model-saint-full')).toHaveCount(1);
      await expect(page.locator('details.model-card#model-saint-s')).toHaveCount(1);
      expect(await page.locator('main .katex').count()).toBeGreaterThan(15);
      await expect(page.locator('main .katex-error')).toHaveCount(0);
      expect(w.issues).toEqual([]);
    });

    test('baked batch first; live models match the fixtures; blanking a value changes the output and the attention', async ({ page }) => {
      const w = watch(page);
      const wasm: string[] = [];
      page.on('request', (r) => { if (/\.(wasm|onnx)$/.test(new URL(r.url()).pathname)) wasm.push(r.url()); });
      await page.goto(path);
      const root = await widget(page);
      // Baked: eight rows, the precomputed probabilities and heat map, nothing downloaded.
      await expect(root.locator('tbody tr[data-row]')).toHaveCount(8);
      await expect(root.locator('table.saint-table')).toHaveAttribute('data-state', 'baked');
      const bakedP = Number(await root.locator('tbody tr[data-row="0"] td[data-prob-full]').getAttribute('data-prob-full'));
      expect(Math.abs(bakedP - kase(FULL, 'widget-batch-8').probs!.data[1]!)).toBeLessThanOrEqual(1e-5);
      await expect(root.locator('figure[data-heatmap="baked"]')).toBeVisible();
      expect(wasm).toEqual([]);

      await root.locator('[data-live-start]').click();
      await expect(root.locator('[data-live-ready]')).toBeVisible({ timeout: 30_000 });
      await expectFixture(root, 'widget-batch-8');
      await expect(root.locator('figure[data-heatmap="live"]')).toBeVisible();
      const before = await liveOutput(root);

      // Blank one value: the predictions change and the attention is shown for the new batch.
      await root.locator('button[data-blank="0:age"]').click();
      await expect(root.locator('button[data-blank="0:age"]')).toHaveAttribute('aria-pressed', 'true');
      await expect.poll(async () => (await liveOutput(root))['saint-full'].probs.join(), { timeout: 15_000 }).not.toBe(before['saint-full'].probs.join());
      const after = await liveOutput(root);
      expect(after['saint-full'].row_attention).toHaveLength(64);
      expect(after['saint-full'].row_attention.some((v, i) => Math.abs(v - before['saint-full'].row_attention[i]!) > 1e-6)).toBe(true);
      await expect(root.locator('figure[data-heatmap="live"]')).toBeVisible();
      await expect(root.locator('tbody tr[data-attended]')).toHaveCount(2);

      // Two more blanks reproduce the fixture case with three blanked cells exactly.
      await root.locator('button[data-blank="2:usage"]').click();
      await root.locator('button[data-blank="5:contract"]').click();
      await expectFixture(root, 'widget-batch-8-blanked');

      // Keyboard: choosing another row with the arrow keys moves the highlighted attended rows.
      await root.locator('tbody tr[data-row="0"] input[type="radio"]').focus();
      await page.keyboard.press('ArrowDown');
      await expect(root.locator('figure.saint-heat')).toHaveAttribute('data-selected', '1');

      // Un-blanking restores the value; "restore" brings back the shipped batch and its outputs.
      await root.locator('button[data-blank="0:age"]').click();
      await expect(root.locator('input[data-cell="0:age"]')).not.toHaveValue('');
      await root.locator('[data-reset]').click();
      await expectFixture(root, 'widget-batch-8');
      expect(w.issues).toEqual([]);
    });

    test('a missing model gives the localised error and keeps the baked batch', async ({ page }) => {
      const w = watch(page, { expected: [{ url: /\/models\/saint-full\/model\.onnx$/, status: 404 }] });
      await page.route('**/models/saint-full/model.onnx', (route) => route.fulfill({ status: 404, body: 'not found' }));
      await page.goto(path);
      const root = await widget(page);
      await root.locator('[data-live-start]').click();
      await expect(root.locator('[data-live-error="notFound"]')).toBeVisible({ timeout: 30_000 });
      await expect(root.locator('[data-live-error] [role="alert"]')).toContainText(error404);
      await expect(root.locator('[data-live-error] [role="alert"]')).toContainText('404');
      await expect(root.locator('table.saint-table')).toHaveAttribute('data-state', 'baked');
      await expect(root.locator('table[data-live-output]')).toHaveCount(0);
      expect(w.issues).toEqual([]);
    });

    for (const q of queries) {
      test(`Pagefind finds the article for «${q}»`, async ({ page }) => {
        await page.goto(`${lang === 'ru' ? '' : '/en'}/search/?q=${encodeURIComponent(q)}`);
        const hit = page.locator('ol.hits li', { has: page.locator(`h2 a[href$="${path}"]`) });
        await expect(hit).toHaveCount(1, { timeout: 15_000 });
      });
    }
  });
}
