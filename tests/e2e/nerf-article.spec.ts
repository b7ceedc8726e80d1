// The stylised-NeRF article on the built site, in both languages: every number comes from the
// nerf-flatland card, the widget shows a baked view without the runtime, renders a live view that
// matches the Python fixture (tests/fixtures/nerf-view.json) within 1 s (and reports the longest main-thread stall meanwhile),
// a broken model gives the localised error, and Pagefind finds the article.
// site.spec.ts covers axe, 360 px, console errors and no-JS for every page.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page, type Locator } from '@playwright/test';
import { hydratedWidget } from './widget-ready.ts';
import { watch } from './helpers.ts';
import { expectSearchFinds } from './article-search.ts';

const PAGES = [
  { lang: 'ru', path: '/posts/stylized-nerf/', queries: ['объёмный рендеринг'], notFound: /не найден|404/ },
  { lang: 'en', path: '/en/posts/stylized-nerf/', queries: ['radiance field'], notFound: /not found|404/i },
] as const;
const ID = 'nerf-flatland';
const card = JSON.parse(readFileSync(join('public/models', ID, 'card.json'), 'utf8')) as { metrics: Record<string, { value: number }> };
const view = JSON.parse(readFileSync('tests/fixtures/nerf-view.json', 'utf8')) as { theta_deg: number; style: number[]; colour: number[]; acc: number[]; atol: number };

async function ready(page: Page): Promise<Locator> {
  return hydratedWidget(page, 'nerf-stylizer');
}

for (const { lang, path, queries, notFound } of PAGES) {
  test.describe(`stylized-nerf article (${lang})`, () => {
    test('every metric on the page equals the model card; maths and the model card are there', async ({ page }) => {
      const w = watch(page);
      await page.goto(path);
      const metrics = await page.locator('main .metric').evaluateAll((els) =>
        els.map((e) => ({ model: e.getAttribute('data-model'), name: e.getAttribute('data-metric'), value: e.getAttribute('data-value'), text: e.textContent ?? '' })),
      );
      expect(metrics.length).toBeGreaterThanOrEqual(10);
      for (const x of metrics) {
        expect(x.model).toBe(ID);
        expect(Number(x.value), x.name!).toBe(card.metrics[x.name!]!.value);
        expect(x.text.trim()).toMatch(/\d/);
      }
      await expect(page.locator(`details.model-card#model-${ID}`)).toHaveCount(1);
      expect(await page.locator('main .katex').count()).toBeGreaterThan(10);
      await expect(page.locator('main .katex-error')).toHaveCount(0);
      expect(w.issues).toEqual([]);
    });

    test('baked view first, then a live view matching the Python fixture, rendered in ≤ 1 s', async ({ page }) => {
      const w = watch(page);
      const wasm: string[] = [];
      page.on('request', (r) => { if (r.url().endsWith('.wasm') || r.url().endsWith('.onnx')) wasm.push(r.url()); });
      await page.goto(`${path}#nerf=a:${view.theta_deg},s:${view.style.indexOf(1)},b:1,m:0,p:0`);
      const widget = await ready(page);
      await expect(widget.locator('svg.strip rect').first()).toBeAttached();
      expect(wasm, 'nothing downloaded before the reader asks').toEqual([]);
      await expect(widget.locator('[data-live-output]')).toHaveCount(0);

      await widget.locator('[data-live-start]').click();
      await expect(widget.locator('[data-live-ready]')).toBeVisible({ timeout: 30_000 });
      const out = widget.locator('svg[data-live-output]');
      await expect(out).toBeAttached({ timeout: 15_000 });
      const live = JSON.parse((await out.getAttribute('data-live-output')) ?? '{}') as { deg: number; colour: number[]; acc: number[] };
      expect(live.deg).toBe(view.theta_deg);
      expect(live.colour).toHaveLength(view.colour.length);
      let worst = 0;
      for (let i = 0; i < view.colour.length; i++) worst = Math.max(worst, Math.abs(live.colour[i]! - view.colour[i]!));
      for (let i = 0; i < view.acc.length; i++) worst = Math.max(worst, Math.abs(live.acc[i]! - view.acc[i]!));
      expect(worst, 'max |live − Python|').toBeLessThanOrEqual(view.atol);

      // Move the camera with the keyboard: a new live view, rendered within the budget, and the
      // longest gap of a 10 ms timer in the page while it renders.
      const map = widget.locator('[data-nerf-map]');
      await map.focus();
      const gaps = page.evaluate(() => new Promise<number>((resolve) => {
        let last = performance.now();
        let worstGap = 0;
        const id = setInterval(() => { const now = performance.now(); worstGap = Math.max(worstGap, now - last); last = now; }, 10);
        setTimeout(() => { clearInterval(id); resolve(worstGap); }, 1500);
      }));
      for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowLeft');
      await expect(out).toHaveAttribute('data-live-output', new RegExp(`"deg":${view.theta_deg + 15}[,}]`), { timeout: 10_000 });
      // Both numbers of the same frame, read at once.
      const [ms, total] = await out.evaluate((e) => [Number(e.getAttribute('data-render-ms')), Number(e.getAttribute('data-render-total-ms'))] as [number, number]);
      const stall = await gaps;
      test.info().annotations.push({ type: 'render', description: `${lang}: stylised view (4096 points + compositing) ${ms} ms; with the per-view strip ${total} ms; longest main-thread stall ${Math.round(stall)} ms` });
      console.log(`nerf render ${lang}: view ${ms} ms, both strips ${total} ms, stall ${Math.round(stall)} ms`);
      expect(ms, 'render time of one 64-pixel view (ms)').toBeLessThanOrEqual(1000);
      // The stall is reported, not asserted: on a loaded CI machine the renderer process itself can be
      // descheduled for a second (seen once: 1,066 ms with a 101 ms render), which says nothing about
      // the page. The network runs in the worker; the page only composites 4,096 samples.

      // Blending two styles works live.
      await widget.locator('input[name="blend"]').fill('50');
      await expect(out).toHaveAttribute('data-live-output', /"deg"/);
      expect(w.issues).toEqual([]);
    });

    test('a broken model gives the localised error and the baked view stays', async ({ page }) => {
      await page.route(`**/models/${ID}/model.onnx`, (route) => route.fulfill({ status: 404, body: 'not found' }));
      await page.goto(path);
      const widget = await ready(page);
      await widget.locator('[data-live-start]').click();
      await expect(widget.locator('[data-live-error="notFound"]')).toBeVisible({ timeout: 30_000 });
      await expect(widget.locator('[data-live-error] [role="alert"]')).toContainText(notFound);
      await expect(widget.locator('svg.strip rect').first()).toBeAttached();
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
