// The GPT-J article on the built site, in both languages: every number equals its model card; the
// "write like the corpus" widget shows the baked sample before anything is downloaded; live generation
// with the fixture's prompt, seed, temperature and top-k writes exactly the fixture's first characters
// (training/charlm_lang.py, torch) and can be stopped and continued; clicking a step shows its
// distribution; empty, unknown-character and over-long prompts get their messages; a missing model
// gives the localised error; Pagefind finds the article. site.spec.ts covers axe, 360 px, no-JS etc.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { hydratedWidget } from './widget-ready.ts';
import { expectMetricsEqualCards } from './article-metrics.ts';
import { expectSearchFinds } from './article-search.ts';
import { watch } from './helpers.ts';

const PAGES = [
  { lang: 'ru', path: '/posts/gpt-j/', queries: ['трансформер', 'rotary'], error404: 'не найден', empty: 'пуста', cut: 'отброшены' },
  { lang: 'en', path: '/en/posts/gpt-j/', queries: ['rotary', 'transformer'], error404: 'not found', empty: 'empty', cut: 'dropped' },
] as const;

interface GenFx { prompt: string; seed: number; temperature: number; top_k: number; ids: number[]; context: number }
const genFx = (lang: string) => JSON.parse(readFileSync(`tests/fixtures/charlm-${lang}-generation.json`, 'utf8')) as GenFx;
const baked = (lang: string) => JSON.parse(readFileSync(join('public/models', `charlm-${lang}`, 'baked.json'), 'utf8')) as { sample: { steps: { id: number }[] }; vocab: string[] };


interface LiveOut { ids: number[]; text: string; charsPerSecond: number | null; n: number }
async function liveOutput(root: Locator): Promise<LiveOut> {
  const el = root.locator('.charlm-output[data-live-output]');
  await expect(el).toBeAttached({ timeout: 60_000 });
  return JSON.parse((await el.getAttribute('data-live-output'))!) as LiveOut;
}

async function widget(page: Page): Promise<Locator> {
  return hydratedWidget(page, 'charlm-writer');
}

for (const { lang, path, queries, error404, empty, cut } of PAGES) {
  test.describe(`gpt-j article (${lang})`, () => {
    test('every metric on the page equals its model card', async ({ page }) => {
      const w = watch(page);
      await page.goto(path);
      const metrics = await expectMetricsEqualCards(page, 20);
      const models = new Set(metrics.map((x) => x.model));
      expect([...models].sort()).toEqual(['charlm-en', 'charlm-ru']);
      await expect(page.locator('table[data-table="charlm-scaling"] tbody tr')).toHaveCount(3);
      await expect(page.locator('table[data-table="charlm-positions"] tbody tr')).toHaveCount(2);
      await expect(page.locator('details.model-card#model-charlm-ru')).toHaveCount(1);
      await expect(page.locator('details.model-card#model-charlm-en')).toHaveCount(1);
      expect(await page.locator('main .katex').count()).toBeGreaterThan(15);
      await expect(page.locator('main .katex-error')).toHaveCount(0);
      expect(w.issues).toEqual([]);
    });

    test('baked sample first; live generation reproduces the fixture; stop, continue, and a step\'s distribution', async ({ page }) => {
      const w = watch(page);
      const heavy: string[] = [];
      page.on('request', (r) => { if (/\.(wasm|onnx)$/.test(new URL(r.url()).pathname)) heavy.push(r.url()); });
      await page.goto(path);
      const root = await widget(page);
      const fx = genFx(lang);
      const b = baked(lang);
      // Baked: the sample generated at build time, clickable, nothing downloaded.
      const out = root.locator('.charlm-output');
      await expect(out).toHaveAttribute('data-state', 'baked');
      await expect(root.locator('button.tok')).toHaveCount(b.sample.steps.length);
      expect(await root.locator('button.tok').evaluateAll((els) => els.slice(0, 24).map((e) => Number(e.getAttribute('data-id'))))).toEqual(fx.ids.slice(0, 24));
      await root.locator('button.tok[data-step="3"]').click();
      expect(await root.locator('.charlm-detail[data-detail="3"] tr[data-alt]').count()).toBeGreaterThanOrEqual(5);
      await expect(root.locator(`.charlm-detail[data-detail="3"] tr.chosen[data-alt="${b.sample.steps[3]!.id}"]`)).toHaveCount(1);
      expect(heavy).toEqual([]);

      // Live, with the fixture's settings (the defaults, set explicitly anyway).
      await root.locator('textarea[data-prompt]').fill(fx.prompt);
      await root.locator('input[data-seed]').fill(String(fx.seed));
      await root.locator('input[data-topk]').fill(String(fx.top_k));
      expect(Number(await root.locator('input[data-temperature]').inputValue())).toBe(fx.temperature);
      await root.locator('input[data-length]').fill(String(fx.ids.length));
      await root.locator('[data-live-start]').click();
      await expect(root.locator('[data-live-ready]')).toBeVisible({ timeout: 30_000 });
      await root.locator('button[data-generate]').click();
      await expect(out).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
      const first = await liveOutput(root);
      expect(first.ids).toEqual(fx.ids);
      expect(first.n).toBe(fx.ids.length);
      expect(first.charsPerSecond).toBeGreaterThan(0);
      await expect(root.locator('button.tok')).toHaveCount(fx.ids.length);

      // Continue: the same generation goes on (the baked sample has the longer run).
      await root.locator('button[data-continue]').click();
      await expect(out).toHaveAttribute('data-n', String(2 * fx.ids.length), { timeout: 30_000 });
      await expect(out).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
      const second = await liveOutput(root);
      expect(second.ids.slice(0, fx.ids.length)).toEqual(fx.ids);
      expect(second.ids).toEqual(b.sample.steps.slice(0, 2 * fx.ids.length).map((s) => s.id));

      // A step's distribution: the chosen character is among the listed candidates and marked.
      const step = root.locator('button.tok[data-step="5"]');
      await step.click();
      const detail = root.locator('.charlm-detail[data-detail="5"]');
      expect(await detail.locator('tr[data-alt]').count()).toBeGreaterThanOrEqual(5);
      await expect(detail.locator(`tr.chosen[data-alt="${fx.ids[5]}"]`)).toHaveCount(1);
      // Keyboard: arrow keys move between steps.
      await step.focus();
      await page.keyboard.press('ArrowRight');
      await expect(root.locator('.charlm-detail[data-detail="6"]')).toBeVisible();

      // Stop in the middle of a long run.
      await root.locator('input[data-length]').fill('1000');
      await root.locator('button[data-generate]').click();
      await expect(out).toHaveAttribute('data-state', 'running');
      await expect.poll(async () => Number(await out.getAttribute('data-n')), { timeout: 20_000 }).toBeGreaterThan(10);
      await root.locator('button[data-stop]').click();
      await expect(out).toHaveAttribute('data-state', 'stopped', { timeout: 10_000 });
      const stopped = await liveOutput(root);
      expect(stopped.n).toBeLessThan(1000);
      expect(stopped.ids.slice(0, fx.ids.length)).toEqual(fx.ids);
      await expect(root.locator('[data-note]')).toContainText(/\d/);
      expect(w.issues).toEqual([]);
    });

    test('empty, unknown-character and over-long prompts get their messages', async ({ page }) => {
      const w = watch(page);
      await page.goto(path);
      const root = await widget(page);
      const prompt = root.locator('textarea[data-prompt]');
      await prompt.fill('   ');
      await root.locator('button[data-generate]').click();
      await expect(root.locator('[data-message="empty"]')).toContainText(empty);
      await expect(root.locator('.charlm-output')).toHaveAttribute('data-state', 'baked');
      await prompt.fill('«Привет» — 中 hello… 😀');
      await expect(root.locator('[data-message="unknown"]')).toContainText('中');
      await expect(root.locator('[data-message="mapped"]')).toContainText('«');
      const ctx = genFx(lang).context;
      await prompt.fill('a'.repeat(ctx + 40));
      await expect(root.locator('[data-message="cut"]')).toContainText(cut);
      await expect(root.locator('[data-message="cut"]')).toContainText('40');
      expect(w.issues).toEqual([]);
    });

    test('a missing model gives the localised error and keeps the baked sample', async ({ page }) => {
      const id = `charlm-${lang}`;
      const w = watch(page, { expected: [{ url: new RegExp(`/models/${id}/model\\.onnx$`), status: 404 }] });
      await page.route(`**/models/${id}/model.onnx`, (route) => route.fulfill({ status: 404, body: 'not found' }));
      await page.goto(path);
      const root = await widget(page);
      await root.locator('[data-live-start]').click();
      await expect(root.locator('[data-live-error="notFound"]')).toBeVisible({ timeout: 30_000 });
      await expect(root.locator('[data-live-error] [role="alert"]')).toContainText(error404);
      await expect(root.locator('.charlm-output')).toHaveAttribute('data-state', 'baked');
      await expect(root.locator('.charlm-output[data-live-output]')).toHaveCount(0);
      expect(w.issues).toEqual([]);
    });

    for (const q of queries) {
      test(`Pagefind finds the article for «${q}»`, async ({ page }) => {
        await expectSearchFinds(page, lang, q, path);
      });
    }
  });
}
