// "Who is a positive?" (SupCon article), live in Chromium against the built site, both languages:
// the JS preview first (no runtime loaded), then the exported ONNX loss graph reproduces its PyTorch
// fixtures; dragging a point (mouse) or rotating it (keyboard) and changing τ give live losses equal
// to the float64 TS reference for the new angles; the hash restores the state (garbage → defaults);
// a missing or corrupted model shows the error in the page's language while the preview keeps working.
import { test, expect, type Locator, type Page } from '@playwright/test';
import { hydratedWidget } from './widget-ready.ts';
import { readFileSync } from 'node:fs';
import { anglesToZ, lossTerms } from '../../src/lib/supcon-loss.ts';

interface Tensor { dims: number[]; data: number[] }
const fixtures = JSON.parse(readFileSync('public/models/supcon-loss/fixtures.json', 'utf8')) as {
  atol: number;
  cases: { name: string; inputs: Record<string, Tensor>; outputs: Record<string, Tensor> }[];
};
const baked = JSON.parse(readFileSync('public/models/supcon-loss/baked.json', 'utf8')) as {
  reference_batch: { angles_deg: number[]; labels: number[]; views: number[] };
  reference_values: Record<string, { loss_out: number; loss_in: number; loss_simclr: number }>;
};
const REF = baked.reference_batch;
const TAUS = ['0.05', '0.06', '0.07', '0.08', '0.1', '0.12', '0.15', '0.2', '0.25', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '1'];
const N = 12;

const PAGES = [
  { lang: 'ru', path: '/posts/supcon/' },
  { lang: 'en', path: '/en/posts/supcon/' },
] as const;

interface LiveOut {
  angles: number[];
  tau: number;
  anchor: number;
  loss_out: number;
  loss_in: number;
  loss_simclr: number;
  grad_weights_out: number[];
  grad_weights_in: number[];
  probs: number[];
}

async function ready(page: Page): Promise<Locator> {
  return hydratedWidget(page, 'supcon-positives');
}

async function startLive(widget: Locator) {
  await widget.locator('[data-live-start]').click();
  await expect(widget.locator('[data-live-ready]')).toBeVisible({ timeout: 30_000 });
  await expect(widget.locator('[data-live-output]')).toBeAttached({ timeout: 15_000 });
}

async function liveOut(widget: Locator): Promise<LiveOut> {
  return JSON.parse((await widget.locator('[data-live-output]').getAttribute('data-live-output')) ?? 'null') as LiveOut;
}

/** float32 graph vs float64 reference: the fixtures' atol, relative for large losses (small τ). */
const near = (got: number, want: number, atol = fixtures.atol) => Math.abs(got - want) <= atol * Math.max(1, Math.abs(want));

/** The live output equals the TS reference for the angles and τ it reports (anchor row too). */
function matchesReference(o: LiveOut): boolean {
  const r = lossTerms(anglesToZ(o.angles), REF.labels, REF.views, Math.fround(o.tau));
  const row = (m: Float64Array) => Array.from(m.subarray(o.anchor * N, o.anchor * N + N));
  return near(o.loss_out, r.lossOut) && near(o.loss_in, r.lossIn) && near(o.loss_simclr, r.lossSimclr)
    && row(r.gradOut).every((v, a) => near(o.grad_weights_out[a]!, v))
    && row(r.gradIn).every((v, a) => near(o.grad_weights_in[a]!, v))
    && row(r.probs).every((v, a) => near(o.probs[a]!, v));
}

function matchesFixture(o: LiveOut, name: string): boolean {
  const c = fixtures.cases.find((x) => x.name === name)!;
  const row = (t: Tensor) => t.data.slice(o.anchor * N, o.anchor * N + N);
  return near(o.loss_out, c.outputs.loss_out!.data[0]!) && near(o.loss_in, c.outputs.loss_in!.data[0]!)
    && near(o.loss_simclr, c.outputs.loss_simclr!.data[0]!)
    && row(c.outputs.grad_weights_out!).every((v, a) => near(o.grad_weights_out[a]!, v))
    && row(c.outputs.grad_weights_in!).every((v, a) => near(o.grad_weights_in[a]!, v))
    && row(c.outputs.probs!).every((v, a) => near(o.probs[a]!, v));
}

async function setTau(widget: Locator, tau: string) {
  await widget.locator('input[name="tau"]').fill(String(TAUS.indexOf(tau)));
}

/** Maps an angle in degrees to the screen position on the circle of the widget's SVG. */
async function circleAt(widget: Locator) {
  await widget.locator('svg[data-circle]').scrollIntoViewIfNeeded();
  const box = (await widget.locator('svg[data-circle]').boundingBox())!;
  const scale = box.width / 3.1; // viewBox is 3.1 units wide
  return (deg: number) => ({ x: box.x + box.width / 2 + scale * Math.cos((deg * Math.PI) / 180), y: box.y + box.height / 2 - scale * Math.sin((deg * Math.PI) / 180) });
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

for (const { lang, path } of PAGES) {
  test.describe(`supcon positives (${lang})`, () => {
    test('JS preview first, then the ONNX graph reproduces the fixtures (τ 0.1, 0.5, any anchor)', async ({ page }) => {
      const wasm: string[] = [];
      page.on('request', (r) => { if (r.url().endsWith('.wasm') || r.url().includes('/models/')) wasm.push(r.url()); });
      await page.goto(path);
      const widget = await ready(page);
      // Preview: labelled as such, no live output, the reference values at τ = 0.1.
      await expect(widget.locator('[data-source="preview"]')).toBeVisible();
      await expect(widget.locator('[data-live-output]')).toHaveCount(0);
      const shown = Number(await widget.locator('.wip-loss_out .wip-val').getAttribute('data-value'));
      expect(Math.abs(shown - baked.reference_values['0.1']!.loss_out)).toBeLessThan(1e-5);
      await expect(widget.locator('[data-jensen="ok"]')).toBeVisible();
      expect(wasm).toEqual([]);
      // SimCLR has one positive, SupCon three (anchor A1 of class 0).
      await expect(widget.locator('tbody td.wip-is-pos:nth-child(3)')).toHaveCount(1);
      await expect(widget.locator('tbody td.wip-is-pos:nth-child(4)')).toHaveCount(3);

      await startLive(widget);
      await expect(widget.locator('[data-source="live"]')).toBeVisible();
      await expect.poll(async () => matchesFixture(await liveOut(widget), 'reference-tau-0.1'), { timeout: 15_000 }).toBe(true);
      await setTau(widget, '0.5');
      await expect(widget.locator('output[data-tau]')).toContainText(lang === 'ru' ? '0,5' : '0.5');
      await expect.poll(async () => { const o = await liveOut(widget); return o.tau === 0.5 && matchesFixture(o, 'reference-tau-0.5'); }, { timeout: 15_000 }).toBe(true);
      await widget.locator('select[name="anchor"]').selectOption('7');
      await expect.poll(async () => { const o = await liveOut(widget); return o.anchor === 7 && matchesFixture(o, 'reference-tau-0.5'); }, { timeout: 15_000 }).toBe(true);

      // The lead's bench replays this model's last feeds.
      const times = await page.evaluate(() => window.__ortBench!('supcon-loss', 200));
      expect(times).toHaveLength(200);
      test.info().annotations.push({ type: 'bench', description: `__ortBench supcon-loss ×200: p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms` });
    });

    test('dragging (mouse) and rotating (keyboard) recompute live; equal to the TS reference', async ({ page }) => {
      test.slow(); // many steps; the shared 2-core machine can be slow
      await page.goto(path);
      const widget = await ready(page);
      await startLive(widget);
      await setTau(widget, '0.2');
      await expect.poll(async () => (await liveOut(widget)).tau).toBe(0.2);
      const before = await liveOut(widget);

      // Mouse: drag item 3 (D1, 222°) along the circle to ~300°, in small steps, while a
      // MutationObserver collects the round-trip time of every live update.
      await page.evaluate(() => {
        const el = document.querySelector('[data-widget="supcon-positives"] [data-losses]')!;
        const ms: number[] = [];
        (window as unknown as { __wipMs: number[] }).__wipMs = ms;
        new MutationObserver(() => { const v = el.getAttribute('data-live-ms'); if (v) ms.push(Number(v)); })
          .observe(el, { attributes: true, attributeFilter: ['data-live-output'] });
      });
      const item = widget.locator('[data-item="3"]');
      const at = await circleAt(widget);
      const from = at(REF.angles_deg[3]!);
      await page.mouse.move(from.x, from.y);
      await page.mouse.down();
      for (let k = 1; k <= 60; k++) {
        const p = at(REF.angles_deg[3]! + (78 * k) / 60);
        await page.mouse.move(p.x, p.y);
      }
      await page.mouse.up();
      const ms = await page.evaluate(() => (window as unknown as { __wipMs: number[] }).__wipMs);
      await expect(item).toHaveAttribute('aria-valuenow', /^(29\d|30\d)$/);
      const dragged = Number(await item.getAttribute('aria-valuenow'));
      await expect.poll(async () => (await liveOut(widget)).angles[3], { timeout: 15_000 }).toBe(dragged);
      const afterDrag = await liveOut(widget);
      expect(afterDrag.loss_out).not.toBeCloseTo(before.loss_out, 4);
      expect(matchesReference(afterDrag)).toBe(true);
      // The anchor did not change by dragging.
      expect(afterDrag.anchor).toBe(0);
      test.info().annotations.push({ type: 'latency', description: `live round trips while dragging (${ms.length} samples): p50 ${percentile(ms, 50).toFixed(2)} ms, p95 ${percentile(ms, 95).toFixed(2)} ms` });

      // A click without movement makes the point the anchor.
      await widget.locator('[data-item="9"] .wip-shape').click();
      await expect(widget.locator('select[name="anchor"]')).toHaveValue('9');
      await expect.poll(async () => (await liveOut(widget)).anchor).toBe(9);

      // Keyboard: focus item 7, rotate it by 3 × 3° = 9°, then make it the anchor with Enter.
      const k7 = widget.locator('[data-item="7"]');
      await k7.focus();
      const a0 = Number(await k7.getAttribute('aria-valuenow'));
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
      await expect(k7).toHaveAttribute('aria-valuenow', String((a0 + 9) % 360));
      await page.keyboard.press('Shift+ArrowDown');
      await expect(k7).toHaveAttribute('aria-valuenow', String((a0 - 6 + 360) % 360));
      await page.keyboard.press('Enter');
      await expect(widget.locator('select[name="anchor"]')).toHaveValue('7');
      await expect.poll(async () => { const o = await liveOut(widget); return o.anchor === 7 && o.angles[7] === (a0 - 6 + 360) % 360 && matchesReference(o); }, { timeout: 15_000 }).toBe(true);
      // Every point is reachable with Tab.
      await expect(widget.locator('[data-item][tabindex="0"]')).toHaveCount(N);

      // τ and the loss whose gradient is shown.
      await setTau(widget, '0.05');
      await expect.poll(async () => { const o = await liveOut(widget); return Math.abs(o.tau - 0.05) < 1e-9 && matchesReference(o); }, { timeout: 15_000 }).toBe(true);
      await widget.locator('button[data-mode="in"]').click();
      await expect(widget.locator('button[data-mode="in"]')).toHaveAttribute('aria-pressed', 'true');
      const o = await liveOut(widget);
      const cIn = await widget.locator('tbody tr[data-row="0"] td[data-c]').getAttribute('data-c');
      expect(Number(cIn)).toBeCloseTo(o.grad_weights_in[0]!, 6);
      expect(o.loss_in).toBeLessThanOrEqual(o.loss_out + 1e-6);
      await expect(widget.locator('[data-jensen="ok"]')).toBeVisible();
      // The state is in the hash (debounced).
      await expect(page).toHaveURL(/#pos=/);
    });

    test('the hash restores τ, anchor, loss and angles; garbage falls back to defaults', async ({ page }) => {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text()); });
      const angles = [...REF.angles_deg];
      angles[2] = 10;
      await page.goto(`${path}#pos=${encodeURIComponent(`t:0.5,a:4,m:simclr,p:${angles.join('.')}`)}`);
      let widget = await ready(page);
      await expect(widget.locator('select[name="anchor"]')).toHaveValue('4');
      await expect(widget.locator('output[data-tau]')).toContainText(lang === 'ru' ? '0,5' : '0.5');
      await expect(widget.locator('button[data-mode="simclr"]')).toHaveAttribute('aria-pressed', 'true');
      await expect(widget.locator('[data-item="2"]')).toHaveAttribute('aria-valuenow', '10');
      const r = lossTerms(anglesToZ(angles), REF.labels, REF.views, 0.5);
      expect(Number(await widget.locator('.wip-loss_out .wip-val').getAttribute('data-value'))).toBeCloseTo(r.lossOut, 9);

      await page.goto(`${path}#pos=${encodeURIComponent('t:7,a:99,m:nope,p:1.2.3')}`);
      await page.reload();
      widget = await ready(page);
      await expect(widget.locator('select[name="anchor"]')).toHaveValue('0');
      await expect(widget.locator('output[data-tau]')).toContainText(lang === 'ru' ? '0,1' : '0.1');
      await expect(widget.locator('[data-item="2"]')).toHaveAttribute('aria-valuenow', String(REF.angles_deg[2]));
      await page.goto(`${path}#pos=%%%~~`);
      await page.reload();
      widget = await ready(page);
      await expect(widget.locator('select[name="anchor"]')).toHaveValue('0');
      expect(errors).toEqual([]);
    });

    test('a missing model: the error in the page language, the preview keeps working, retry works', async ({ page }) => {
      await page.route('**/models/supcon-loss/model.onnx', (route) => route.fulfill({ status: 404, body: 'not found' }));
      await page.goto(path);
      const widget = await ready(page);
      await widget.locator('[data-live-start]').click();
      await expect(widget.locator('[data-live-error="notFound"]')).toBeVisible({ timeout: 30_000 });
      const alert = widget.locator('[data-live-error] [role="alert"]');
      await expect(alert).toContainText('404');
      await expect(alert).toContainText(lang === 'ru' ? 'не найден' : 'not found');
      // The rest works: rotating a point changes the (labelled) preview.
      await expect(widget.locator('[data-source="preview"]')).toBeVisible();
      const v0 = await widget.locator('.wip-loss_out .wip-val').getAttribute('data-value');
      await widget.locator('[data-item="5"]').focus();
      await page.keyboard.press('PageUp');
      await expect(widget.locator('.wip-loss_out .wip-val')).not.toHaveAttribute('data-value', v0 ?? '');
      await expect(widget.locator('[data-live-output]')).toHaveCount(0);
      await page.unroute('**/models/supcon-loss/model.onnx');
      await widget.locator('[data-live-error] button').click();
      await expect(widget.locator('[data-live-ready]')).toBeVisible({ timeout: 30_000 });
      await expect.poll(async () => { const o = await liveOut(widget); return o.angles[5] === (REF.angles_deg[5]! + 15) % 360 && matchesReference(o); }, { timeout: 15_000 }).toBe(true);
    });

    test('a corrupted model is refused by its checksum', async ({ page }) => {
      await page.route('**/models/supcon-loss/model.onnx', (route) => route.fulfill({ status: 200, body: Buffer.from('garbage bytes, not an ONNX graph'), contentType: 'application/octet-stream' }));
      await page.goto(path);
      const widget = await ready(page);
      await widget.locator('[data-live-start]').click();
      await expect(widget.locator('[data-live-error="checksum"]')).toBeVisible({ timeout: 30_000 });
      await expect(widget.locator('[data-live-error] [role="alert"]')).toContainText(lang === 'ru' ? 'контрольная сумма' : 'checksum');
      await widget.locator('select[name="anchor"]').selectOption('3');
      await expect(widget.locator('tbody tr.is-anchor')).toHaveAttribute('data-row', '3');
    });
  });
}
