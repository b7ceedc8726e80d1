// The SupCon article on the built site, in both languages: every number it shows comes from a model
// card (each `.metric` carries the card's exact value), it links the BYOL article, it embeds its three
// widgets, and Pagefind finds it by the words a reader would type.
// Widget behaviour (live runs) is tested in the widgets' own specs; site.spec.ts covers axe, 360 px,
// console errors and no-JS for every page.
import { expect, test } from '@playwright/test';
import { watch } from './helpers.ts';
import { expectSearchFinds } from './article-search.ts';
import { expectMetricsEqualCards } from './article-metrics.ts';

const PAGES = [
  { lang: 'ru', path: '/posts/supcon/', byol: '/posts/byol/', queries: ['контрастное обучение', 'температура'] },
  { lang: 'en', path: '/en/posts/supcon/', byol: '/en/posts/byol/', queries: ['supervised contrastive'] },
] as const;

const MODELS = ['supcon-ce', 'supcon-simclr', 'supcon-out', 'supcon-in', 'supcon-loss'];


for (const { lang, path, byol, queries } of PAGES) {
  test.describe(`supcon article (${lang})`, () => {
    test('every metric on the page equals its model card', async ({ page }) => {
      const w = watch(page);
      await page.goto(path);
      const metrics = await expectMetricsEqualCards(page, 40);
      const models = new Set(metrics.map((x) => x.model));
      // Numbers from every model the article is about.
      for (const id of MODELS) expect(models.has(id), `a metric from ${id}`).toBe(true);
      // Formatting follows the language: a decimal comma in Russian, a point in English.
      const accuracy = metrics.find((x) => x.model === 'supcon-out' && x.name === 'accuracy')!;
      expect(accuracy.text).toMatch(lang === 'ru' ? /^\d+,\d+\s%$/ : /^\d+\.\d+\s%$/);
      expect(w.issues).toEqual([]);
    });

    test('model cards, the BYOL link, the three widgets and rendered maths are on the page', async ({ page }) => {
      await page.goto(path);
      for (const id of MODELS) await expect(page.locator(`details.model-card#model-${id}`)).toHaveCount(1);
      await expect(page.locator(`main a[href="${byol}"]`).first()).toBeAttached();
      const widgets = await page.locator('main section.widget[data-widget]').evaluateAll((els) => els.map((e) => e.getAttribute('data-widget')));
      expect(widgets.length, `widgets on the page: ${widgets.join(', ')}`).toBeGreaterThanOrEqual(3);
      expect(await page.locator('main .katex').count()).toBeGreaterThan(20);
      await expect(page.locator('main .katex-error')).toHaveCount(0);
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
