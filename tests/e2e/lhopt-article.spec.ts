// The learned-optimizer article on the built site, in both languages: the numbers equal the card,
// the widget trains live (TypeScript step + the ONNX controller through the shared worker) and its
// controller decisions and losses match the Python run baked in baked.json, the live loop keeps
// ≥ 30 updates per second, a missing model shows the error in the reader's language while the
// baked runs stay usable, and Pagefind finds the article.
import { readFileSync } from 'node:fs';
import { expect, test, type Page, type Locator } from '@playwright/test';
import { hydratedWidget } from './widget-ready.ts';
import { watch } from './helpers.ts';
import { expectSearchFinds } from './article-search.ts';

const PAGES = [
  { lang: 'ru', path: '/posts/learned-optimizer/', query: 'оптимизатор', notFound: 'не найден' },
  { lang: 'en', path: '/en/posts/learned-optimizer/', query: 'learning rate', notFound: 'not found' },
] as const;

const ID = 'lhopt-controller';
const card = JSON.parse(readFileSync(`public/models/${ID}/card.json`, 'utf8')) as { metrics: Record<string, { value: number }> };
interface BakedDecision { step: number; features: number[]; action: number }
const baked = JSON.parse(readFileSync(`public/models/${ID}/baked.json`, 'utf8')) as {
  task: { steps: number };
  tasks: { runs: Record<'adam' | 'cosine' | 'controller', { loss: number[] }> & { controller: { decisions: BakedDecision[] } } }[];
};
interface LiveOutput { step: number; loss: number[]; lr: (number | null)[]; decisions: BakedDecision[] }

const widget = (page: Page) => page.locator('[data-widget="lhopt-race"]').first();

async function ready(page: Page): Promise<Locator> {
  return hydratedWidget(page, 'lhopt-race');
}

async function liveOutput(page: Page): Promise<LiveOutput | null> {
  const raw = await widget(page).locator('[data-live-output]').getAttribute('data-live-output').catch(() => null);
  return raw ? (JSON.parse(raw) as LiveOutput) : null;
}

const close = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

for (const { lang, path, query, notFound } of PAGES) {
  test.describe(`learned-optimizer article (${lang})`, () => {
    test('renders: metrics equal the card, model card, maths, widget with baked runs', async ({ page }) => {
      const w = watch(page);
      await page.goto(path);
      const metrics = await page.locator('main .metric').evaluateAll((els) =>
        els.map((e) => ({ model: e.getAttribute('data-model'), name: e.getAttribute('data-metric'), value: e.getAttribute('data-value'), text: e.textContent ?? '' })));
      expect(metrics.length).toBeGreaterThanOrEqual(10);
      for (const m of metrics) {
        expect(m.model).toBe(ID);
        expect(Number(m.value), m.name!).toBe(card.metrics[m.name!]?.value);
        expect(m.text.trim()).toMatch(/\d/);
      }
      await expect(page.locator(`details.model-card#model-${ID}`)).toHaveCount(1);
      expect(await page.locator('main .katex').count()).toBeGreaterThan(15);
      await expect(page.locator('main .katex-error')).toHaveCount(0);
      const root = await ready(page);
      await expect(root.locator('h3.widget-title')).toBeVisible();
      await expect(root.locator('.lhopt-chart svg')).toHaveCount(2);
      await expect(root.locator('.lhopt-chart polyline')).toHaveCount(6);
      await expect(root.locator('[data-live-output]')).toHaveCount(0);
      expect(w.issues).toEqual([]);
    });

    test('live: the controller decides like the Python run, losses match, ≥ 30 updates/s', async ({ page }) => {
      const w = watch(page);
      await page.goto(path);
      const root = await ready(page);
      await root.locator('[data-live-start]').click();
      await expect(root.locator('[data-live-ready]')).toBeVisible({ timeout: 30_000 });
      // The loop starts by itself; wait for the first controller decision.
      await expect.poll(async () => (await liveOutput(page))?.decisions.length ?? 0, { timeout: 20_000 }).toBeGreaterThan(0);
      const want = baked.tasks[0]!.runs.controller.decisions;
      const first = (await liveOutput(page))!.decisions[0]!;
      expect(first.step).toBe(want[0]!.step);
      expect(first.action).toBe(want[0]!.action);
      first.features.forEach((v, k) => expect(close(v, want[0]!.features[k]!, 1e-6), `feature ${k}: ${v} vs ${want[0]!.features[k]}`).toBe(true));

      // Updates per second while playing at normal speed.
      const upsEl = root.locator('[data-updates-per-second]');
      await expect(upsEl).toBeAttached({ timeout: 20_000 });
      // Let the run finish, then compare everything with the baked Python run.
      await expect.poll(async () => (await liveOutput(page))?.step ?? 0, { timeout: 30_000 }).toBe(baked.task.steps);
      const ups = Number(await upsEl.getAttribute('data-updates-per-second'));
      test.info().annotations.push({ type: 'updates/s', description: String(ups) });
      console.log(`lhopt ${lang}: ${ups} updates/s`);
      expect(ups).toBeGreaterThanOrEqual(30);
      const out = (await liveOutput(page))!;
      expect(out.decisions.length).toBe(want.length);
      // The first decisions are the Python run's (later ones could in principle flip on a near-tie,
      // as float32 ORT and float32 PyTorch round differently; the unit test replays all of them).
      out.decisions.slice(0, 5).forEach((d, i) => {
        expect(d.step).toBe(want[i]!.step);
        expect(d.action, `decision ${i}`).toBe(want[i]!.action);
      });
      (['adam', 'cosine'] as const).forEach((k, i) => {
        const ref = baked.tasks[0]!.runs[k].loss[baked.task.steps]!;
        expect(close(out.loss[i]!, ref, 1e-4), `${k} final loss ${out.loss[i]} vs ${ref}`).toBe(true);
      });

      // Restart, one step by hand: step 1 with the baked losses after one update.
      await root.locator('[data-lhopt="reset"]').click();
      await expect.poll(async () => (await liveOutput(page))?.step ?? -1).toBe(0);
      await root.locator('[data-lhopt="step"]').click();
      await expect.poll(async () => (await liveOutput(page))?.step ?? -1).toBe(1);
      const one = (await liveOutput(page))!;
      (['adam', 'cosine', 'controller'] as const).forEach((k, i) => {
        expect(close(one.loss[i]!, baked.tasks[0]!.runs[k].loss[1]!, 1e-5), `${k} loss after one step`).toBe(true);
      });
      // The page stayed responsive: keyboard focus moves and the task selector still answers.
      await root.locator('select[name="task"]').focus();
      await page.keyboard.press('ArrowDown');
      expect(w.issues).toEqual([]);
    });

    test('a missing model shows the error in the reader\'s language; the rest keeps working', async ({ page }) => {
      const w = watch(page, { expected: [{ url: new RegExp(`/models/${ID}/model\\.onnx$`), status: 404 }] });
      await page.route(`**/models/${ID}/model.onnx`, (route) => route.fulfill({ status: 404, body: 'not found' }));
      await page.goto(path);
      const root = await ready(page);
      await root.locator('[data-live-start]').click();
      const err = root.locator('[data-live-error="notFound"]');
      await expect(err).toBeVisible({ timeout: 30_000 });
      await expect(err.locator('[role="alert"]')).toContainText(notFound);
      await expect(err.locator('[role="alert"]')).toContainText('404');
      // Baked runs are still there and the task selector still switches them.
      await expect(root.locator('.lhopt-chart polyline')).toHaveCount(6);
      const before = await root.locator('.lhopt-chart polyline').first().getAttribute('points');
      await root.locator('select[name="task"]').selectOption('1');
      await expect.poll(async () => root.locator('.lhopt-chart polyline').first().getAttribute('points')).not.toBe(before);
      await expect(root.locator('[data-live-output]')).toHaveCount(0);
      expect(w.issues).toEqual([]);
    });

    test(`Pagefind finds the article for «${query}»`, async ({ page }) => {
      const w = watch(page);
      await expectSearchFinds(page, lang, query, path);
      expect(w.issues).toEqual([]);
    });
  });
}
