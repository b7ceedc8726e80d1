// The GenRep article on the built site, in both languages: every number it shows equals its model card,
// the latent explorer shows baked images before anything is downloaded, the live generator reproduces the
// Python fixture (anchor + five positives for seed 1, σ = 0.5) within one grey level, moving σ changes the
// pair, the augmentation toggle changes the views, a missing model gives the localised error, and Pagefind
// finds the article for the issue's search term. site.spec.ts covers axe, 360 px, console errors and no-JS.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { hydratedWidget } from './widget-ready.ts';
import { cardMetric, expectMetricsEqualCards } from './article-metrics.ts';
import { expectSearchFinds } from './article-search.ts';
import { watch } from './helpers.ts';

const PAGES = [
  { lang: 'ru', path: '/posts/genrep/', query: 'латентное пространство', error404: 'не найден' },
  { lang: 'en', path: '/en/posts/genrep/', query: 'latent space', error404: 'not found' },
] as const;

interface Fx { atol: number; cases: { name: string; seed: number; sigma: number; inputs: { z: { data: number[] } }; outputs: { image: { dims: number[]; data: number[] } } }[] }
const GEN = JSON.parse(readFileSync(join('public/models/genrep-generator/fixtures.json'), 'utf8')) as Fx;
const CASE = GEN.cases[0]!;
// The encoder's fixture embeds exactly these six generated images: cosines of the anchor with each positive.
const ENC = JSON.parse(readFileSync(join('public/models/genrep-encoder/fixtures.json'), 'utf8')) as { cases: { outputs: { representation: { dims: number[]; data: number[] } } }[] };
const FIXTURE_COSINES = (() => {
  const { dims, data } = ENC.cases[0]!.outputs.representation;
  const d = dims[1]!;
  const rep = (i: number) => data.slice(i * d, (i + 1) * d);
  const cos = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0) / Math.sqrt(a.reduce((s, v) => s + v * v, 0) * b.reduce((s, v) => s + v * v, 0));
  return Array.from({ length: dims[0]! - 1 }, (_, k) => cos(rep(0), rep(k + 1)));
})();
/** The fixture's float images as the widget shows them: round(255·x), half up. */
const FIXTURE_PIXELS = (() => {
  const d = CASE.outputs.image.data;
  const n = CASE.outputs.image.dims[0]!;
  return Array.from({ length: n }, (_, i) => d.slice(i * 784, (i + 1) * 784).map((v) => Math.min(255, Math.max(0, Math.floor(v * 255 + 0.5)))));
})();


interface LiveOut { seed: number; sigma: number; aug: boolean; images: number[][] }
async function liveOutput(root: Locator): Promise<LiveOut> {
  const el = root.locator('[data-live-output]');
  await expect(el).toBeAttached({ timeout: 30_000 });
  return JSON.parse((await el.getAttribute('data-live-output'))!) as LiveOut;
}

async function setSigma(root: Locator, sigma: number) {
  const sigmas = [0, 0.1, 0.25, 0.5, 1, 2];
  // With the keyboard, as a reader would: Home, then one ArrowRight per step.
  const slider = root.locator('[data-sigma-slider]');
  await slider.focus();
  await slider.press('Home');
  for (let i = 0; i < sigmas.indexOf(sigma); i++) await slider.press('ArrowRight');
  await expect(slider).toHaveValue(String(sigmas.indexOf(sigma)));
  await expect(root.locator('.genrep-row')).toHaveAttribute('data-sigma', String(sigma));
}

async function widget(page: Page): Promise<Locator> {
  return hydratedWidget(page, 'genrep-latent');
}

for (const { lang, path, query, error404 } of PAGES) {
  test.describe(`genrep article (${lang})`, () => {
    test('every metric on the page equals its model card; the σ curve is drawn from the card', async ({ page }) => {
      const w = watch(page);
      await page.goto(path);
      const metrics = await expectMetricsEqualCards(page, 15);
      const models = new Set(metrics.map((x) => x.model));
      expect(models.has('genrep-encoder')).toBe(true);
      const real = metrics.find((x) => x.model === 'genrep-encoder' && x.name === 'probe_real')!;
      expect(real.text).toMatch(lang === 'ru' ? /^\d+,\d\s%$/ : /^\d+\.\d\s%$/);
      const curve = page.locator('[data-widget="genrep-sigma-curve"]');
      await expect(curve.locator('g[data-series="latent"] .point')).toHaveCount(5);
      await expect(curve.locator('g[data-series="latent+pixel"] .point')).toHaveCount(5);
      for (const p of await curve.locator('g[data-series="latent"] .point').all()) {
        const s = Number(await p.getAttribute('data-sigma'));
        expect(Number(await p.getAttribute('data-mean'))).toBe(cardMetric('genrep-encoder', `probe_latent_s${String(s).replace('.', '_')}`));
      }
      await expect(page.locator('details.model-card#model-genrep-generator')).toHaveCount(1);
      await expect(page.locator('details.model-card#model-genrep-encoder')).toHaveCount(1);
      expect(await page.locator('main .katex').count()).toBeGreaterThan(8);
      await expect(page.locator('main .katex-error')).toHaveCount(0);
      expect(w.issues).toEqual([]);
    });

    test('baked images first; the live generator matches the fixture; σ and augmentation change the views', async ({ page }) => {
      const w = watch(page);
      const heavy: string[] = [];
      page.on('request', (r) => { if (/\.(wasm|onnx)$/.test(new URL(r.url()).pathname)) heavy.push(r.url()); });
      await page.goto(path);
      const root = await widget(page);
      const row = root.locator('.genrep-row');
      await expect(root.locator('.genrep-state')).toHaveAttribute('data-state', 'baked');
      await expect(row).toHaveAttribute('data-seed', String(CASE.seed));
      await expect(row).toHaveAttribute('data-sigma', String(CASE.sigma));
      await expect(row.locator('figure img')).toHaveCount(6);
      await expect(row.locator('[data-live-output]')).toHaveCount(0);
      expect(heavy).toEqual([]);

      // Baked mode is interactive too: another σ and another anchor (from baked.json).
      await setSigma(root, 2);
      await expect(row.locator('figure img')).toHaveCount(6);
      await root.locator('[data-next-anchor]').click();
      await expect(row).toHaveAttribute('data-seed', String(CASE.seed + 1));
      await expect(row.locator('figure img')).toHaveCount(6);
      expect(heavy).toEqual([]);
      // back to the fixture's anchor: the baked anchors cycle
      for (let i = 0; i < 5; i++) await root.locator('[data-next-anchor]').click();
      await expect(row).toHaveAttribute('data-seed', String(CASE.seed));
      await setSigma(root, CASE.sigma);

      await root.locator('[data-live-start]').click();
      await expect(root.locator('[data-live-ready]')).toBeVisible({ timeout: 30_000 });
      await expect(root.locator('.genrep-state')).toHaveAttribute('data-state', 'live', { timeout: 15_000 });
      const out = await liveOutput(root);
      expect(out.seed).toBe(CASE.seed);
      expect(out.sigma).toBe(CASE.sigma);
      expect(out.images).toHaveLength(FIXTURE_PIXELS.length);
      out.images.forEach((img, i) => {
        const worst = Math.max(...img.map((v, j) => Math.abs(v - FIXTURE_PIXELS[i]![j]!)));
        expect(worst, `image ${i} within one grey level of the fixture`).toBeLessThanOrEqual(1);
      });
      // The encoder scores the same pair: its cosines match the ones from the encoder's fixture.
      const cosEl = row;
      await expect(cosEl).toHaveAttribute('data-live-cosines', /cosines/, { timeout: 15_000 });
      const cos = JSON.parse((await cosEl.getAttribute('data-live-cosines'))!) as { seed: number; sigma: number; aug: boolean; cosines: number[] };
      expect([cos.seed, cos.sigma, cos.aug]).toEqual([CASE.seed, CASE.sigma, false]);
      cos.cosines.forEach((c, k) => expect(Math.abs(c - FIXTURE_COSINES[k]!), `cosine ${k + 1}`).toBeLessThanOrEqual(0.01));
      await expect(row.locator('[data-cos]')).toHaveCount(5);

      // Moving σ re-generates the positives; the anchor stays.
      await setSigma(root, 1);
      await expect.poll(async () => (await liveOutput(root)).sigma, { timeout: 15_000 }).toBe(1);
      const moved = await liveOutput(root);
      expect(moved.images[0]).toEqual(out.images[0]);
      expect(moved.images[1]!.some((v, j) => v !== out.images[1]![j])).toBe(true);
      const dBefore = Number(await root.locator('[data-mean-distance]').getAttribute('data-mean-distance'));
      await setSigma(root, 2);
      await expect.poll(async () => Number(await root.locator('[data-mean-distance]').getAttribute('data-mean-distance')), { timeout: 15_000 }).toBeGreaterThan(dBefore);

      // The augmentation toggle changes the displayed views (not the generator output).
      const src0 = await row.locator('figure[data-view="0"] img').getAttribute('src');
      await root.locator('[data-aug-toggle]').check();
      await expect(row).toHaveAttribute('data-aug', '1');
      await expect(row.locator('figure[data-view="0"] img')).not.toHaveAttribute('src', src0!);

      // A new anchor beyond the baked ones exists only live.
      await root.locator('[data-next-anchor]').click();
      await expect.poll(async () => (await liveOutput(root)).seed, { timeout: 15_000 }).toBe(CASE.seed + 1);
      expect(w.issues).toEqual([]);
    });

    test('a missing generator gives the localised error and keeps the baked images', async ({ page }) => {
      const w = watch(page, { expected: [{ url: /\/models\/genrep-generator\/model\.onnx$/, status: 404 }] });
      await page.route('**/models/genrep-generator/model.onnx', (route) => route.fulfill({ status: 404, body: 'not found' }));
      await page.goto(path);
      const root = await widget(page);
      await root.locator('[data-live-start]').click();
      await expect(root.locator('[data-live-error="notFound"]')).toBeVisible({ timeout: 30_000 });
      await expect(root.locator('[data-live-error] [role="alert"]')).toContainText(error404);
      await expect(root.locator('[data-live-error] [role="alert"]')).toContainText('404');
      await expect(root.locator('.genrep-state')).toHaveAttribute('data-state', 'baked');
      await expect(root.locator('[data-live-output]')).toHaveCount(0);
      expect(w.issues).toEqual([]);
    });

    test(`Pagefind finds the article for «${query}»`, async ({ page }) => {
      await expectSearchFinds(page, lang, query, path);
    });
  });
}
