// "Write like the corpus": the character-level mini GPT-J writes a continuation of the reader's prompt,
// one character per model run in the shared ORT worker (with a key/value cache, so a step feeds one
// character, not the whole window). Before live mode the widget shows a sample generated at build time
// by training/charlm_lang.py with the same model and the same sampling rule. Every character is a step
// the reader can select (roving focus, arrow keys) to see the probability of the chosen character and
// the top alternatives. Temperature and top-k apply from the next step on; the seed fixes the draws.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { t, fmt, formatBytes, numberFormat, type Lang } from '../../i18n/index.ts';
import { encodePrompt, makeIndex, decodeId } from '../../lib/charlm-text.ts';
import { Generation } from '../../lib/charlm-sample.ts';
import type { ModelSpec } from '../widgets/ort-protocol.ts';
import { useLiveModel, asLoadError } from '../widgets/use-live-model.ts';
import { LiveGate } from '../widgets/LiveGate.tsx';
import { WidgetFrame } from '../widgets/WidgetFrame.tsx';

export interface CharlmStep {
  id: number;
  /** sampling probability of the chosen id */
  p: number;
  /** model probability (temperature 1, all candidates) */
  pm: number;
  top: { id: number; p: number; pm: number }[];
}

export interface CharlmModel {
  spec: ModelSpec;
  vocab: string[];
  context: number;
  refill: number;
  layers: number;
  heads: number;
  headDim: number;
  sample: { prompt: string; seed: number; temperature: number; top_k: number; steps: CharlmStep[] };
}

export interface CharlmWriterProps {
  lang: Lang;
  models: Record<Lang, CharlmModel>;
  runtimeBytes: number;
}

const TOP_SHOWN = 5;
const MAX_LENGTH = 1000;

type RunState = 'baked' | 'running' | 'stopped' | 'done';

export default function CharlmWriter({ lang, models, runtimeBytes }: CharlmWriterProps) {
  const s = t(lang).charlm;
  const [corpus, setCorpus] = useState<Lang>(lang);
  const model = models[corpus];
  const index = useMemo(() => makeIndex(model.vocab), [model]);
  const [prompt, setPrompt] = useState(model.sample.prompt);
  const [temperature, setTemperature] = useState(model.sample.temperature);
  const [topK, setTopK] = useState(model.sample.top_k);
  const [seed, setSeed] = useState(model.sample.seed);
  const [length, setLength] = useState(300);
  const [steps, setSteps] = useState<CharlmStep[]>(model.sample.steps);
  const [shownPrompt, setShownPrompt] = useState(model.sample.prompt);
  const [runState, setRunState] = useState<RunState>('baked');
  const [sel, setSel] = useState<number | null>(null);
  const [rate, setRate] = useState<{ n: number; cps: number } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [liveIds, setLiveIds] = useState<number[] | null>(null);

  const settings = useRef({ temperature, topK });
  settings.current = { temperature, topK };
  const gen = useRef<{ g: Generation; model: CharlmModel; steps: CharlmStep[] } | null>(null);
  const stopFlag = useRef(false);
  const running = useRef(false);
  const stepRefs = useRef<(HTMLButtonElement | null)[]>([]);

  const { status, start, fail } = useLiveModel(model.spec);

  const enc = useMemo(() => encodePrompt(prompt, corpus, index, model.context), [prompt, corpus, index, model.context]);

  const switchCorpus = (l: Lang) => {
    if (l === corpus || running.current) return;
    setCorpus(l);
    const m = models[l];
    setPrompt(m.sample.prompt);
    setTemperature(m.sample.temperature);
    setTopK(m.sample.top_k);
    setSeed(m.sample.seed);
    gen.current = null;
    setSteps(m.sample.steps);
    setShownPrompt(m.sample.prompt);
    setRunState('baked');
    setSel(null);
    setRate(null);
    setLiveIds(null);
    setMessage(null);
  };

  const run = useCallback(async (count: number) => {
    const cur = gen.current;
    if (!cur || running.current) return;
    running.current = true;
    stopFlag.current = false;
    setRunState('running');
    const { g, model: m } = cur;
    try {
      const client = await import('../widgets/ort-client.ts');
      await client.loadModel(m.spec);
      const t0 = performance.now();
      let n = 0;
      let lastFlush = t0;
      const flush = () => {
        setSteps([...cur.steps]);
        setLiveIds(g.seq.slice(g.seq.length - cur.steps.length));
        const dt = (performance.now() - t0) / 1000;
        if (n > 0 && dt > 0) setRate({ n, cps: n / dt });
      };
      while (n < count && !stopFlag.current) {
        const f = g.nextFeeds();
        const P = f.pastLen;
        const out = await client.runModel(m.spec.id, {
          ids: { dims: [1, f.ids.length], dtype: 'int64', data: BigInt64Array.from(f.ids, (v) => BigInt(v)) },
          past: { dims: [m.layers, 2, m.heads, P, m.headDim], dtype: 'float32', data: f.past },
        });
        const logits = out.logits!.data as Float32Array;
        const present = out.present!.data as Float32Array;
        const r = g.accept(logits, present, settings.current.temperature, settings.current.topK);
        const j = r.order.indexOf(r.id);
        cur.steps.push({
          id: r.id, p: r.p[j]!, pm: r.pModel[j]!,
          top: r.order.slice(0, TOP_SHOWN).map((id, i) => ({ id, p: r.p[i]!, pm: r.pModel[i]! })),
        });
        n++;
        const now = performance.now();
        if (now - lastFlush > 60) { flush(); lastFlush = now; }
      }
      flush();
      setRunState(stopFlag.current ? 'stopped' : 'done');
    } catch (e) {
      setRunState('stopped');
      fail(asLoadError(e));
    } finally {
      running.current = false;
    }
  }, [fail]);

  const generate = async () => {
    setMessage(null);
    if (enc.total === 0) {
      setMessage(s.emptyPrompt);
      return;
    }
    if (running.current) return;
    if (status.state !== 'ready') {
      const ok = await start();
      if (!ok) return;
    }
    const m = models[corpus];
    gen.current = { g: new Generation(enc.ids, seed >>> 0, m.context, m.refill, { layers: m.layers, heads: m.heads, headDim: m.headDim }), model: m, steps: [] };
    setShownPrompt([...enc.normalized].slice(enc.cut).join(''));
    setSteps([]);
    setLiveIds([]);
    setSel(null);
    setRate(null);
    await run(Math.max(1, Math.min(MAX_LENGTH, Math.floor(length) || 1)));
  };

  const stop = () => { stopFlag.current = true; };
  const cont = () => { void run(Math.max(1, Math.min(MAX_LENGTH, Math.floor(length) || 1))); };

  useEffect(() => {
    if (sel !== null) stepRefs.current[sel]?.focus();
  }, [sel]);

  const isLive = runState !== 'baked';
  const pct = (v: number) => `${numberFormat(lang, v * 100, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}\u00a0%`;
  const show = (id: number) => {
    const ch = decodeId(id, model.vocab);
    return ch === ' ' ? s.space : ch;
  };
  const text = steps.map((st) => decodeId(st.id, model.vocab)).join('');
  // Steps grouped into words (kept on one line, at most 16 characters so nothing overflows a
  // narrow screen) and single spaces (where lines may break).
  const words: number[][] = [];
  steps.forEach((st, i) => {
    const space = decodeId(st.id, model.vocab) === ' ';
    const last = words[words.length - 1];
    if (!space && last && last.length < 16 && decodeId(steps[last[0]!]!.id, model.vocab) !== ' ') last.push(i);
    else words.push([i]);
  });
  const selStep = sel !== null ? steps[sel] : undefined;
  const focusIdx = sel ?? 0;
  const onKey = (e: KeyboardEvent, i: number) => {
    let j = i;
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') j = Math.min(steps.length - 1, i + 1);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') j = Math.max(0, i - 1);
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = steps.length - 1;
    else return;
    e.preventDefault();
    setSel(j);
  };
  const liveOut = isLive && liveIds && runState !== 'running'
    ? JSON.stringify({ ids: liveIds, text, charsPerSecond: rate?.cps ?? null, n: rate?.n ?? 0 }) : undefined;
  const totalBytes = runtimeBytes + model.spec.bytes;
  const list = (xs: string[]) => xs.join(lang === 'ru' ? '; ' : '; ');
  const showChar = (c: string) => (c === '' ? s.deleted : c === ' ' ? s.space : c === '\n' ? s.newline : `«${c}»`);

  return (
    <WidgetFrame name="charlm-writer" className="charlm-writer" titleId={`charlm-title-${lang}`} title={s.title} intro={s.intro}>
      <fieldset className="charlm-corpus">
        <legend>{s.corpus}</legend>
        {(['ru', 'en'] as const).map((l) => (
          <label key={l}>
            <input type="radio" name={`charlm-corpus-${lang}`} value={l} checked={corpus === l} disabled={runState === 'running'}
              onChange={() => switchCorpus(l)} data-corpus={l} />
            {l === 'ru' ? s.corpusRu : s.corpusEn}
          </label>
        ))}
      </fieldset>
      <label className="charlm-prompt-label" htmlFor={`charlm-prompt-${lang}`}>{s.prompt}</label>
      <textarea id={`charlm-prompt-${lang}`} className="charlm-prompt" rows={3} value={prompt} data-prompt
        onChange={(e) => setPrompt(e.target.value)} aria-describedby={`charlm-prompt-notes-${lang}`} />
      <div id={`charlm-prompt-notes-${lang}`} className="charlm-notes small" aria-live="polite">
        {message && <p className="charlm-error" role="alert" data-message="empty">{message}</p>}
        {enc.cut > 0 && <p data-message="cut">{fmt(s.cutNote, { total: enc.total, context: model.context, cut: enc.cut })}</p>}
        {enc.mapped.length > 0 && <p data-message="mapped">{fmt(s.mappedNote, { list: list(enc.mapped.map((m) => `${showChar(m.from)} → ${showChar(m.to)}`)) })}</p>}
        {enc.unknown.length > 0 && <p data-message="unknown">{fmt(s.unknownNote, { list: list(enc.unknown.map((u) => `${showChar(u.char)} ×${u.count}`)) })}</p>}
      </div>
      <div className="widget-controls charlm-controls">
        <label>
          <span>{s.temperature}: <output data-temperature-value>{numberFormat(lang, temperature, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}</output></span>
          <input type="range" min={0.1} max={2} step={0.05} value={temperature} data-temperature
            onChange={(e) => setTemperature(Number(e.target.value))} />
        </label>
        <label>
          <span>{s.topK}</span>
          <input type="number" min={1} max={model.vocab.length} step={1} value={topK} data-topk
            onChange={(e) => { const v = Math.floor(Number(e.target.value)); if (Number.isFinite(v)) setTopK(Math.max(1, Math.min(model.vocab.length, v))); }} />
        </label>
        <label>
          <span>{s.seed}</span>
          <input type="number" min={0} max={4294967295} step={1} value={seed} data-seed
            onChange={(e) => { const v = Math.floor(Number(e.target.value)); if (Number.isFinite(v) && v >= 0) setSeed(v); }} />
        </label>
        <label>
          <span>{s.length}</span>
          <input type="number" min={1} max={MAX_LENGTH} step={1} value={length} data-length
            onChange={(e) => { const v = Math.floor(Number(e.target.value)); if (Number.isFinite(v)) setLength(Math.max(1, Math.min(MAX_LENGTH, v))); }} />
        </label>
      </div>
      <div className="widget-controls">
        <button type="button" className="primary" onClick={() => void generate()} disabled={runState === 'running'} data-generate>{s.generate}</button>
        <button type="button" onClick={stop} disabled={runState !== 'running'} data-stop>{s.stop}</button>
        <button type="button" onClick={cont} disabled={!(runState === 'stopped' || runState === 'done') || !gen.current} data-continue>{s.continue}</button>
      </div>

      <div className="no-print">
        <LiveGate lang={lang} status={status} downloadBytes={totalBytes} onStart={() => void start()}
          label={fmt(s.runLive, { size: formatBytes(lang, totalBytes) })} hint={fmt(s.runLiveHint, { size: formatBytes(lang, totalBytes) })} />
      </div>

      <p className="small muted" data-note>
        {isLive
          ? (rate ? fmt(s.rate, { n: rate.n, rate: numberFormat(lang, rate.cps, { maximumFractionDigits: 0 }) }) : s.starting)
          : fmt(s.bakedNote, { seed: model.sample.seed, temperature: numberFormat(lang, model.sample.temperature), k: model.sample.top_k })}
        {isLive && runState === 'running' ? ` ${s.running}` : ''}
      </p>
      <div className="charlm-output" data-state={runState} data-n={steps.length}
        data-chars-per-second={rate ? rate.cps.toFixed(1) : undefined}
        {...(liveOut ? { 'data-live-output': liveOut } : {})}>
        <span className="charlm-prompt-echo">{shownPrompt}</span>
        <span role="group" aria-label={s.outputLabel} className="charlm-steps">
          {words.map((w) => (
            <span key={w[0]} className={w.length === 1 && decodeId(steps[w[0]!]!.id, model.vocab) === ' ' ? undefined : 'w'}>
              {w.map((i) => {
                const st = steps[i]!;
                const ch = decodeId(st.id, model.vocab);
                return (
                  <button key={i} type="button" ref={(el) => { stepRefs.current[i] = el; }}
                    className={`tok${i === sel ? ' sel' : ''}${st.p < 0.05 ? ' rare' : ''}`} tabIndex={i === focusIdx ? 0 : -1}
                    data-step={i} data-id={st.id} aria-pressed={i === sel}
                    aria-label={fmt(s.stepLabel, { n: i + 1, char: ch === ' ' ? s.space : ch, p: pct(st.p) })}
                    onClick={() => setSel(i)} onKeyDown={(e) => onKey(e, i)}>{ch}</button>
                );
              })}
            </span>
          ))}
        </span>
      </div>
      <div className="charlm-detail" data-detail={sel ?? undefined} aria-live="polite">
        {selStep ? (
          <>
            <p className="pane-title">{fmt(s.stepTitle, { n: (sel ?? 0) + 1, char: show(selStep.id) })}</p>
            <p className="small">{fmt(s.stepDetail, { p: pct(selStep.p), pm: pct(selStep.pm) })}</p>
            <table className="charlm-alts">
              <caption className="sr-only">{s.altTitle}</caption>
              <thead><tr><th scope="col">{s.altChar}</th><th scope="col">{s.altSample}</th><th scope="col">{s.altModel}</th></tr></thead>
              <tbody>
                {(selStep.top.some((a) => a.id === selStep.id) ? selStep.top : [...selStep.top, { id: selStep.id, p: selStep.p, pm: selStep.pm }]).map((a) => (
                  <tr key={a.id} className={a.id === selStep.id ? 'chosen' : undefined} data-alt={a.id}>
                    <th scope="row"><span className="alt-char">{show(a.id)}</span>{a.id === selStep.id && <span className="badge">{s.chosen}</span>}</th>
                    <td>
                      <span className="pbar">
                        <span className="pbar-track" aria-hidden="true"><span className="pbar-fill" style={{ width: `${(a.p * 100).toFixed(1)}%` }} /></span>
                        <span className="pbar-text">{pct(a.p)}</span>
                      </span>
                    </td>
                    <td className="num">{pct(a.pm)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ) : <p className="small muted">{s.pickHint}</p>}
      </div>
    </WidgetFrame>
  );
}
