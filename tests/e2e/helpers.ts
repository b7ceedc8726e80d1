// Shared by the e2e specs and by scripts/bench.mjs (which imports this file directly: Node 24
// strips the types). Only type imports from @playwright/test, so it loads outside the runner too.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import type { BrowserContext, Page, Request, Response } from '@playwright/test';

/** The build output the server serves (playwright.config.ts sets E2E_DIST). */
export const distDir = (): string => resolve(process.env.E2E_DIST ?? 'dist');
/** The server's origin (playwright.config.ts sets E2E_BASE_URL). */
export const baseOrigin = (): string => new URL(process.env.E2E_BASE_URL ?? 'http://127.0.0.1:4321').origin;

export type Lang = 'ru' | 'en';
export const langOf = (path: string): Lang => (/^\/en(\/|$)/.test(path) ? 'en' : 'ru');
/** The pilot article; its content changes, its slug does not. */
export const PILOT = 'conv-arithmetic';

// ---------------------------------------------------------------------------------------------
// Sitemap (read from the built files; its URLs use the configured site origin, so keep paths).

const locs = (xml: string): string[] =>
  [...xml.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

export interface SitemapEntry {
  path: string;
  /** hreflang → path, from the sitemap's xhtml:link alternates. */
  alternates: Record<string, string>;
}

export function readSitemap(dir = distDir()): SitemapEntry[] {
  const indexFile = join(dir, 'sitemap-index.xml');
  if (!existsSync(indexFile)) throw new Error(`${indexFile} not found: run "npm run build" first`);
  const entries = new Map<string, SitemapEntry>();
  for (const sub of locs(readFileSync(indexFile, 'utf8'))) {
    const xml = readFileSync(join(dir, new URL(sub).pathname), 'utf8');
    for (const block of xml.match(/<url>[\s\S]*?<\/url>/g) ?? []) {
      const loc = locs(block)[0];
      if (!loc) continue;
      const alternates: Record<string, string> = {};
      for (const m of block.matchAll(/<xhtml:link[^>]*hreflang="([^"]+)"[^>]*href="([^"]+)"/g)) {
        alternates[m[1]!] = new URL(m[2]!.replace(/&amp;/g, '&')).pathname;
      }
      const path = new URL(loc).pathname;
      entries.set(path, { path, alternates });
    }
  }
  return [...entries.values()].sort((a, b) => a.path.localeCompare(b.path));
}

export const sitemapPaths = (dir = distDir()): string[] => readSitemap(dir).map((e) => e.path);
export const isArticle = (path: string): boolean => /\/posts\/[^/]+\/$/.test(path);
export const slugOf = (path: string): string => /\/posts\/([^/]+)\/$/.exec(path)?.[1] ?? '';

// ---------------------------------------------------------------------------------------------
// Article sources, to know what a page must contain (math, widgets) without trusting the HTML.

export function articleSource(lang: Lang, slug: string): string | null {
  for (const ext of ['mdx', 'md']) {
    const file = resolve('src/content/posts', lang, `${slug}.${ext}`);
    if (existsSync(file)) return readFileSync(file, 'utf8');
  }
  return null;
}

/** Body without front matter, code fences and inline code. */
function proseOf(source: string): string {
  return source
    .replace(/^---\r?\n[\s\S]*?\r?\n---\r?\n/, '')
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1\s*$/gm, '')
    .replace(/`[^`\n]*`/g, '');
}

export const sourceHasMath = (source: string): boolean => /\$\$[\s\S]+?\$\$|\$[^$\n]+\$/.test(proseOf(source));
/** `interactive: true` in the front matter promises live widgets on the page. */
export const sourceIsInteractive = (source: string): boolean =>
  /^interactive:\s*true\s*$/m.test(/^---\r?\n([\s\S]*?)\r?\n---/.exec(source)?.[1] ?? '') || /\sclient:(load|idle|visible|media|only)\b/.test(proseOf(source));

// ---------------------------------------------------------------------------------------------
// watch(page): everything that should not happen on a clean page load.

export interface ExpectedResponse {
  /** A path ("/nope/"), a full URL, or a pattern over the full URL. */
  url: string | RegExp;
  status: number;
}
export interface WatchOptions {
  /** Responses >= 400 that the test provokes on purpose (e.g. the 404 page). */
  expected?: ExpectedResponse[];
  /** Ignore net::ERR_ABORTED (requests cut short by a navigation the test makes). */
  ignoreAborted?: boolean;
}
export interface Watcher {
  /** Human-readable problems, in order; a clean page leaves this empty. */
  issues: string[];
  /** Every URL requested since watch() (page and its workers). */
  requests: string[];
}

const matchesExpected = (url: string, e: ExpectedResponse): boolean => {
  if (e.url instanceof RegExp) return e.url.test(url);
  if (/^https?:/.test(e.url)) return url === e.url;
  try {
    return new URL(url).pathname === e.url;
  } catch {
    return false;
  }
};

export function watch(page: Page, opts: WatchOptions = {}): Watcher {
  const origin = baseOrigin();
  const expected = opts.expected ?? [];
  const issues: string[] = [];
  const requests: string[] = [];
  page.on('console', (msg) => {
    const type = msg.type();
    if (type !== 'error' && type !== 'warning') return;
    const where = msg.location();
    // Chromium logs every >= 400 response as a console error; expected ones are not problems.
    const status = /^Failed to load resource: the server responded with a status of (\d+)/.exec(msg.text());
    if (status && expected.some((e) => e.status === Number(status[1]) && matchesExpected(where.url, e))) return;
    issues.push(`console.${type}: ${msg.text()}${where.url ? ` (${where.url}:${where.lineNumber})` : ''}`);
  });
  page.on('pageerror', (err) => issues.push(`pageerror: ${err.message}`));
  page.on('request', (req: Request) => {
    const url = req.url();
    requests.push(url);
    if (/^(data|blob|about):/.test(url)) return;
    if (new URL(url).origin !== origin) issues.push(`request to another origin: ${req.method()} ${url}`);
  });
  page.on('requestfailed', (req: Request) => {
    const error = req.failure()?.errorText ?? 'failed';
    if (opts.ignoreAborted && error === 'net::ERR_ABORTED') return;
    issues.push(`request failed: ${req.method()} ${req.url()} (${error})`);
  });
  page.on('response', (res: Response) => {
    const status = res.status();
    if (status < 400) return;
    if (expected.some((e) => e.status === status && matchesExpected(res.url(), e))) return;
    issues.push(`HTTP ${status}: ${res.request().method()} ${res.url()}`);
  });
  return { issues, requests };
}

// ---------------------------------------------------------------------------------------------
// axe

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: unknown[]; html?: string; failureSummary?: string }[];
}

export async function runAxe(page: Page): Promise<AxeViolation[]> {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return result.violations as AxeViolation[];
}

/** One line per failing node: "rule (impact): selector — summary". */
export function formatViolations(violations: AxeViolation[]): string[] {
  return violations.flatMap((v) =>
    v.nodes.map((n) => {
      const html = (n.html ?? '').replace(/\s+/g, ' ').slice(0, 110);
      return `${v.id} (${v.impact ?? '?'}): ${n.target.map(String).join(' ')} ${html ? `[${html}${(n.html ?? '').length > 110 ? '…' : ''}] ` : ''}— ${(n.failureSummary ?? v.help).replace(/\s+/g, ' ')}`;
    }),
  );
}

// ---------------------------------------------------------------------------------------------
// Page weight: compressed bytes per request, for the budget test and the bench.
//
// Method: Chrome DevTools Protocol. `Network.loadingFinished.encodedDataLength` is what went over
// the wire for one request — the compressed body plus the response headers, i.e. DevTools'
// "Transferred" column and Lighthouse's transferSize. Only requests that CDP did not report
// (e.g. from a worker, which is another CDP target) fall back to gzip -6 of the decoded body
// (node:zlib, headers not counted); `method` says which one each row used.

export type Category = 'html' | 'css' | 'js' | 'font' | 'image' | 'wasm' | 'model' | 'other';

export interface Transfer {
  url: string;
  path: string;
  category: Category;
  /** Compressed bytes (see `method`). */
  bytes: number;
  /** Of which response headers (CDP only; 0 for the fallback). */
  headerBytes: number;
  encoding: string;
  status: number;
  method: 'cdp' | 'gzip';
  /** onnxruntime, its wasm or a model: must never load before the reader asks for a live run. */
  live: boolean;
}

/** onnxruntime's JS/worker/wasm and model files (the ORT client chunk counts too). */
export const isLiveAsset = (url: string): boolean => {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return false;
  }
  const base = path.slice(path.lastIndexOf('/') + 1);
  return /\.wasm$/i.test(path) || path.startsWith('/models/') || /(^|[^a-z])(ort|onnxruntime)([^a-z]|$)/i.test(base);
};

function categorize(url: string, cdpType: string | undefined, mime: string | undefined): Category {
  const path = new URL(url).pathname;
  if (path.startsWith('/models/')) return 'model';
  if (/\.wasm$/i.test(path) || mime === 'application/wasm') return 'wasm';
  if (cdpType === 'Document' || mime === 'text/html') return 'html';
  if (cdpType === 'Stylesheet' || mime === 'text/css' || /\.css$/i.test(path)) return 'css';
  if (cdpType === 'Script' || /javascript|ecmascript/.test(mime ?? '') || /\.m?js$/i.test(path)) return 'js';
  if (cdpType === 'Font' || /^font\//.test(mime ?? '') || /\.(woff2?|ttf|otf)$/i.test(path)) return 'font';
  if (cdpType === 'Image' || /^image\//.test(mime ?? '') || /\.(png|jpe?g|gif|webp|avif|svg|ico)$/i.test(path)) return 'image';
  return 'other';
}

interface CdpRecord {
  url: string;
  type?: string;
  mime?: string;
  status?: number;
  headerBytes?: number;
  encoding?: string;
  total?: number;
  failed?: boolean;
}

export interface TransferRecorder {
  /** Stop listening and return one row per finished request (failed ones are left out). */
  stop(): Promise<Transfer[]>;
}

/** Start before page.goto(). Records the page's requests through CDP, workers' through Playwright. */
export async function recordTransfers(page: Page): Promise<TransferRecorder> {
  const cdp = await page.context().newCDPSession(page);
  const byId = new Map<string, CdpRecord>();
  const get = (id: string, url = ''): CdpRecord => {
    let r = byId.get(id);
    if (!r) byId.set(id, (r = { url }));
    return r;
  };
  cdp.on('Network.requestWillBeSent', (e) => {
    const r = get(e.requestId, e.request.url);
    r.url = e.request.url;
    r.type = e.type;
  });
  cdp.on('Network.responseReceived', (e) => {
    const r = get(e.requestId, e.response.url);
    r.type = e.type;
    r.mime = e.response.mimeType;
    r.status = e.response.status;
    r.headerBytes = e.response.encodedDataLength;
    const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    r.encoding = headers['content-encoding'] ?? 'identity';
  });
  cdp.on('Network.loadingFinished', (e) => {
    get(e.requestId).total = e.encodedDataLength;
  });
  cdp.on('Network.loadingFailed', (e) => {
    get(e.requestId).failed = true;
  });
  await cdp.send('Network.enable');

  // Anything CDP's page target does not see (dedicated workers): measured by gzip of the body.
  const finished: Request[] = [];
  const onFinished = (req: Request): void => void finished.push(req);
  page.on('requestfinished', onFinished);

  const fallback = async (req: Request): Promise<Transfer | null> => {
    const res = await req.response();
    if (!res) return null;
    let body: Buffer;
    try {
      body = await res.body();
    } catch {
      return null;
    }
    const url = req.url();
    return {
      url,
      path: new URL(url).pathname,
      category: categorize(url, undefined, (await res.allHeaders())['content-type']?.split(';')[0]),
      bytes: gzipSync(body, { level: 6 }).length,
      headerBytes: 0,
      encoding: 'gzip (computed)',
      status: res.status(),
      method: 'gzip',
      live: isLiveAsset(url),
    };
  };

  return {
    async stop() {
      page.off('requestfinished', onFinished);
      await cdp.detach().catch(() => undefined);
      const rows: Transfer[] = [];
      const seen = new Set<string>();
      for (const r of byId.values()) {
        if (r.failed || r.total === undefined || /^(data|blob):/.test(r.url)) continue;
        seen.add(r.url);
        rows.push({
          url: r.url,
          path: new URL(r.url).pathname,
          category: categorize(r.url, r.type, r.mime),
          bytes: r.total,
          headerBytes: r.headerBytes ?? 0,
          encoding: r.encoding ?? 'identity',
          status: r.status ?? 0,
          method: 'cdp',
          live: isLiveAsset(r.url),
        });
      }
      const missing = finished.filter((req) => !seen.has(req.url()) && !/^(data|blob):/.test(req.url()));
      for (const t of await Promise.all(missing.map(fallback))) if (t) rows.push(t);
      return rows;
    },
  };
}

export interface Weight {
  path: string;
  requests: number;
  html: number;
  css: number;
  js: number;
  font: number;
  image: number;
  other: number;
  /** Everything except live assets (which must be absent anyway). */
  total: number;
  live: Transfer[];
  rows: Transfer[];
}

export function summarize(path: string, rows: Transfer[]): Weight {
  const w: Weight = { path, requests: 0, html: 0, css: 0, js: 0, font: 0, image: 0, other: 0, total: 0, live: [], rows };
  for (const r of rows) {
    if (r.live) {
      w.live.push(r);
      continue;
    }
    w.requests += 1;
    w.total += r.bytes;
    if (r.category === 'wasm' || r.category === 'model') w.other += r.bytes;
    else w[r.category] += r.bytes;
  }
  return w;
}

/**
 * Loads `path` in a fresh context (cold cache) at 1350×940, touches nothing, waits for network
 * idle and web fonts, and returns the compressed bytes it fetched.
 */
export async function measureFirstLoad(newContext: () => Promise<BrowserContext>, path: string): Promise<Weight> {
  const context = await newContext();
  try {
    const page = await context.newPage();
    const recorder = await recordTransfers(page);
    await page.goto(path, { waitUntil: 'networkidle' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.waitForLoadState('networkidle');
    return summarize(path, await recorder.stop());
  } finally {
    await context.close();
  }
}

export const kb = (bytes: number): string => (bytes / 1024).toFixed(1);

export function weightTable(weights: Weight[]): string {
  const head = ['page', 'req', 'HTML KB', 'CSS KB', 'JS KB', 'fonts KB', 'images KB', 'other KB', 'total KB'];
  const lines = weights.map((w) => [w.path, String(w.requests), kb(w.html), kb(w.css), kb(w.js), kb(w.font), kb(w.image), kb(w.other), kb(w.total)]);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [fmt(head), `|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...lines.map(fmt)].join('\n');
}

/** Draws two vertical strokes (something like a pair of trousers) on a widget's DrawPad canvas. */
export async function drawTrousers(page: Page, canvas: ReturnType<Page['locator']>): Promise<void> {
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  for (const x of [0.38, 0.62]) {
    await page.mouse.move(box.x + box.width * x, box.y + box.height * 0.15);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width * x, box.y + box.height * (0.15 + i * 0.07));
    await page.mouse.up();
  }
}
