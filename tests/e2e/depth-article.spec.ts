// The HD-depth article on the built site, in both languages: every number it shows equals its model
// card, the widget renders baked pictures and scores first, its live run reproduces the PyTorch
// fixture (the 32×32 depth map of scene 1) and recomputes the scores, Pagefind finds the article by
// the issue's terms, and a missing model shows the localised error while the baked state stays.
// site.spec.ts covers axe, 360 px, console errors and no-JS for every page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page, type Locator } from '@playwright/test';
import { hydratedWidget } from './widget-ready.ts';
import { watch } from './helpers.ts';
import { expectSearchFinds } from './article-search.ts';

const PAGES = [
  { lang: 'ru', path: '/posts/hd-depth/', queries: ['карта глубины'], notFound: 'Файл модели не найден' },
  { lang: 'en', path: '/en/posts/hd-depth/', queries: ['receptive field'], notFound: 'The model file was not found' },
] as const;

const MODEL = 'depth-net';
const card = JSON.parse(readFileSync(join('public/models', MODEL, 'card.json'), 'utf8')) as { metrics: Record<string, { value: number }> };
const fixtures = JSON.parse(readFileSync(join('public/models', MODEL, 'fixtures.json'), 'utf8')) as {
  atol: number;
  cases: { name: string; outputs: { depth: { dims: number[]; data: number[] } } }[];
};
const scenes = JSON.parse(readFileSync(join('public/models', MODEL, 'scenes.json'), 'utf8')) as {
  scenes: { scores: Record<string, Record<string, number>> }[];
};

async function ready(page: Page): Promise<Locator> {
  return hydratedWidget(page, 'depth-boost');
}

for (const { lang, path, queries, notFound } of PAGES) {
  test.describe(`hd-depth article (${lang})`, () => {
    test('every metric on the page equals the model card; the widget, the card and the maths are there', async ({ page }) => {
      const w = watch(page);
      await page.goto(path);
      const metrics = await page.locator('main .metric').evaluateAll((els) =>
        els.map((e) => ({ model: e.getAttribute('data-model'), name: e.getAttribute('data-metric'), value: e.getAttribute('data-value'), text: e.textContent ?? '' })),
      );
      expect(metrics.length).toBeGreaterThanOrEqual(10);
      for (const x of metrics) {
        expect(x.model).toBe(MODEL);
        expect(Number(x.value), x.name!).toBe(card.metrics[x.name!]?.value);
        expect(x.text.trim()).toMatch(/\d/);
      }
      await expect(page.locator(`details.model-card#model-${MODEL}`)).toHaveCount(1);
      await expect(page.locator('main section.widget[data-widget="depth-boost"]')).toHaveCount(1);
      expect(await page.locator('main .katex').count()).toBeGreaterThan(5);
      await expect(page.locator('main .katex-error')).toHaveCount(0);
      expect(w.issues).toEqual([]);
    });

    test('baked first, then live: the 32×32 depth map equals the PyTorch fixture', async ({ page }) => {
      const wasm: string[] = [];
      page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url()); });
      const w = watch(page);
      await page.goto(path);
      const widget = await ready(page);
      // Baked: the scores table shows the scene's stored RMSE, and nothing has run.
      const bakedRmse = scenes.scenes[0]!.scores['32']!.rmse!;
      await expect(widget.locator('tr[data-row="32"] td').first()).toContainText(bakedRmse.toFixed(3).replace('.', lang === 'ru' ? ',' : '.'));
      await expect(widget.locator('[data-live-output]')).toHaveCount(0);
      expect(wasm).toEqual([]);
      await widget.locator('[data-live-start]').click();
      await expect(widget.locator('[data-live-ready]')).toBeVisible({ timeout: 30_000 });
      const out = widget.locator('[data-live-output]');
      await expect(out).toBeAttached({ timeout: 30_000 });
      const live = JSON.parse((await out.getAttribute('data-live-output')) ?? '{}') as { scene: number; depth32: number[]; scores: Record<string, Record<string, number>> };
      expect(live.scene).toBe(0);
      const expected = fixtures.cases.find((c) => c.name === 'scene0-32')!.outputs.depth.data;
      expect(live.depth32).toHaveLength(expected.length);
      let worst = 0;
      for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(live.depth32[i]! - expected[i]!));
      expect(worst).toBeLessThanOrEqual(fixtures.atol);
      // Live scores agree with the baked ones computed in Python from float predictions.
      for (const k of ['16', '32', '64', '128', 'merged']) {
        expect(Math.abs(live.scores[k]!.rmse! - scenes.scenes[0]!.scores[k]!.rmse!), `rmse ${k}`).toBeLessThan(1e-3);
      }
      // Another scene and the error view, live.
      await widget.locator('select[name="scene"]').selectOption('2');
      await expect.poll(async () => JSON.parse((await out.getAttribute('data-live-output')) ?? '{}').scene, { timeout: 15_000 }).toBe(2);
      await widget.locator('button[data-view="error"]').click();
      await expect(widget.locator('figure[data-estimate="merged"] img')).toHaveAttribute('src', /^data:image\/png;base64,/);
      expect(w.issues).toEqual([]);
    });

    test('a missing model shows the localised error; the baked pictures and scores stay', async ({ page }) => {
      await page.route('**/models/depth-net/model.onnx', (route) => route.fulfill({ status: 404, body: 'not found' }));
      await page.goto(path);
      const widget = await ready(page);
      await widget.locator('[data-live-start]').click();
      await expect(widget.locator('[data-live-error="notFound"]')).toBeVisible({ timeout: 30_000 });
      await expect(widget.locator('[data-live-error] [role="alert"]')).toContainText(notFound);
      await expect(widget.locator('[data-live-error] [role="alert"]')).toContainText('404');
      await expect(widget.locator('tr[data-row="merged"]')).toBeVisible();
      await expect(widget.locator('figure[data-estimate="128"] img')).toHaveAttribute('src', /\/0-d128[^/]*\.png$/);
    });

    for (const q of queries) {
      test(`Pagefind finds the article for «${q}»`, async ({ page }) => {
        const w = watch(page);
        await expectSearchFinds(page, lang, q, path);
        expect(w.issues).toEqual([]);
      });
    }
  });
}
