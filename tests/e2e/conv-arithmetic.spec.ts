// The pilot article's widgets, live in Chromium against the built site, in both languages:
// the calculator's runtime shapes equal its formula's, the CNN reproduces its PyTorch fixtures,
// and broken models / runtimes show the error UI while the rest of the page keeps working.
import { drawTrousers } from './helpers.ts';
import { test, expect, type Page, type Locator } from '@playwright/test';
import { hydratedWidget } from './widget-ready.ts';
import { readFileSync } from 'node:fs';

const fixtures = JSON.parse(readFileSync('public/models/fashion-cnn/fixtures.json', 'utf8')) as {
  atol: number;
  cases: { name: string; outputs: Record<string, { data: number[] }> }[];
};

const PAGES = [
  { lang: 'ru', path: '/posts/conv-arithmetic/' },
  { lang: 'en', path: '/en/posts/conv-arithmetic/' },
];

const calc = (page: Page) => page.locator('[data-widget="conv-calculator"]').first();

/** Scrolls a widget into view and waits until its island has hydrated (Astro drops `ssr`). */
async function ready(page: Page, widget: 'conv-calculator' | 'cell-receptive-field'): Promise<Locator> {
  return hydratedWidget(page, widget);
}

async function formulaVsRuntime(page: Page) {
  const rows = calc(page).locator('tbody tr[data-row]');
  const n = await rows.count();
  const pairs: [string, string][] = [];
  for (let i = 0; i < n; i++) {
    const f = await rows.nth(i).locator('[data-formula-out]').getAttribute('data-formula-out');
    const r = await rows.nth(i).locator('[data-runtime-out]').getAttribute('data-runtime-out');
    pairs.push([f ?? '', r ?? '']);
  }
  return pairs;
}

for (const { lang, path } of PAGES) {
  test.describe(`conv-arithmetic (${lang})`, () => {
    test('calculator: baked formulas without the runtime, then onnxruntime-web agrees', async ({ page }) => {
      const wasm: string[] = [];
      page.on('request', (r) => { if (r.url().endsWith('.wasm')) wasm.push(r.url()); });
      await page.goto(path);
      const widget = await ready(page, 'conv-calculator');
      // Formula column is there before anything runs (server-rendered, then hydrated).
      await expect(widget.locator('tbody tr[data-row]').last().locator('[data-formula-out]')).toHaveAttribute('data-formula-out', /\d/);
      expect(wasm).toEqual([]);
      await widget.locator('[data-live-start]').click();
      await expect(widget.locator('[data-live-ready]')).toBeVisible({ timeout: 30_000 });
      await expect(widget.locator('[data-live-output]')).toBeAttached({ timeout: 30_000 });
      const pairs = await formulaVsRuntime(page);
      expect(pairs.length).toBeGreaterThan(0);
      for (const [f, r] of pairs) expect(r).toBe(f);

      // Every preset, live.
      const presets = await widget.locator('select[data-control="preset"] option').evaluateAll((o) => (o as HTMLOptionElement[]).map((x) => x.value).filter(Boolean));
      expect(presets.length).toBeGreaterThanOrEqual(5);
      for (const id of presets) {
        await widget.locator('select[data-control="preset"]').selectOption(id);
        await expect(widget.locator('[data-live-output]')).toHaveAttribute('data-live-output', /.+/);
        await expect.poll(async () => (await formulaVsRuntime(page)).every(([f, r]) => f === '' || f === r), { timeout: 15_000 }).toBe(true);
      }
    });

    test('calculator: an impossible layer is explained, and a hand-edited hash falls back', async ({ page }) => {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      // Kernel 9 on a length-4 input: non-positive output.
      await page.goto(`${path}#calc=in:4_l:op:conv.k:9.s:1.p:0.d:1.o:0.c:0`);
      const widget = await ready(page, 'conv-calculator');
      await expect(widget.locator('.issue')).toBeVisible();
      await expect(widget.locator('.issue')).toContainText(lang === 'ru' ? 'Слой 1' : 'Layer 1');
      // output_padding >= stride and >= dilation.
      await page.goto(`${path}#calc=in:8x8_l:op:convT.k:3.s:2.p:1.d:1.o:2.c:0`);
      await page.reload();
      await ready(page, 'conv-calculator');
      await expect(calc(page).locator('.issue')).toContainText('output_padding');
      // Garbage: defaults, no error.
      await page.goto(`${path}#calc=%%%garbage~~_l:op:nope.k:-4`);
      await page.reload();
      await ready(page, 'conv-calculator');
      await expect(calc(page).locator('tbody tr[data-row]').first()).toBeVisible();
      expect(errors).toEqual([]);
    });

    test('calculator: a huge input is computed by formula but not run live', async ({ page }) => {
      await page.goto(`${path}#calc=in:2048x2048_l:op:conv.k:3.s:1.p:1.d:1.o:0.c:0`);
      const widget = await ready(page, 'conv-calculator');
      await expect(widget.locator('[data-formula-out]').first()).toHaveAttribute('data-formula-out', '2048×2048');
      await widget.locator('[data-live-start]').click();
      await expect(widget.locator('[data-live-ready]')).toBeVisible({ timeout: 30_000 });
      await expect(widget.locator('.calc-summary')).toContainText(/1[\s\u00a0,]?048[\s\u00a0,]?576/);
    });

    test('calculator state survives the language switch through the hash', async ({ page }) => {
      await page.goto(path);
      const widget = await ready(page, 'conv-calculator');
      await widget.locator('select[data-control="preset"]').selectOption('resnet-stem');
      await expect(page).toHaveURL(/#calc=/);
      await page.locator('a[data-lang-switch]').click();
      await expect(page).toHaveURL(new RegExp(`${lang === 'ru' ? '/en' : ''}/posts/conv-arithmetic/#calc=`));
      await ready(page, 'conv-calculator');
      await expect(calc(page).locator('select[data-control="preset"]')).toHaveValue('resnet-stem');
    });

    test('what a cell sees: live model reproduces the PyTorch fixtures', async ({ page }) => {
      await page.goto(path);
      const widget = await ready(page, 'cell-receptive-field');
      await expect(widget.locator('img').first()).toBeVisible();
      await widget.locator('[data-live-start]').click();
      await expect(widget.locator('[data-live-ready]')).toBeVisible({ timeout: 30_000 });
      for (let i = 0; i < fixtures.cases.length; i++) {
        await widget.locator('select[name="sample"]').selectOption(String(i));
        const out = widget.locator('[data-live-output]');
        await expect(out).toBeAttached({ timeout: 15_000 });
        const expected = fixtures.cases[i]!.outputs.probs!.data;
        await expect.poll(async () => {
          const got = JSON.parse((await out.getAttribute('data-live-output')) ?? '[]') as number[];
          return got.length === expected.length && got.every((g, j) => Math.abs(g - expected[j]!) <= fixtures.atol);
        }, { timeout: 15_000 }).toBe(true);
        const logits = JSON.parse((await out.getAttribute('data-logits')) ?? '[]') as number[];
        const expectedLogits = fixtures.cases[i]!.outputs.logits!.data;
        logits.forEach((g, j) => expect(Math.abs(g - expectedLogits[j]!)).toBeLessThanOrEqual(fixtures.atol));
      }
      // Keyboard: the map is a focusable control; arrows move the selected cell and the outline.
      await widget.locator('button[data-layer="conv3"]').click();
      const map = widget.locator('[data-map]');
      await map.focus();
      const before = await map.getAttribute('aria-valuenow');
      await page.keyboard.press('ArrowLeft');
      await expect(map).not.toHaveAttribute('aria-valuenow', before ?? '');
    });

    test('what a cell sees: a drawing loads the model and is classified live', async ({ page }) => {
      await page.goto(path);
      const widget = await ready(page, 'cell-receptive-field');
      await widget.locator('select[name="sample"]').selectOption('-1');
      const canvas = widget.locator('canvas');
      await expect(canvas).toBeVisible();
      await drawTrousers(page, canvas);
      await expect(widget.locator('[data-live-ready]')).toBeVisible({ timeout: 30_000 });
      const out = widget.locator('[data-live-output]');
      await expect(out).toBeAttached({ timeout: 15_000 });
      const probs = JSON.parse((await out.getAttribute('data-live-output')) ?? '[]') as number[];
      expect(probs).toHaveLength(10);
      expect(Math.abs(probs.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-4);
    });

    test('a missing model shows the error UI with retry; the page stays usable', async ({ page }) => {
      await page.route('**/models/fashion-cnn/model.onnx', (route) => route.fulfill({ status: 404, body: 'not found' }));
      await page.goto(path);
      const widget = await ready(page, 'cell-receptive-field');
      await widget.locator('[data-live-start]').click();
      await expect(widget.locator('[data-live-error="notFound"]')).toBeVisible({ timeout: 30_000 });
      await expect(widget.locator('[data-live-error] [role="alert"]')).toContainText('404');
      // The baked state stays, and the rest of the page works (the calculator still computes).
      await expect(widget.locator('img').first()).toBeVisible();
      await calc(page).locator('select[data-control="preset"]').selectOption('vgg16-block1-2');
      await expect(calc(page).locator('tbody tr[data-row]').last().locator('[data-formula-out]')).toHaveAttribute('data-formula-out', '56×56');
      // Retry succeeds once the file is back.
      await page.unroute('**/models/fashion-cnn/model.onnx');
      await widget.locator('[data-live-error] button').click();
      await expect(widget.locator('[data-live-ready]')).toBeVisible({ timeout: 30_000 });
    });

    test('a corrupted model is refused by its checksum', async ({ page }) => {
      const real = readFileSync('public/models/fashion-cnn/model.onnx');
      const broken = Buffer.from(real);
      broken[Math.floor(broken.length / 2)] ^= 0xff;
      await page.route('**/models/fashion-cnn/model.onnx', (route) => route.fulfill({ status: 200, body: broken, contentType: 'application/octet-stream' }));
      await page.goto(path);
      const widget = await ready(page, 'cell-receptive-field');
      await widget.locator('[data-live-start]').click();
      await expect(widget.locator('[data-live-error="checksum"]')).toBeVisible({ timeout: 30_000 });
      await expect(page.locator('h1')).toBeVisible();
    });

    test('a wasm runtime that will not start shows the runtime error', async ({ page }) => {
      await page.route('**/*.wasm', (route) => route.fulfill({ status: 200, body: Buffer.from('not wasm'), contentType: 'application/wasm' }));
      await page.goto(path);
      const widget = await ready(page, 'conv-calculator');
      await widget.locator('[data-live-start]').click();
      await expect(widget.locator('[data-live-error]')).toBeVisible({ timeout: 30_000 });
      await expect(widget.locator('[data-live-error]')).toHaveAttribute('data-live-error', 'runtime');
      // Formulas keep working.
      await widget.locator('select[data-control="preset"]').selectOption('lenet5');
      await expect(widget.locator('tbody tr[data-row]').last().locator('[data-formula-out]')).toHaveAttribute('data-formula-out', '5×5');
    });
  });
}
