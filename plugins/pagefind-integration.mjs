// Builds the Pagefind index right after `astro build`, through its Node API (as Starlight does).
// Pagefind writes one index per <html lang> and stems Russian, so /en/ and / search separately.
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';

export function pagefindIntegration() {
  return {
    name: 'pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const site = fileURLToPath(dir);
        const { index, errors } = await pagefind.createIndex({
          // Only the article body is indexed; math markup, navigation and widget controls are not.
          excludeSelectors: ['.katex', '[data-pagefind-ignore]', 'nav', 'header', 'footer', 'button', 'input', 'select', 'label', '.widget-controls'],
        });
        if (!index) throw new Error(`pagefind: ${errors.join('; ')}`);
        const added = await index.addDirectory({ path: site });
        if (added.errors.length) throw new Error(`pagefind: ${added.errors.join('; ')}`);
        const written = await index.writeFiles({ outputPath: `${site}/pagefind` });
        if (written.errors.length) throw new Error(`pagefind: ${written.errors.join('; ')}`);
        logger.info(`indexed ${added.page_count} pages`);
        await pagefind.close();
      },
    },
  };
}
