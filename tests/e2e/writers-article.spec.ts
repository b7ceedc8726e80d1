// The writer-style (authorship) article on the built site, in both languages: the page renders with
// its maths, its four widgets in the documented order, both model cards and measured numbers from
// both models, and Pagefind finds it by the words a reader would type («стилометрия», «Чехов»,
// "authorship").
// That every <Metric> equals its card is checked for every page by tests/dist/metrics.test.ts; the
// widgets' behaviour (live runs, bad inputs) by their own specs; axe, 360 px, console errors and
// no-JS for every page by site.spec.ts.
import { expect, test } from '@playwright/test';
import { watch } from './helpers.ts';
import { expectSearchFinds } from './article-search.ts';

const PAGES = [
  { lang: 'ru', path: '/posts/writer-style/', conv: '/posts/conv-arithmetic/', queries: ['стилометрия', 'Чехов'] },
  { lang: 'en', path: '/en/posts/writer-style/', conv: '/en/posts/conv-arithmetic/', queries: ['authorship'] },
] as const;

const MODELS = ['writers-ru-char', 'writers-en-char'];

for (const { lang, path, conv, queries } of PAGES) {
  test.describe(`writer-style article (${lang})`, () => {
    test('renders: title, maths, numbers from both models in the page language, both model cards, the conv-arithmetic link', async ({ page }) => {
      const w = watch(page);
      const res = await page.goto(path);
      expect(res?.status()).toBe(200);
      await expect(page.locator('main h1')).toHaveCount(1);
      expect(await page.locator('main .katex').count(), 'rendered formulas').toBeGreaterThan(15);
      await expect(page.locator('main .katex-error')).toHaveCount(0);
      const metrics = await page.locator('main .metric').evaluateAll((els) =>
        els.map((e) => ({ model: e.getAttribute('data-model'), name: e.getAttribute('data-metric'), text: e.textContent ?? '' })),
      );
      expect(metrics.length, 'the article shows measured numbers through <Metric>').toBeGreaterThanOrEqual(40);
      for (const id of MODELS) expect(metrics.some((x) => x.model === id), `a metric from ${id}`).toBe(true);
      // The honest-split comparison is on the page for both languages.
      for (const id of MODELS) {
        for (const name of ['baseline_random_split_accuracy', 'baseline_test_accuracy_500', 'test_accuracy_500']) {
          expect(metrics.some((x) => x.model === id && x.name === name), `${id}/${name}`).toBe(true);
        }
      }
      // Formatting follows the language: a decimal comma in Russian, a point in English.
      const headline = metrics.find((x) => x.model === 'writers-ru-char' && x.name === 'baseline_test_accuracy_500')!;
      expect(headline.text).toMatch(lang === 'ru' ? /^\d+,\d\s%$/ : /^\d+\.\d\s%$/);
      for (const id of MODELS) await expect(page.locator(`details.model-card#model-${id}`)).toHaveCount(1);
      await expect(page.locator(`main a[href="${conv}"]`).first()).toBeAttached();
      expect(w.issues).toEqual([]);
    });

    test('the four widgets are on the page, in the order the text refers to them', async ({ page }) => {
      await page.goto(path);
      const widgets = await page.locator('main section.widget[data-widget]').evaluateAll((els) => els.map((e) => e.getAttribute('data-widget') ?? ''));
      expect(widgets.length, `widgets on the page: ${widgets.join(', ')}`).toBeGreaterThanOrEqual(4);
      // "Try it first" comes before the score, the score before the occlusion map, the map before
      // the fingerprints (the lead's widgets name themselves; match loosely on their names).
      const at = (re: RegExp) => widgets.findIndex((n) => re.test(n));
      const order = [at(/who|wrote/), at(/dataset|score/), at(/why|occlu/), at(/finger|style/)];
      expect(order.every((i) => i >= 0), `found: ${widgets.join(', ')}`).toBe(true);
      for (let k = 1; k < order.length; k++) expect(order[k]!).toBeGreaterThan(order[k - 1]!);
      for (const w of await page.locator('main section.widget[data-widget]').all()) {
        await expect(w.locator('.widget-title').first()).not.toBeEmpty();
      }
    });

    for (const q of queries) {
      test(`Pagefind finds the article for «${q}»`, async ({ page }) => {
        const w = watch(page);
        await expectSearchFinds(page, lang, q, path);
        expect(w.issues).toEqual([]);
      });
    }
  });
}
