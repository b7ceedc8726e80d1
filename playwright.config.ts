// End-to-end tests: the built site (dist/) served the way a static host would serve it
// (scripts/serve.mjs: gzip/brotli, per-locale 404), driven by the system's Debian Chromium.
//   npm run build && npm run test:e2e
// Environment: CHROMIUM_PATH (default /usr/bin/chromium), E2E_DIST (default dist: serve another
// build output, e.g. a snapshot), E2E_PORT (default: a free port picked once per run), CI.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';

// Playwright has no Chromium download here (stack.md P10): use the system's.
process.env.PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD ??= '1';

// One port per run, so parallel runs (or a server left from an earlier run) never clash.
// The config is evaluated again in each worker process; workers inherit the runner's
// environment, so the port is chosen once (by the runner) and reused by the workers.
if (!process.env.E2E_PORT) {
  // Ask the OS for a free port (listen on 0) in a child process: the config must be synchronous.
  const probe = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})";
  try {
    process.env.E2E_PORT = execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8', timeout: 10_000 }).trim();
  } catch {
    process.env.E2E_PORT = String(20_000 + (process.pid % 20_000));
  }
}
const port = Number(process.env.E2E_PORT);
const baseURL = `http://127.0.0.1:${port}`;
process.env.E2E_BASE_URL = baseURL;
const dist = resolve(process.env.E2E_DIST ?? 'dist');
process.env.E2E_DIST = dist;

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const ci = Boolean(process.env.CI);

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: 2,
  retries: ci ? 1 : 0,
  forbidOnly: ci,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: 'list',
  outputDir: 'test-results',
  use: {
    baseURL,
    browserName: 'chromium',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        ...(isRoot ? ['--no-sandbox'] : []),
      ],
    },
  },
  projects: [{ name: 'chromium' }],
  webServer: {
    command: `node scripts/serve.mjs --port ${port} --dir "${dist}" --quiet`,
    url: `${baseURL}/`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
