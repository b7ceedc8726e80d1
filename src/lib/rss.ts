// One RSS feed per locale.
import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { t, localePath, type Lang } from '../i18n/index.ts';
import { getPosts, postPath, slugOf } from './posts.ts';

export async function rssFor(lang: Lang, context: APIContext) {
  const s = t(lang);
  const posts = await getPosts(lang);
  return rss({
    title: s.site.name,
    description: s.site.tagline,
    site: new URL(localePath(lang, '/'), context.site ?? 'http://localhost:4321').href,
    customData: `<language>${lang}</language>`,
    items: posts.map((p) => ({
      title: p.data.title,
      description: p.data.description,
      pubDate: p.data.published,
      link: postPath(lang, slugOf(p)),
      categories: p.data.tags,
    })),
  });
}
