// "Why this author?": occlusion on the shared text. The model runs on the passage and on every
// variant with one fragment cut out, in one batch; each fragment is coloured by how much the
// log-probability of the chosen author drops without it.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { t, fmt, formatBytes, numberFormat, type Lang } from '../../i18n/index.ts';
import { WidgetFrame } from '../widgets/WidgetFrame.tsx';
import { LiveGate } from '../widgets/LiveGate.tsx';
import { prepare, vocabIndex } from '../../lib/writers-text.ts';
import { fragmentCap, fragmentContributions, maskedBatch, occlusionFragments, type Fragment } from '../../lib/writers-occlusion.ts';
import { useWritersState, type WritersState } from './writers-store.ts';
import type { WriterModels } from './writers-models.ts';
import { LangSwitch } from './writers-ui.tsx';
import { setWritersState } from './writers-store.ts';
import { useWriterLive } from './use-writer-live.ts';

interface Props {
  lang: Lang;
  models: WriterModels;
  init: WritersState;
  runtimeBytes: number;
}

interface Result {
  key: string;
  chars: string[];
  fragments: Fragment[];
  /** Logits of the whole passage (row 0 of the batch) and all rows, for any target. */
  logits: Float32Array;
  classes: number;
  ms: number;
}

export default function WhyThisAuthor({ lang, models, init, runtimeBytes }: Props) {
  const s = t(lang).writers;
  const w = s.why;
  const state = useWritersState(init);
  const model = models[state.lang];
  const live = useWriterLive(models, state);
  const index = useMemo(() => vocabIndex(model.vocab), [model]);
  const enc = useMemo(() => prepare(state.text, state.lang, index, model.maxLen), [state.text, state.lang, index, model.maxLen]);
  const key = `${state.lang}\u0000${enc.normalized.slice(0, 4000)}`;
  const [result, setResult] = useState<Result | null>(null);
  const [target, setTarget] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const seq = useRef(0);

  useEffect(() => {
    if (live.status.state !== 'ready' || enc.length === 0) return;
    const my = ++seq.current;
    const timer = setTimeout(async () => {
      try {
        const chars = Array.from(enc.normalized).slice(0, model.maxLen);
        const fragments = occlusionFragments(chars, fragmentCap(chars.length));
        const n = chars.length;
        const batch = maskedBatch(enc.ids.slice(0, n), fragments);
        const { runModel } = await import('../widgets/ort-client.ts');
        const t0 = performance.now();
        const out = await runModel(model.spec.id, { ids: { dims: [fragments.length + 1, n], dtype: 'int64', data: batch } }, ['logits']);
        const ms = performance.now() - t0;
        if (my !== seq.current) return;
        setResult({ key, chars, fragments, logits: out.logits!.data as Float32Array, classes: model.authors.length, ms });
        setTarget(null);
        setActive(0);
      } catch (e) {
        if (my === seq.current) live.fail(e);
      }
    }, 400);
    return () => clearTimeout(timer);
  }, [live.status.state, key]); // eslint-disable-line react-hooks/exhaustive-deps

  const fresh = result !== null && result.key === key && enc.length > 0 ? result : null;
  const predicted = useMemo(() => {
    if (!fresh) return -1;
    const row = Array.from(fresh.logits.subarray(0, fresh.classes));
    return row.indexOf(Math.max(...row));
  }, [fresh]);
  const tgt = target ?? predicted;
  const deltas = useMemo(() => (fresh && tgt >= 0 ? fragmentContributions(fresh.logits, fresh.classes, tgt) : []), [fresh, tgt]);
  const scale = Math.max(1e-6, ...deltas.map(Math.abs));
  const signed = (v: number) => numberFormat(lang, v, { maximumFractionDigits: 3, minimumFractionDigits: 3, signDisplay: 'always' });
  const fragText = (f: Fragment) => fresh!.chars.slice(f.start, f.end).join('').trim();
  const order = deltas.map((d, i) => [d, i] as const).sort((a, b) => b[0] - a[0]);
  const author = tgt >= 0 ? model.authors[tgt]! : '';

  function onKey(e: KeyboardEvent<HTMLDivElement>) {
    if (!fresh) return;
    const n = fresh.fragments.length;
    const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (step) { setActive((a) => (a + step + n) % n); e.preventDefault(); }
    else if (e.key === 'Home') { setActive(0); e.preventDefault(); }
    else if (e.key === 'End') { setActive(n - 1); e.preventDefault(); }
  }

  const downloadBytes = runtimeBytes + model.spec.bytes;
  const idBase = `why-${lang}`;
  return (
    <WidgetFrame name="why-author" className="writers-widget why-author" titleId={`${idBase}-title`} title={w.title} intro={w.intro}>
      <LangSwitch lang={lang} value={state.lang} name={`${idBase}-lang`} onChange={(l) => setWritersState({ lang: l })} />
      {enc.length === 0 && <p data-note="need-text">{w.needText}</p>}
      {fresh && (
        <>
          <label className="writers-field">
            <span>{w.target}</span>
            <select value={tgt} onChange={(e) => setTarget(Number(e.target.value))} data-why-target>
              {model.authors.map((a, i) => <option key={a} value={i}>{i === predicted ? fmt(w.predicted, { author: a }) : a}</option>)}
            </select>
          </label>
          <div className="why-legend small" aria-hidden="true">
            <span className="why-swatch why-for" /> {w.legendFor}
            <span className="why-swatch why-against" /> {w.legendAgainst}
          </div>
          <p className="small muted">{w.legendNote}</p>
          <div className="why-text" role="listbox" tabIndex={0} aria-label={w.textLabel} onKeyDown={onKey}
            aria-activedescendant={`${idBase}-f${active}`}
            data-live-output={JSON.stringify({ lang: state.lang, target: tgt, deltas: deltas.map((d) => Math.round(d * 1e5) / 1e5) })}
            data-occlusion-ms={fresh.ms.toFixed(1)}>
            {fresh.fragments.map((f, i) => {
              const d = deltas[i]!;
              return (
                <span key={i} id={`${idBase}-f${i}`} role="option" aria-selected={i === active}
                  className={`why-frag ${d >= 0 ? 'why-for' : 'why-against'}${i === active ? ' is-active' : ''}`}
                  style={{ ['--w' as string]: (Math.abs(d) / scale).toFixed(3) }}
                  aria-label={fmt(w.unitInfo, { unit: fragText(f), author, delta: signed(-d) })}
                  onClick={() => setActive(i)}>
                  {fresh.chars.slice(f.start, f.end).join('')}
                </span>
              );
            })}
          </div>
          <p className="small" aria-live="polite" data-why-active>
            {fresh.fragments[active] ? fmt(w.unitInfo, { unit: fragText(fresh.fragments[active]!), author, delta: signed(-deltas[active]!) }) : w.unitHint}
          </p>
          <div className="why-tops">
            <div>
              <h4>{w.topTitle}</h4>
              <ol>{order.slice(0, 3).filter(([d]) => d > 0).map(([d, i]) => <li key={i}>«{fragText(fresh.fragments[i]!)}» <span className="muted">{signed(-d)}</span></li>)}</ol>
            </div>
            <div>
              <h4>{w.topAgainst}</h4>
              <ol>{order.slice(-3).reverse().filter(([d]) => d < 0).map(([d, i]) => <li key={i}>«{fragText(fresh.fragments[i]!)}» <span className="muted">{signed(-d)}</span></li>)}</ol>
            </div>
          </div>
          <details>
            <summary>{w.tableTitle}</summary>
            <div className="writers-table-scroll" tabIndex={0} role="region" aria-label={w.tableTitle}>
              <table className="small">
                <thead><tr><th scope="col">#</th><th scope="col">{w.fragmentCol}</th><th scope="col">{w.deltaCol}</th></tr></thead>
                <tbody>{fresh.fragments.map((f, i) => <tr key={i}><td>{i + 1}</td><td>{fragText(f)}</td><td>{signed(-deltas[i]!)}</td></tr>)}</tbody>
              </table>
            </div>
          </details>
          <p className="small muted" data-why-stats>{fmt(w.units, { n: fresh.fragments.length, size: Math.ceil(fresh.chars.length / fragmentCap(fresh.chars.length)), ms: numberFormat(lang, fresh.ms, { maximumFractionDigits: 0 }) })}</p>
        </>
      )}
      <LiveGate lang={lang} status={live.status} downloadBytes={downloadBytes} onStart={live.start}
        label={fmt(w.liveLabel, { size: formatBytes(lang, downloadBytes) })} />
    </WidgetFrame>
  );
}
