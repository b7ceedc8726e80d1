// Shared by the article specs: the search terms must find the article, through the header
// search box and on the full search page, in the page's language only.
import { expect, type Page } from '@playwright/test';

/** Paths of the header search's result links for a query typed into the search box. */
export async function headerHits(page: Page, query: string): Promise<string[]> {
  const input = page.locator('form[data-search-box] input[type=search]');
  await input.fill(query);
  const links = page.locator('#site-search-results a');
  await expect(links.first()).toBeVisible({ timeout: 15_000 });
  return (await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href))).map((h) => new URL(h).pathname);
}

/** Pagefind finds `path` for `q` from the home page's search box and on /search/, with an excerpt. */
export async function expectSearchFinds(page: Page, lang: 'ru' | 'en', q: string, path: string): Promise<void> {
  await page.goto(lang === 'ru' ? '/' : '/en/');
  await expect.poll(async () => headerHits(page, q), { timeout: 20_000 }).toContain(path);
  const hits = await headerHits(page, q);
  expect(hits.filter((h) => (lang === 'en') !== /^\/en\//.test(h)), 'results only in this language').toEqual([]);
  await page.goto(`${lang === 'ru' ? '' : '/en'}/search/?q=${encodeURIComponent(q)}`);
  const hit = page.locator('ol.hits li', { has: page.locator(`h2 a[href$="${path}"]`) });
  await expect(hit).toHaveCount(1, { timeout: 15_000 });
  expect((await hit.locator('p').first().innerText()).trim().length).toBeGreaterThan(10);
}
