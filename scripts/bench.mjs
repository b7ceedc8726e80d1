#!/usr/bin/env node
// Benchmarks of the built site, for the README (not part of the tests, not run in CI):
//   npm run bench [-- --no-build] [--dir DIR (default dist; built there with --outDir)] [--runs 3] [--no-lighthouse | --reuse-lighthouse] [--no-live] [--n 30]
// 1. builds (timed) — `npm run build`, unless --no-build;
// 2. serves the build compressed (scripts/serve.mjs, a free port);
// 3. per article: compressed bytes before any interaction (the budget test's method, see
//    measureFirstLoad() in tests/e2e/helpers.ts: CDP encodedDataLength), split HTML/CSS/JS/fonts;
// 4. per widget: time from a click on [data-live-start] to [data-live-ready] and to the first live
//    output ([data-live-output]), cold cache (fresh context) and warm (second load, same context);
// 5. per model: inference latency p50/p95 — through `window.__ortBench(modelId, n)` when the page
//    exposes it (the widget runtime's own timing), otherwise from the widget: change its first
//    range/number/select input n times and time input event → [data-live-output] changed in the
//    DOM (includes React rendering and the worker round trip); `method` in the results says which;
// 6. Lighthouse 13 (mobile preset; performance, accessibility, best-practices, SEO) for every
//    sitemap page, the median of --runs runs (default 3) for articles, one run for other pages
//    (its performance score swings ±0.05 on these machines).
// Writes bench/results.json and bench/results.md, and prints the Markdown.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve, join } from 'node:path';
import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1] : fallback;
};
const root = resolve(import.meta.dirname, '..');
process.chdir(root);
const dist = resolve(opt('dir', 'dist'));
const lhRuns = Math.max(1, Number(opt('runs', 3)));
const latencyN = Math.max(5, Number(opt('n', 30)));
const chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromeFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const log = (...m) => console.error('[bench]', ...m);

function run(cmd, argv, env = {}) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, argv, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolveRun(out) : reject(new Error(`${cmd} ${argv.join(' ')} exited ${code}\n${out.slice(-4000)}`))));
  });
}

const freePort = () =>
  new Promise((res, rej) => {
    const s = createServer();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });

const pct = (values, p) => {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};
const median = (values) => {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (v) => (v == null ? '—' : `${Math.round(v)} ms`);
const ms1 = (v) => (v == null ? '—' : `${v.toFixed(1)} ms`);
const score = (v) => (v == null ? '—' : String(Math.round(v * 100)));

// ---------------------------------------------------------------------------------------------
// 1. build

const results = {
  date: new Date().toISOString(),
  node: process.version,
  chromium: null,
  build: null,
  articles: [],
  latency: [],
  lighthouse: [],
  notes: {
    bytes: 'Compressed transfer size before interaction (CDP Network.loadingFinished.encodedDataLength: body + response headers), 1350×940, cold cache, network idle, no scroll; served by scripts/serve.mjs (gzip/brotli). onnxruntime, .wasm and /models/ are excluded and must be absent.',
    live: 'Click on [data-live-start] → [data-live-ready] / first [data-live-output], measured in the page (performance.now); cold = fresh browser context, warm = second load in the same context (HTTP cache).',
    latency: '',
    lighthouse: `Lighthouse mobile preset (simulated throttling); median of ${lhRuns} runs for articles, 1 run for other pages.`,
  },
};

if (!flag('no-build')) {
  // --dir elsewhere than dist/: build there (astro build --outDir), leaving dist/ alone.
  const extra = resolve('dist') === dist ? [] : ['--', '--outDir', dist];
  log(`building${extra.length ? ` into ${dist}` : ''}…`);
  const t0 = performance.now();
  await run('npm', ['run', 'build', ...extra], { ASTRO_TELEMETRY_DISABLED: '1' });
  results.build = { ms: Math.round(performance.now() - t0), command: 'npm run build' };
  log(`built in ${(results.build.ms / 1000).toFixed(1)} s`);
}
if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist}/index.html missing: build first`);

// ---------------------------------------------------------------------------------------------
// 2. serve

const port = await freePort();
const origin = `http://localhost:${port}`; // "localhost" like the configured site origin, for Lighthouse's canonical audit
process.env.E2E_BASE_URL = origin;
process.env.E2E_DIST = dist;
const server = spawn(process.execPath, ['scripts/serve.mjs', '--port', String(port), '--dir', dist, '--quiet'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
const stopServer = () => {
  if (server.exitCode === null) server.kill('SIGTERM');
};
process.on('exit', stopServer);
for (let i = 0; ; i++) {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/`);
    if (r.ok) break;
  } catch {
    /* not yet */
  }
  if (i > 100) throw new Error('server did not start');
  await new Promise((r) => setTimeout(r, 100));
}

const helpers = await import('../tests/e2e/helpers.ts');
const { chromium } = await import('playwright-core');
const sitemap = helpers.sitemapPaths(dist);
const articles = sitemap.filter(helpers.isArticle);

const browser = await chromium.launch({ executablePath: chromePath, args: chromeFlags });
results.chromium = browser.version();
const newContext = (extra = {}) => browser.newContext({ baseURL: origin, viewport: { width: 1350, height: 940 }, ...extra });

try {
  // -------------------------------------------------------------------------------------------
  // 3. bytes before interaction

  const weights = [];
  for (const path of articles) {
    log(`bytes: ${path}`);
    const w = await helpers.measureFirstLoad(() => newContext(), path);
    weights.push(w);
    results.articles.push({
      path,
      bytes: { html: w.html, css: w.css, js: w.js, font: w.font, image: w.image, other: w.other, total: w.total, requests: w.requests },
      liveAssetsBeforeInteraction: w.live.map((r) => r.path),
      widgets: [],
    });
  }

  // -------------------------------------------------------------------------------------------
  // 4. first live inference per widget, 5. latency per model

  /** In the page: arm timers on widget #index, then the caller clicks its [data-live-start]. */
  const arm = (page, index) =>
    page.evaluate((i) => {
      const el = document.querySelectorAll('.widget[data-widget]')[i];
      const b = { t0: 0, ready: 0, output: 0, error: null, outputBefore: null };
      window.__bench = b;
      const out = () => (el.matches('[data-live-output]') ? el : el.querySelector('[data-live-output]'));
      const outState = () => {
        const o = out();
        return o ? `${o.outerHTML}` : null;
      };
      b.outputBefore = outState();
      el.addEventListener('click', (e) => {
        if (!b.t0 && e.target instanceof Element && e.target.closest('[data-live-start]')) b.t0 = performance.now();
      }, true);
      const check = () => {
        if (!b.t0) return;
        const now = performance.now();
        if (!b.ready && (el.matches('[data-live-ready]') || el.querySelector('[data-live-ready]'))) b.ready = now;
        const s = outState();
        if (!b.output && s !== null && s !== b.outputBefore) b.output = now;
        const err = el.querySelector('[data-live-error]');
        if (err && !b.error) b.error = err.getAttribute('data-live-error');
      };
      new MutationObserver(check).observe(el, { subtree: true, childList: true, attributes: true, characterData: true });
    }, index);

  async function firstLive(page, index) {
    const widget = page.locator('.widget[data-widget]').nth(index);
    await widget.scrollIntoViewIfNeeded();
    const start = widget.locator('[data-live-start]').first();
    if (!(await start.count())) return null;
    await arm(page, index);
    await start.click();
    await page.waitForFunction(() => window.__bench.ready || window.__bench.error, null, { timeout: 120_000 }).catch(() => undefined);
    // Some widgets answer live only once the reader picks something (e.g. the embedding map):
    // give the first output 10 s after "ready", and report "—" if none comes.
    await page.waitForFunction(() => window.__bench.output || window.__bench.error, null, { timeout: 10_000 }).catch(() => undefined);
    const b = await page.evaluate(() => window.__bench);
    return {
      readyMs: b.ready ? b.ready - b.t0 : null,
      outputMs: b.output ? b.output - b.t0 : null,
      error: b.error ?? (b.ready ? null : 'timeout'),
    };
  }

  /**
   * Drag latency, for widgets whose points are dragged on an SVG (`svg[data-circle]` with
   * `[data-item]` points, e.g. SupCon's "who is a positive?"): real mouse moves along the circle;
   * in the page, each pointermove is time-stamped and so is every change of [data-live-output];
   * the latency of a move is the time until the first output change after it (React render and
   * the worker round trip included). Moves are 16 ms apart, like a 60 Hz pointer.
   */
  async function dragLatency(page, index, moves) {
    const widget = page.locator('.widget[data-widget]').nth(index);
    const svg = widget.locator('svg[data-circle]');
    if (!(await svg.count())) return null;
    await page.evaluate((i) => {
      const el = document.querySelectorAll('.widget[data-widget]')[i];
      const out = el.querySelector('[data-live-output]');
      const b = (window.__drag = { moves: [], outputs: [] });
      el.querySelector('svg[data-circle]').addEventListener('pointermove', () => b.moves.push(performance.now()), { capture: true });
      new MutationObserver(() => b.outputs.push(performance.now())).observe(out, { attributes: true, attributeFilter: ['data-live-output'] });
    }, index);
    await svg.scrollIntoViewIfNeeded();
    const box = await svg.boundingBox();
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const r = box.width / 3.1; // the unit circle in a viewBox 3.1 units wide
    // Item 3's angle is its aria-valuenow (degrees); press on the point itself.
    const a0 = (Number(await widget.locator('[data-item="3"]').getAttribute('aria-valuenow')) * Math.PI) / 180;
    await page.mouse.move(cx + r * Math.cos(a0), cy - r * Math.sin(a0));
    await page.mouse.down();
    for (let k = 1; k <= moves; k++) {
      const a = a0 + (Math.PI * 2 * k) / moves;
      await page.mouse.move(cx + r * Math.cos(a), cy - r * Math.sin(a));
      await page.waitForTimeout(16);
    }
    await page.mouse.up();
    await page.waitForTimeout(300);
    const { moves: m, outputs: o } = await page.evaluate(() => window.__drag);
    const times = m.map((t) => o.find((x) => x >= t)).map((x, k) => (x === undefined ? null : x - m[k])).filter((x) => x !== null);
    return { method: 'drag: pointermove → [data-live-output] changed', n: times.length, p50: pct(times, 50), p95: pct(times, 95), updates: o.length };
  }

  /** Fallback latency: change the widget's first input n times, time until its live output changes. */
  const widgetLatency = (page, index, n) =>
    page.evaluate(
      async ([i, count]) => {
        const el = document.querySelectorAll('.widget[data-widget]')[i];
        const control = el.querySelector('input[type=range]:not([disabled]), input[type=number]:not([disabled]), select:not([disabled])');
        if (!control) return { error: 'no range/number/select input in the widget', times: [] };
        const out = () => (el.matches('[data-live-output]') ? el : el.querySelector('[data-live-output]'));
        const snap = () => out()?.outerHTML ?? '';
        const setter = (proto) => Object.getOwnPropertyDescriptor(proto, 'value').set;
        const times = [];
        let dir = 1;
        for (let k = 0; k < count; k++) {
          const before = snap();
          if (control instanceof HTMLSelectElement) {
            const next = (control.selectedIndex + 1) % control.options.length;
            setter(HTMLSelectElement.prototype).call(control, control.options[next].value);
          } else {
            const step = Number(control.step) || 1;
            const min = control.min === '' ? -Infinity : Number(control.min);
            const max = control.max === '' ? Infinity : Number(control.max);
            let v = Number(control.value) + dir * step;
            if (v > max || v < min) {
              dir = -dir;
              v = Number(control.value) + dir * step;
            }
            setter(HTMLInputElement.prototype).call(control, String(v));
          }
          const changed = new Promise((res) => {
            const obs = new MutationObserver(() => {
              if (snap() !== before) {
                obs.disconnect();
                res(performance.now());
              }
            });
            obs.observe(el, { subtree: true, childList: true, attributes: true, characterData: true });
            setTimeout(() => {
              obs.disconnect();
              res(null);
            }, 5000);
          });
          const t0 = performance.now();
          control.dispatchEvent(new Event('input', { bubbles: true }));
          control.dispatchEvent(new Event('change', { bubbles: true }));
          const t1 = await changed;
          if (t1 !== null) times.push(t1 - t0);
          await new Promise((r) => setTimeout(r, 30));
        }
        return { error: times.length ? null : 'output never changed', times };
      },
      [index, n],
    );

  // Widgets whose models are timed by their own block below (the GPT-J writer answers only when the
  // reader presses "write": no input change makes it run, so the generic fallback would only time out).
  const MEASURED_ELSEWHERE = new Set(['charlm-writer']);
  const latencyByModel = new Map();
  const dragByWidget = new Map();
  if (!flag('no-live')) {
    for (const article of results.articles) {
      const probe = await newContext();
      const probePage = await probe.newPage();
      await probePage.goto(article.path, { waitUntil: 'networkidle' });
      const widgets = await probePage.$$eval('.widget[data-widget]', (els) => els.map((e) => ({ name: e.getAttribute('data-widget'), live: !!e.querySelector('[data-live-start]') })));
      await probe.close();
      for (const [index, wdg] of widgets.entries()) {
        if (!wdg.live) {
          article.widgets.push({ name: wdg.name, index, live: false });
          continue;
        }
        log(`live: ${article.path} widget ${wdg.name}`);
        const context = await newContext();
        const page = await context.newPage();
        const models = new Set();
        page.on('request', (r) => {
          const m = /^\/models\/([^/]+)\/[^/]+\.onnx$/.exec(new URL(r.url()).pathname);
          if (m) models.add(m[1]);
        });
        await page.goto(article.path, { waitUntil: 'networkidle' });
        const cold = await firstLive(page, index);
        await page.goto(article.path, { waitUntil: 'networkidle' });
        const warm = await firstLive(page, index);
        const entry = { name: wdg.name, index, live: true, models: [...models], cold, warm };
        article.widgets.push(entry);

        // Latency, in the warm page (runtime and model loaded).
        const keys = entry.models.length ? entry.models : [`(graph) ${wdg.name}`];
        for (const key of keys) {
          if (latencyByModel.has(key)) continue;
          let lat = null;
          const hasHook = await page.evaluate(() => typeof window.__ortBench === 'function');
          if (hasHook && entry.models.length) {
            const raw = await page
              .evaluate(([id, n]) => window.__ortBench(id, n), [key, latencyN])
              .catch((e) => ({ error: String(e?.message ?? e).split('\n')[0] }));
            const times = Array.isArray(raw) ? raw : Array.isArray(raw?.times) ? raw.times : null;
            if (times?.length) lat = { method: '__ortBench', n: times.length, p50: pct(times, 50), p95: pct(times, 95) };
            else if (raw?.p50 != null) lat = { method: '__ortBench', n: raw.n ?? latencyN, p50: raw.p50, p95: raw.p95 ?? null };
            else log(`__ortBench(${key}) gave nothing usable (${raw?.error ?? JSON.stringify(raw)}); timing the widget instead`);
          }
          if (!lat && warm && !warm.error && !MEASURED_ELSEWHERE.has(wdg.name)) {
            const r = await widgetLatency(page, index, latencyN);
            lat = { method: 'widget input → [data-live-output]', n: r.times.length, p50: pct(r.times, 50), p95: pct(r.times, 95), error: r.error ?? undefined };
          }
          if (lat) latencyByModel.set(key, { model: key, widget: wdg.name, article: article.path, ...lat });
        }
        if (warm && !warm.error && !dragByWidget.has(wdg.name)) {
          const d = await dragLatency(page, index, latencyN * 4).catch((e) => ({ error: String(e?.message ?? e).split('\n')[0] }));
          if (d) dragByWidget.set(wdg.name, { widget: wdg.name, article: article.path, ...d });
        }
        await context.close();
      }
    }
    // Every image model not measured through its widget (e.g. the encoders the embedding map only
    // loads when the reader switches to them): loaded and timed on zeros through __ortBench.
    const imageModels = readdirSync(join(root, 'public/models'))
      .map((id) => JSON.parse(readFileSync(join(root, 'public/models', id, 'card.json'), 'utf8')))
      .filter((c) => c.inputs.length === 1 && JSON.stringify(c.inputs[0].shape) === '[1,1,28,28]' && !latencyByModel.has(c.id));
    const host = results.articles.flatMap((a) => a.widgets.filter((w) => w.live && w.warm && !w.warm.error).map((w) => ({ a, w })))[0];
    if (imageModels.length && host) {
      const context = await newContext();
      const page = await context.newPage();
      await page.goto(host.a.path, { waitUntil: 'networkidle' });
      await firstLive(page, host.w.index);
      for (const c of imageModels) {
        log(`latency (zeros input): ${c.id}`);
        const spec = { id: c.id, url: `/models/${c.id}/model.onnx`, sha256: c.sha256, bytes: c.bytes };
        const times = await page
          .evaluate(([sp, n]) => window.__ortBench(sp.id, n, { spec: sp, feeds: { image: { dims: [1, 1, 28, 28], dtype: 'float32', data: new Float32Array(784) } } }), [spec, latencyN])
          .catch((e) => ({ error: String(e?.message ?? e).split('\n')[0] }));
        latencyByModel.set(c.id, Array.isArray(times)
          ? { model: c.id, widget: '—', article: host.a.path, method: '__ortBench, zeros input', n: times.length, p50: pct(times, 50), p95: pct(times, 95) }
          : { model: c.id, widget: '—', article: host.a.path, method: '__ortBench, zeros input', n: 0, p50: null, p95: null, error: times.error });
      }
      await context.close();
    }
    // Writer-style models (issue 5 budgets: a 1000-character passage ≤ 30 ms p95; the occlusion
    // batch for it ≤ 300 ms): the fixture passage and its occlusion batch, through __ortBench.
    const writerIds = ['writers-ru-char', 'writers-en-char'].filter((id) => existsSync(join(root, 'public/models', id, 'card.json')));
    if (writerIds.length && host) {
      const { occlusionFragments, maskedBatch, fragmentCap } = await import('../src/lib/writers-occlusion.ts');
      const context = await newContext();
      const page = await context.newPage();
      await page.goto(host.a.path, { waitUntil: 'networkidle' });
      await firstLive(page, host.w.index);
      for (const id of writerIds) {
        const c = JSON.parse(readFileSync(join(root, 'public/models', id, 'card.json'), 'utf8'));
        const fx = JSON.parse(readFileSync(join(root, 'public/models', id, 'fixtures.json'), 'utf8')).cases.find((x) => x.name === 'test-window-1000');
        const ids = BigInt64Array.from(fx.inputs.ids.data.map((v) => BigInt(v)));
        const chars = Array.from(fx.text).slice(0, ids.length);
        const frags = occlusionFragments(chars, fragmentCap(chars.length));
        const batch = maskedBatch(ids, frags);
        const spec = { id: c.id, url: `/models/${c.id}/model.onnx`, sha256: c.sha256, bytes: c.bytes };
        for (const [label, data, rows] of [['1000 characters', ids, 1], [`occlusion, ${frags.length + 1} × 1000`, batch, frags.length + 1]]) {
          log(`latency (${label}): ${id}`);
          const times = await page
            .evaluate(([sp, n, arr, r]) => window.__ortBench(sp.id, n, { spec: sp, feeds: { ids: { dims: [r, arr.length / r], dtype: 'int64', data: BigInt64Array.from(arr, (v) => BigInt(v)) } } }),
              [spec, label.startsWith('occ') ? Math.max(5, Math.round(latencyN / 3)) : latencyN, Array.from(data, Number), rows])
            .catch((e) => ({ error: String(e?.message ?? e).split('\n')[0] }));
          const key = `${id} (${label})`;
          latencyByModel.set(key, Array.isArray(times)
            ? { model: key, widget: '—', article: host.a.path, method: '__ortBench, fixture passage', n: times.length, p50: pct(times, 50), p95: pct(times, 95) }
            : { model: key, widget: '—', article: host.a.path, method: '__ortBench, fixture passage', n: 0, p50: null, p95: null, error: times.error });
        }
      }
      await context.close();
    }
    // GPT-J mini models: one generated character (a 1-id step with a short cache) and a full 128-character
    // window (the worst case when the cache is refilled), from the fixtures, through __ortBench.
    const charlmIds = ['charlm-ru', 'charlm-en'].filter((id) => existsSync(join(root, 'public/models', id, 'card.json')));
    if (charlmIds.length && host) {
      const context = await newContext();
      const page = await context.newPage();
      await page.goto(host.a.path, { waitUntil: 'networkidle' });
      await firstLive(page, host.w.index);
      for (const id of charlmIds) {
        const c = JSON.parse(readFileSync(join(root, 'public/models', id, 'card.json'), 'utf8'));
        const cases = JSON.parse(readFileSync(join(root, 'public/models', id, 'fixtures.json'), 'utf8')).cases;
        const spec = { id: c.id, url: `/models/${c.id}/model.onnx`, sha256: c.sha256, bytes: c.bytes };
        for (const [label, name] of [['one character, cached', 'cached-step'], ['128-character window', 'full-context']]) {
          const fx = cases.find((x) => x.name === name);
          if (!fx) continue;
          log(`latency (${label}): ${id}`);
          const times = await page
            .evaluate(([sp, n, ids, idsDims, past, pastDims]) => window.__ortBench(sp.id, n, { spec: sp, feeds: {
              ids: { dims: idsDims, dtype: 'int64', data: BigInt64Array.from(ids, (v) => BigInt(v)) },
              past: { dims: pastDims, dtype: 'float32', data: Float32Array.from(past) },
            } }), [spec, latencyN, fx.inputs.ids.data, fx.inputs.ids.dims, fx.inputs.past.data, fx.inputs.past.dims])
            .catch((e) => ({ error: String(e?.message ?? e).split('\n')[0] }));
          const key = `${id} (${label})`;
          latencyByModel.set(key, Array.isArray(times)
            ? { model: key, widget: '—', article: host.a.path, method: '__ortBench, fixture input', n: times.length, p50: pct(times, 50), p95: pct(times, 95) }
            : { model: key, widget: '—', article: host.a.path, method: '__ortBench, fixture input', n: 0, p50: null, p95: null, error: times.error });
        }
      }
      await context.close();
    }
    // GPT-J article (issue 6 budget: generation ≥ 100 characters/s without blocking the page): the
    // widget's own chars/s over one generation of 400 characters, per language, from the default prompt.
    const charlmPages = articles.filter((p) => /\/posts\/gpt-j\/$/.test(p));
    if (charlmPages.length) {
      const { benchCharlm } = await import('./bench-charlm.mjs');
      results.generation = [];
      for (const path of charlmPages) {
        log(`generation speed: ${path}`);
        const context = await newContext();
        const page = await context.newPage();
        await page.goto(path, { waitUntil: 'networkidle' });
        const r = await benchCharlm(page, { n: 400 }).catch((e) => ({ error: String(e?.message ?? e).split('\n')[0] }));
        results.generation.push({ article: path, ...r });
        await context.close();
      }
    }
    results.latency = [...latencyByModel.values()];
    results.drag = [...dragByWidget.values()];
    const methods = new Set(results.latency.map((l) => l.method));
    results.notes.latency = methods.size
      ? `Inference latency over ${latencyN} runs: ${[...methods].join('; ')}.`
      : 'No live widget found: nothing measured.';
  }
} finally {
  await browser.close();
}

// ---------------------------------------------------------------------------------------------
// 6. Lighthouse

// --reuse-lighthouse: keep the Lighthouse results of the previous report (and say from when),
// for re-measuring the live numbers without the ~10 minutes of Lighthouse runs.
const previous = existsSync(join(root, 'bench', 'results.json')) ? JSON.parse(readFileSync(join(root, 'bench', 'results.json'), 'utf8')) : null;
if (flag('reuse-lighthouse') && previous?.lighthouse?.length) {
  results.lighthouse = previous.lighthouse;
  results.lighthouseFrom = previous.lighthouseFrom ?? previous.date;
} else if (!flag('no-lighthouse')) {
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  const categories = ['performance', 'accessibility', 'best-practices', 'seo'];
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags });
  try {
    for (const path of sitemap) {
      const runs = helpers.isArticle(path) ? lhRuns : 1;
      const all = [];
      for (let i = 0; i < runs; i++) {
        log(`lighthouse ${path} (${i + 1}/${runs})`);
        const r = await lighthouse(`${origin}${path}`, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: categories });
        const lhr = r?.lhr;
        if (!lhr) continue;
        all.push({
          ...Object.fromEntries(categories.map((c) => [c, lhr.categories[c]?.score ?? null])),
          fcpMs: lhr.audits['first-contentful-paint']?.numericValue ?? null,
          lcpMs: lhr.audits['largest-contentful-paint']?.numericValue ?? null,
          tbtMs: lhr.audits['total-blocking-time']?.numericValue ?? null,
          cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? null,
          failing: Object.values(lhr.audits)
            .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'notApplicable' && a.scoreDisplayMode !== 'manual')
            .map((a) => a.id),
        });
      }
      const med = Object.fromEntries(['performance', 'accessibility', 'best-practices', 'seo', 'fcpMs', 'lcpMs', 'tbtMs', 'cls'].map((k) => [k, median(all.map((a) => a[k]).filter((v) => v != null))]));
      results.lighthouse.push({ path, runs: all.length, median: med, all });
    }
  } finally {
    chrome.kill();
  }
}
stopServer();

// ---------------------------------------------------------------------------------------------
// Report

const kb = (b) => (b / 1024).toFixed(1);
/** Sum of model.onnx bytes (from the cards) of the models each article's front matter lists. */
function modelBytesPerArticle() {
  const dir = join(root, 'src/content/posts/en');
  return readdirSync(dir).filter((f) => f.endsWith('.mdx')).map((f) => {
    const front = readFileSync(join(dir, f), 'utf8').split(/^---$/m)[1] ?? '';
    const models = (/^models:\s*\[([^\]]*)\]/m.exec(front)?.[1] ?? '').split(',').map((x) => x.trim()).filter(Boolean);
    const bytes = models.reduce((sum, id) => sum + JSON.parse(readFileSync(join(root, 'public/models', id, 'card.json'), 'utf8')).bytes, 0);
    return { slug: f.replace(/\.mdx$/, ''), models, bytes };
  });
}
const md = [];
md.push(`### Benchmarks`, '');
md.push(`Measured ${results.date.slice(0, 10)} on Node ${results.node}, Chromium ${results.chromium}; site served compressed by \`scripts/serve.mjs\` on localhost.`);
md.push(results.build ? `Build (\`${results.build.command}\`: astro build + Pagefind index): **${(results.build.ms / 1000).toFixed(1)} s**.` : 'Build: not timed (--no-build).', '');
md.push('**Article weight before any interaction** (compressed bytes over the wire, cold cache, 1350×940, no scroll):', '');
md.push('| article | requests | HTML KB | CSS KB | JS KB | fonts KB | images KB | total KB |', '|---|--:|--:|--:|--:|--:|--:|--:|');
for (const a of results.articles) {
  const b = a.bytes;
  md.push(`| \`${a.path}\` | ${b.requests} | ${kb(b.html)} | ${kb(b.css)} | ${kb(b.js)} | ${kb(b.font)} | ${kb(b.image)} | **${kb(b.total)}** |`);
}
md.push('');
const liveRows = results.articles.flatMap((a) => a.widgets.filter((w) => w.live).map((w) => ({ a, w })));
if (liveRows.length) {
  md.push('**Time to first live inference** (click → live badge / first live output):', '');
  md.push('| article | widget | model(s) | cold: ready | cold: output | warm: ready | warm: output |', '|---|---|---|--:|--:|--:|--:|');
  for (const { a, w } of liveRows) {
    const c = w.cold ?? {};
    const h = w.warm ?? {};
    const cell = (r, k) => (r?.error ? `error: ${r.error}` : ms(r?.[k]));
    md.push(`| \`${a.path}\` | ${w.name} | ${w.models.join(', ') || '(built in page)'} | ${cell(c, 'readyMs')} | ${cell(c, 'outputMs')} | ${cell(h, 'readyMs')} | ${cell(h, 'outputMs')} |`);
  }
  md.push('');
} else if (!flag('no-live')) {
  md.push('Time to first live inference: no widget with a live button on the measured pages.', '');
}
if (results.latency.length) {
  md.push(`**Inference latency** (${latencyN} runs per model):`, '');
  md.push('| model | widget | method | n | p50 | p95 |', '|---|---|---|--:|--:|--:|');
  for (const l of results.latency) md.push(`| ${l.model} | ${l.widget} | ${l.method} | ${l.n} | ${ms1(l.p50)} | ${ms1(l.p95)} |${l.error ? ` ${l.error}` : ''}`);
  md.push('');
}
if (results.drag?.length) {
  md.push(`**Live update while dragging** (${latencyN * 4} pointer moves 16 ms apart; time from a move to the next change of the live output):`, '');
  md.push('| widget | article | moves answered | live updates | p50 | p95 |', '|---|---|--:|--:|--:|--:|');
  for (const d of results.drag) md.push(d.error ? `| ${d.widget} | \`${d.article}\` | error: ${d.error} | | | |` : `| ${d.widget} | \`${d.article}\` | ${d.n} | ${d.updates} | ${ms1(d.p50)} | ${ms1(d.p95)} |`);
  md.push('');
}
if (results.generation?.length) {
  md.push('**Text generation speed** (GPT-J article, "write like the corpus": 400 characters from the default prompt, one model run per character in the ORT worker; the widget\'s own count from the first run to the last character):', '');
  md.push('| article | characters | characters/s |', '|---|--:|--:|');
  for (const g of results.generation) md.push(g.error ? `| \`${g.article}\` | error: ${g.error} | |` : `| \`${g.article}\` | ${g.n} | ${Math.round(g.charsPerSecond)} |`);
  md.push('');
}
md.push('**Model bytes per article** (the `model.onnx` files its front matter lists, from their cards):', '');
md.push('| article | models | bytes |', '|---|---|--:|');
for (const m of modelBytesPerArticle()) md.push(`| ${m.slug} | ${m.models.join(', ')} | ${m.bytes.toLocaleString('en-GB')} B (${(m.bytes / 1e6).toFixed(2)} MB) |`);
md.push('');
if (results.lighthouse.length) {
  md.push(`**Lighthouse** 13, mobile preset (median of ${lhRuns} runs for articles, 1 run otherwise)${results.lighthouseFrom ? `, from the run of ${results.lighthouseFrom.slice(0, 16).replace('T', ' ')} UTC` : ''}:`, '');
  md.push('| page | runs | performance | accessibility | best practices | SEO | LCP | TBT |', '|---|--:|--:|--:|--:|--:|--:|--:|');
  for (const l of results.lighthouse) {
    const m = l.median;
    md.push(`| \`${l.path}\` | ${l.runs} | ${score(m.performance)} | ${score(m.accessibility)} | ${score(m['best-practices'])} | ${score(m.seo)} | ${ms(m.lcpMs)} | ${ms(m.tbtMs)} |`);
  }
  md.push('');
}
const markdown = md.join('\n');
mkdirSync(join(root, 'bench'), { recursive: true });
writeFileSync(join(root, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(root, 'bench', 'results.md'), `${markdown}\n`);
console.log(markdown);
log('wrote bench/results.json and bench/results.md');

// The README shows the latest report between its bench markers.
const readmePath = join(root, 'README.md');
const readme = readFileSync(readmePath, 'utf8');
const block = /(<!-- bench:start -->\n)[\s\S]*?(\n<!-- bench:end -->)/;
if (block.test(readme)) {
  writeFileSync(readmePath, readme.replace(block, (_, start, end) => `${start}${markdown.replace(/^### Benchmarks\n\n/, '')}${end}`));
  log('updated the report in README.md');
}
process.exit(0);
