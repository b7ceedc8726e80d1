// One typed string catalogue per locale. `Catalogue` is the shape of the Russian one with every
// leaf widened to string, so a key missing (or extra) in another locale fails `astro check`.
import { ru } from './ru.ts';
import { en } from './en.ts';

export const LOCALES = ['ru', 'en'] as const;
export type Lang = (typeof LOCALES)[number];
export const DEFAULT_LANG: Lang = 'ru';

type Widen<T> = T extends string ? string : { readonly [K in keyof T]: Widen<T[K]> };
export type Catalogue = Widen<typeof ru>;

export const catalogues: Record<Lang, Catalogue> = { ru, en };

export function t(lang: Lang): Catalogue {
  return catalogues[lang];
}

export function isLang(value: unknown): value is Lang {
  return value === 'ru' || value === 'en';
}

/** Fills {name} placeholders. Unknown placeholders are left visible so a test can catch them. */
export function fmt(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => (key in params ? String(params[key]) : m));
}

/** Path prefix of a locale: "" for Russian (the default), "/en" for English. */
export function localePrefix(lang: Lang): string {
  return lang === DEFAULT_LANG ? '' : `/${lang}`;
}

/** Builds a site path for a locale: localePath('en', '/posts/x/') → '/en/posts/x/'. */
export function localePath(lang: Lang, path: string): string {
  return `${localePrefix(lang)}${path}`;
}

/** Splits a site path into its locale and the locale-free rest. */
export function splitLocale(pathname: string): { lang: Lang; rest: string } {
  const m = /^\/en(\/.*)?$/.exec(pathname);
  if (m) return { lang: 'en', rest: m[1] ?? '/' };
  return { lang: 'ru', rest: pathname };
}

/** Locale number formatting; negatives get a true minus sign (U+2212), as typeset text should. */
export function numberFormat(lang: Lang, value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', options).format(value).replace(/^-/, '\u2212');
}

export function formatBytes(lang: Lang, bytes: number): string {
  const units = lang === 'ru' ? ['Б', 'КБ', 'МБ'] : ['B', 'KB', 'MB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  const digits = u === 0 ? 0 : v < 10 ? 1 : 0;
  return `${numberFormat(lang, v, { maximumFractionDigits: digits })} ${units[u]}`;
}

export function formatDate(lang: Lang, date: Date): string {
  return new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(date);
}
