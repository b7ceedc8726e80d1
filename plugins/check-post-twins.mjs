// Fails the build when an article exists in one language only: every post is written twice.
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export function listPostTwins(root = 'src/content/posts') {
  const read = (lang) =>
    existsSync(join(root, lang)) ? readdirSync(join(root, lang)).filter((f) => f.endsWith('.mdx')) : [];
  const ru = new Set(read('ru'));
  const en = new Set(read('en'));
  return {
    onlyRu: [...ru].filter((f) => !en.has(f)),
    onlyEn: [...en].filter((f) => !ru.has(f)),
  };
}

export function checkPostTwins() {
  return {
    name: 'check-post-twins',
    hooks: {
      'astro:config:setup': () => {
        const { onlyRu, onlyEn } = listPostTwins();
        const problems = [
          ...onlyRu.map((f) => `src/content/posts/ru/${f} has no English twin in src/content/posts/en/`),
          ...onlyEn.map((f) => `src/content/posts/en/${f} has no Russian twin in src/content/posts/ru/`),
        ];
        if (problems.length) throw new Error(problems.join('\n'));
      },
    },
  };
}
