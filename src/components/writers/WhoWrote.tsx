// "Who wrote this?": the reader's text → probabilities of the eight authors of the chosen language,
// live as they type (debounced), from the character CNN in the shared onnxruntime worker.
import { useEffect, useMemo, useRef, useState } from 'react';
import { t, fmt, formatBytes, numberFormat, type Lang } from '../../i18n/index.ts';
import { WidgetFrame } from '../widgets/WidgetFrame.tsx';
import { LiveGate } from '../widgets/LiveGate.tsx';
import { detectScript, prepare, vocabIndex, type WritersLang } from '../../lib/writers-text.ts';
import { TEXT_LIMIT, setWritersState, useWritersState, type WritersState } from './writers-store.ts';
import { WRITER_LANGS, type WriterModels } from './writers-models.ts';
import { LangSwitch, reliabilityNote } from './writers-ui.tsx';
import { useWriterLive } from './use-writer-live.ts';

export interface SampleInfo {
  id: string;
  lang: WritersLang;
  title: string;
  year: string;
  text: string;
  split: 'train' | 'validation' | 'test' | null;
}

interface Props {
  lang: Lang;
  models: WriterModels;
  samples: SampleInfo[];
  init: WritersState;
  runtimeBytes: number;
  /** Precomputed answers for the untouched samples (scripts/bake-writer-samples.ts). */
  sampleProbs: Record<string, number[]>;
}

const pct = (lang: Lang, p: number) => numberFormat(lang, p, { style: 'percent', maximumFractionDigits: 1, minimumFractionDigits: 1 });

/** Cut to TEXT_LIMIT UTF-16 units without splitting a surrogate pair. */
function cutText(v: string): { text: string; cut: boolean } {
  if (v.length <= TEXT_LIMIT) return { text: v, cut: false };
  let end = TEXT_LIMIT;
  const c = v.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return { text: v.slice(0, end), cut: true };
}

export default function WhoWrote({ lang, models, samples, init, runtimeBytes, sampleProbs }: Props) {
  const s = t(lang).writers;
  const w = s.whoWrote;
  const state = useWritersState(init);
  const model = models[state.lang];
  const live = useWriterLive(models, state);
  const index = useMemo(() => vocabIndex(model.vocab), [model]);
  const enc = useMemo(() => prepare(state.text, state.lang, index, model.maxLen), [state.text, state.lang, index, model.maxLen]);
  const script = useMemo(() => detectScript(state.text), [state.text]);
  const [switched, setSwitched] = useState<WritersLang | null>(null);
  const [probs, setProbs] = useState<{ key: string; p: number[] } | null>(null);
  const seq = useRef(0);
  const key = `${state.lang}\u0000${enc.normalized.slice(0, 4000)}`;

  // Live prediction, debounced; a stale answer (the text changed meanwhile) is dropped.
  useEffect(() => {
    if (live.status.state !== 'ready' || enc.total === 0 || script === 'none') return;
    const my = ++seq.current;
    const timer = setTimeout(async () => {
      try {
        const { runModel } = await import('../widgets/ort-client.ts');
        // The models take any length up to maxLen: feed the passage itself, not 1000 ids of padding.
        const n = Math.max(1, enc.length);
        const out = await runModel(model.spec.id, { ids: { dims: [1, n], dtype: 'int64', data: enc.ids.slice(0, n) } }, ['probs']);
        if (my === seq.current) setProbs({ key, p: Array.from(out.probs!.data as Float32Array) });
      } catch (e) {
        if (my === seq.current) live.fail(e);
      }
    }, 200);
    return () => clearTimeout(timer);
  }, [live.status.state, key]); // eslint-disable-line react-hooks/exhaustive-deps

  function setText(v: string, sample: string | null = null) {
    const { text, cut } = cutText(v);
    const sc = detectScript(text);
    const patch: Partial<WritersState> = { text, cut, sample };
    // Text in the other alphabet moves to that language's writers (and says so).
    if ((sc === 'ru' || sc === 'en') && sc !== state.lang && sample === null) {
      patch.lang = sc;
      setSwitched(sc);
    } else if (sample !== null) setSwitched(null);
    setWritersState(patch);
  }

  function pickSample(id: string) {
    const smp = samples.find((x) => x.id === id);
    if (smp) setWritersState({ text: smp.text, sample: smp.id, lang: smp.lang, cut: false });
    setSwitched(null);
  }

  const fresh = probs !== null && probs.key === key;
  const sample = samples.find((x) => x.id === state.sample) ?? null;
  const liveShown = fresh && enc.total > 0 && script !== 'none' ? probs!.p : null;
  // Before live mode (or while it fails), an untouched sample shows its precomputed answer.
  const bakedShown = !liveShown && live.status.state !== 'ready' && state.sample && sample?.lang === state.lang ? sampleProbs[state.sample] ?? null : null;
  const shown = liveShown ?? bakedShown;
  const top = shown ? shown.indexOf(Math.max(...shown)) : -1;
  const mismatch = (script === 'ru' || script === 'en') && script !== state.lang;
  const downloadBytes = runtimeBytes + model.spec.bytes;

  return (
    <WidgetFrame name="who-wrote" className="writers-widget who-wrote" titleId={`who-wrote-${lang}`} title={w.title} intro={w.intro}>
      <LangSwitch lang={lang} value={state.lang} name={`who-wrote-lang-${lang}`}
        onChange={(l) => { setWritersState({ lang: l }); setSwitched(null); }} />
      <div className="writers-row">
        <label className="writers-field">
          <span>{w.sample}</span>
          <select value={state.sample ?? ''} onChange={(e) => pickSample(e.target.value)} data-sample-select>
            <option value="">{state.sample ? w.samplePick : w.sampleOwn}</option>
            {WRITER_LANGS.map((l) => (
              <optgroup key={l} label={l === 'ru' ? s.langRu : s.langEn}>
                {samples.filter((x) => x.lang === l).map((x) => <option key={x.id} value={x.id}>{x.title}</option>)}
              </optgroup>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => { setWritersState({ text: '', sample: null, cut: false }); setSwitched(null); }}>{w.clear}</button>
      </div>
      {sample && (
        <p className="small muted" data-sample-note>
          {fmt(w.sampleNote, { work: sample.title, year: sample.year,
            split: sample.split === 'train' ? w.splitTrain : sample.split === 'validation' ? w.splitValidation : sample.split === 'test' ? w.splitTest : w.splitNone })}
        </p>
      )}
      <label className="writers-text-label" htmlFor={`who-wrote-text-${lang}`}>{w.textLabel}</label>
      <textarea id={`who-wrote-text-${lang}`} className="writers-text" rows={7} value={state.text} placeholder={w.placeholder}
        spellCheck={false} onChange={(e) => setText(e.target.value)} />
      <div className="writers-notes" role="status" data-writers-notes>
        {state.cut && <p data-note="cut">{fmt(w.cut, { limit: numberFormat(lang, TEXT_LIMIT), max: numberFormat(lang, model.maxLen) })}</p>}
        {switched && <p data-note="switched">{switched === 'en' ? w.switched : w.switchedRu}</p>}
        {enc.total === 0 ? <p data-note="empty">{w.empty}</p>
          : script === 'none' ? <p data-note="no-letters">{w.noLetters}</p>
          : (
            <>
              <p className="small" data-note="length">
                {enc.truncated ? fmt(w.truncated, { max: numberFormat(lang, model.maxLen), n: numberFormat(lang, enc.total) })
                  : fmt(w.length, { n: numberFormat(lang, enc.total), max: numberFormat(lang, model.maxLen) })}
                {' '}{reliabilityNote(lang, model, enc.length)}
              </p>
              {mismatch && <p data-note="other-script">{fmt(w.otherScript, { models: state.lang === 'ru' ? s.langRu : s.langEn })}</p>}
              {enc.unknown > 0 && <p className="small" data-note="unknown">{fmt(w.unknownChars, { n: enc.unknown })}</p>}
            </>
          )}
      </div>
      <figure className="writers-probs" aria-busy={live.status.state === 'ready' && !fresh && enc.total > 0 ? 'true' : 'false'}>
        <figcaption className="small muted">{w.probsCaption}{bakedShown ? ` — ${t(lang).widget.baked}` : ''}</figcaption>
        <table className="writers-prob-table" data-live-output={liveShown ? JSON.stringify({ lang: state.lang, probs: liveShown.map((p) => Math.round(p * 1e6) / 1e6) }) : undefined}
          data-baked={bakedShown ? 'true' : undefined}>
          <thead className="sr-only"><tr><th scope="col">{w.authorCol}</th><th scope="col">{w.probCol}</th></tr></thead>
          <tbody>
            {model.authors.map((name, i) => (
              <tr key={name} className={i === top ? 'is-top' : undefined}>
                <th scope="row">{name}</th>
                <td>
                  <span className="writers-bar" aria-hidden="true"><span style={{ width: `${shown ? shown[i]! * 100 : 0}%` }} /></span>
                  <span className="writers-pct">{shown ? pct(lang, shown[i]!) : '—'}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown && <p className="writers-top" data-top-author={top}>{fmt(w.top, { author: model.authors[top]!, p: pct(lang, shown[top]!) })}</p>}
      </figure>
      <LiveGate lang={lang} status={live.status} downloadBytes={downloadBytes} onStart={live.start}
        label={fmt(w.liveLabel, { size: formatBytes(lang, downloadBytes) })} />
    </WidgetFrame>
  );
}
