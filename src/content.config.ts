import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { postSchema } from './lib/post-schema.ts';

// One MDX file per post per language: src/content/posts/{ru,en}/<slug>.mdx.
// Entry ids are "ru/<slug>" and "en/<slug>" (no `slug:` in front matter: stack.md P9).
const posts = defineCollection({
  loader: glob({ pattern: '{ru,en}/*.mdx', base: './src/content/posts' }),
  schema: postSchema,
});

export const collections = { posts };
