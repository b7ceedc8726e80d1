// Site configuration. Russian is the default locale at "/", English lives under "/en/".
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import react from '@astrojs/react';
import sitemap from '@astrojs/sitemap';
import { unified } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import rehypeKatex from 'rehype-katex';
import { rehypeLocalizeFootnotes } from './plugins/rehype-localize-footnotes.mjs';
import { rehypeFocusableScrollers } from './plugins/rehype-focusable-scrollers.mjs';
import { pagefindIntegration } from './plugins/pagefind-integration.mjs';
import { checkPostTwins } from './plugins/check-post-twins.mjs';

// Absolute URLs (canonical, hreflang, RSS, sitemap) need an origin. A deployment sets SITE_URL;
// the default matches `npm start`, so Lighthouse's canonical/hreflang audits see the same host.
const site = process.env.SITE_URL ?? 'http://localhost:4321';

export default defineConfig({
  site,
  trailingSlash: 'always',
  build: { format: 'directory' },
  i18n: {
    defaultLocale: 'ru',
    locales: ['ru', 'en'],
    routing: { prefixDefaultLocale: false },
  },
  markdown: {
    // Astro 7's default processor ignores remark/rehype plugins (stack.md P1): use unified().
    processor: unified({
      remarkPlugins: [remarkMath],
      rehypePlugins: [[rehypeKatex, { output: 'htmlAndMathml', strict: 'error' }], rehypeLocalizeFootnotes, rehypeFocusableScrollers],
    }),
  },
  integrations: [
    checkPostTwins(),
    mdx(),
    react(),
    sitemap({
      i18n: { defaultLocale: 'ru', locales: { ru: 'ru', en: 'en' } },
      // 404 pages are not documents to index.
      filter: (page) => !/\/404\/?$/.test(new URL(page).pathname),
    }),
    pagefindIntegration(),
  ],
  devToolbar: { enabled: false },
  vite: {
    worker: { format: 'es' },
  },
});
