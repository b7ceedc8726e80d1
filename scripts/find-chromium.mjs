#!/usr/bin/env node
// Finds a Chromium (or Chrome) for the browser tests, in this order:
//   1. the CHROMIUM_PATH environment variable (an error if it points nowhere);
//   2. a system browser: chromium, chromium-browser, google-chrome(-stable) on PATH or in the usual
//      Linux, macOS and Windows locations;
//   3. Playwright's own download (chromium.executablePath() of playwright-core), if that file exists;
//   4. on Debian/Ubuntu, as root or with password-less sudo: `apt-get update` + `apt-get install -y
//      chromium`, then the installed /usr/bin/chromium;
//   5. otherwise an error that says what is missing and how to install it.
// `npx playwright install` cannot download anything on these machines (stack.md P10), which is why
// a system Chromium comes before Playwright's own and apt is the last resort.
//
//   node scripts/find-chromium.mjs            prints path, source and what was done
//   node scripts/find-chromium.mjs --path     prints only the path (for shell scripts)
//   node scripts/find-chromium.mjs --no-install   never runs apt-get
//
// import { findChromium } from './find-chromium.mjs';
//   findChromium({ install = true, log = console.error }) → { path, source, note }; throws Error.
import { existsSync, statSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { delimiter, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function isExecutableFile(p) {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Looks a command up on PATH, like `command -v`. */
function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidates = process.platform === 'win32' ? [`${name}.exe`, name] : [name];
    for (const c of candidates) {
      const p = join(dir, c);
      if (isExecutableFile(p)) return p;
    }
  }
  return undefined;
}

function systemCandidates() {
  const fixed = [];
  if (process.platform === 'darwin') {
    fixed.push(
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      join(process.env.HOME ?? '~', 'Applications/Google Chrome.app/Contents/MacOS/Google Chrome'),
    );
  } else if (process.platform === 'win32') {
    for (const base of [process.env.PROGRAMFILES, process.env['PROGRAMFILES(X86)'], process.env.LOCALAPPDATA, 'C:\\Program Files', 'C:\\Program Files (x86)']) {
      if (!base) continue;
      fixed.push(join(base, 'Google', 'Chrome', 'Application', 'chrome.exe'), join(base, 'Chromium', 'Application', 'chrome.exe'));
    }
  } else {
    for (const n of NAMES) fixed.push(`/usr/bin/${n}`);
    fixed.push('/snap/bin/chromium', '/opt/google/chrome/chrome');
  }
  return fixed;
}

function playwrightChromium() {
  const require = createRequire(resolve('package.json'));
  for (const pkg of ['playwright-core', '@playwright/test', 'playwright']) {
    try {
      const mod = require(pkg);
      const p = mod.chromium?.executablePath?.();
      if (p) return { pkg, path: p };
    } catch {
      // not installed, or no browser registry: try the next one
    }
  }
  return undefined;
}

function osRelease() {
  try {
    return readFileSync('/etc/os-release', 'utf8');
  } catch {
    return '';
  }
}

function isDebianLike() {
  return process.platform === 'linux' && existsSync('/usr/bin/apt-get') && /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(osRelease());
}

function canSudo() {
  if (!onPath('sudo')) return false;
  return spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
}

function version(path) {
  const r = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  // Debian's start script may print a "[: … unexpected operator" line first (stack.md P12).
  const line = (r.stdout ?? '').split('\n').find((l) => /\d+\.\d+/.test(l));
  return line?.trim();
}

function found(path, source, note) {
  const v = version(path);
  return { path, source, note: v ? `${note} (${v})` : note };
}

export function findChromium({ install = true, log = (msg) => console.error(msg) } = {}) {
  // 1. explicit choice
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (isExecutableFile(fromEnv)) return found(fromEnv, 'env', 'used CHROMIUM_PATH as given');
    throw new Error(`find-chromium: CHROMIUM_PATH is set to "${fromEnv}", but no such file exists. Unset it to let the search run, or point it at a Chromium/Chrome executable.`);
  }

  // 2. system browser
  for (const p of systemCandidates()) {
    if (isExecutableFile(p)) return found(p, 'system', `found a system browser at ${p}`);
  }
  for (const n of NAMES) {
    const p = onPath(n);
    if (p) return found(p, 'system', `found "${n}" on PATH at ${p}`);
  }

  // 3. Playwright's own download
  const pw = playwrightChromium();
  if (pw && isExecutableFile(pw.path)) return found(pw.path, 'playwright', `found Playwright's downloaded Chromium (${pw.pkg})`);

  // 4. install with apt
  const tried = `Looked for: $CHROMIUM_PATH (unset); ${systemCandidates().join(', ')}; ${NAMES.join(', ')} on PATH; Playwright's download${pw ? ` at ${pw.path}` : ' (playwright-core not installed)'}.`;
  if (install && isDebianLike()) {
    const root = process.getuid?.() === 0;
    const sudo = !root && canSudo();
    if (root || sudo) {
      const run = (args) => {
        const cmd = sudo ? ['sudo', '-n', ...args] : args;
        log(`find-chromium: running ${cmd.join(' ')}`);
        const r = spawnSync(cmd[0], cmd.slice(1), { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
        if (r.status !== 0) throw new Error(`find-chromium: "${cmd.join(' ')}" failed (exit ${r.status ?? r.signal}). ${tried} Install Chromium yourself (sudo apt-get install chromium) or set CHROMIUM_PATH.`);
      };
      log('find-chromium: no Chromium found; installing the Debian package "chromium" with apt-get');
      run(['apt-get', 'update']);
      // Cyrillic-capable fonts explicitly: they are only Recommends, and the pages are Russian.
      run(['apt-get', 'install', '-y', '--no-install-recommends', 'chromium', 'fonts-liberation', 'fonts-dejavu-core']);
      const p = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find(isExecutableFile);
      if (p) return found(p, 'apt', `installed the "chromium" package with apt-get${sudo ? ' (via sudo)' : ''}; using ${p}`);
      throw new Error(`find-chromium: apt-get install chromium succeeded but /usr/bin/chromium does not exist. ${tried}`);
    }
  }

  // 5. give up, saying why
  const how = isDebianLike()
    ? 'Install it with: sudo apt-get update && sudo apt-get install -y chromium  (this script does that itself when run as root or with password-less sudo)'
    : process.platform === 'darwin'
      ? 'Install Google Chrome (https://www.google.com/chrome/) or Chromium (brew install --cask chromium)'
      : process.platform === 'win32'
        ? 'Install Google Chrome (https://www.google.com/chrome/)'
        : "Install Chromium with your system's package manager, or run `npx playwright install chromium` where the network allows it";
  const why = !install ? ' (installing was disabled with --no-install)' : isDebianLike() ? ' (not root and no password-less sudo, so apt-get was not run)' : '';
  throw new Error(`find-chromium: no Chromium or Chrome found${why}. ${tried} ${how}, or set CHROMIUM_PATH to an existing browser executable.`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  try {
    const r = findChromium({ install: !args.includes('--no-install') });
    if (args.includes('--path')) console.log(r.path);
    else console.log(`chromium: ${r.path}\nsource:   ${r.source}\nnote:     ${r.note}`);
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  }
}
