#!/usr/bin/env node
// Link check over the built site (dist/), without network:
//  - every internal href/src/srcset/action of every HTML page (a, area, link, script, img, source,
//    iframe, video, audio, track, form) resolves to a file in dist, with the semantics of
//    `trailingSlash: 'always'` + `build.format: 'directory'`: "/x/" → dist/x/index.html; "/x" is
//    broken when only dist/x/index.html exists (Astro's server answers 404 there); files such as
//    "/rss.xml" resolve as they are;
//  - every "#anchor", same-page or cross-page, exists as an id (or <a name>) in the target page;
//  - same-page id references (label[for], aria-labelledby, aria-describedby) point at an id; no id
//    is used twice on a page (a duplicate makes one of them unreachable as an anchor);
//  - url(...) references in built CSS files resolve (KaTeX fonts);
//  - <loc> and hreflang links in sitemap*.xml and <link> items in rss.xml resolve to pages;
//  - every page's <html lang> is "ru" or "en" and matches its path ("/en/…" ⇒ en, else ru);
//  - relative links on 404 pages are errors: a host serves them at any URL, so they cannot resolve.
// Absolute URLs on the site's own origin (--site, else SITE_URL, else the origin of dist/index.html's
// canonical link, else http://localhost:4321 as in astro.config.mjs) count as internal. Other http(s) links are listed,
// never fetched. /pagefind/… files exist after the build and are checked like any other file.
//
//   node scripts/check-links.mjs [--dist dist] [--site http://localhost:4321] [--quiet]
// Exit 0 when clean, 1 when anything is broken.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve, sep, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'parse5';

const URL_ATTRS = {
  a: ['href'],
  area: ['href'],
  link: ['href'],
  script: ['src'],
  img: ['src', 'srcset'],
  source: ['src', 'srcset'],
  iframe: ['src'],
  video: ['src', 'poster'],
  audio: ['src'],
  track: ['src'],
  form: ['action'],
  embed: ['src'],
  object: ['data'],
};
const IDREF_ATTRS = ['for', 'aria-labelledby', 'aria-describedby'];

function walk(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

function isFile(p) {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function* elements(node) {
  for (const child of node.childNodes ?? []) {
    if (child.tagName) yield child;
    yield* elements(child);
    if (child.content) yield* elements(child.content); // <template>
  }
}

const attr = (el, name) => el.attrs.find((a) => a.name === name)?.value;

/** Parses srcset into its URLs ("a.png 1x, b.png 2x"). */
function srcsetUrls(value) {
  return value
    .split(',')
    .map((part) => part.trim().split(/\s+/)[0])
    .filter(Boolean);
}

/** The site URL path a dist file is served at. */
function pagePath(distDir, file) {
  const rel = relative(distDir, file).split(sep).join('/');
  if (rel === 'index.html') return '/';
  if (rel.endsWith('/index.html')) return `/${rel.slice(0, -'index.html'.length)}`;
  return `/${rel}`;
}

/** The origin the site was built for: SITE_URL, else the canonical URL of dist/index.html. */
function detectSite(distDir) {
  if (process.env.SITE_URL) return process.env.SITE_URL;
  try {
    const doc = parse(readFileSync(join(distDir, 'index.html'), 'utf8'));
    const canonical = [...elements(doc)].find((el) => el.tagName === 'link' && attr(el, 'rel') === 'canonical');
    if (canonical && attr(canonical, 'href')) return new URL(attr(canonical, 'href')).origin;
  } catch {
    // fall through to the default
  }
  return 'http://localhost:4321';
}

export function checkDist(distDir = 'dist', { site } = {}) {
  distDir = resolve(distDir);
  if (!existsSync(join(distDir, 'index.html'))) {
    return { pages: 0, checked: 0, broken: [{ file: distDir, target: '', reason: 'dist/index.html not found: run the build first' }], external: new Map(), warnings: [], site: site ?? '' };
  }
  site ??= detectSite(distDir);
  const origin = new URL(site).origin;
  const files = walk(distDir);
  const htmlFiles = files.filter((f) => f.endsWith('.html')).sort();
  const broken = [];
  const warnings = [];
  const external = new Map(); // url → Set of files
  let checked = 0;

  const pages = new Map(); // dist file → { ids:Set, doc }
  const loadPage = (file) => {
    let page = pages.get(file);
    if (!page) {
      const doc = parse(readFileSync(file, 'utf8'));
      const ids = new Set();
      const dup = new Set();
      for (const el of elements(doc)) {
        const id = attr(el, 'id');
        if (id !== undefined) {
          if (ids.has(id)) dup.add(id);
          ids.add(id);
        }
        const name = el.tagName === 'a' ? attr(el, 'name') : undefined;
        if (name) ids.add(name);
      }
      page = { doc, ids, dup };
      pages.set(file, page);
    }
    return page;
  };

  /**
   * Resolves a site path to a dist file, or returns a reason why it does not resolve.
   * @returns {{ file?: string, reason?: string }}
   */
  const resolvePath = (pathname) => {
    let decoded;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return { reason: 'malformed percent-encoding' };
    }
    const target = join(distDir, ...decoded.split('/').filter(Boolean));
    if (!target.startsWith(distDir)) return { reason: 'points outside dist' };
    if (decoded.endsWith('/')) {
      const index = join(target, 'index.html');
      if (isFile(index)) return { file: index };
      if (isFile(target.replace(/[\\/]$/, ''))) return { reason: 'trailing slash on a file' };
      return { reason: 'no such page' };
    }
    if (isFile(target)) return { file: target };
    if (isFile(join(target, 'index.html'))) return { reason: "missing trailing slash (trailingSlash: 'always' serves only the slash form)" };
    return { reason: 'no such file' };
  };

  /** Checks one URL found in `fromFile` (served at `base`). */
  const checkUrl = (raw, fromFile, base, { relativeForbidden = false } = {}) => {
    const value = raw.trim();
    if (!value) return;
    if (/^(mailto|tel|data|javascript|blob|about):/i.test(value)) return;
    let url;
    try {
      url = new URL(value, base);
    } catch {
      broken.push({ file: fromFile, target: value, reason: 'not a valid URL' });
      return;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return;
    if (url.origin !== origin) {
      if (!external.has(url.href)) external.set(url.href, new Set());
      external.get(url.href).add(fromFile);
      return;
    }
    checked += 1;
    const isRootRelative = value.startsWith('/') && !value.startsWith('//');
    const isAbsolute = /^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('//');
    if (relativeForbidden && !isRootRelative && !isAbsolute && !value.startsWith('#')) {
      broken.push({ file: fromFile, target: value, reason: 'relative link on a 404 page (it is served at arbitrary URLs)' });
      return;
    }
    const basePath = new URL(base).pathname;
    const samePage = url.pathname === basePath && !isRootRelative && !isAbsolute && value.startsWith('#');
    let targetFile;
    if (samePage) targetFile = fromFile;
    else {
      const r = resolvePath(url.pathname);
      if (!r.file) {
        broken.push({ file: fromFile, target: value, reason: r.reason });
        return;
      }
      targetFile = r.file;
    }
    if (url.hash && url.hash !== '#') {
      if (!targetFile.endsWith('.html')) return; // fragments of non-HTML files (e.g. #page=2) are not ids
      let frag;
      try {
        frag = decodeURIComponent(url.hash.slice(1));
      } catch {
        frag = url.hash.slice(1);
      }
      const { ids } = loadPage(targetFile);
      if (!ids.has(frag) && frag.toLowerCase() !== 'top') {
        broken.push({ file: fromFile, target: value, reason: `no element with id "${frag}" in ${relative(distDir, targetFile)}` });
      }
    }
  };

  for (const file of htmlFiles) {
    const path = pagePath(distDir, file);
    const base = `${origin}${path}`;
    const page = loadPage(file);
    const is404 = /(^|\/)404(\.html|\/)$/.test(path);

    // <html lang> matches the path
    const htmlEl = [...elements(page.doc)].find((el) => el.tagName === 'html');
    const lang = htmlEl ? attr(htmlEl, 'lang') : undefined;
    const expected = /^\/en(\/|\.|$)/.test(path) ? 'en' : 'ru';
    if (lang !== 'ru' && lang !== 'en') broken.push({ file, target: `<html lang="${lang ?? ''}">`, reason: 'lang must be "ru" or "en"' });
    else if (lang !== expected) broken.push({ file, target: `<html lang="${lang}">`, reason: `a page at ${path} must have lang="${expected}"` });

    for (const id of page.dup) broken.push({ file, target: `id="${id}"`, reason: 'duplicate id on the page' });

    let baseHref = base;
    for (const el of elements(page.doc)) {
      if (el.tagName === 'base' && attr(el, 'href')) baseHref = new URL(attr(el, 'href'), base).href;
    }

    for (const el of elements(page.doc)) {
      const names = URL_ATTRS[el.tagName];
      if (names) {
        for (const name of names) {
          const v = attr(el, name);
          if (v === undefined) continue;
          // <link rel=preconnect/dns-prefetch> name origins, not files
          if (el.tagName === 'link' && /\b(preconnect|dns-prefetch)\b/.test(attr(el, 'rel') ?? '')) continue;
          const urls = name === 'srcset' ? srcsetUrls(v) : [v];
          for (const u of urls) checkUrl(u, file, baseHref, { relativeForbidden: is404 });
        }
      }
      for (const name of IDREF_ATTRS) {
        const v = attr(el, name);
        if (v === undefined) continue;
        for (const id of v.split(/\s+/).filter(Boolean)) {
          if (!page.ids.has(id)) broken.push({ file, target: `${el.tagName}[${name}="${v}"]`, reason: `no element with id "${id}" on the page` });
        }
      }
      const controls = attr(el, 'aria-controls');
      if (controls) {
        for (const id of controls.split(/\s+/).filter(Boolean)) {
          if (!page.ids.has(id)) warnings.push({ file, target: `${el.tagName}[aria-controls="${controls}"]`, reason: `no element with id "${id}" in the built HTML (fine only if script creates it)` });
        }
      }
    }
  }

  // url(...) in built CSS (relative to the CSS file)
  for (const file of files.filter((f) => f.endsWith('.css'))) {
    const css = readFileSync(file, 'utf8');
    const base = `${origin}${pagePath(distDir, file)}`;
    for (const m of css.matchAll(/url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)/g)) {
      const u = m[1] ?? m[2] ?? m[3] ?? '';
      if (!u || u.startsWith('#')) continue;
      checkUrl(u, file, base);
    }
  }

  // sitemaps and RSS: page URLs on the site's origin
  for (const file of files.filter((f) => /(^|[\\/])(sitemap[^\\/]*\.xml|rss\.xml)$/.test(f))) {
    const xml = readFileSync(file, 'utf8');
    const base = `${origin}${pagePath(distDir, file)}`;
    const urls = [
      ...[...xml.matchAll(/<loc>\s*([^<\s]+)\s*<\/loc>/g)].map((m) => m[1]),
      ...[...xml.matchAll(/<xhtml:link\b[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]),
      ...[...xml.matchAll(/<item>[\s\S]*?<link>\s*([^<\s]+)\s*<\/link>/g)].map((m) => m[1]),
    ];
    for (const u of urls) checkUrl(u.replace(/&amp;/g, '&'), file, base);
  }

  return { pages: htmlFiles.length, checked, broken, external, warnings, site: origin };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const dist = opt('dist', 'dist');
  const site = opt('site', undefined);
  const quiet = args.includes('--quiet');
  const r = checkDist(dist, { site });
  const show = (f) => posix.normalize(relative(process.cwd(), f).split(sep).join('/'));
  if (!quiet && r.external.size) {
    console.log(`external links (listed, not fetched): ${r.external.size}`);
    for (const [u, from] of [...r.external].sort((a, b) => a[0].localeCompare(b[0]))) console.log(`  ${u}  (${from.size} file${from.size > 1 ? 's' : ''})`);
  }
  for (const w of r.warnings) console.log(`warning: ${show(w.file)}: ${w.target} — ${w.reason}`);
  for (const b of r.broken) console.error(`BROKEN: ${show(b.file)}: ${b.target} — ${b.reason}`);
  console.log(`check-links: site ${r.site}, ${r.pages} pages, ${r.checked} internal links checked, ${r.broken.length} broken, ${r.external.size} external (not fetched)`);
  process.exit(r.broken.length ? 1 : 0);
}
