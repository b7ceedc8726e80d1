// Thin typed wrapper over the Pagefind runtime that the build writes to /pagefind/.
// Loaded lazily (on focus or on the search page), never at page load.

export interface SearchHit {
  url: string;
  title: string;
  excerpt: string;
  tags: string[];
}

interface PagefindResultData {
  url: string;
  excerpt: string;
  meta: Record<string, string>;
  filters: Record<string, string[]>;
}
interface PagefindModule {
  options(o: Record<string, unknown>): Promise<void>;
  init(): Promise<void>;
  search(q: string | null, o?: { filters?: Record<string, string[]> }): Promise<{ results: { data(): Promise<PagefindResultData> }[] } | null>;
  filters(): Promise<Record<string, Record<string, number>>>;
}

let loading: Promise<PagefindModule> | null = null;

export function loadPagefind(): Promise<PagefindModule> {
  if (!loading) {
    const url = '/pagefind/pagefind.js';
    loading = (import(/* @vite-ignore */ url) as Promise<PagefindModule>).then(async (pf) => {
      await pf.options({ excerptLength: 24 });
      await pf.init();
      return pf;
    });
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}

export async function searchSite(query: string, tags: string[] = [], limit = 10): Promise<SearchHit[]> {
  const pf = await loadPagefind();
  const filters = tags.length ? { tag: tags } : undefined;
  const res = await pf.search(query.trim() || null, filters ? { filters } : {});
  if (!res) return [];
  const data = await Promise.all(res.results.slice(0, limit).map((r) => r.data()));
  return data.map((d) => ({ url: d.url, title: d.meta.title ?? d.url, excerpt: d.excerpt, tags: d.filters.tag ?? [] }));
}

export async function tagCounts(): Promise<Record<string, number>> {
  const pf = await loadPagefind();
  return (await pf.filters()).tag ?? {};
}

/** Pagefind excerpts contain only <mark> tags around hits; keep those and escape the rest. */
export function safeExcerpt(html: string): string {
  const escaped = html.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped.replace(/&lt;(\/?)mark&gt;/g, '<$1mark>').replace(/&amp;(#?\w+);/g, '&$1;');
}
