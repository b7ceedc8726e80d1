// The BYOL "two views" widget, live in Chromium, both languages: with augmentations off, the live
// byol-full model reproduces its PyTorch fixtures for subset images 0 and 1 and the printed loss
// equals the formula on those outputs; augmented views change the loss; a negative pair (two
// different images) has a higher loss than the positive pair; broken models show the error.
import { test, expect, type Page, type Locator } from '@playwright/test';
import { hydratedWidget } from './widget-ready.ts';
import { readFileSync } from 'node:fs';

interface Fixture { atol: number; cases: { name: string; outputs: Record<string, { data: number[] }> }[] }
const fixtures = JSON.parse(readFileSync('public/models/byol-full/fixtures.json', 'utf8')) as Fixture;
const fx = (name: string) => fixtures.cases.find((c) => c.name === name)!.outputs;

const PAGES = [
  { lang: 'ru', path: '/posts/byol/' },
  { lang: 'en', path: '/en/posts/byol/' },
] as const;

// Every augmentation switched off: both views are the image itself.
const PLAIN = 'c:0,f:0,j:0,b:0,z:0';

interface Live { cos12: number; cos21: number; loss: number; views: { prediction: number[]; target: number[] }[] }

async function ready(page: Page): Promise<Locator> {
  return hydratedWidget(page, 'byol-two-views');
}

async function startLive(page: Page) {
  const root = await ready(page);
  await root.locator('[data-live-start]').click();
  await expect(root.locator('[data-live-ready]')).toBeVisible({ timeout: 30_000 });
  return root;
}

async function liveOutput(page: Page, previous?: string): Promise<Live> {
  const out = page.locator('[data-widget="byol-two-views"] [data-live-output]');
  await expect(out).toBeAttached({ timeout: 20_000 });
  if (previous) await expect(out).not.toHaveAttribute('data-live-output', previous, { timeout: 20_000 });
  return JSON.parse((await out.getAttribute('data-live-output'))!) as Live;
}

const cos = (a: number[], b: number[]) => {
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.length; i++) { ab += a[i]! * b[i]!; aa += a[i]! ** 2; bb += b[i]! ** 2; }
  return ab / Math.sqrt(aa * bb);
};

function expectClose(got: number[], want: number[], atol: number, what: string) {
  expect(got.length, what).toBe(want.length);
  const worst = Math.max(...got.map((g, i) => Math.abs(g - want[i]!)));
  expect(worst, `${what}: max |Δ|`).toBeLessThanOrEqual(atol);
}

for (const { lang, path } of PAGES) {
  test.describe(`BYOL two views (${lang})`, () => {
    test('views are built before any download; live outputs equal the PyTorch fixtures', async ({ page }) => {
      const heavy: string[] = [];
      page.on('request', (r) => { if (/\.(wasm|onnx)$/.test(r.url())) heavy.push(r.url()); });
      await page.goto(`${path}#views=${PLAIN},o:1`);
      const root = await ready(page);
      await expect(root.locator('.view img')).toHaveCount(2);
      expect(heavy, 'nothing heavy before the reader asks').toEqual([]);
      await root.locator('[data-live-start]').click();
      await expect(root.locator('[data-live-ready]')).toBeVisible({ timeout: 30_000 });
      const live = await liveOutput(page);
      // View 1 = subset image 0, view 2 = subset image 1, both un-augmented.
      for (const [k, name] of [[0, 'subset-0'], [1, 'subset-1']] as const) {
        expectClose(live.views[k]!.prediction, fx(name).prediction!.data, fixtures.atol, `${name} prediction`);
        expectClose(live.views[k]!.target, fx(name).target_projection!.data, fixtures.atol, `${name} target_projection`);
      }
      // The printed numbers are the BYOL loss of these outputs.
      const c12 = cos(live.views[0]!.prediction, live.views[1]!.target);
      const c21 = cos(live.views[1]!.prediction, live.views[0]!.target);
      expect(live.cos12).toBeCloseTo(c12, 5);
      expect(live.cos21).toBeCloseTo(c21, 5);
      expect(live.loss).toBeCloseTo(4 - 2 * c12 - 2 * c21, 5);
      const shown = (await root.locator('[data-loss] strong').textContent())!.replace(',', '.');
      expect(Number(shown)).toBeCloseTo(live.loss, 3);
    });

    test('a positive pair scores a lower loss than a negative pair; toggles and reseeding change the views', async ({ page }) => {
      await page.goto(path);
      const root = await startLive(page);
      const positive = await liveOutput(page);
      const before = await root.locator('.view img').first().getAttribute('src');
      await root.locator('[data-reseed]').click();
      await expect(root.locator('.view img').first()).not.toHaveAttribute('src', before!);
      const reseeded = await liveOutput(page, JSON.stringify(positive));
      expect(reseeded.loss).not.toBe(positive.loss);
      await root.locator('input[name="views-other"]').check();
      const negative = await liveOutput(page, JSON.stringify(reseeded));
      expect(negative.loss, 'different images: higher loss').toBeGreaterThan(reseeded.loss);
      await expect(root.locator('.pair-loss')).toContainText(lang === 'ru' ? 'разных изображений' : 'different images');
      // Switching blur off changes the image when the view was blurred, and never breaks the widget.
      await root.locator('input[name="views-b"]').uncheck();
      await expect(root.locator('input[name="views-bs"]')).toBeDisabled();
      await expect.poll(() => decodeURIComponent(page.url())).toMatch(/#views=.*\bb:0/);
    });

    test('another image of the subset loads from the sprite and is embedded', async ({ page }) => {
      await page.goto(`${path}#views=${PLAIN}`);
      const root = await startLive(page);
      const first = await liveOutput(page);
      await root.locator('[data-subset-next]').first().click();
      const next = await liveOutput(page, JSON.stringify(first));
      expect(next.views[0]!.prediction).not.toEqual(first.views[0]!.prediction);
    });

    test('a missing model shows the error in the page language; the views keep working', async ({ page }) => {
      await page.route('**/models/byol-full/model.onnx', (route) => route.fulfill({ status: 404, body: 'not found' }));
      await page.goto(path);
      const root = await ready(page);
      await root.locator('[data-live-start]').click();
      await expect(root.locator('[data-live-error="notFound"]')).toBeVisible({ timeout: 30_000 });
      const before = await root.locator('.view img').first().getAttribute('src');
      await root.locator('[data-reseed]').click();
      await expect(root.locator('.view img').first()).not.toHaveAttribute('src', before!);
    });

    test('a hand-edited hash falls back to defaults', async ({ page }) => {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${path}#views=i:99999,s1:-5,ca:1000,zz:1`);
      const root = await ready(page);
      await expect(root.locator('.view img')).toHaveCount(2);
      expect(errors).toEqual([]);
    });
  });
}
