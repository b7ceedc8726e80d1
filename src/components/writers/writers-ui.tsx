// Small pieces shared by the writer widgets.
import { t, fmt, numberFormat, type Lang } from '../../i18n/index.ts';
import type { WritersLang } from '../../lib/writers-text.ts';
import { WRITER_LANGS, type WriterModel } from './writers-models.ts';

/** Radio group: Russian or English writers. */
export function LangSwitch({ lang, value, name, onChange }: { lang: Lang; value: WritersLang; name: string; onChange: (l: WritersLang) => void }) {
  const s = t(lang).writers;
  return (
    <fieldset className="writers-lang">
      <legend className="small">{s.modelsLabel}</legend>
      {WRITER_LANGS.map((l) => (
        <label key={l}>
          <input type="radio" name={name} value={l} checked={value === l} onChange={() => onChange(l)} />
          {' '}{l === 'ru' ? s.langRu : s.langEn}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * How far to trust an answer for `n` characters: the measured held-out accuracy at the largest
 * evaluated length not above n (below the smallest, the "too short" warning with that accuracy).
 */
export function reliabilityNote(lang: Lang, model: WriterModel, n: number): string {
  const w = t(lang).writers.whoWrote;
  const pct = (v: number) => numberFormat(lang, v, { style: 'percent', maximumFractionDigits: 0 });
  if (n < model.lengths[0]!) return fmt(w.tooShort, { min: numberFormat(lang, model.lengths[0]!), acc: pct(model.accuracy[0]!) });
  let k = 0;
  while (k + 1 < model.lengths.length && model.lengths[k + 1]! <= n) k++;
  return fmt(w.reliability, { len: numberFormat(lang, model.lengths[k]!), acc: pct(model.accuracy[k]!), chance: pct(1 / model.authors.length) });
}
