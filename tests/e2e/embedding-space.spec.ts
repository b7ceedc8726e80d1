// The "embedding space" widget of the BYOL and SupCon articles, in both languages, against the
// built site: the baked map (1,000 points, server-rendered), the BYOL training-snapshot scrubber,
// baked neighbours, and live mode — the model in onnxruntime-web reproduces its PyTorch fixture
// representation and lands on the baked coords; a drawing is embedded; a broken model shows the
// error while the map keeps working; a bad hash falls back to the defaults.
import { test, expect, type Page, type Locator } from '@playwright/test';
import { hydratedWidget } from './widget-ready.ts';
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { AXE_TAGS, formatViolations, type AxeViolation, drawTrousers } from './helpers.ts';

interface Baked {
  subset: { test_indices: number[]; labels: number[]; coords: [number, number][]; neighbours: { query: number[]; indices: number[][] } };
}
interface Fixtures { atol: number; cases: { name: string; outputs: Record<string, { data: number[] }> }[] }
const read = <T,>(id: string, f: string) => JSON.parse(readFileSync(`public/models/${id}/${f}`, 'utf8')) as T;

const ARTICLES = [
  { article: 'byol', defaultId: 'byol-full', otherId: 'byol-supervised' },
  { article: 'supcon', defaultId: 'supcon-out', otherId: 'supcon-ce' },
] as const;
const LANGS = [
  { lang: 'ru', prefix: '' },
  { lang: 'en', prefix: '/en' },
] as const;

async function ready(page: Page): Promise<Locator> {
  return hydratedWidget(page, 'embedding-space', 20_000);
}

const firstCx = (page: Page) => page.locator('[data-widget="embedding-space"] circle.pt').first().getAttribute('cx');

for (const { article, defaultId, otherId } of ARTICLES) {
  const baked = read<Baked>(defaultId, 'baked.json');
  const fixtures = read<Fixtures>(defaultId, 'fixtures.json');
  for (const { lang, prefix } of LANGS) {
    const path = `${prefix}/posts/${article}/`;
    test.describe(`embedding space: ${article} (${lang})`, () => {
      test('baked map: 1,000 points server-rendered, numbers, neighbours of a query point, no runtime', async ({ page, request }) => {
        test.setTimeout(120_000);
        // Server-rendered: the map is in the HTML before any JavaScript runs.
        const html = await (await request.get(path)).text();
        const section = html.slice(html.indexOf('data-widget="embedding-space"'));
        expect(section.match(/class="pt k\d/g)?.length ?? 0).toBeGreaterThanOrEqual(1000);

        const live: string[] = [];
        page.on('request', (r) => { if (/\.wasm$|\.onnx$|ort/.test(new URL(r.url()).pathname)) live.push(r.url()); });
        await page.goto(path);
        const widget = await ready(page);
        await expect(widget.locator('svg.es-plot circle.pt')).toHaveCount(1000);
        await expect(widget.locator('svg.es-plot circle.pt.q')).toHaveCount(200);
        await expect(widget.locator('[data-metric]').first()).toContainText(/\d/);
        await expect(widget.locator('select[data-control="variant"]')).toHaveValue(defaultId);

        // Clicking a ringed dot selects it and shows its 5 baked neighbours.
        const dot = widget.locator('svg.es-plot circle.pt').nth(baked.subset.neighbours.query[7]!);
        await dot.scrollIntoViewIfNeeded();
        const box = (await dot.boundingBox())!;
        await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
        await expect(page).toHaveURL(/emb=.*p%3A\d+/);
        // The nearest ringed dot under the pointer is selected (dots may overlap).
        const q = Number(/p%3A(\d+)/.exec(page.url())![1]);
        const row = baked.subset.neighbours.query.indexOf(q);
        expect(row).toBeGreaterThanOrEqual(0);
        const items = widget.locator('[data-neighbours] li');
        await expect(items).toHaveCount(5);
        const got = await items.evaluateAll((li) => li.map((e) => Number(e.getAttribute('data-index'))));
        expect(got).toEqual(baked.subset.neighbours.indices[row]);
        // Keyboard: the picker's "next" steps to the next query image of the class.
        await widget.locator('[data-subset-next]').focus();
        await page.keyboard.press('Enter');
        await expect(page).not.toHaveURL(new RegExp(`emb=.*p%3A${q}(%2C|&|$)`));
        await expect(items).toHaveCount(5);
        // A class highlight is a toggle.
        const legend = widget.locator('.es-legend button').nth(3);
        await legend.click();
        await expect(legend).toHaveAttribute('aria-pressed', 'true');
        await expect(widget.locator('svg.es-plot')).toHaveAttribute('data-focus', '3');

        // Another model: its baked.json is fetched on demand and the map changes.
        const before = await firstCx(page);
        await widget.locator('select[data-control="variant"]').selectOption(otherId);
        await expect(widget.locator('svg.es-plot')).toHaveAttribute('data-coords-key', `${otherId}:final`);
        await expect(widget.locator('svg.es-plot')).not.toHaveClass(/stale/);
        expect(await firstCx(page)).not.toBe(before);
        expect(live).toEqual([]);
      });

      if (article === 'byol') {
        test('scrubber: training snapshots of (c) and (d) swap the map and the numbers', async ({ page }) => {
          test.setTimeout(120_000);
          await page.goto(path);
          const widget = await ready(page);
          const step = widget.locator('input[data-control="step"]');
          await expect(step).toBeEnabled();
          const final = await firstCx(page);
          const probeFinal = await widget.locator('[data-metric="probe_accuracy"] dd').textContent();
          await step.focus();
          await page.keyboard.press('Home');
          await expect(widget.locator('svg.es-plot')).toHaveAttribute('data-coords-key', 'byol-full:0');
          await expect(widget.locator('svg.es-plot')).not.toHaveClass(/stale/);
          expect(await firstCx(page)).not.toBe(final);
          await expect(widget.locator('[data-metric="probe_accuracy"] dd')).not.toHaveText(probeFinal ?? '');
          await page.keyboard.press('ArrowRight');
          await expect(widget.locator('svg.es-plot')).toHaveAttribute('data-coords-key', 'byol-full:1');
          await expect(page).toHaveURL(/emb=.*s%3A1/);
          // (d) has snapshots too; (a) has none and the slider says so.
          await widget.locator('select[data-control="variant"]').selectOption('byol-no-predictor');
          await expect(widget.locator('svg.es-plot')).toHaveAttribute('data-coords-key', 'byol-no-predictor:1');
          await widget.locator('select[data-control="variant"]').selectOption('byol-random-init');
          await expect(step).toBeDisabled();
          await expect(widget.locator('svg.es-plot')).toHaveAttribute('data-coords-key', 'byol-random-init:final');
          // The view is in the hash: a reload reproduces it.
          await page.reload();
          const again = await ready(page);
          await expect(again.locator('select[data-control="variant"]')).toHaveValue('byol-random-init');
        });
      }

      test('live: subset image 0 reproduces the fixture representation and the baked coords', async ({ page }) => {
        test.setTimeout(180_000);
        expect(baked.subset.test_indices[0]).toBe(0);
        await page.goto(`${path}#emb=v:${defaultId},s:5,p:0`);
        const widget = await ready(page);
        await widget.locator('[data-live-start]').click();
        await expect(widget.locator('[data-live-ready]')).toBeVisible({ timeout: 60_000 });
        const out = widget.locator('[data-live-output]');
        await expect(out).toBeAttached({ timeout: 30_000 });
        const expected = fixtures.cases.find((c) => c.name === 'subset-0')!.outputs.representation!.data;
        let first = JSON.parse((await out.getAttribute('data-live-output'))!) as { coords: [number, number]; representation: number[]; neighbours: number[] | null };
        expect(first.representation).toHaveLength(expected.length);
        first.representation.forEach((g, j) => expect(Math.abs(g - expected[j]!), `representation[${j}]`).toBeLessThanOrEqual(fixtures.atol));
        expect(Math.abs(first.coords[0] - baked.subset.coords[0]![0])).toBeLessThanOrEqual(1e-3);
        expect(Math.abs(first.coords[1] - baked.subset.coords[0]![1])).toBeLessThanOrEqual(1e-3);
        // Neighbours: the 1,000 images are embedded live once; they then match the baked ones.
        const t0 = Date.now();
        await expect.poll(async () => JSON.parse((await out.getAttribute('data-live-output'))!).neighbours, { timeout: 150_000 }).not.toBeNull();
        first = JSON.parse((await out.getAttribute('data-live-output'))!);
        const row = baked.subset.neighbours.query.indexOf(0);
        expect(row).toBeGreaterThanOrEqual(0);
        expect([...first.neighbours!].sort((a, b) => a - b)).toEqual([...baked.subset.neighbours.indices[row]!].sort((a, b) => a - b));
        await expect(widget.locator('[data-neighbours] li')).toHaveCount(5);
        const bank = widget.locator('[data-bank-ms]');
        await expect(bank).toBeVisible();
        const ms = Number(await bank.getAttribute('data-bank-ms'));
        const delta = Number(await bank.getAttribute('data-bank-delta'));
        test.info().annotations.push({ type: 'embed-1000', description: `${defaultId}: ${ms} ms (poll ${Date.now() - t0} ms); max |Δcoords| ${delta}` });
        console.log(`[embedding-space] ${defaultId} (${lang}): 1,000 images embedded live in ${ms} ms; max |live − baked coords| = ${delta}`);
        expect(delta).toBeLessThanOrEqual(1e-3);

        // Switching the model in live mode loads that model and re-embeds the image with it.
        const other = read<Baked>(otherId, 'baked.json');
        const otherFx = read<Fixtures>(otherId, 'fixtures.json');
        await widget.locator('select[data-control="variant"]').selectOption(otherId);
        await expect.poll(async () => JSON.parse((await out.getAttribute('data-live-output')) ?? '{}').variant, { timeout: 60_000 }).toBe(otherId);
        const switched = JSON.parse((await out.getAttribute('data-live-output'))!) as { coords: [number, number]; representation: number[] };
        const want = otherFx.cases.find((c) => c.name === 'subset-0')!.outputs.representation!.data;
        switched.representation.forEach((g, j) => expect(Math.abs(g - want[j]!), `${otherId} representation[${j}]`).toBeLessThanOrEqual(otherFx.atol));
        expect(Math.abs(switched.coords[0] - other.subset.coords[0]![0])).toBeLessThanOrEqual(1e-3);
        expect(Math.abs(switched.coords[1] - other.subset.coords[0]![1])).toBeLessThanOrEqual(1e-3);
        await expect(widget.locator('[data-live-ready]')).toBeVisible();
      });

      test('live: a drawing is embedded and placed on the map', async ({ page }) => {
        test.setTimeout(120_000);
        await page.goto(path);
        const widget = await ready(page);
        await widget.locator('.es-prompt button').nth(1).click();
        const canvas = widget.locator('canvas');
        await expect(canvas).toBeVisible();
        await drawTrousers(page, canvas);
        await expect(widget.locator('[data-live-ready]')).toBeVisible({ timeout: 60_000 });
        const out = widget.locator('[data-live-output]');
        await expect(out).toBeAttached({ timeout: 30_000 });
        const got = JSON.parse((await out.getAttribute('data-live-output'))!) as { coords: number[]; representation: number[] };
        expect(got.representation).toHaveLength(128);
        expect(got.coords.every(Number.isFinite)).toBe(true);
        await expect(widget.locator('svg.es-plot g.es-live')).toBeAttached();
        await expect(widget.locator('.es-live-key')).toBeVisible();
        await expect(widget.locator('[data-live-coords]')).toBeVisible();
      });

      test('a missing or corrupted model shows the error; the map keeps working', async ({ page }) => {
        test.setTimeout(120_000);
        await page.route(`**/models/${defaultId}/model.onnx`, (route) => route.fulfill({ status: 404, body: 'not found' }));
        await page.goto(path);
        const widget = await ready(page);
        await widget.locator('[data-live-start]').click();
        await expect(widget.locator('[data-live-error="notFound"]')).toBeVisible({ timeout: 30_000 });
        await expect(widget.locator('[data-live-output]')).toHaveCount(0);
        await expect(widget.locator('svg.es-plot circle.pt')).toHaveCount(1000);
        await widget.locator('[data-select-first]').click();
        await expect(widget.locator('[data-neighbours] li')).toHaveCount(5);
        // Garbage bytes: refused by the checksum.
        await page.unroute(`**/models/${defaultId}/model.onnx`);
        await page.route(`**/models/${defaultId}/model.onnx`, (route) => route.fulfill({ status: 200, body: Buffer.from('garbage'.repeat(100)), contentType: 'application/octet-stream' }));
        await widget.locator('[data-live-error] button').click();
        await expect(widget.locator('[data-live-error="checksum"]')).toBeVisible({ timeout: 30_000 });
        await widget.locator('select[data-control="variant"]').selectOption(otherId);
        await expect(widget.locator('svg.es-plot')).toHaveAttribute('data-coords-key', `${otherId}:final`);
      });

      for (const theme of ['light', 'dark'] as const) {
        test(`no axe violations in the interactive state, ${theme} theme, 360 px and desktop`, async ({ page }) => {
          test.setTimeout(120_000);
          await page.emulateMedia({ colorScheme: theme });
          await page.addInitScript((th) => { try { localStorage.setItem('theme', th); } catch { /* storage off */ } }, theme);
          await page.setViewportSize({ width: 360, height: 800 });
          await page.goto(`${path}#emb=v:${defaultId},s:${article === 'byol' ? 2 : 5},p:${baked.subset.neighbours.query[0]}`);
          const widget = await ready(page);
          await expect(widget.locator('[data-neighbours] li')).toHaveCount(5);
          await widget.locator('.es-legend button').first().click();
          for (const d of await widget.locator('details').all()) await d.evaluate((el) => { (el as HTMLDetailsElement).open = true; });
          expect(await page.evaluate(() => document.documentElement.scrollWidth - innerWidth), 'no horizontal scroll at 360 px').toBeLessThanOrEqual(0);
          for (const width of [360, 1280]) {
            await page.setViewportSize({ width, height: 900 });
            const result = await new AxeBuilder({ page }).include('[data-widget="embedding-space"]').withTags(AXE_TAGS).analyze();
            expect(formatViolations(result.violations as AxeViolation[]), `axe at ${width} px, ${theme}`).toEqual([]);
          }
        });
      }

      test('a failed baked.json fetch shows the error; a hand-edited hash falls back', async ({ page }) => {
        test.setTimeout(120_000);
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.route(`**/models/${otherId}/baked.json`, (route) => route.fulfill({ status: 500, body: 'oops' }));
        await page.goto(`${path}#emb=v:nope,s:99,p:123456`);
        const widget = await ready(page);
        await expect(widget.locator('select[data-control="variant"]')).toHaveValue(defaultId);
        await expect(widget.locator('svg.es-plot circle.pt')).toHaveCount(1000);
        await expect(widget.locator('[data-select-first]')).toBeVisible();
        await widget.locator('select[data-control="variant"]').selectOption(otherId);
        await expect(widget.locator('[data-live-error="network"]')).toBeVisible({ timeout: 15_000 });
        await widget.locator('select[data-control="variant"]').selectOption(defaultId);
        await expect(widget.locator('svg.es-plot')).toHaveAttribute('data-coords-key', `${defaultId}:final`);
        await expect(widget.locator('svg.es-plot')).not.toHaveClass(/stale/);
        expect(errors).toEqual([]);
      });
    });
  }
}
