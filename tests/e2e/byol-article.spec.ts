// The BYOL article against the built site, in both languages: the τ-sweep widget prints exactly the
// numbers of byol-full's baked sweep (and its card), every <Metric> on the page carries its card's
// value, the widget works without JavaScript, and Pagefind finds the article by its key words.
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { AXE_TAGS, formatViolations, type AxeViolation, type Lang } from './helpers.ts';

interface SweepRow { tau_base: number; probe_accuracy: number; knn_accuracy: number; collapse_std: number; source: string }
interface Card { metrics: Record<string, { value: number; unit: string }> }

const readCard = (id: string) => JSON.parse(readFileSync(`public/models/${id}/card.json`, 'utf8')) as Card;
const sweep = (JSON.parse(readFileSync('public/models/byol-full/baked.json', 'utf8')) as { tau_sweep: SweepRow[] }).tau_sweep;
const fullCard = readCard('byol-full');
const PAPER = { 0: 0.3, 0.9: 68.4, 0.99: 72.5, 0.999: 69.8, 1: 18.8 } as Record<string, number>;

const PAGES: { lang: Lang; path: string; queries: string[] }[] = [
  { lang: 'ru', path: '/posts/byol/', queries: ['коллапс', 'целевая сеть'] },
  { lang: 'en', path: '/en/posts/byol/', queries: ['exponential moving average'] },
];

const locale = (lang: Lang) => (lang === 'ru' ? 'ru-RU' : 'en-GB');
const pct = (lang: Lang, fraction: number, digits: number) =>
  `${new Intl.NumberFormat(locale(lang), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(fraction * 100)}\u00a0%`;
const paperPct = (lang: Lang, top1: number) =>
  `${new Intl.NumberFormat(locale(lang), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(top1)}\u00a0%`;

/** The card metric each τ_base row must equal (the card's probe_accuracy_tau_* names). */
const CARD_METRIC: Record<string, string> = { '0': 'probe_accuracy_tau_0_0', '0.9': 'probe_accuracy_tau_0_9', '0.99': 'probe_accuracy_tau_0_99', '0.996': 'probe_accuracy', '1': 'probe_accuracy_tau_1_0' };

interface Dom {
  points: Record<string, { probe: string; printed: string }>;
  rows: Record<string, { probe: string; probeText: string; knn: string; knnText: string; std: string; source: string }>;
  paperRows: Record<string, string>;
  paperPoints: Record<string, string>;
  spread: string;
  spreadText: string;
  labelled: number[];
  tables: number;
  title: string;
}

/** Everything the checks need, read from the widget in one round trip. */
async function readDom(page: Page): Promise<Dom> {
  const w = page.locator('[data-widget="byol-tau-sweep"]');
  await expect(w).toHaveCount(1);
  return w.evaluate((root) => {
    const txt = (el: Element | null) => el?.textContent ?? '';
    const dom = { points: {}, rows: {}, paperRows: {}, paperPoints: {}, spread: '', spreadText: '', labelled: [] as number[], tables: 0, title: '' } as Dom;
    for (const g of root.querySelectorAll('g.point[data-tau]')) {
      dom.points[g.getAttribute('data-tau')!] = { probe: g.getAttribute('data-probe') ?? '', printed: txt(g.querySelector('[data-printed]')) };
    }
    for (const tr of root.querySelectorAll('tr[data-ours-row]')) {
      dom.rows[tr.getAttribute('data-tau')!] = {
        probe: tr.querySelector('[data-probe]')?.getAttribute('data-probe') ?? '', probeText: txt(tr.querySelector('[data-probe]')),
        knn: tr.querySelector('[data-knn]')?.getAttribute('data-knn') ?? '', knnText: txt(tr.querySelector('[data-knn]')),
        std: tr.querySelector('[data-std]')?.getAttribute('data-std') ?? '', source: txt(tr.querySelector('td code')),
      };
    }
    for (const tr of root.querySelectorAll('tr[data-paper-row]')) dom.paperRows[tr.getAttribute('data-tau')!] = txt(tr);
    for (const g of root.querySelectorAll('g.point[data-paper-tau]')) dom.paperPoints[g.getAttribute('data-paper-tau')!] = g.getAttribute('data-top1') ?? '';
    const sp = root.querySelector('[data-spread]');
    dom.spread = sp?.getAttribute('data-spread') ?? '';
    dom.spreadText = txt(sp);
    for (const svg of root.querySelectorAll('svg[role="img"]')) {
      const ids = (svg.getAttribute('aria-labelledby') ?? '').split(' ').filter(Boolean);
      dom.labelled.push(Math.min(...ids.map((id) => (document.getElementById(id)?.textContent ?? '').trim().length)));
    }
    dom.tables = root.querySelectorAll('details.data-table table').length;
    dom.title = txt(root.querySelector('h3.widget-title'));
    return dom;
  });
}

async function checkSweep(page: Page, lang: Lang) {
  const dom = await readDom(page);
  expect(dom.title.trim().length).toBeGreaterThan(5);
  expect(sweep.length).toBe(5);
  expect(Object.keys(dom.points).sort()).toEqual(sweep.map((r) => String(r.tau_base)).sort());
  for (const row of sweep) {
    const tau = String(row.tau_base);
    // Baked row = card metric (the widget reads baked.json; the card holds the same sweep).
    expect(row.probe_accuracy, `card ${CARD_METRIC[tau]}`).toBe(fullCard.metrics[CARD_METRIC[tau]!]!.value);
    // Chart point.
    const point = dom.points[tau]!;
    expect(Number(point.probe), `point ${tau}`).toBe(row.probe_accuracy);
    expect(point.printed, `point ${tau}`).toBe(pct(lang, row.probe_accuracy, 1));
    // Data table row.
    const tr = dom.rows[tau];
    expect(tr, `table row ${tau}`).toBeTruthy();
    expect(Number(tr!.probe)).toBe(row.probe_accuracy);
    expect(tr!.probeText).toBe(pct(lang, row.probe_accuracy, 2));
    expect(Number(tr!.knn)).toBe(row.knn_accuracy);
    expect(tr!.knnText).toBe(pct(lang, row.knn_accuracy, 2));
    expect(Number(tr!.std)).toBe(row.collapse_std);
    expect(tr!.source).toBe(row.source);
  }
  // The paper's Table 5a, labelled as the paper's.
  expect(Object.keys(dom.paperRows).sort()).toEqual(Object.keys(PAPER).sort());
  for (const [tau, top1] of Object.entries(PAPER)) {
    expect(dom.paperRows[tau]).toContain(paperPct(lang, top1));
    expect(Number(dom.paperPoints[tau])).toBe(top1);
  }
  // The printed spread is max − min of the measured sweep.
  const p = sweep.map((r) => r.probe_accuracy);
  const spread = Math.max(...p) - Math.min(...p);
  expect(Number(dom.spread)).toBeCloseTo(spread, 12);
  expect(dom.spreadText).toContain(new Intl.NumberFormat(locale(lang), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(spread * 100));
  expect(dom.spreadText).toContain(pct(lang, Math.min(...p), 1));
  expect(dom.spreadText).toContain(pct(lang, Math.max(...p), 1));
  // Accessible chart: both SVGs are labelled images with a summary; the data tables are there.
  expect(dom.labelled).toHaveLength(2);
  for (const n of dom.labelled) expect(n).toBeGreaterThan(5);
  expect(dom.tables).toBe(2);
}

for (const { lang, path, queries } of PAGES) {
  test.describe(`byol article (${lang})`, () => {
    test('τ-sweep widget prints the measured sweep and the paper’s Table 5a', async ({ page }) => {
      await page.goto(path);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      await checkSweep(page, lang);
      // Opening the data table works from the keyboard.
      const summary = page.locator('[data-widget="byol-tau-sweep"] details.data-table summary');
      await summary.focus();
      await page.keyboard.press('Enter');
      await expect(page.locator('[data-widget="byol-tau-sweep"] details.data-table')).toHaveAttribute('open', '');
      await expect(page.locator('[data-widget="byol-tau-sweep"] tr[data-ours-row]').first()).toBeVisible();
    });

    test('every .metric carries its model card’s value', async ({ page }) => {
      await page.goto(path);
      const metrics = await page.locator('.metric').evaluateAll((els) =>
        els.map((e) => ({ model: e.getAttribute('data-model') ?? '', metric: e.getAttribute('data-metric') ?? '', value: e.getAttribute('data-value') ?? '', text: e.textContent ?? '' })));
      expect(metrics.length).toBeGreaterThanOrEqual(30);
      const models = new Set<string>();
      for (const m of metrics) {
        const card = readCard(m.model);
        const metric = card.metrics[m.metric];
        expect(metric, `${m.model}.${m.metric} exists`).toBeTruthy();
        expect(Number(m.value), `${m.model}.${m.metric}`).toBe(metric!.value);
        expect(m.text.trim().length).toBeGreaterThan(0);
        if (metric!.unit === 'fraction') expect(m.text).toMatch(/%$/);
        models.add(m.model);
      }
      expect([...models].sort()).toEqual(['byol-full', 'byol-no-predictor', 'byol-random-init', 'byol-random-target', 'byol-supervised', 'byol-tau-zero']);
    });

    test('the τ-sweep widget works without JavaScript', async ({ browser }) => {
      const ctx = await browser.newContext({ javaScriptEnabled: false });
      const page = await ctx.newPage();
      await page.goto(path);
      await checkSweep(page, lang);
      await ctx.close();
    });

    test('no axe violations inside the τ-sweep widget (light and dark)', async ({ page }) => {
      test.setTimeout(120_000); // axe over a long article page is slow on a busy 2-core machine
      await page.goto(path);
      await page.locator('[data-widget="byol-tau-sweep"] details.data-table').evaluate((d) => { (d as HTMLDetailsElement).open = true; });
      for (const theme of ['light', 'dark'] as const) {
        await page.evaluate((t) => { document.documentElement.dataset.theme = t; }, theme);
        const result = await new AxeBuilder({ page }).include('[data-widget="byol-tau-sweep"]').withTags(AXE_TAGS).analyze();
        const lines = formatViolations(result.violations as AxeViolation[]);
        expect(lines, `axe (${theme}):\n${lines.join('\n')}`).toEqual([]);
      }
    });

    for (const q of queries) {
      test(`search finds the article: «${q}»`, async ({ page }) => {
        await page.goto(lang === 'ru' ? '/' : '/en/');
        const input = page.locator('form[data-search-box] input[type=search]');
        await page.keyboard.press('/');
        await expect(input).toBeFocused();
        await page.keyboard.type(q, { delay: 20 });
        await expect(page.locator('#site-search-results')).toBeVisible();
        await expect(page.locator('#site-search-results a').first()).toBeVisible();
        await expect.poll(async () => (await page.locator('#site-search-results a').evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname))), { timeout: 10_000 }).toContain(path);
      });
    }
  });
}
