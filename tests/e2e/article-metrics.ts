// Shared by the article specs: every <Metric> on a page prints its model card's value.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';

export interface PageMetric { model: string; name: string; value: number; text: string }

const cards = new Map<string, { metrics: Record<string, { value: number }> }>();

/** A metric's value in public/models/<id>/card.json (undefined if the card has no such metric). */
export function cardMetric(id: string, name: string): number | undefined {
  if (!cards.has(id)) cards.set(id, JSON.parse(readFileSync(join('public/models', id, 'card.json'), 'utf8')));
  return cards.get(id)!.metrics[name]?.value;
}

/** At least `min` metrics on the page's main column, each equal to its card and printed with a digit. */
export async function expectMetricsEqualCards(page: Page, min: number): Promise<PageMetric[]> {
  const raw = await page.locator('main .metric').evaluateAll((els) =>
    els.map((e) => ({ model: e.getAttribute('data-model') ?? '', name: e.getAttribute('data-metric') ?? '', value: e.getAttribute('data-value'), text: e.textContent ?? '' })),
  );
  expect(raw.length).toBeGreaterThanOrEqual(min);
  const metrics = raw.map((x) => ({ ...x, value: Number(x.value) }));
  for (const x of metrics) {
    const expected = cardMetric(x.model, x.name);
    expect(expected, `${x.model}/${x.name} exists in the card`).toBeDefined();
    expect(x.value, `${x.model}/${x.name}`).toBe(expected);
    expect(x.text.trim()).toMatch(/\d/);
  }
  return metrics;
}
