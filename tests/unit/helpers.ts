// Shared helpers for the unit tests (not a test file itself: the runner globs *.test.ts).
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const POSTS_DIR = join(ROOT, 'src/content/posts');
export const LANGS = ['ru', 'en'] as const;

/** The YAML between the leading "---" fences of an MDX/Markdown file, parsed. */
export function frontMatter(source: string, file = '<string>'): Record<string, unknown> {
  const m = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(source);
  if (!m) throw new Error(`${file}: no front matter`);
  const data: unknown = parseYaml(m[1]!);
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new Error(`${file}: front matter is not a mapping`);
  return data as Record<string, unknown>;
}

export interface PostFile {
  lang: (typeof LANGS)[number];
  name: string;
  path: string;
  data: Record<string, unknown>;
}

/** Every post of both languages with its parsed front matter. */
export function readPosts(root = POSTS_DIR): PostFile[] {
  const out: PostFile[] = [];
  for (const lang of LANGS) {
    const dir = join(root, lang);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.mdx')).sort()) {
      const path = join(dir, name);
      out.push({ lang, name, path, data: frontMatter(readFileSync(path, 'utf8'), path) });
    }
  }
  return out;
}

export function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}
