// The front matter every article must satisfy. Shared by the content collection (build fails on a
// schema error) and by the unit tests.
import { z } from 'astro/zod';

const work = z.object({
  title: z.string().min(3),
  authors: z.array(z.string().min(2)).min(1),
  year: z.number().int().min(1900).max(2100),
  venue: z.string().optional(),
  arxiv: z.string().regex(/^\d{4}\.\d{4,5}$/).optional(),
  url: z.url().optional(),
  code: z.url().optional(),
  /** Set when we are not sure this is the work the post linked to. */
  uncertain: z.boolean().default(false),
  /** Why the identification is uncertain; required when `uncertain` is true. */
  uncertainty: z.string().optional(),
}).refine((w) => !w.uncertain || (w.uncertainty && w.uncertainty.length > 20), {
  message: 'an uncertain identification needs a sentence in `uncertainty`',
});

const reference = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  text: z.string().min(5),
  url: z.url().optional(),
});

export const postSchema = z.object({
  title: z.string().min(5).max(140),
  description: z.string().min(20).max(240),
  published: z.coerce.date(),
  updated: z.coerce.date().optional(),
  tags: z.array(z.string().regex(/^[a-z0-9-]+$/)).min(1),
  /** The channel post this article expands: always its Russian original. */
  channelPost: z.object({
    text: z.string().min(10),
    /** English translation, shown under the original on /en/. */
    translation: z.string().min(10).optional(),
    hashtags: z.array(z.string().startsWith('#')).default([]),
  }),
  /** When the post links a work we could not pin down, say so here. */
  identification: z.object({
    status: z.enum(['certain', 'probable', 'unidentified']),
    note: z.string().min(20),
  }),
  works: z.array(work).default([]),
  references: z.array(reference).default([]),
  /** Ids of models under public/models/<id>/ that the article's widgets use. */
  models: z.array(z.string().regex(/^[a-z0-9-]+$/)).default([]),
  /** True when the article has live widgets (shown as a mark on the home page). */
  interactive: z.boolean().default(false),
});

export type PostData = z.infer<typeof postSchema>;
