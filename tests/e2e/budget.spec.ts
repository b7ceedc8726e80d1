// The size budget of an article before any interaction, and the promise that onnxruntime and
// models load only when the reader asks for a live run.
//
// Bytes are compressed transfer sizes from the Chrome DevTools Protocol
// (Network.loadingFinished.encodedDataLength: compressed body + response headers, as DevTools'
// "Transferred"); requests CDP cannot see (workers) fall back to gzip -6 of the body. See
// measureFirstLoad() in helpers.ts. Served by scripts/serve.mjs, which compresses like a real host.
import { expect, test } from '@playwright/test';
import { isArticle, isLiveAsset, kb, measureFirstLoad, readSitemap, weightTable, type Weight } from './helpers.ts';

const TOTAL_BUDGET = 200 * 1024; // 204,800 bytes
const JS_BUDGET = 90 * 1024; // 92,160 bytes
const VIEWPORT = { width: 1350, height: 940 };
const articles = readSitemap().map((e) => e.path).filter(isArticle);

test(`article weight before interaction: ≤ ${TOTAL_BUDGET / 1024} KB total, ≤ ${JS_BUDGET / 1024} KB JS, no runtime or model`, async ({ browser }) => {
  expect(articles.some((p) => p.startsWith('/en/')), 'an English article in the sitemap').toBe(true);
  expect(articles.some((p) => !p.startsWith('/en/')), 'a Russian article in the sitemap').toBe(true);
  test.setTimeout(30_000 + articles.length * 20_000);
  const weights: Weight[] = [];
  for (const path of articles) {
    const w = await measureFirstLoad(() => browser.newContext({ viewport: VIEWPORT }), path);
    weights.push(w);
    const detail = w.rows
      .map((r) => `${r.category.padEnd(5)} ${String(r.bytes).padStart(7)} B  ${r.encoding.padEnd(8)} ${r.method}  ${r.path}`)
      .join('\n');
    test.info().annotations.push({ type: 'weight', description: `${path}: total ${w.total} B (${kb(w.total)} KB), JS ${w.js} B (${kb(w.js)} KB)` });
    await test.info().attach(`transfers ${path}`, { body: detail, contentType: 'text/plain' });
    // Soft: every article is measured and reported even when an earlier one fails.
    expect.soft(w.live.map((r) => r.path), `${path}: onnxruntime / .wasm / models fetched before any interaction`).toEqual([]);
    expect.soft(w.rows.find((r) => r.category === 'html' && r.path === path), `${path}: the document itself was measured`).toBeTruthy();
    expect.soft(w.rows.filter((r) => r.status >= 400).map((r) => `${r.status} ${r.path}`), `${path}: failed requests`).toEqual([]);
    expect.soft(w.total, `${path}: total ${w.total} B > ${TOTAL_BUDGET} B:\n${detail}`).toBeLessThanOrEqual(TOTAL_BUDGET);
    expect.soft(w.js, `${path}: JS ${w.js} B > ${JS_BUDGET} B:\n${detail}`).toBeLessThanOrEqual(JS_BUDGET);
  }
  console.log(`\nArticle weight before interaction (compressed bytes incl. headers, 1350×940, cold cache, no scroll):\n${weightTable(weights)}\nbudget: total ≤ ${TOTAL_BUDGET} B, JS ≤ ${JS_BUDGET} B\n`);
});

for (const path of articles) {
  test(`${path}: scrolling to the bottom loads no runtime, .wasm or model`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const live: string[] = [];
    const workers: string[] = [];
    context.on('request', (r) => {
      if (isLiveAsset(r.url())) live.push(r.url());
    });
    const page = await context.newPage();
    page.on('request', (r) => {
      if (isLiveAsset(r.url())) live.push(r.url());
    });
    page.on('worker', (wk) => workers.push(wk.url()));
    await page.goto(path, { waitUntil: 'networkidle' });
    expect([...new Set(live)], 'on load').toEqual([]);
    // Scroll a screen at a time so every lazy island / client:visible widget comes into view.
    for (let guard = 0; guard < 200; guard++) {
      const done = await page.evaluate(() => {
        window.scrollBy({ top: Math.round(innerHeight * 0.9), behavior: 'instant' });
        return innerHeight + scrollY >= document.documentElement.scrollHeight - 2;
      });
      await page.waitForTimeout(60);
      if (done) break;
    }
    await page.waitForLoadState('networkidle');
    await page.waitForTimeout(500);
    expect([...new Set(live)], 'after scrolling to the bottom without clicking').toEqual([]);
    expect(workers.filter(isLiveAsset), 'an onnxruntime worker started without a click').toEqual([]);
    await context.close();
  });
}
