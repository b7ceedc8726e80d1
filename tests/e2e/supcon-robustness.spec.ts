// The SupCon robustness widget, in Chromium against the built site, in both languages: the printed
// curves are the cards' metrics, the corruption works before anything is downloaded, the four live
// encoders reproduce their PyTorch fixtures (representation; logits through the baked classifier),
// the slider changes image and answers, a broken model fails alone, and the hash state is robust.
import { test, expect, type Page, type Locator } from '@playwright/test';
import { hydratedWidget } from './widget-ready.ts';
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { fmt, numberFormat, t, type Lang } from '../../src/i18n/index.ts';
import { AXE_TAGS, formatViolations, type AxeViolation } from './helpers.ts';

const IDS = ['supcon-ce', 'supcon-simclr', 'supcon-out', 'supcon-in'] as const;
const read = (id: string, file: string) => JSON.parse(readFileSync(`public/models/${id}/${file}`, 'utf8'));
const cards = Object.fromEntries(IDS.map((id) => [id, read(id, 'card.json') as { metrics: Record<string, { value: number }> }]));
const classifiers = Object.fromEntries(IDS.map((id) => [id, read(id, 'baked.json').classifier as { W: number[][]; b: number[] }]));
const fixtures = Object.fromEntries(IDS.map((id) => [id, read(id, 'fixtures.json') as {
  atol: number;
  cases: { name: string; outputs: Record<string, { data: number[] }> }[];
}]));

const PAGES: { lang: Lang; path: string }[] = [
  { lang: 'ru', path: '/posts/supcon/' },
  { lang: 'en', path: '/en/posts/supcon/' },
];

async function ready(page: Page): Promise<Locator> {
  return hydratedWidget(page, 'supcon-robustness');
}

const json = async (loc: Locator, attr: string) => JSON.parse((await loc.getAttribute(attr)) ?? 'null');

for (const { lang, path } of PAGES) {
  test.describe(`supcon robustness (${lang})`, () => {
    test('curves and data table are the cards\' metrics; images work before anything live loads', async ({ page }) => {
      const live: string[] = [];
      page.on('request', (r) => { if (/\.wasm$|\/models\//.test(new URL(r.url()).pathname)) live.push(r.url()); });
      await page.goto(path);
      const widget = await ready(page);
      const cells = await widget.locator('table.robust-data td[data-metric]').evaluateAll((tds) => tds.map((td) => ({
        id: td.getAttribute('data-model')!, name: td.getAttribute('data-metric')!, value: td.getAttribute('data-value')!, text: td.textContent,
      })));
      expect(cells).toHaveLength(13 * 4);
      expect(new Set(cells.map((c) => `${c.id} ${c.name}`)).size).toBe(13 * 4);
      for (const c of cells) {
        const want = cards[c.id]!.metrics[c.name]!.value;
        expect(Number(c.value), `${c.id} ${c.name}`).toBe(want);
        expect(c.text, `${c.id} ${c.name}`).toBe(`${numberFormat(lang, want * 100, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}\u00a0%`);
      }
      // The chart has the four series, one marker per measured point plus the clean one.
      for (const id of IDS) await expect(widget.locator(`[data-series="${id}"] .mk > *`)).toHaveCount(5);
      // The corruption is computed on the page: both images are there, and the strength changes the corrupted one.
      const corrupted = widget.locator('img[data-corrupted]');
      const before = await corrupted.getAttribute('src');
      await widget.locator('button[data-kind="blur"]').click();
      await expect(corrupted).not.toHaveAttribute('src', before!);
      await expect(page).toHaveURL(/#robust=i%3A0%2Ck%3Ablur%2Cs%3A100|#robust=i:0,k:blur,s:100/);
      await expect(widget.locator('[data-live-output]')).toHaveCount(0);
      expect(live).toEqual([]);
    });

    test('live: each encoder reproduces its fixture on subset image 0 at strength 0; the slider changes image and answers', async ({ page }) => {
      test.setTimeout(150_000);
      await page.goto(`${path}#robust=i:0,k:noise,s:0`);
      const widget = await ready(page);
      await expect(widget.locator('[data-strength-value]')).toContainText('0');
      await widget.locator('[data-live-start]').click();
      await expect(widget.locator('[data-live-ready]')).toBeVisible({ timeout: 60_000 });
      const out = widget.locator('[data-live-output]');
      await expect(out).toHaveAttribute('data-live-key', '0:noise:0', { timeout: 15_000 });
      const reps = (await json(out, 'data-representations')) as Record<string, number[]>;
      const logits = (await json(out, 'data-logits')) as Record<string, number[]>;
      const probs = (await json(out, 'data-live-output')) as Record<string, number[]>;
      expect(Object.keys(probs).sort()).toEqual([...IDS].sort());
      for (const id of IDS) {
        const fx = fixtures[id]!;
        const want = fx.cases.find((c) => c.name === 'subset-0')!.outputs.representation!.data;
        expect(reps[id]).toHaveLength(128);
        const worst = Math.max(...want.map((v, j) => Math.abs(v - reps[id]![j]!)));
        expect(worst, `${id}: representation vs fixture`).toBeLessThanOrEqual(fx.atol);
        test.info().annotations.push({ type: 'max |Δ representation|', description: `${id}: ${worst.toExponential(2)}` });
        // Logits through the baked classifier from the fixture's representation.
        const { W, b } = classifiers[id]!;
        const wantLogits = W.map((row, k) => row.reduce((a, w, j) => a + w * want[j]!, b[k]!));
        const tol = fx.atol * Math.max(...W.map((row) => row.reduce((a, w) => a + Math.abs(w), 0)));
        wantLogits.forEach((v, k) => expect(Math.abs(v - logits[id]![k]!), `${id}: logit ${k}`).toBeLessThanOrEqual(tol));
        expect(Math.abs(probs[id]!.reduce((a, v) => a + v, 0) - 1)).toBeLessThan(1e-6);
      }
      // The clean image is an ankle boot (class 9) and every model gets it right.
      for (const id of IDS) await expect(widget.locator(`tr[data-model="${id}"]`)).toHaveAttribute('data-correct', 'true');

      // Move the slider with the keyboard: the corrupted image and the live answers follow.
      const corrupted = widget.locator('img[data-corrupted]');
      const src0 = await corrupted.getAttribute('src');
      const slider = widget.locator('input[type="range"]');
      await slider.focus();
      for (let i = 0; i < 50; i++) await page.keyboard.press('ArrowRight');
      await expect(slider).toHaveValue('50');
      await expect(corrupted).not.toHaveAttribute('src', src0!);
      await expect(out).toHaveAttribute('data-live-key', '0:noise:50', { timeout: 15_000 });
      const probs50 = (await json(out, 'data-live-output')) as Record<string, number[]>;
      for (const id of IDS) expect(probs50[id], id).not.toEqual(probs[id]);
      await expect(widget.locator('[data-strength-value]')).toContainText(numberFormat(lang, 0.5, { minimumFractionDigits: 2 }));
      // Another kind and a measured-point button.
      await widget.locator('button[data-kind="occlusion"]').click();
      await widget.locator('button[data-measured="18"]').click();
      await expect(out).toHaveAttribute('data-live-key', '0:occlusion:18', { timeout: 15_000 });
      await expect(widget.locator('table.robust-data tr.current')).toHaveCount(1);
    });

    test('a missing model fails alone: its error is shown, the other three keep answering', async ({ page }) => {
      test.setTimeout(150_000);
      await page.route('**/models/supcon-simclr/model.onnx', (route) => route.fulfill({ status: 404, body: 'not found' }));
      await page.goto(path);
      const widget = await ready(page);
      await widget.locator('[data-live-start]').click();
      await expect(widget.locator('[data-live-error="notFound"]')).toBeVisible({ timeout: 60_000 });
      await expect(widget.locator('[data-live-error] [role="alert"]')).toHaveText(fmt(t(lang).widget.errors.notFound, { status: 404 }));
      await expect(widget.locator('[data-failed-models]')).toHaveAttribute('data-failed-models', 'supcon-simclr');
      await expect(widget.locator('tr[data-model="supcon-simclr"]')).toContainText(t(lang).robustness.failed);
      const out = widget.locator('[data-live-output]');
      await expect(out).toBeAttached({ timeout: 15_000 });
      expect(Object.keys(await json(out, 'data-live-output')).sort()).toEqual(['supcon-ce', 'supcon-in', 'supcon-out']);
      // The rest keeps working: another strength is classified by the three.
      await widget.locator('button[data-measured="0.5"]').click();
      await expect(out).toHaveAttribute('data-live-key', '0:noise:50', { timeout: 15_000 });
      // The live + error state is accessible in both themes, and fits 360 px.
      await widget.locator('details.data-table summary').click();
      for (const scheme of ['light', 'dark'] as const) {
        await page.evaluate((th) => { document.documentElement.dataset.theme = th; }, scheme);
        await page.emulateMedia({ colorScheme: scheme });
        const res = await new AxeBuilder({ page }).include('[data-widget="supcon-robustness"]').withTags(AXE_TAGS).analyze();
        expect(formatViolations(res.violations as AxeViolation[]), `axe, ${scheme}`).toEqual([]);
      }
      await page.setViewportSize({ width: 360, height: 800 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      // Retry once the file is back: all four.
      await page.unroute('**/models/supcon-simclr/model.onnx');
      await widget.locator('[data-live-error] button').click();
      await expect(widget.locator('[data-live-ready]')).toBeVisible({ timeout: 60_000 });
      await expect.poll(async () => Object.keys((await json(out, 'data-live-output')) ?? {}).length, { timeout: 15_000 }).toBe(4);
    });

    test('a corrupted model is refused by its checksum; the other three answer', async ({ page }) => {
      test.setTimeout(150_000);
      const broken = Buffer.from(readFileSync('public/models/supcon-in/model.onnx'));
      broken[Math.floor(broken.length / 2)] ^= 0xff;
      await page.route('**/models/supcon-in/model.onnx', (route) => route.fulfill({ status: 200, body: broken, contentType: 'application/octet-stream' }));
      await page.goto(path);
      const widget = await ready(page);
      await widget.locator('[data-live-start]').click();
      await expect(widget.locator('[data-live-error="checksum"]')).toBeVisible({ timeout: 60_000 });
      await expect(widget.locator('[data-live-error] [role="alert"]')).toHaveText(t(lang).widget.errors.checksum);
      const out = widget.locator('[data-live-output]');
      await expect.poll(async () => Object.keys((await json(out, 'data-live-output')) ?? {}).sort(), { timeout: 15_000 }).toEqual(['supcon-ce', 'supcon-out', 'supcon-simclr']);
      for (const id of ['supcon-ce', 'supcon-out', 'supcon-simclr']) await expect(widget.locator(`tr[data-model="${id}"]`)).toHaveAttribute('data-pred', /\d/);
    });

    test('hash state: a valid hash is restored (other image from the sprite), an invalid one gives defaults', async ({ page }) => {
      await page.goto(`${path}#robust=i:150,k:blur,s:150`);
      const widget = await ready(page);
      await expect(widget.locator('button[data-kind="blur"]')).toHaveAttribute('aria-pressed', 'true');
      await expect(widget.locator('input[type="range"]')).toHaveValue('150');
      await expect(widget.locator('img[data-corrupted]')).toHaveAttribute('data-corrupted', '150:blur:150');
      const img0 = await page.goto(`${path}#robust=i:0,k:blur,s:150`).then(() => ready(page)).then((w) => w.locator('img[data-clean]').getAttribute('src'));
      await page.goto(`${path}#robust=i:150,k:blur,s:150`);
      await page.reload();
      const w2 = await ready(page);
      await expect(w2.locator('img[data-clean]')).not.toHaveAttribute('src', img0!);
      // Garbage and out-of-range values: defaults (image 0, noise σ 0.2), no errors.
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${path}#robust=i:5000,k:zzz,s:-3`);
      await page.reload();
      const w3 = await ready(page);
      await expect(w3.locator('button[data-kind="noise"]')).toHaveAttribute('aria-pressed', 'true');
      await expect(w3.locator('img[data-corrupted]')).toHaveAttribute('data-corrupted', '0:noise:20');
      await page.goto(`${path}#robust=i:3,k:occlusion,s:99`);
      await page.reload();
      const w4 = await ready(page);
      await expect(w4.locator('input[type="range"]')).toHaveValue('10');
      expect(errors).toEqual([]);
    });
  });
}
