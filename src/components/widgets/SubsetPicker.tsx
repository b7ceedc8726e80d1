// Picks one image of the shared 1,000-image test subset: a class, then the n-th image of that
// class (1–100), with previous/next buttons; optionally "draw your own" (value DRAWN).
import { useMemo } from 'react';
import { t, fmt, type Lang } from '../../i18n/index.ts';
import { positionsByClass } from './subset-images.ts';

export const DRAWN = -1;

interface Props {
  lang: Lang;
  /** Class names in the reader's language. */
  classes: readonly string[];
  /** baked.json subset.labels (class of each subset position). */
  labels: readonly number[];
  /** Subset position, or DRAWN. */
  value: number;
  onChange: (value: number) => void;
  allowDraw?: boolean;
  /** Distinguishes several pickers on one page (ids of labels). */
  idPrefix: string;
}

export function SubsetPicker({ lang, classes, labels, value, onChange, allowDraw = true, idPrefix }: Props) {
  const s = t(lang).widget;
  const byClass = useMemo(() => positionsByClass(labels, classes.length), [labels, classes.length]);
  const drawn = value === DRAWN;
  const cls = drawn ? 0 : labels[value] ?? 0;
  const nth = drawn ? 0 : Math.max(0, byClass[cls]!.indexOf(value));
  const count = byClass[cls]!.length;
  const pick = (c: number, j: number) => onChange(byClass[c]![((j % byClass[c]!.length) + byClass[c]!.length) % byClass[c]!.length]!);
  return (
    <div className="subset-picker" role="group" aria-label={s.pickImage}>
      <label className="field" htmlFor={`${idPrefix}-class`}>
        {s.pickClass}
        <select id={`${idPrefix}-class`} name={`${idPrefix}-class`} value={drawn ? 'draw' : String(cls)}
          onChange={(e) => (e.target.value === 'draw' ? onChange(DRAWN) : pick(Number(e.target.value), 0))}>
          {classes.map((name, c) => <option key={c} value={c}>{name}</option>)}
          {allowDraw && <option value="draw">{s.drawOwn}</option>}
        </select>
      </label>
      {!drawn && (
        <div className="field">
          <span id={`${idPrefix}-nth`}>{fmt(s.nthOfClass, { n: nth + 1, total: count })}</span>
          <div className="stepper" role="group" aria-labelledby={`${idPrefix}-nth`}>
            <button type="button" onClick={() => pick(cls, nth - 1)} aria-label={s.previousImage} data-subset-prev>‹</button>
            <button type="button" onClick={() => pick(cls, nth + 1)} aria-label={s.nextImage} data-subset-next>›</button>
          </div>
        </div>
      )}
    </div>
  );
}
