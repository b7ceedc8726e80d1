// Site-level checks on the built site: every sitemap page in both themes, 404s, language switch,
// theme persistence, the article without JavaScript, search and keyboard access.
// Widget behaviour (live runs) is tested elsewhere; here widgets only have to be present and baked.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import {
  PILOT,
  articleSource,
  distDir,
  formatViolations,
  isArticle,
  langOf,
  readSitemap,
  runAxe,
  slugOf,
  sourceHasMath,
  sourceIsInteractive,
  watch,
  type Lang,
} from './helpers.ts';

const sitemap = readSitemap();
const paths = sitemap.map((e) => e.path);
const known = new Set(paths);
const articles = paths.filter(isArticle);
const THEMES = ['light', 'dark'] as const;
const MOBILE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

/**
 * Search words. Russian: an inflected form that is not in the article verbatim but shares a stem
 * with a word that is (Pagefind stems Russian), chosen from the built article's text — «свёрткам»
 * once the text has «свёртка»/«свёртки»/…; note «свёрток» has another stem (fleeting vowel).
 * English: a plain English word.
 */
function russianQuery(): string {
  const file = join(distDir(), 'posts', PILOT, 'index.html');
  const html = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const body = /<article[^>]*data-pagefind-body[^>]*>([\s\S]*?)<\/article>/.exec(html)?.[1] ?? html;
  const text = body.replace(/<[^>]+>/g, ' ').toLowerCase();
  const has = (re: RegExp) => re.test(text);
  const word = (w: string) => new RegExp(`(?<![а-яё])${w}(?![а-яё])`, 'u');
  const candidates: [RegExp, string[]][] = [
    [word('свёртк(а|и|у|е|ой|ою|ами|ах|ам)'), ['свёрткам', 'свёртками', 'свёрткою']],
    [word('размер(а|у|ом|е|ы|ов|ам|ах)?'), ['размерами', 'размерах']],
    [word('формул(а|ы|е|у|ой|ах)?'), ['формулами', 'формулах']],
  ];
  for (const [forms, queries] of candidates) {
    if (!has(forms)) continue;
    const q = queries.find((x) => !has(word(x)));
    if (q) return q;
  }
  return 'свёрткам';
}

const QUERY: Record<Lang, { word: string; hit: string }> = {
  ru: { word: russianQuery(), hit: `/posts/${PILOT}/` },
  en: { word: 'convolution', hit: `/en/posts/${PILOT}/` },
};

test('the sitemap lists both languages and the pilot article', () => {
  expect(paths.length).toBeGreaterThan(2);
  expect(paths).toContain('/');
  expect(paths).toContain('/en/');
  expect(paths).toContain(`/posts/${PILOT}/`);
  expect(paths).toContain(`/en/posts/${PILOT}/`);
  expect(paths.filter((p) => /404/.test(p)), '404 pages must not be in the sitemap').toEqual([]);
  for (const e of sitemap) {
    const twin = langOf(e.path) === 'ru' ? `/en${e.path}` : e.path.replace(/^\/en/, '') || '/';
    expect(known.has(twin), `${e.path}: twin ${twin} missing from the sitemap`).toBe(true);
  }
});

// ---------------------------------------------------------------------------------------------
// In-page probes (run in the browser; they must not reference anything outside their body).

/** Visible text of <main> without code, pre and rendered math, one block per line. */
function visibleProse(): string {
  const main = document.querySelector('main');
  if (!main) return '';
  const clone = main.cloneNode(true) as HTMLElement;
  for (const el of clone.querySelectorAll('code, pre, script, style, template, .katex, .katex-display, math')) el.remove();
  clone.removeAttribute('id');
  for (const el of clone.querySelectorAll('[id]')) el.removeAttribute('id');
  const box = document.createElement('div');
  box.setAttribute('aria-hidden', 'true');
  box.style.cssText = 'position:absolute;left:-100000px;top:0;width:1000px;';
  box.append(clone);
  document.body.append(box);
  const text = box.innerText;
  box.remove();
  return text;
}

/** KaTeX output is rendered and styled: MathML hidden, HTML rendering visible, no error nodes. */
function katexState(): { count: number; errors: number; unstyled: number; invisible: number } {
  const all = [...document.querySelectorAll<HTMLElement>('main .katex')];
  let unstyled = 0;
  let invisible = 0;
  for (const k of all) {
    const mathml = k.querySelector<HTMLElement>('.katex-mathml');
    if (mathml) {
      const r = mathml.getBoundingClientRect();
      if (getComputedStyle(mathml).position !== 'absolute' || r.width > 1 || r.height > 1) unstyled += 1;
    }
    const html = k.querySelector<HTMLElement>('.katex-html');
    if (html && !(html.getBoundingClientRect().width > 0)) invisible += 1;
  }
  return { count: all.length, errors: document.querySelectorAll('main .katex-error').length, unstyled, invisible };
}

/** The outermost elements sticking out past the right edge (not inside a scrolling box). */
function overflowCulprits(): string[] {
  const limit = document.documentElement.clientWidth + 0.5;
  const describe = (el: Element) => {
    const id = el.id ? `#${el.id}` : '';
    const cls = typeof el.className === 'string' && el.className.trim() ? `.${el.className.trim().split(/\s+/).slice(0, 3).join('.')}` : '';
    const widget = el.closest('[data-widget]')?.getAttribute('data-widget');
    const section = [...document.querySelectorAll('main h2[id]')].filter((h) => h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING).pop()?.id;
    return `${el.tagName.toLowerCase()}${id}${cls} (right edge ${Math.round(el.getBoundingClientRect().right)} px${widget ? `, in widget ${widget}` : ''}${section ? `, after h2#${section}` : ''})`;
  };
  const clips = (el: Element | null): boolean => {
    for (let e = el; e && e !== document.body; e = e.parentElement) {
      const ox = getComputedStyle(e).overflowX;
      if (ox !== 'visible') return true;
    }
    return false;
  };
  const out: string[] = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.getBoundingClientRect().right <= limit) continue;
    if (clips(el.parentElement)) continue;
    const parent = el.parentElement;
    if (parent && parent !== document.body && parent.getBoundingClientRect().right > limit) continue;
    out.push(describe(el));
  }
  return [...new Set(out)].slice(0, 10);
}

function rawTexProblems(text: string): string[] {
  const problems: string[] = [];
  for (const line of text.split('\n')) {
    if (line.includes('$$')) problems.push(`"$$" in: ${line.trim().slice(0, 120)}`);
    for (const m of line.matchAll(/\$[^$\n]{1,200}?\$/g)) {
      if (/\\[a-zA-Z]+|[_^{}]/.test(m[0])) problems.push(`TeX between $…$: ${m[0].slice(0, 120)}`);
    }
    for (const m of line.matchAll(/\\(frac|dfrac|left|right|begin|end|sum|prod|int|text|mathrm|mathbf|operatorname|cdot|times|lfloor|rfloor|lceil|rceil|sqrt|alpha|beta|gamma|theta|sigma|lambda|mu|infty|le|ge|in)\b/g)) {
      problems.push(`raw TeX command \\${m[1]} in: ${line.trim().slice(0, 120)}`);
    }
  }
  return problems;
}

async function setTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  await page.addInitScript((t) => {
    try {
      localStorage.setItem('theme', t);
    } catch {
      /* storage off */
    }
  }, theme);
}

async function expectNoAxeViolations(page: Page, label: string, soft = false): Promise<void> {
  const lines = formatViolations(await runAxe(page));
  (soft ? expect.soft : expect)(lines.length, `axe violations ${label}:\n${lines.join('\n')}\n`).toBe(0);
}

const pathOf = (href: string, base: string): string => new URL(href, base).pathname;

// ---------------------------------------------------------------------------------------------
// Every page of the sitemap, in both themes.

for (const theme of THEMES) {
  test.describe(`${theme} theme`, () => {
    for (const path of paths) {
      test(`page ${path}`, async ({ page }) => {
        if (isArticle(path)) test.slow(); // long pages: axe takes ~10 s per run
        const lang = langOf(path);
        const w = watch(page);
        await setTheme(page, theme);
        await page.setViewportSize(MOBILE);
        const res = await page.goto(path, { waitUntil: 'load' });
        expect(res?.status(), 'HTTP status').toBe(200); // the rest are soft: report every problem of the page at once
        await page.waitForLoadState('networkidle');

        await expect.soft(page.locator('html')).toHaveAttribute('lang', lang);
        await expect.soft(page.locator('html')).toHaveAttribute('data-theme', theme);
        await expect.soft(page.locator('h1'), 'exactly one h1').toHaveCount(1);
        await expect.soft(page.locator('h1').first()).toBeVisible();

        // Math: nothing left as TeX source; rendered and styled where the article has math.
        const prose = await page.evaluate(visibleProse);
        expect.soft(rawTexProblems(prose), 'unrendered TeX in the visible text of main').toEqual([]);
        const katex = await page.evaluate(katexState);
        expect.soft(katex.errors, '.katex-error nodes').toBe(0);
        expect.soft(katex.unstyled, 'KaTeX MathML visible (KaTeX CSS missing or from another version)').toBe(0);
        expect.soft(katex.invisible, '.katex-html with no size').toBe(0);
        if (isArticle(path)) {
          const source = articleSource(lang, slugOf(path));
          expect.soft(source, `source of ${path}`).not.toBeNull();
          if (source && sourceHasMath(source)) expect.soft(katex.count, 'the article has math: .katex expected').toBeGreaterThan(0);
        }

        // hreflang ru / en / x-default, pointing at existing twins; the language switch agrees.
        const alternates = await page.$$eval('link[rel="alternate"][hreflang]', (links) =>
          links.map((l) => [l.getAttribute('hreflang') ?? '', l.getAttribute('href') ?? ''] as const),
        );
        expect.soft(alternates.map(([h]) => h).sort(), 'hreflang set').toEqual(['en', 'ru', 'x-default']);
        const alt = Object.fromEntries(alternates.map(([h, href]) => [h, pathOf(href, page.url())]));
        expect.soft(alt[lang], 'hreflang of the page itself').toBe(path);
        expect.soft(alt['x-default'], 'x-default is the Russian page').toBe(alt.ru);
        expect.soft(langOf(alt.ru!)).toBe('ru');
        expect.soft(langOf(alt.en!)).toBe('en');
        const twin = lang === 'ru' ? alt.en : alt.ru;
        if (twin) {
          expect.soft(known.has(twin), `twin ${twin} is in the sitemap`).toBe(true);
          const twinRes = await page.request.get(twin);
          expect.soft(twinRes.status(), `twin ${twin}`).toBe(200);
          const twinHtml = await twinRes.text();
          const twinLang = lang === 'ru' ? 'en' : 'ru';
          expect.soft(twinHtml, `twin ${twin} is ${twinLang}`).toMatch(new RegExp(`<html[^>]*\\slang="${twinLang}"`));
          const back = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          expect.soft(twinHtml, `twin ${twin} links back to ${path}`).toMatch(new RegExp(`hreflang="${lang}"\\s+href="https?://[^/"]+${back}"`));
          const switchHref = await page.locator('a[data-lang-switch]').first().getAttribute('href', { timeout: 5_000 }).catch(() => null);
          expect.soft(switchHref && pathOf(switchHref, page.url()), 'language switch target').toBe(twin);
        }
        const entry = sitemap.find((e) => e.path === path)!;
        if (Object.keys(entry.alternates).length) expect.soft(entry.alternates, 'sitemap alternates').toEqual({ ru: alt.ru, en: alt.en });

        // Phone width: no sideways scrolling; then axe at phone and desktop widths.
        const overflow = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: innerWidth }));
        const culprits = overflow.scroll > overflow.inner ? await page.evaluate(overflowCulprits) : [];
        expect.soft(overflow.scroll, `horizontal scroll at 360 px (${theme}); sticking out: ${culprits.join('; ')}`).toBeLessThanOrEqual(overflow.inner);
        await expectNoAxeViolations(page, `at 360 px, ${theme}`, true);
        await page.setViewportSize(DESKTOP);
        await expectNoAxeViolations(page, `at 1280 px, ${theme}`, true);

        expect.soft(w.issues, 'console / network problems').toEqual([]);
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// 404

async function headerSearch(page: Page, query: string): Promise<string[]> {
  const input = page.locator('form[data-search-box] input[type=search]');
  await page.keyboard.press('/');
  await expect(input, '"/" focuses the header search').toBeFocused();
  await page.keyboard.type(query, { delay: 20 });
  const links = page.locator('#site-search-results a');
  await expect(page.locator('#site-search-results')).toBeVisible();
  await expect(links.first()).toBeVisible();
  return (await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))).map((h) => new URL(h).pathname);
}

for (const [path, lang] of [['/nope/', 'ru'], ['/en/nope/', 'en'], ['/posts/nope/', 'ru'], ['/en/tags/nope/', 'en']] as const) {
  test(`404 ${path} is a ${lang} page that works`, async ({ page }) => {
    const w = watch(page, { expected: [{ url: path, status: 404 }] });
    const res = await page.goto(path);
    expect(res?.status()).toBe(404);
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    await expect(page.locator('meta[name="robots"]')).toHaveAttribute('content', /noindex/);
    await expect(page.locator('h1')).toHaveCount(1);
    await expect(page.locator('form[data-search-box] input[type=search]')).toBeVisible();
    const hits = await headerSearch(page, QUERY[lang].word);
    expect(hits).toContain(QUERY[lang].hit);
    await page.keyboard.press('Escape');
    for (const theme of THEMES) {
      await page.evaluate((t) => { document.documentElement.dataset.theme = t; }, theme);
      await expectNoAxeViolations(page, `on ${path}, ${theme}`);
    }
    expect(w.issues).toEqual([]);
  });
}

// ---------------------------------------------------------------------------------------------
// Language switch, theme toggle

test('the language switch lands on the twin article and keeps the hash', async ({ page }) => {
  const w = watch(page, { ignoreAborted: true });
  await page.goto(`/posts/${PILOT}/#calc=x`);
  await page.locator('a[data-lang-switch]').click();
  await expect(page).toHaveURL(new RegExp(`/en/posts/${PILOT}/#calc=x$`));
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.locator('a[data-lang-switch]').click();
  await expect(page).toHaveURL(new RegExp(`[^n]/posts/${PILOT}/#calc=x$`));
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  expect(w.issues).toEqual([]);
});

test('the theme toggle persists across reloads and pages', async ({ page }) => {
  const w = watch(page);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  const html = page.locator('html');
  const toggle = page.locator('button[data-theme-toggle]');
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const lightBg = await bg();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');

  await toggle.click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  expect(await page.evaluate(() => localStorage.getItem('theme'))).toBe('dark');
  const darkBg = await bg();
  expect(darkBg).not.toBe(lightBg);

  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  expect(await bg()).toBe(darkBg);
  await page.goto(`/en/posts/${PILOT}/`);
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');

  await toggle.click();
  await expect(html).toHaveAttribute('data-theme', 'light');
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'light');
  expect(await bg()).toBe(lightBg);

  // With no choice stored, the system preference rules, with the same colours as the toggle's.
  await page.evaluate(() => localStorage.removeItem('theme'));
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  expect(await html.getAttribute('data-theme')).toBeNull();
  expect(await bg()).toBe(darkBg);
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  expect(w.issues).toEqual([]);
});

// ---------------------------------------------------------------------------------------------
// Articles without JavaScript

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  for (const path of articles) {
    test(`article ${path} is readable`, async ({ page }) => {
      const lang = langOf(path);
      const source = articleSource(lang, slugOf(path)) ?? '';
      const w = watch(page);
      await page.goto(path);
      const main = page.locator('main');
      await expect(main.locator('h1')).toBeVisible();
      expect((await main.locator('h1').innerText()).trim()).not.toBe('');
      const quote = main.locator('.original-post blockquote');
      await expect(quote).toBeVisible();
      expect((await quote.innerText()).trim().length).toBeGreaterThan(10);
      const headings = main.locator('article h2, article h3');
      expect(await headings.count()).toBeGreaterThan(0);
      for (const h of await headings.all()) await expect(h).toBeVisible();

      const katex = await page.evaluate(katexState);
      if (sourceHasMath(source)) {
        expect(katex.count).toBeGreaterThan(0);
        await expect(main.locator('.katex').first()).toBeVisible();
      }
      expect(katex.unstyled + katex.invisible + katex.errors, 'KaTeX rendered and styled').toBe(0);

      for (const cap of await main.locator('figcaption').all()) {
        await expect(cap).toBeVisible();
        // textContent, not innerText: blocks far below the fold use content-visibility: auto, and
        // innerText of a block the browser has not rendered yet is empty.
        expect(((await cap.textContent()) ?? '').trim(), 'figure caption text').not.toBe('');
      }
      const widgets = main.locator('.widget[data-widget]');
      if (sourceIsInteractive(source)) expect(await widgets.count(), 'front matter says interactive: true, so the article has widgets').toBeGreaterThan(0);
      for (const widget of await widgets.all()) {
        const name = await widget.getAttribute('data-widget');
        await expect(widget, `widget ${name}`).toBeVisible();
        const baked = await widget.evaluate((el) => ({
          text: (el as HTMLElement).innerText.trim().length,
          media: el.querySelectorAll('svg, img, canvas, table, figure').length,
        }));
        expect(baked.text + baked.media, `widget ${name} shows its baked content`).toBeGreaterThan(0);
      }
      expect(w.issues).toEqual([]);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Search (Pagefind, built index)

for (const lang of ['ru', 'en'] as const) {
  const home = lang === 'ru' ? '/' : '/en/';
  const other = lang === 'ru' ? 'en' : 'ru';
  const inLang = (p: string) => langOf(p) === lang;

  test(`header search finds the pilot article (${lang}: «${QUERY[lang].word}»)`, async ({ page }) => {
    const w = watch(page);
    await page.goto(home);
    const hits = await headerSearch(page, QUERY[lang].word);
    expect(hits).toContain(QUERY[lang].hit);
    expect(hits.filter((h) => !inLang(h)), `${lang} search returned ${other} pages`).toEqual([]);
    // A word present in both languages (the hashtag) still only returns this language's pages.
    await page.locator('form[data-search-box] input[type=search]').fill('');
    await page.keyboard.type('CNN', { delay: 20 });
    await expect(page.locator('#site-search-results a').first()).toBeVisible();
    const shared = (await page.locator('#site-search-results a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))).map((h) => new URL(h).pathname);
    expect(shared.length).toBeGreaterThan(0);
    expect(shared.filter((h) => !inLang(h)), `${lang} search returned ${other} pages`).toEqual([]);
    // The other language's word: nothing from the other language either.
    await page.locator('form[data-search-box] input[type=search]').fill(QUERY[other].word);
    await page.waitForTimeout(600);
    const cross = (await page.locator('#site-search-results a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))).map((h) => new URL(h).pathname);
    expect(cross.filter((h) => !inLang(h)), `${lang} search returned ${other} pages`).toEqual([]);
    expect(w.issues).toEqual([]);
  });

  test(`search page shows titles and excerpts (${lang})`, async ({ page }) => {
    const w = watch(page);
    await page.goto(`${home}search/?q=${encodeURIComponent(QUERY[lang].word)}`);
    const hit = page.locator('ol.hits li', { has: page.locator(`h2 a[href$="${QUERY[lang].hit}"]`) });
    await expect(hit).toHaveCount(1);
    expect((await hit.locator('h2 a').innerText()).trim().length).toBeGreaterThan(3);
    const excerpt = hit.locator('p');
    await expect(excerpt).toBeVisible();
    expect((await excerpt.innerText()).trim().length).toBeGreaterThan(10);
    const all = (await page.locator('ol.hits li h2 a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))).map((h) => new URL(h).pathname);
    expect(all.filter((h) => !inLang(h))).toEqual([]);
    await expect(page.locator('#search-page-q')).toHaveValue(QUERY[lang].word);
    expect(w.issues).toEqual([]);
  });
}

// ---------------------------------------------------------------------------------------------
// Keyboard

for (const path of ['/', `/en/posts/${PILOT}/`]) {
  test(`keyboard on ${path}: skip link first, then the header controls, all with a visible focus`, async ({ page }) => {
    const w = watch(page);
    await page.setViewportSize(DESKTOP);
    await page.goto(path);
    const stops: { name: string; problems: string[] }[] = [];
    for (let i = 0; i < 8; i++) {
      await page.keyboard.press('Tab');
      const stop = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || el === document.body) return { name: 'body', problems: ['focus on <body>'] };
        const cs = getComputedStyle(el);
        const r = el.getBoundingClientRect();
        const name =
          el.matches('.skip-link') ? 'skip-link'
          : el.matches('a.brand') ? 'brand'
          : el.matches('form[data-search-box] input[type=search]') ? 'search'
          : el.matches('a[data-lang-switch]') ? 'lang-switch'
          : el.matches('button[data-theme-toggle]') ? 'theme-toggle'
          : `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).trim().split(/\s+/).join('.')}` : ''}${el.getAttribute('type') ? `[type=${el.getAttribute('type')}]` : ''}`;
        const problems: string[] = [];
        const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
        const shadow = cs.boxShadow !== 'none' && cs.boxShadow !== '';
        if (!outline && !shadow) problems.push(`no focus indicator (outline ${cs.outlineStyle} ${cs.outlineWidth}, box-shadow ${cs.boxShadow})`);
        if (r.width < 4 || r.height < 4 || r.right <= 0 || r.bottom <= 0 || r.left >= innerWidth || r.top >= innerHeight) {
          problems.push(`focused element not visible (${Math.round(r.width)}×${Math.round(r.height)} at ${Math.round(r.left)},${Math.round(r.top)})`);
        }
        return { name, problems };
      });
      stops.push(stop);
      if (stop.name === 'theme-toggle') break;
    }
    const names = stops.map((s) => s.name);
    expect(names[0], `tab order: ${names.join(' → ')}`).toBe('skip-link');
    const order = ['brand', 'search', 'lang-switch', 'theme-toggle'].map((n) => names.indexOf(n));
    expect(order.every((i) => i > 0), `header controls reached: ${names.join(' → ')}`).toBe(true);
    expect([...order].sort((a, b) => a - b), `header control order: ${names.join(' → ')}`).toEqual(order);
    const bad = stops.filter((s) => s.problems.length).map((s) => `${s.name}: ${s.problems.join('; ')}`);
    expect(bad, `focus problems along ${names.join(' → ')}`).toEqual([]);

    // The skip link moves focus to the content.
    await page.goto(path);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#main$/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    expect(w.issues).toEqual([]);
  });
}
