import type { APIContext } from 'astro';
import { rssFor } from '../../lib/rss.ts';
export const GET = (context: APIContext) => rssFor('en', context);
