#!/usr/bin/env node
// Generation speed of the GPT-J article's "write like the corpus" widget (the character-level mini
// GPT-J, one model run per character in the shared ORT worker). scripts/bench.mjs imports
// benchCharlm(page); run standalone against a build:
//   node scripts/bench-charlm.mjs [--dist dist] [--lang ru|en] [--n 400]
// (serves the build with scripts/serve.mjs on a free port and drives Debian's Chromium).

/**
 * On an already-loaded gpt-j article page: starts live mode, generates `n` (≥ 300) characters from
 * the default prompt and seed, and returns the widget's own measurement (characters / wall-clock
 * seconds from the first model run to the last character, model download excluded).
 * @param {import('playwright-core').Page} page
 * @param {{ n?: number, timeoutMs?: number }} [opts]
 * @returns {Promise<{ charsPerSecond: number, n: number }>}
 */
export async function benchCharlm(page, { n = 400, timeoutMs = 120_000 } = {}) {
  const count = Math.max(300, Math.min(1000, Math.floor(n)));
  const root = page.locator('[data-widget="charlm-writer"]').first();
  await root.scrollIntoViewIfNeeded();
  await page.locator('astro-island:has([data-widget="charlm-writer"]):not([ssr])').first().waitFor({ timeout: 30_000 });
  const start = root.locator('[data-live-start]');
  if (await start.count()) {
    await start.click();
    await root.locator('[data-live-ready]').waitFor({ timeout: 60_000 });
  }
  await root.locator('input[data-length]').fill(String(count));
  await root.locator('button[data-generate]').click();
  const out = root.locator('.charlm-output[data-state="done"][data-live-output]');
  await out.waitFor({ state: 'attached', timeout: timeoutMs });
  const live = JSON.parse((await out.getAttribute('data-live-output')) ?? '{}');
  return { charsPerSecond: Number(live.charsPerSecond), n: Number(live.n) };
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  const { spawn } = await import('node:child_process');
  const { createServer } = await import('node:net');
  const { resolve } = await import('node:path');
  const args = process.argv.slice(2);
  const opt = (k, d) => { const i = args.indexOf(`--${k}`); return i >= 0 ? args[i + 1] : d; };
  const root = resolve(import.meta.dirname, '..');
  const dist = resolve(root, opt('dist', 'dist'));
  const lang = opt('lang', 'ru');
  const port = await new Promise((res) => { const s = createServer().listen(0, () => { const p = s.address().port; s.close(() => res(p)); }); });
  const server = spawn(process.execPath, ['scripts/serve.mjs', '--port', String(port), '--dir', dist, '--quiet'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const stop = () => { if (server.exitCode === null) server.kill('SIGTERM'); };
  process.on('exit', stop);
  for (let i = 0; ; i++) {
    try { if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break; } catch { /* not yet */ }
    if (i > 100) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
  try {
    const page = await browser.newPage({ baseURL: `http://127.0.0.1:${port}` });
    await page.goto(lang === 'ru' ? '/posts/gpt-j/' : '/en/posts/gpt-j/');
    const r = await benchCharlm(page, { n: Number(opt('n', 400)) });
    console.log(JSON.stringify({ lang, ...r }));
  } finally {
    await browser.close();
    stop();
  }
}
