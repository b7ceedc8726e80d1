// "Style fingerprints": simple, explainable statistics of the reader's text (computed live, in
// plain TypeScript — no model, no onnxruntime) set against each author's spread over 1000-character
// passages of their training works (baked by training/writers_fingerprints.py), the nearest author
// by these numbers alone, and each author's characteristic words. The text is the one shared by
// the writer widgets (writers-store.ts); this widget only reads it.
import { useDeferredValue, useMemo } from 'react';
import { t, fmt, numberFormat, type Lang } from '../../i18n/index.ts';
import { detectScript, normalize, type WritersLang } from '../../lib/writers-text.ts';
import {
  MATTR_WINDOW, authorDistances, nearestAuthor, styleStats, wordsOf, type StatKey, type StyleStats,
} from '../../lib/writers-style-stats.ts';
import { WidgetFrame } from '../widgets/WidgetFrame.tsx';
import { useWritersState, type WritersState } from './writers-store.ts';

/** Below this many words the widget warns that the numbers are mostly chance. */
export const SHORT_WORDS = 50;
/** Characteristic words shown per author. */
const CHIPS = 12;

export interface FpAuthorView {
  key: string;
  name: string;
  /** Surname only, for the charts' narrow label column. */
  short: string;
  passages: number;
  pooled: Record<StatKey, number | null>;
  quartiles: Record<StatKey, [number, number, number] | null>;
  words: { word: string; per10k: number; rest_per10k: number }[];
}

/** The part of fingerprints.json the island needs (names in the page language). */
export interface FpView {
  lang: WritersLang;
  passageChars: number;
  stats: StatKey[];
  scale: Record<StatKey, number>;
  authors: FpAuthorView[];
}

interface Props {
  lang: Lang;
  init: WritersState;
  data: Record<WritersLang, FpView>;
}

const DIGITS: Record<StatKey, number> = {
  sentence_len: 1, word_len: 2, commas: 0, semicolons: 1, exclamations: 1, questions: 1, dialogue: 0, mattr: 2,
};

function formatStat(lang: Lang, key: StatKey, v: number | null | undefined): string {
  if (v === null || v === undefined) return t(lang).styleFingerprints.noValue;
  if (key === 'dialogue') return numberFormat(lang, v, { style: 'percent', maximumFractionDigits: 0 });
  const d = DIGITS[key];
  return numberFormat(lang, v, { minimumFractionDigits: d, maximumFractionDigits: d });
}

/** The chart's domain: every author's quartile box, widened to the reader's value by at most half the boxes' range. */
function domain(view: FpView, key: StatKey, v: number | null): [number, number] {
  const qs = view.authors.map((a) => a.quartiles[key]).filter((q): q is [number, number, number] => q !== null);
  const lo0 = Math.min(...qs.map((q) => q[0]));
  const hi0 = Math.max(...qs.map((q) => q[2]));
  const r = hi0 - lo0 || Math.abs(hi0) || 1;
  let lo = lo0 - 0.05 * r;
  let hi = hi0 + 0.05 * r;
  if (v !== null) {
    lo = Math.max(lo0 - 0.5 * r, Math.min(lo, v));
    hi = Math.min(hi0 + 0.5 * r, Math.max(hi, v));
  }
  return [Math.max(0, lo), hi];
}

function StatChart({ lang, view, statKey, stats, nearest }: { lang: Lang; view: FpView; statKey: StatKey; stats: StyleStats | null; nearest: number }) {
  const s = t(lang).styleFingerprints;
  const meta = s.stats[statKey];
  const v = stats ? stats[statKey] : null;
  const [lo, hi] = domain(view, statKey, v);
  const pos = (x: number) => `${(100 * Math.min(1, Math.max(0, (x - lo) / (hi - lo)))).toFixed(2)}%`;
  const beyond = v !== null && (v < lo || v > hi);
  const medians = view.authors.map((a) => a.quartiles[statKey]?.[1]).filter((m): m is number => m !== undefined);
  const label = fmt(s.chartLabel, {
    stat: meta.name, v: formatStat(lang, statKey, v),
    min: formatStat(lang, statKey, Math.min(...medians)), max: formatStat(lang, statKey, Math.max(...medians)),
  });
  const short = statKey === 'mattr' && stats !== null && stats.mattr !== null && stats.mattr_window < MATTR_WINDOW;
  return (
    <figure className="sf-chart" data-stat={statKey}>
      <figcaption>
        <span className="sf-stat-name">{meta.name}</span> <span className="small muted">({meta.hint})</span>
        <br />
        <span className="sf-you-value small" data-reader-value={v === null ? '' : String(v)}>
          {fmt(s.yourValue, { v: formatStat(lang, statKey, v) })}
          {beyond && <> ({s.beyond})</>}
          {short && <> — {fmt(s.mattrShort, { n: numberFormat(lang, stats!.mattr_window) })}</>}
        </span>
      </figcaption>
      <div className="sf-rows" role="img" aria-label={label}>
        {view.authors.map((a, i) => {
          const q = a.quartiles[statKey];
          return (
            <div className={`sf-row${i === nearest ? ' sf-nearest' : ''}`} key={a.key}>
              <span className="sf-name">{a.short}</span>
              <span className="sf-track">
                {q && <span className="sf-box" style={{ left: pos(q[0]), width: `calc(${pos(q[2])} - ${pos(q[0])})` }} />}
                {q && <span className="sf-median" style={{ left: pos(q[1]) }} />}
                {v !== null && <span className="sf-you-mark" style={{ left: pos(v) }} />}
              </span>
            </div>
          );
        })}
        <div className="sf-row sf-axis">
          <span className="sf-name" />
          <span className="sf-axis-labels small muted"><span>{formatStat(lang, statKey, lo)}</span><span>{formatStat(lang, statKey, hi)}</span></span>
        </div>
      </div>
      <details className="data-table">
        <summary>{fmt(s.tableSummary, { stat: meta.name })}</summary>
        <div className="scroll-x">
          <table>
            <thead>
              <tr><th scope="col">{s.colAuthor}</th><th scope="col">{s.colQ1}</th><th scope="col">{s.colMedian}</th><th scope="col">{s.colQ3}</th><th scope="col">{s.colPooled}</th></tr>
            </thead>
            <tbody>
              {view.authors.map((a) => (
                <tr key={a.key}>
                  <th scope="row">{a.name}</th>
                  <td>{formatStat(lang, statKey, a.quartiles[statKey]?.[0])}</td>
                  <td>{formatStat(lang, statKey, a.quartiles[statKey]?.[1])}</td>
                  <td>{formatStat(lang, statKey, a.quartiles[statKey]?.[2])}</td>
                  <td>{formatStat(lang, statKey, a.pooled[statKey])}</td>
                </tr>
              ))}
              <tr className="sf-you-row"><th scope="row">{s.rowYou}</th><td colSpan={4}>{formatStat(lang, statKey, v)}</td></tr>
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

export default function StyleFingerprints({ lang, init, data }: Props) {
  const s = t(lang).styleFingerprints;
  const state = useWritersState(init);
  const text = useDeferredValue(state.text);
  const view = data[state.lang];

  const { stats, inText, script } = useMemo(() => {
    const norm = normalize(text, state.lang);
    const st = styleStats(norm, state.lang, true);
    return {
      stats: st.words > 0 ? st : null,
      inText: new Set(wordsOf(norm).map((w) => w.toLowerCase())),
      script: detectScript(norm),
    };
  }, [text, state.lang]);

  const distances = useMemo(() => (stats ? authorDistances(stats, view) : view.authors.map(() => null)), [stats, view]);
  const nearest = nearestAuthor(distances);
  const second = nearestAuthor(distances.map((d, i) => (i === nearest ? null : d)));
  const empty = text.trim() === '';
  const readerValues = stats ? Object.fromEntries(view.stats.map((k) => [k, stats[k]])) : null;
  const dist = (d: number | null | undefined) => (d === null || d === undefined ? s.noValue : numberFormat(lang, d, { minimumFractionDigits: 1, maximumFractionDigits: 1 }));

  return (
    <WidgetFrame name="style-fingerprints" className="style-fingerprints" titleId={`style-fingerprints-${lang}`} title={s.title} intro={s.intro}>
      <div className="sf-status" role="status" data-sf-status>
        {empty ? (
          <p data-note="empty">
            {s.empty.split('{link}')[0]}<a href={`#who-wrote-${lang}`}>{s.emptyLink}</a>{s.empty.split('{link}')[1]}
          </p>
        ) : (
          <>
            <p className="small">
              {fmt(s.yourText, { words: numberFormat(lang, stats?.words ?? 0), sentences: numberFormat(lang, stats?.sentences ?? 0) })}
              {' '}{state.lang === 'ru' ? s.comparedRu : s.comparedEn}
            </p>
            {(stats?.words ?? 0) < SHORT_WORDS && <p className="issue" data-note="short">{fmt(s.short, { n: numberFormat(lang, SHORT_WORDS) })}</p>}
            {(script === 'ru' || script === 'en') && script !== state.lang && <p className="issue" data-note="other-script">{s.otherScript}</p>}
          </>
        )}
      </div>
      <p className="small muted">{fmt(s.method, { chars: numberFormat(lang, view.passageChars) })}</p>

      <div className="sf-grid" data-reader-stats={readerValues ? JSON.stringify(readerValues) : ''} data-sf-lang={state.lang}>
        {view.stats.map((k) => <StatChart key={k} lang={lang} view={view} statKey={k} stats={stats} nearest={nearest} />)}
      </div>

      <h4 className="sf-subtitle">{s.nearestTitle}</h4>
      <p data-nearest={nearest >= 0 ? view.authors[nearest]!.key : ''}>
        {nearest >= 0
          ? fmt(s.nearest, { author: view.authors[nearest]!.name, d: dist(distances[nearest]), second: second >= 0 ? view.authors[second]!.name : s.noValue, d2: dist(distances[second]) })
          : s.nearestNone}
      </p>
      <p className="small muted">{s.nearestExplain}</p>
      <details className="data-table">
        <summary>{s.distanceSummary}</summary>
        <div className="scroll-x">
          <table>
            <thead><tr><th scope="col">{s.colAuthor}</th><th scope="col">{s.colDistance}</th></tr></thead>
            <tbody>
              {view.authors.map((a, i) => (
                <tr key={a.key} className={i === nearest ? 'sf-nearest' : undefined}><th scope="row">{a.name}</th><td>{dist(distances[i])}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>

      <h4 className="sf-subtitle">{s.wordsTitle}</h4>
      <p className="small muted">{s.wordsIntro} {s.legendInText}.</p>
      <div className="sf-words">
        {view.authors.map((a) => (
          <div className="sf-words-row" key={a.key}>
            <span className="sf-name" id={`sf-words-${lang}-${a.key}`}>{a.name}</span>
            <ul className="sf-chips" aria-labelledby={`sf-words-${lang}-${a.key}`}>
              {a.words.slice(0, CHIPS).map((w) => {
                const hit = inText.has(w.word);
                return (
                  <li key={w.word} className={hit ? 'sf-chip sf-hit' : 'sf-chip'}
                    title={fmt(s.chipTitle, { word: w.word, a: numberFormat(lang, w.per10k, { maximumFractionDigits: 1 }), b: numberFormat(lang, w.rest_per10k, { maximumFractionDigits: 1 }) })}>
                    {w.word}
                    {hit && <><span aria-hidden="true"> ✓</span><span className="sr-only"> ({s.inText})</span></>}
                  </li>
                );
              })}
            </ul>
          </div>
        ))}
      </div>
    </WidgetFrame>
  );
}
