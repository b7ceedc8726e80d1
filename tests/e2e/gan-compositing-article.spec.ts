// The GAN-compositing article on the built site, in both languages: every number it shows equals
// its model card; the widget shows the baked preset blend before anything is downloaded; the live
// encoder + decoder reproduce the Python fixture (tests/fixtures/composite-lib.json) for two preset
// masks; painting with the pointer and toggling a cell with the keyboard change the live result; a
// missing model gives the localised error; Pagefind finds the article for the issue's search terms.
// site.spec.ts covers axe, 360 px, console errors and no-JS for every page.
import { readFileSync } from 'node:fs';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { hydratedWidget } from './widget-ready.ts';
import { expectMetricsEqualCards } from './article-metrics.ts';
import { watch } from './helpers.ts';
import { expectSearchFinds } from './article-search.ts';

const PAGES = [
  { lang: 'ru', path: '/posts/gan-compositing/', queries: ['генеративно-состязательная', 'латентное пространство'], error404: 'не найден' },
  { lang: 'en', path: '/en/posts/gan-compositing/', queries: ['latent space'], error404: 'not found' },
] as const;
const MODELS = ['composite-encoder', 'composite-decoder'];

interface Case { seam_paste: number; seam_feather: number; seam_feature: number; decoded_u8: number[] }
const LIB = JSON.parse(readFileSync('tests/fixtures/composite-lib.json', 'utf8')) as { cases: Record<string, Case> };
const HEADS = JSON.parse(readFileSync('public/models/composite-encoder/heads.json', 'utf8')) as {
  results: { pair: number; preset: string; seam: { paste: number; feather: number; feature: number } }[];
};


interface LiveOut { pair: number; mask: string; area: number; seam: { paste: number; feather: number; feature: number }; decoded: number[] }
async function liveOutput(root: Locator): Promise<LiveOut> {
  const el = root.locator('[data-live-output]');
  await expect(el).toBeAttached({ timeout: 30_000 });
  return JSON.parse((await el.getAttribute('data-live-output'))!) as LiveOut;
}

/** Polls until the live result equals the fixture case: seams within 1e-3, every pixel within 1 of 255. */
async function expectFixture(root: Locator, name: string) {
  const c = LIB.cases[name]!;
  await expect.poll(async () => {
    const out = await liveOutput(root);
    if (out.mask !== name) return `mask ${out.mask}`;
    const bad = out.decoded.filter((v, i) => Math.abs(v - c.decoded_u8[i]!) > 1).length;
    return Math.abs(out.seam.paste - c.seam_paste) <= 1e-6 && Math.abs(out.seam.feather - c.seam_feather) <= 1e-6
      && Math.abs(out.seam.feature - c.seam_feature) <= 1e-3 && out.decoded.length === c.decoded_u8.length && bad === 0
      ? 'ok' : `seams ${JSON.stringify(out.seam)}, ${bad} pixels off`;
  }, { timeout: 20_000, message: `live output equals fixture case ${name}` }).toBe('ok');
}

async function widget(page: Page): Promise<Locator> {
  return hydratedWidget(page, 'composite-blend');
}

for (const { lang, path, queries, error404 } of PAGES) {
  test.describe(`gan-compositing article (${lang})`, () => {
    test('every metric on the page equals its model card; cards and maths render', async ({ page }) => {
      const w = watch(page);
      await page.goto(path);
      const metrics = await expectMetricsEqualCards(page, 15);
      const models = new Set(metrics.map((x) => x.model));
      expect(models.has('composite-encoder')).toBe(true);
      const share = metrics.find((x) => x.name === 'feature_beats_paste')!;
      expect(share.text).toMatch(lang === 'ru' ? /^\d+(,\d)?\s%$/ : /^\d+(\.\d)?\s%$/);
      for (const id of MODELS) await expect(page.locator(`details.model-card#model-${id}`)).toHaveCount(1);
      expect(await page.locator('main .katex').count()).toBeGreaterThan(15);
      await expect(page.locator('main .katex-error')).toHaveCount(0);
      expect(w.issues).toEqual([]);
    });

    test('baked preset first; live models match the fixture; painting and the keyboard change the result', async ({ page }) => {
      const w = watch(page);
      const heavy: string[] = [];
      page.on('request', (r) => { if (/\.(wasm|onnx)$/.test(new URL(r.url()).pathname)) heavy.push(r.url()); });
      await page.goto(path);
      const root = await widget(page);
      const results = root.locator('.composite-results');
      await expect(results).toHaveAttribute('data-source', 'baked');
      const baked = HEADS.results.find((r) => r.pair === 0 && r.preset === 'hair')!;
      expect(Number(await results.locator('figure[data-method="feature"]').getAttribute('data-seam'))).toBe(baked.seam.feature);
      expect(Math.abs(Number(await results.locator('figure[data-method="paste"]').getAttribute('data-seam')) - baked.seam.paste)).toBeLessThanOrEqual(1e-4);
      await expect(root.locator('[data-live-output]')).toHaveCount(0);
      expect(heavy).toEqual([]);

      await root.locator('[data-live-start]').click();
      await expect(root.locator('[data-live-ready]')).toBeVisible({ timeout: 30_000 });
      await expectFixture(root, 'hair');
      await expect(results).toHaveAttribute('data-source', 'live');
      await root.locator('button[data-preset="left"]').click();
      await expectFixture(root, 'left');
      const before = await liveOutput(root);

      // Pointer: a stroke across head A makes a custom mask and a new live blend.
      const pad = root.locator('[data-pad]');
      await pad.scrollIntoViewIfNeeded();
      const box = (await pad.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.3);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.85, box.y + box.height * 0.6, { steps: 6 });
      await page.mouse.up();
      await expect.poll(async () => (await liveOutput(root)).mask, { timeout: 15_000 }).toBe('custom');
      const painted = await liveOutput(root);
      expect(painted.area).toBeGreaterThan(before.area);
      expect(painted.seam.feature).not.toBe(before.seam.feature);

      // Keyboard: move the cell cursor and switch a cell on.
      await pad.focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Space');
      await expect.poll(async () => (await liveOutput(root)).area, { timeout: 15_000 }).not.toBe(painted.area);

      // The seam band can be highlighted; a preset brings the fixture back.
      await root.locator('input[data-show-band]').check();
      await root.locator('button[data-preset="hair"]').click();
      await expectFixture(root, 'hair');
      expect(w.issues).toEqual([]);
    });

    test('a missing model gives the localised error and keeps the baked blend', async ({ page }) => {
      const w = watch(page, { expected: [{ url: /\/models\/composite-decoder\/model\.onnx$/, status: 404 }] });
      await page.route('**/models/composite-decoder/model.onnx', (route) => route.fulfill({ status: 404, body: 'not found' }));
      await page.goto(path);
      const root = await widget(page);
      await root.locator('[data-live-start]').click();
      await expect(root.locator('[data-live-error="notFound"]')).toBeVisible({ timeout: 30_000 });
      await expect(root.locator('[data-live-error] [role="alert"]')).toContainText(error404);
      await expect(root.locator('.composite-results')).toHaveAttribute('data-source', 'baked');
      await expect(root.locator('[data-live-output]')).toHaveCount(0);
      expect(w.issues).toEqual([]);
    });

    for (const q of queries) {
      test(`Pagefind finds the article for «${q}»`, async ({ page }) => {
        await expectSearchFinds(page, lang, q, path);
      });
    }
  });
}
