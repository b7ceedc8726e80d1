// Queries over the `posts` collection: per-locale lists, slugs, paths and neighbours.
import { getCollection, type CollectionEntry } from 'astro:content';
import { localePath, LOCALES, DEFAULT_LANG, type Lang } from '../i18n/index.ts';

export type Post = CollectionEntry<'posts'>;

/** "ru/conv-arithmetic" → "conv-arithmetic". */
export function slugOf(post: Post): string {
  return post.id.split('/').slice(1).join('/');
}

export function langOf(post: Post): Lang {
  return post.id.startsWith('en/') ? 'en' : 'ru';
}

export function postPath(lang: Lang, slug: string): string {
  return localePath(lang, `/posts/${slug}/`);
}

/** Posts of one locale, newest first (ties broken by slug so the order is stable). */
export async function getPosts(lang: Lang): Promise<Post[]> {
  const all = await getCollection('posts', (p) => langOf(p) === lang);
  for (const p of all) {
    if (lang === 'en' && !p.data.channelPost.translation) {
      throw new Error(`${p.id}: the English article needs channelPost.translation`);
    }
  }
  return all.sort((a, b) => b.data.published.getTime() - a.data.published.getTime() || slugOf(a).localeCompare(slugOf(b)));
}

/** Route params for pages that exist once per locale: Russian has no prefix. */
export function localeParams(): { params: { lang: string | undefined }; props: { lang: Lang } }[] {
  return LOCALES.map((lang) => ({ params: { lang: lang === DEFAULT_LANG ? undefined : lang }, props: { lang } }));
}

export async function allTags(lang: Lang): Promise<Map<string, Post[]>> {
  const tags = new Map<string, Post[]>();
  for (const post of await getPosts(lang)) {
    for (const tag of post.data.tags) tags.set(tag, [...(tags.get(tag) ?? []), post]);
  }
  return new Map([...tags.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
