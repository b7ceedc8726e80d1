// "What the representation survives": one Fashion-MNIST test image, a corruption (Gaussian noise,
// blur, a black square) and its strength. The corruption is computed on the page by the same code
// the measurements used (src/lib/corruptions.ts, pinned to training/supcon_common.py); the chart is
// the measured accuracy-vs-strength curves of the four encoders from their cards; on request the
// four ONNX encoders run live and the cards' linear classifier (baked.json.classifier) names the class.
import { useCallback, useEffect, useMemo, useRef, useState, type ChangeEvent } from 'react';
import { t, fmt, formatBytes, numberFormat, type Lang } from '../../i18n/index.ts';
import { CORRUPTION_KINDS, corrupt, noiseField, type CorruptionKind } from '../../lib/corruptions.ts';
import { pixelsTo01, toModelInput01 } from '../../lib/byol-augment.ts';
import { int, oneOf, record } from '../../lib/hash-state.ts';
import { pngDataUrl, GRAY } from '../../lib/png.ts';
import type { LoadError, ModelSpec } from '../widgets/ort-protocol.ts';
import type { Progress } from '../widgets/ort-client.ts';
import { asLoadError, type LiveStatus } from '../widgets/use-live-model.ts';
import { useHashState } from '../widgets/use-hash-state.ts';
import { LiveGate } from '../widgets/LiveGate.tsx';
import { WidgetFrame } from '../widgets/WidgetFrame.tsx';
import { SubsetPicker } from '../widgets/SubsetPicker.tsx';
import { loadSubsetImages } from '../widgets/subset-images.ts';

export interface CurvePoint { x: number; name: string; value: number }
export interface ModelInfo {
  id: string;
  spec: ModelSpec;
  bakedUrl: string;
  bakedBytes: number;
  /** Card metric `accuracy` (clean test set). */
  clean: number;
  curves: Record<CorruptionKind, CurvePoint[]>;
}

interface Props {
  lang: Lang;
  models: ModelInfo[];
  runtimeBytes: number;
  preprocess: { mean: number; std: number };
  classes: string[];
  /** Subset labels as one digit per image. */
  labels: string;
  /** Subset test-split indices, comma-separated. */
  testIndices: string;
  /** Pixels (uint8, comma-separated) of subset image 0, shown before anything is downloaded. */
  firstPixels: string;
}

/** Slider units per kind: σ in hundredths for noise and blur, pixels for the square. */
const SLIDER: Record<CorruptionKind, { max: number; step: number; scale: number; initial: number }> = {
  noise: { max: 60, step: 1, scale: 100, initial: 20 },
  blur: { max: 250, step: 5, scale: 100, initial: 100 },
  occlusion: { max: 22, step: 1, scale: 1, initial: 10 },
};
const SUBSET_SIZE = 1000;
const stateCodec = record({ i: int(0, SUBSET_SIZE - 1), k: oneOf(CORRUPTION_KINDS), s: int(0, 250) }, { i: 0, k: 'noise', s: SLIDER.noise.initial });
const DEFAULT_STATE = { i: 0, k: 'noise' as CorruptionKind, s: SLIDER.noise.initial };

/** Markers and dashes per model (colour is never the only cue). */
const STYLE = [
  { dash: '', marker: 'circle' },
  { dash: '7 4', marker: 'square' },
  { dash: '2 3', marker: 'triangle' },
  { dash: '9 3 2 3', marker: 'diamond' },
] as const;

interface Classifier { W: number[][]; b: number[] }
interface Pred { probs: number[]; logits: number[]; representation: number[] }

function softmax(z: number[]): number[] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

function Marker({ kind, x, y, r = 4 }: { kind: (typeof STYLE)[number]['marker']; x: number; y: number; r?: number }) {
  if (kind === 'circle') return <circle cx={x} cy={y} r={r} />;
  if (kind === 'square') return <rect x={x - r * 0.85} y={y - r * 0.85} width={r * 1.7} height={r * 1.7} />;
  if (kind === 'triangle') return <path d={`M${x},${y - r * 1.1}L${x + r},${y + r * 0.8}L${x - r},${y + r * 0.8}Z`} />;
  return <path d={`M${x},${y - r * 1.2}L${x + r},${y}L${x},${y + r * 1.2}L${x - r},${y}Z`} />;
}

export default function Robustness({ lang, models, runtimeBytes, preprocess, classes, labels: labelStr, testIndices: tiStr, firstPixels }: Props) {
  const s = t(lang).robustness;
  const labels = useMemo(() => Array.from(labelStr, Number), [labelStr]);
  const testIndices = useMemo(() => tiStr.split(',').map(Number), [tiStr]);
  const first = useMemo(() => Uint8ClampedArray.from(firstPixels.split(',').map(Number)), [firstPixels]);
  const [raw, setState] = useHashState('robust', stateCodec, DEFAULT_STATE);
  // A strength outside the kind's slider (hand-edited hash) falls back to the kind's default.
  const slider = SLIDER[raw.k];
  const state = raw.s <= slider.max && raw.s % slider.step === 0 ? raw : { ...raw, s: slider.initial };
  const strength = state.s / slider.scale;

  // ---- pixels: image 0 is in the page; the sprite of all 1,000 loads when the reader picks another.
  const [images, setImages] = useState<Uint8ClampedArray[] | null>(null);
  const [imagesError, setImagesError] = useState<string | null>(null);
  useEffect(() => {
    if (state.i === 0 || images) return;
    let cancelled = false;
    loadSubsetImages().then((im) => { if (!cancelled) { setImages(im); setImagesError(null); } })
      .catch((e: unknown) => { if (!cancelled) setImagesError(asLoadError(e).detail); });
    return () => { cancelled = true; };
  }, [state.i, images]);
  const shown = state.i === 0 ? 0 : images ? state.i : 0;
  const pixels = shown === 0 ? first : images![shown]!;
  const testIndex = testIndices[shown]!;
  const label = labels[shown]!;
  const clean01 = useMemo(() => pixelsTo01(pixels), [pixels]);
  const field = useMemo(() => noiseField(testIndex), [testIndex]);
  const corrupted = useMemo(() => corrupt(clean01, state.k, strength, testIndex, field), [clean01, state.k, strength, testIndex, field]);
  const cleanSrc = useMemo(() => pngDataUrl(pixels, 28, 28, GRAY), [pixels]);
  const corruptedSrc = useMemo(() => pngDataUrl(Array.from(corrupted, (v) => Math.round(v * 255)), 28, 28, GRAY), [corrupted]);
  const inputKey = `${shown}:${state.k}:${state.s}`;

  // ---- live: four models + their classifiers; each one may fail on its own.
  const [status, setStatus] = useState<LiveStatus>({ state: 'idle' });
  const [ready, setReady] = useState<string[]>([]);
  const [failed, setFailed] = useState<Record<string, LoadError>>({});
  const classifiers = useRef(new Map<string, Classifier>());
  const starting = useRef(false);

  const start = useCallback(async () => {
    if (starting.current) return;
    starting.current = true;
    setStatus({ state: 'loading', progress: null });
    const todo = models.filter((m) => !classifiers.current.has(m.id));
    const progress = new Map<string, Progress>();
    const report = () => {
      const ps = [...progress.values()];
      const phase = ps.some((p) => p.phase === 'download') ? 'download' : ps.some((p) => p.phase === 'verify') ? 'verify' : 'runtime';
      const total = todo.reduce((a, m) => a + m.spec.bytes, 0);
      const loaded = todo.reduce((a, m) => { const p = progress.get(m.id); return a + (!p ? 0 : p.phase === 'runtime' ? 0 : p.phase === 'verify' ? m.spec.bytes : Math.min(p.loaded, m.spec.bytes)); }, 0);
      setStatus({ state: 'loading', progress: { phase, loaded, total } });
    };
    let client: typeof import('../widgets/ort-client.ts');
    try {
      client = await import('../widgets/ort-client.ts');
    } catch (e) {
      setStatus({ state: 'error', error: { kind: 'runtime', detail: String(e) } });
      starting.current = false;
      return;
    }
    const results = await Promise.allSettled(todo.map(async (m) => {
      await client.loadModel(m.spec, (p) => { progress.set(m.id, p); report(); });
      const res = await fetch(m.bakedUrl);
      if (!res.ok) throw { kind: res.status === 404 ? 'notFound' : 'network', status: res.status, detail: `${m.bakedUrl}: HTTP ${res.status}` } satisfies LoadError;
      const c = ((await res.json()) as { classifier?: Classifier }).classifier;
      if (!c || c.W.length !== 10 || c.W.some((r) => r.length !== 128) || c.b.length !== 10) throw { kind: 'unknown', detail: `${m.bakedUrl}: no 10×128 classifier` } satisfies LoadError;
      classifiers.current.set(m.id, c);
    }));
    const errs: Record<string, LoadError> = {};
    results.forEach((r, j) => { if (r.status === 'rejected') errs[todo[j]!.id] = asLoadError(r.reason); });
    setFailed(errs);
    setReady(models.filter((m) => classifiers.current.has(m.id)).map((m) => m.id));
    const firstErr = Object.values(errs)[0];
    setStatus(firstErr ? { state: 'error', error: firstErr } : { state: 'ready' });
    starting.current = false;
  }, [models]);

  const [preds, setPreds] = useState<{ key: string; byModel: Record<string, Pred> } | null>(null);
  const seq = useRef(0);
  useEffect(() => {
    if (!ready.length) return;
    const mine = ++seq.current;
    const input = toModelInput01(corrupted, preprocess);
    (async () => {
      const { runModel } = await import('../widgets/ort-client.ts');
      const byModel: Record<string, Pred> = {};
      const errs: Record<string, LoadError> = {};
      await Promise.all(ready.map(async (id) => {
        try {
          const out = await runModel(id, { image: { dims: [1, 1, 28, 28], dtype: 'float32', data: input.slice() } }, ['representation']);
          const rep = Array.from(out.representation!.data as Float32Array);
          const c = classifiers.current.get(id)!;
          const logits = c.W.map((row, k) => row.reduce((a, wv, j) => a + wv * rep[j]!, c.b[k]!));
          byModel[id] = { probs: softmax(logits), logits, representation: rep };
        } catch (e) {
          errs[id] = { ...asLoadError(e), kind: 'inference' };
        }
      }));
      if (mine !== seq.current) return;
      if (Object.keys(errs).length) {
        setFailed((f) => ({ ...f, ...errs }));
        setReady((r) => r.filter((id) => !errs[id]));
        setStatus({ state: 'error', error: Object.values(errs)[0]! });
      }
      setPreds({ key: inputKey, byModel });
    })();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, corrupted]);

  // ---- rendering helpers
  const pct = (v: number, digits = 1) => `${numberFormat(lang, v * 100, { minimumFractionDigits: digits, maximumFractionDigits: digits })}\u00a0%`;
  const num = (x: number, kind: CorruptionKind) => numberFormat(lang, x, kind === 'occlusion' ? { maximumFractionDigits: 0 } : { minimumFractionDigits: kind === 'noise' ? 2 : 1, maximumFractionDigits: 2 });
  const valueText = (kind: CorruptionKind, x: number) => fmt(s.value[kind], { v: num(x, kind) });
  const kindName = s.kinds[state.k];
  const live = Boolean(preds && ready.length);
  const liveOut = live ? Object.fromEntries(Object.entries(preds!.byModel).map(([id, p]) => [id, p.probs])) : null;

  const answers = models.map((m) => {
    const p = live ? preds!.byModel[m.id] : undefined;
    if (!p) return null;
    const top = p.probs.indexOf(Math.max(...p.probs));
    return { top, p: p.probs[top]!, ok: top === label };
  });
  const summary = fmt(s.summary, {
    kind: kindName,
    value: valueText(state.k, strength),
    answers: answers.map((a, j) => (a ? fmt(s.summaryModel, { model: s.models[models[j]!.id as keyof typeof s.models], label: classes[a.top]!, p: pct(a.p), verdict: a.ok ? s.correct : s.wrong }) : '')).filter(Boolean).join('; '),
  });

  const setKind = (k: CorruptionKind) => setState({ ...state, k, s: SLIDER[k].initial });
  const onSlider = (e: ChangeEvent<HTMLInputElement>) => setState({ ...state, s: Number(e.target.value) });
  const measuredXs = models[0]!.curves[state.k].map((p) => p.x);
  const totalBytes = runtimeBytes + models.reduce((a, m) => a + m.spec.bytes + m.bakedBytes, 0);
  const failedNames = Object.keys(failed).map((id) => s.models[id as keyof typeof s.models] ?? id);

  return (
    <WidgetFrame name="supcon-robustness" className="supcon-robustness" titleId="supcon-robustness-title" title={s.title} intro={s.intro}>
        <div className="widget-controls">
          <SubsetPicker lang={lang} classes={classes} labels={labels} value={state.i} onChange={(i) => setState({ ...state, i })} allowDraw={false} idPrefix="robust" />
        </div>
        <div className="widget-controls">
          <div className="field">
            <span id="robust-kind-label">{s.kind}</span>
            <div className="robust-kinds" role="group" aria-labelledby="robust-kind-label">
              {CORRUPTION_KINDS.map((k) => (
                <button key={k} type="button" aria-pressed={state.k === k} onClick={() => setKind(k)} data-kind={k}>{s.kinds[k]}</button>
              ))}
            </div>
          </div>
          <div className="field robust-strength">
            <label htmlFor="robust-strength">{s.strength[state.k]}: <strong data-strength-value>{valueText(state.k, strength)}</strong></label>
            <input id="robust-strength" name="robust-strength" type="range" min={0} max={slider.max} step={slider.step} value={state.s}
              onChange={onSlider} aria-valuetext={valueText(state.k, strength)} list="robust-measured" data-strength={strength} />
            <datalist id="robust-measured">
              <option value={0} />
              {measuredXs.map((x) => <option key={x} value={Math.round(x * slider.scale)} />)}
            </datalist>
            <div className="robust-measured" role="group" aria-label={s.measured}>
              <span aria-hidden="true">{s.measured}</span>
              {[0, ...measuredXs].map((x) => {
                const u = Math.round(x * slider.scale);
                return <button key={x} type="button" aria-pressed={state.s === u} onClick={() => setState({ ...state, s: u })} data-measured={x}>{num(x, state.k)}</button>;
              })}
            </div>
          </div>
        </div>
        {imagesError && <p className="small" role="alert">{fmt(s.imagesError, { detail: imagesError })}</p>}

        <div className="robust-panes">
          <figure className="robust-image">
            <img src={cleanSrc} width={28} height={28} alt={fmt(s.cleanAlt, { label: classes[label]!, n: testIndex })} data-clean />
            <figcaption>{s.clean}</figcaption>
          </figure>
          <figure className="robust-image">
            <img src={corruptedSrc} width={28} height={28} alt={fmt(s.corruptedAlt, { kind: kindName.toLowerCase(), value: valueText(state.k, strength) })} data-corrupted={inputKey} />
            <figcaption>{s.corrupted}</figcaption>
          </figure>
          <div className="robust-preds">
            <p className="pane-title">{s.predictions}</p>
            <p className="small">{fmt(s.truth, { label: classes[label]! })}</p>
            <table className="robust-pred-table" data-live-key={live ? preds!.key : undefined}
              {...(liveOut ? {
                'data-live-output': JSON.stringify(liveOut),
                'data-logits': JSON.stringify(Object.fromEntries(Object.entries(preds!.byModel).map(([id, p]) => [id, p.logits]))),
                'data-representations': JSON.stringify(Object.fromEntries(Object.entries(preds!.byModel).map(([id, p]) => [id, p.representation]))),
              } : {})}>
              <thead><tr><th scope="col">{s.model}</th><th scope="col">{s.answer}</th><th scope="col">{s.confidence}</th><th scope="col">{s.verdict}</th></tr></thead>
              <tbody>
                {models.map((m, j) => {
                  const a = answers[j];
                  const isFailed = Boolean(failed[m.id]);
                  return (
                    <tr key={m.id} data-model={m.id} data-pred={a ? a.top : undefined} data-correct={a ? String(a.ok) : undefined}>
                      <th scope="row"><Swatch j={j} />{s.models[m.id as keyof typeof s.models]}</th>
                      {a ? (
                        <>
                          <td>{classes[a.top]}</td>
                          <td>{pct(a.p)}</td>
                          <td className={a.ok ? 'ok' : 'bad'}><span aria-hidden="true">{a.ok ? '✓ ' : '✗ '}</span>{a.ok ? s.correct : s.wrong}</td>
                        </>
                      ) : (
                        <td colSpan={3} className={isFailed ? 'bad' : 'muted'}>{isFailed ? s.failed : ready.includes(m.id) ? s.pending : '—'}</td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {!ready.length && !Object.keys(failed).length && <p className="small muted">{s.notRun}</p>}
            {failedNames.length > 0 && <p className="small" data-failed-models={Object.keys(failed).join(',')}>{fmt(s.someFailed, { models: failedNames.join(', ') })}</p>}
          </div>
        </div>

        <div className="no-print">
          <LiveGate lang={lang} status={status} downloadBytes={totalBytes} onStart={() => void start()}
            label={fmt(s.runLive, { size: formatBytes(lang, totalBytes) })} hint={fmt(s.runLiveHint, { size: formatBytes(lang, totalBytes) })} />
        </div>

        <Chart lang={lang} models={models} kind={state.k} current={strength} xmax={slider.max / slider.scale} num={num} valueText={valueText} pct={pct} />
        <ul className="robust-legend">
          {models.map((m, j) => <li key={m.id}><Swatch j={j} />{s.models[m.id as keyof typeof s.models]}</li>)}
        </ul>
        <p className="small muted">{s.between}{state.k === 'noise' ? ` ${s.noiseNote}` : ''}</p>

        <details className="data-table">
          <summary>{s.tableCaption}</summary>
          <div className="scroll-x" tabIndex={0} role="region" aria-label={s.tableCaption}>
            <table className="robust-data">
              <thead>
                <tr><th scope="col">{s.setting}</th>{models.map((m) => <th key={m.id} scope="col">{s.models[m.id as keyof typeof s.models]}</th>)}</tr>
              </thead>
              <tbody>
                <tr className={strength === 0 ? 'current' : undefined}>
                  <th scope="row">{s.cleanRow}</th>
                  {models.map((m) => <td key={m.id} data-model={m.id} data-metric="accuracy" data-value={m.clean}>{pct(m.clean, 2)}</td>)}
                </tr>
                {CORRUPTION_KINDS.flatMap((k) => models[0]!.curves[k].map((pt, r) => (
                  <tr key={`${k}-${pt.x}`} className={state.k === k && Math.abs(strength - pt.x) < 1e-9 ? 'current' : undefined}>
                    <th scope="row">{s.kinds[k]}, {valueText(k, pt.x)}</th>
                    {models.map((m) => {
                      const q = m.curves[k][r]!;
                      return <td key={m.id} data-model={m.id} data-metric={q.name} data-value={q.value}>{pct(q.value, 2)}</td>;
                    })}
                  </tr>
                )))}
              </tbody>
            </table>
          </div>
        </details>
        <p className="sr-only" aria-live="polite">{live ? summary : ''}</p>
    </WidgetFrame>
  );
}

function Swatch({ j }: { j: number }) {
  const st = STYLE[j % STYLE.length]!;
  return (
    <svg className={`robust-swatch m${j}`} viewBox="0 0 26 12" width={26} height={12} aria-hidden="true">
      <line x1={1} y1={6} x2={25} y2={6} strokeDasharray={st.dash || undefined} />
      <g className="mk"><Marker kind={st.marker} x={13} y={6} r={3.5} /></g>
    </svg>
  );
}

interface ChartProps {
  lang: Lang;
  models: ModelInfo[];
  kind: CorruptionKind;
  current: number;
  xmax: number;
  num: (x: number, kind: CorruptionKind) => string;
  valueText: (kind: CorruptionKind, x: number) => string;
  pct: (v: number, digits?: number) => string;
}

function Chart({ lang, models, kind, current, xmax, num, valueText, pct }: ChartProps) {
  const s = t(lang).robustness;
  const W = 400, H = 250, L = 46, R = 14, T = 14, B = 40;
  const X = (x: number) => L + (x / xmax) * (W - L - R);
  const Y = (v: number) => T + (1 - v) * (H - T - B);
  const xs = [0, ...models[0]!.curves[kind].map((p) => p.x)];
  const label = fmt(s.chartLabel, {
    kind: s.kinds[kind].toLowerCase(),
    list: xs.map((x) => num(x, kind)).join('; '),
    summary: models.map((m) => fmt(s.chartModel, { model: s.models[m.id as keyof typeof s.models], clean: pct(m.clean), last: `${pct(m.curves[kind].at(-1)!.value)} (${valueText(kind, m.curves[kind].at(-1)!.x)})` })).join('; ') + '.',
    value: valueText(kind, current),
  });
  return (
    <figure className="robust-chart">
      <figcaption className="pane-title">{fmt(s.chartTitle, { kind: s.kinds[kind].toLowerCase() })}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label} data-chart={kind}>
        {[0, 0.25, 0.5, 0.75, 1].map((v) => (
          <g key={v} className="grid">
            <line x1={L} x2={W - R} y1={Y(v)} y2={Y(v)} />
            <text x={L - 6} y={Y(v) + 4} textAnchor="end">{numberFormat(lang, v * 100)}</text>
          </g>
        ))}
        {xs.map((x) => (
          <g key={x} className="tick">
            <line x1={X(x)} x2={X(x)} y1={H - B} y2={H - B + 5} />
            <text x={X(x)} y={H - B + 17} textAnchor="middle">{num(x, kind)}</text>
          </g>
        ))}
        <text className="axis" x={(L + W - R) / 2} y={H - 4} textAnchor="middle">{s.axisX[kind]}</text>
        <text className="axis" x={12} y={(T + H - B) / 2} textAnchor="middle" transform={`rotate(-90 12 ${(T + H - B) / 2})`}>{s.axisY}, %</text>
        <line className="now" x1={X(current)} x2={X(current)} y1={T} y2={H - B} />
        <text className="now-label" x={Math.min(X(current) + 4, W - R - 30)} y={T + 10}>{s.current}</text>
        {models.map((m, j) => {
          const pts = [{ x: 0, value: m.clean }, ...m.curves[kind]];
          const st = STYLE[j % STYLE.length]!;
          return (
            <g key={m.id} className={`series m${j}`} data-series={m.id}>
              <polyline points={pts.map((p) => `${X(p.x)},${Y(p.value)}`).join(' ')} strokeDasharray={st.dash || undefined} />
              <g className="mk">{pts.map((p) => <Marker key={p.x} kind={st.marker} x={X(p.x)} y={Y(p.value)} />)}</g>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
