// "Style fingerprints" (writer-style article), in Chromium against the built site, both languages:
// the widget renders its eight charts and the characteristic words without onnxruntime; after the
// reader changes the shared text (in "Who wrote this?"), the values the widget shows for the reader
// equal the TypeScript statistics (src/lib/writers-style-stats.ts, pinned to Python by the unit
// fixture); an empty text points up to the text box; a short text gets the warning.
import { test, expect, type Page, type Locator } from '@playwright/test';
import { hydratedWidget } from './widget-ready.ts';
import { styleStats, STAT_KEYS } from '../../src/lib/writers-style-stats.ts';

const PAGES = [
  { lang: 'ru' as const, path: '/posts/writer-style/',
    text: '— Что ж ты молчишь? — спросил он, не поднимая глаз. Она долго смотрела в окно; за окном шел снег, и фонари горели тускло. — Я не знаю, что сказать, — ответила она наконец. Он вздохнул, встал и подошел к печке. В комнате было тихо, только часы стучали на стене, да где-то далеко лаяла собака. Так прошел вечер, за ним другой, и никто из них не решался заговорить первым.' },
  { lang: 'en' as const, path: '/en/posts/writer-style/',
    text: '"Are you quite sure?" she asked, without looking up. He said nothing; the fire had burned low, and the rain was beating against the glass. "I am sure of nothing," he answered at last. She rose, crossed the room, and stood by the window. It was very quiet in the house that evening, and the clock on the stair seemed louder than it had ever been. Neither of them spoke again until the candles were lit.' },
];

async function ready(page: Page, widget: string): Promise<Locator> {
  return hydratedWidget(page, widget);
}

for (const { lang, path, text } of PAGES) {
  test.describe(`style fingerprints (${lang})`, () => {
    test('renders charts, tables and words without onnxruntime', async ({ page }) => {
      // no model and no runtime: the widget is plain TypeScript
      await page.route(/\.(wasm|onnx)(\?.*)?$/, (route) => route.abort());
      await page.goto(path);
      const fp = await ready(page, 'style-fingerprints');
      await expect(fp.locator('h3.widget-title')).toBeVisible();
      await expect(fp.locator('figure.sf-chart')).toHaveCount(STAT_KEYS.length);
      await expect(fp.locator('figure.sf-chart').first().locator('.sf-row:not(.sf-axis)')).toHaveCount(8);
      await expect(fp.locator('.sf-words-row')).toHaveCount(8);
      await expect(fp.locator('details.data-table')).toHaveCount(STAT_KEYS.length + 1);
      await expect(fp.locator('[data-nearest]')).toHaveAttribute('data-nearest', /^[a-z]+$/);
      // the text alternative: a chart's table has the 8 authors and the reader's row
      await fp.locator('figure.sf-chart').first().locator('summary').click();
      await expect(fp.locator('figure.sf-chart').first().locator('tbody tr')).toHaveCount(9);
    });

    test('the reader\'s values follow the shared text and equal the TypeScript statistics', async ({ page }) => {
      await page.route(/\.(wasm|onnx)(\?.*)?$/, (route) => route.abort());
      await page.goto(path);
      const who = await ready(page, 'who-wrote');
      const fp = await ready(page, 'style-fingerprints');
      const box = who.locator('textarea');
      await box.fill(text);
      const grid = fp.locator('.sf-grid');
      const want = styleStats(text, lang);
      await expect(grid).toHaveAttribute('data-sf-lang', lang);
      await expect.poll(async () => {
        const raw = await grid.getAttribute('data-reader-stats');
        return raw ? (JSON.parse(raw) as Record<string, number>).sentence_len : null;
      }).toBe(want.sentence_len);
      const got = JSON.parse((await grid.getAttribute('data-reader-stats'))!) as Record<string, number | null>;
      for (const k of STAT_KEYS) {
        const w = want[k];
        if (w === null) expect(got[k], k).toBeNull();
        else expect(Math.abs(got[k]! - w), k).toBeLessThanOrEqual(1e-9);
        const shown = await fp.locator(`figure[data-stat="${k}"] [data-reader-value]`).getAttribute('data-reader-value');
        expect(shown === '' ? null : Number(shown), k).toBe(w);
      }
      await expect(fp.locator('[data-note="short"]')).toHaveCount(want.words < 50 ? 1 : 0);

      // short text: the warning; empty text: a pointer up to the text box
      await box.fill(lang === 'ru' ? 'Короткая фраза.' : 'A short line.');
      await expect(fp.locator('[data-note="short"]')).toBeVisible();
      await box.fill('');
      await expect(fp.locator('[data-note="empty"]')).toBeVisible();
      await expect(fp.locator('[data-note="empty"] a')).toHaveAttribute('href', `#who-wrote-${lang}`);
      await expect(fp.locator('.sf-you-mark')).toHaveCount(0);
    });
  });
}
