// The "unreal engine" article on the built site, in both languages: every number equals its model
// card; the widget shows the baked reranking first (nothing downloaded); live, the models rerank the
// bank for the fixture prompts in exactly the Python order; the style word changes the order; unknown
// words are explained; the evolution strategy runs and can be stopped; a missing model gives the
// localised error; Pagefind finds the article. site.spec.ts covers axe, 360 px, console errors, no-JS.
import { readFileSync } from 'node:fs';
import { expect, test, type Locator } from '@playwright/test';
import { hydratedWidget } from './widget-ready.ts';
import { expectMetricsEqualCards } from './article-metrics.ts';
import { expectSearchFinds } from './article-search.ts';
import { watch } from './helpers.ts';

const PAGES = [
  { lang: 'ru', path: '/posts/unreal-engine/', queries: ['промпт', 'CLIP'], error404: 'не найден', unknown: 'не знает' },
  { lang: 'en', path: '/en/posts/unreal-engine/', queries: ['prompt', 'CLIP'], error404: 'not found', unknown: 'does not know' },
] as const;

interface Rerank { prompt: string; order: number[] }
const FX = JSON.parse(readFileSync('tests/fixtures/miniclip-search.json', 'utf8')) as { rerank: Rerank[] };
const fixtureOrder = (prompt: string) => FX.rerank.find((r) => r.prompt === prompt)!.order;
const BAKED = JSON.parse(readFileSync('public/models/miniclip-gen/baked.json', 'utf8')) as { rankings: Record<string, { without: { top: number[] }; with: { top: number[] } }> };


async function typePrompt(root: Locator, text: string) {
  await root.locator('input[data-prompt-input]').fill(text);
}

async function liveOutput(root: Locator): Promise<{ without: number[]; with: number[] }> {
  const el = root.locator('.mc-results[data-live-output]');
  await expect(el).toBeAttached({ timeout: 30_000 });
  return JSON.parse((await el.getAttribute('data-live-output'))!) as { without: number[]; with: number[] };
}

async function startLive(root: Locator) {
  await root.locator('[data-live-start]').click();
  await expect(root.locator('[data-live-ready]')).toBeVisible({ timeout: 30_000 });
}

for (const { lang, path, queries, error404, unknown } of PAGES) {
  test.describe(`unreal-engine article (${lang})`, () => {
    test('every metric on the page equals its model card', async ({ page }) => {
      const w = watch(page);
      await page.goto(path);
      const metrics = await expectMetricsEqualCards(page, 20);
      const models = new Set(metrics.map((x) => x.model));
      expect([...models].sort()).toEqual(['miniclip-clip', 'miniclip-gen']);
      await expect(page.locator('details.model-card#model-miniclip-clip')).toHaveCount(1);
      await expect(page.locator('details.model-card#model-miniclip-gen')).toHaveCount(1);
      expect(await page.locator('main .katex').count()).toBeGreaterThan(8);
      await expect(page.locator('main .katex-error')).toHaveCount(0);
      expect(w.issues).toEqual([]);
    });

    test('baked reranking first; live reranking matches the Python order; the style word changes it; unknown words explained; ES runs', async ({ page }) => {
      test.setTimeout(120_000);
      const w = watch(page);
      const heavy: string[] = [];
      page.on('request', (r) => { if (/\.(wasm|onnx)$/.test(new URL(r.url()).pathname)) heavy.push(r.url()); });
      await page.goto(path);
      const root = await hydratedWidget(page, 'miniclip-prompt');
      const results = root.locator('.mc-results');
      // Baked: "red circle" (the default) from baked.json, both columns, nothing downloaded.
      await expect(results).toHaveAttribute('data-state', 'baked');
      const baked = BAKED.rankings['red circle']!;
      await expect(root.locator('[data-column="without"]')).toHaveAttribute('data-order', baked.without.top.join(','));
      await expect(root.locator('[data-column="with"]')).toHaveAttribute('data-order', baked.with.top.join(','));
      await expect(root.locator('[data-column="with"] li [role="img"]')).toHaveCount(8);
      expect(heavy).toEqual([]);

      // Chips edit the prompt; an unknown word is explained; a prompt with no known word asks for one.
      await root.locator('.mc-chips button[data-word="blue"]').click();
      await expect(root.locator('input[data-prompt-input]')).toHaveValue('blue circle');
      await typePrompt(root, 'purple circle');
      await expect(root.locator('[data-unknown]')).toContainText(unknown);
      await expect(root.locator('[data-unknown]')).toHaveAttribute('data-unknown', 'purple');
      await typePrompt(root, 'cat');
      await expect(root.locator('[data-empty]')).toBeVisible();
      // A prompt outside the baked set needs the live models.
      await typePrompt(root, 'red red circle');
      await expect(results).toHaveAttribute('data-state', 'needs-live');

      await startLive(root);
      for (const prompt of ['red circle', 'blue square left']) {
        await typePrompt(root, prompt);
        await expect.poll(async () => (await liveOutput(root)).without.join(','), { timeout: 20_000 }).toBe(fixtureOrder(prompt).join(','));
        const out = await liveOutput(root);
        expect(out.with).toEqual(fixtureOrder(`${prompt} zenderq`));
        expect(out.with.join(',')).not.toBe(out.without.join(','));
      }
      await expect(results).toHaveAttribute('data-state', 'live');

      // The evolution strategy: run, watch generations arrive, stop.
      await root.locator('select[name="es-generations"]').selectOption('40');
      await root.locator('[data-es-run]').click();
      await expect.poll(async () => Number(await root.locator('[data-es-gens]').getAttribute('data-es-gens')), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
      await root.locator('[data-es-stop]').click();
      await expect(root.locator('[data-es-done]')).toHaveAttribute('data-es-done', 'stopped', { timeout: 15_000 });
      const gens = Number(await root.locator('[data-es-gens]').getAttribute('data-es-gens'));
      expect(gens).toBeLessThan(40);
      await expect(root.locator('.mc-es-strip canvas')).toHaveCount(gens);
      const ms = Number(await root.locator('[data-es-gens]').getAttribute('data-es-ms'));
      expect(ms).toBeGreaterThan(0);
      test.info().annotations.push({ type: 'es-ms-per-generation', description: String(ms) });
      // A short full run finishes.
      await root.locator('select[name="es-generations"]').selectOption('10');
      await root.locator('[data-es-run]').click();
      await expect(root.locator('[data-es-done]')).toHaveAttribute('data-es-done', 'done', { timeout: 30_000 });
      await expect(root.locator('[data-es-gens]')).toHaveAttribute('data-es-gens', '10');
      expect(w.issues).toEqual([]);
    });

    test('the prompt lives in the URL hash', async ({ page }) => {
      const w = watch(page);
      await page.goto(`${path}#prompt=${encodeURIComponent('blue square left')}`);
      const root = await hydratedWidget(page, 'miniclip-prompt');
      await expect(root.locator('input[data-prompt-input]')).toHaveValue('blue square left');
      await expect(root.locator('[data-column="without"]')).toHaveAttribute('data-order', BAKED.rankings['blue square left']!.without.top.join(','));
      await typePrompt(root, 'green triangle');
      await expect.poll(() => page.evaluate(() => new URLSearchParams(location.hash.slice(1)).get('prompt'))).toBe('green triangle');
      await expect(root.locator('[data-column="with"]')).toHaveAttribute('data-order', BAKED.rankings['green triangle']!.with.top.join(','));
      expect(w.issues).toEqual([]);
    });

    test('a missing model gives the localised error and keeps the baked ranking', async ({ page }) => {
      const w = watch(page, { expected: [{ url: /\/models\/miniclip-clip\/model\.onnx$/, status: 404 }] });
      await page.route('**/models/miniclip-clip/model.onnx', (route) => route.fulfill({ status: 404, body: 'not found' }));
      await page.goto(path);
      const root = await hydratedWidget(page, 'miniclip-prompt');
      await root.locator('[data-live-start]').click();
      await expect(root.locator('[data-live-error="notFound"]')).toBeVisible({ timeout: 30_000 });
      await expect(root.locator('[data-live-error] [role="alert"]')).toContainText(error404);
      await expect(root.locator('.mc-results')).toHaveAttribute('data-state', 'baked');
      await expect(root.locator('.mc-results[data-live-output]')).toHaveCount(0);
      expect(w.issues).toEqual([]);
    });

    for (const q of queries) {
      test(`search finds the article for «${q}»`, async ({ page }) => {
        await expectSearchFinds(page, lang, q, path);
      });
    }
  });
}
