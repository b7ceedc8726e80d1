// The shared text every writer widget starts from: the default sample of the page's language.
import type { Lang } from '../../i18n/index.ts';
import { SAMPLES, DEFAULT_SAMPLE } from './samples.ts';
import type { WritersState } from './writers-store.ts';

export function initialWritersState(lang: Lang): WritersState {
  const s = SAMPLES.find((x) => x.id === DEFAULT_SAMPLE[lang])!;
  return { text: s.text, lang: s.lang, sample: s.id, cut: false };
}
