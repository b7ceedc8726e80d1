// Shared by the widget specs: scroll a widget into view and wait until its island has hydrated
// (Astro removes the island's `ssr` attribute then), so that clicks and typing reach React.
import { expect, type Locator, type Page } from '@playwright/test';

export async function hydratedWidget(page: Page, name: string, timeout = 15_000): Promise<Locator> {
  const root = page.locator(`[data-widget="${name}"]`).first();
  await root.scrollIntoViewIfNeeded();
  await expect(page.locator(`astro-island:has([data-widget="${name}"])`).first()).not.toHaveAttribute('ssr', /.*/, { timeout });
  return root;
}
