// "What a cell sees": activation maps of the site's Fashion-MNIST CNN. Click (or move with the
// arrow keys) a cell of any layer's map and its receptive field is outlined on the input. The
// shapes and fields come from the calculator's formulas (analyseStack on the model's architecture);
// the maps are baked by the training script and recomputed live by the model in onnxruntime-web.
import { useEffect, useMemo, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { t, fmt, numberFormat, type Lang } from '../../i18n/index.ts';
import { analyseStack, cellReceptiveField, PRESETS } from '../../lib/conv-arithmetic.ts';
import { channelMeanMap, minMaxTo255, toModelInput, type Preprocess } from '../../lib/image-preprocess.ts';
import { int, oneOf, record } from '../../lib/hash-state.ts';
import { pngDataUrl, GRAY, HEAT } from '../../lib/png.ts';
import type { ModelSpec } from '../widgets/ort-protocol.ts';
import { useHashState } from '../widgets/use-hash-state.ts';
import { useLiveModel } from '../widgets/use-live-model.ts';
import { LiveGate } from '../widgets/LiveGate.tsx';
import { WidgetFrame } from '../widgets/WidgetFrame.tsx';
import { DrawPad } from '../widgets/DrawPad.tsx';

export const LAYER_NAMES = ['conv1', 'pool1', 'conv2', 'pool2', 'conv3'] as const;
type LayerName = (typeof LAYER_NAMES)[number];

export interface Sample {
  index_in_test: number;
  label: number;
  pixels: number[];
  probs: number[];
  pred: number;
  maps: Record<LayerName, { h: number; w: number; data: number[] }>;
}

interface Props {
  lang: Lang;
  spec: ModelSpec;
  runtimeBytes: number;
  preprocess: Preprocess;
  classes: string[];
  /** Labels of the baked samples, for the picker (their pixels load on demand). */
  sampleLabels: number[];
  initial: Sample;
  bakedUrl: string;
}

// The model's spatial layers exactly as the calculator knows them.
const STACK = analyseStack([28, 28], PRESETS.find((p) => p.id === 'fashion-cnn')!.layers);
const DRAWN = -1;

const stateCodec = record(
  { s: int(DRAWN, 9), l: oneOf(LAYER_NAMES), r: int(0, 27), c: int(0, 27) },
  { s: 0, l: 'conv2', r: 7, c: 7 },
);
const DEFAULT_STATE = { s: 0, l: 'conv2' as LayerName, r: 7, c: 7 };

interface View {
  pixels: ArrayLike<number>;
  maps: Sample['maps'];
  probs: number[];
  live: boolean;
  logits?: number[];
}

export default function CellReceptiveField({ lang, spec, runtimeBytes, preprocess, classes, sampleLabels, initial, bakedUrl }: Props) {
  const s = t(lang).cellRf;
  const [state, setState] = useHashState('cell', stateCodec, DEFAULT_STATE);
  const live = useLiveModel(spec);
  const [samples, setSamples] = useState<Sample[] | null>(null);
  const [view, setView] = useState<View>({ pixels: initial.pixels, maps: initial.maps, probs: initial.probs, live: false });
  const [drawn, setDrawn] = useState<Uint8ClampedArray | null>(null);
  const layerIndex = LAYER_NAMES.indexOf(state.l);
  const row = STACK[layerIndex]!;
  const [h, w] = row.out!;
  const r = Math.min(state.r, h! - 1);
  const c = Math.min(state.c, w! - 1);

  // Other samples' pixels and baked maps come from baked.json, fetched when first needed.
  useEffect(() => {
    if (state.s === initial.index_in_test || state.s === 0 || state.s === DRAWN || samples) return;
    let cancelled = false;
    fetch(bakedUrl).then((res) => (res.ok ? res.json() : Promise.reject(new Error(`HTTP ${res.status}`))))
      .then((baked: { samples: Sample[] }) => { if (!cancelled) setSamples(baked.samples); })
      .catch((e) => live.fail({ kind: 'network', detail: String(e) }));
    return () => { cancelled = true; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [state.s, samples]);

  const source: ArrayLike<number> | null = state.s === DRAWN ? drawn : state.s === 0 ? initial.pixels : samples?.[state.s]?.pixels ?? null;
  const bakedSample = state.s === 0 ? initial : state.s === DRAWN ? null : samples?.[state.s] ?? null;

  // Baked view whenever the model is not live; live view recomputed by the model otherwise.
  useEffect(() => {
    if (live.status.state !== 'ready') {
      if (bakedSample) setView({ pixels: bakedSample.pixels, maps: bakedSample.maps, probs: bakedSample.probs, live: false });
      return;
    }
    if (!source) return;
    let cancelled = false;
    (async () => {
      try {
        const { runModel } = await import('../widgets/ort-client.ts');
        const input = toModelInput(source, preprocess);
        const out = await runModel(spec.id, { image: { dims: [1, 1, 28, 28], dtype: 'float32', data: input } });
        if (cancelled) return;
        const maps = {} as Sample['maps'];
        for (const name of LAYER_NAMES) {
          const o = out[name]!;
          const [, ch, mh, mw] = o.dims as [number, number, number, number];
          maps[name] = { h: mh, w: mw, data: Array.from(minMaxTo255(channelMeanMap(o.data as Float32Array, ch, mh, mw))) };
        }
        setView({ pixels: Array.from(source), maps, probs: Array.from(out.probs!.data as Float32Array), logits: Array.from(out.logits!.data as Float32Array), live: true });
      } catch (e) {
        if (!cancelled) live.fail(e);
      }
    })();
    return () => { cancelled = true; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live.status.state, source, bakedSample]);

  const rows = cellReceptiveField(row, r, 0);
  const cols = cellReceptiveField(row, c, 1);
  const pred = view.probs.indexOf(Math.max(...view.probs));
  const map = view.maps[state.l];
  const inputSrc = useMemo(() => pngDataUrl(view.pixels, 28, 28, GRAY), [view.pixels]);
  const mapSrc = useMemo(() => pngDataUrl(map.data, map.w, map.h, HEAT), [map]);
  const pct = (p: number) => (p > 0 && p < 0.001 ? `<${numberFormat(lang, 0.1)}\u00a0%` : `${numberFormat(lang, p * 100, { maximumFractionDigits: 1 })}\u00a0%`);
  const span = { r0: rows?.clipped?.[0] ?? '—', r1: rows?.clipped?.[1] ?? '—', c0: cols?.clipped?.[0] ?? '—', c1: cols?.clipped?.[1] ?? '—' };

  const select = (patch: Partial<typeof state>) => setState({ ...state, r, c, ...patch });
  const onMapKey = (e: KeyboardEvent) => {
    const moves: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
    const m = moves[e.key];
    if (!m) return;
    e.preventDefault();
    select({ r: Math.max(0, Math.min(h! - 1, r + m[0])), c: Math.max(0, Math.min(w! - 1, c + m[1])) });
  };
  const onMapPointer = (e: PointerEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const col = Math.floor(((e.clientX - box.left) / box.width) * w!);
    const rr = Math.floor(((e.clientY - box.top) / box.height) * h!);
    select({ r: Math.max(0, Math.min(h! - 1, rr)), c: Math.max(0, Math.min(w! - 1, col)) });
  };
  const chooseSample = (value: number) => {
    setState({ ...state, s: value });
    if (value !== 0 || live.status.state === 'ready') return;
  };

  const summary = fmt(s.summary, { r, c, layer: state.l, ...span, pred: classes[pred] ?? '?', p: pct(view.probs[pred] ?? 0) });

  return (
    <WidgetFrame name="cell-receptive-field" className="cell-rf" titleId="cell-rf-title" title={s.title} intro={s.intro}>

      <div className="widget-controls">
        <label className="field">
          {s.sample}
          <select value={state.s} onChange={(e) => chooseSample(Number(e.target.value))} name="sample">
            {sampleLabels.map((label, i) => <option key={i} value={i}>{fmt(s.sampleOption, { n: i + 1, label: classes[label] ?? '' })}</option>)}
            <option value={DRAWN}>{s.draw}</option>
          </select>
        </label>
        <div className="field">
          <span id="cell-rf-layer-label">{s.layer}</span>
          <div className="layer-tabs" role="group" aria-labelledby="cell-rf-layer-label">
            {LAYER_NAMES.map((name) => (
              <button key={name} type="button" aria-pressed={state.l === name} onClick={() => select({ l: name })} data-layer={name}>{name}</button>
            ))}
          </div>
        </div>
      </div>

      <div className="panes">
        <div className="pane">
          <p className="pane-title">{s.input}</p>
          {state.s === DRAWN ? (
            <DrawPad lang={lang} onDrawn={(px) => { setDrawn(px); void live.start(); }} overlay={<RfOverlay rows={rows} cols={cols} />} />
          ) : (
            <div className="stage">
              <img src={inputSrc} width={28} height={28} alt={fmt(s.inputAlt, span)} />
              <RfOverlay rows={rows} cols={cols} />
            </div>
          )}
        </div>
        <div className="pane">
          <p className="pane-title">{state.l} · {h}×{w}</p>
          <div className="stage map" tabIndex={0} role="slider" aria-label={fmt(s.mapLabel, { layer: state.l, h: h!, w: w!, r, c })}
            aria-valuemin={0} aria-valuemax={h! * w! - 1} aria-valuenow={r * w! + c} aria-valuetext={fmt(s.cell, { r, c, layer: state.l })}
            onKeyDown={onMapKey} onPointerDown={onMapPointer} data-map={state.l}>
            <img src={mapSrc} width={map.w} height={map.h} alt="" />
            <svg viewBox={`0 0 ${w} ${h}`} aria-hidden="true" preserveAspectRatio="none">
              <rect className="cell-box" x={c} y={r} width={1} height={1} strokeWidth={2} vectorEffect="non-scaling-stroke" />
            </svg>
          </div>
        </div>
        <div className="pane">
          <p className="pane-title">{s.prediction}{bakedSample && <> · {s.truth}: {classes[bakedSample.label]}</>}</p>
          <ol className="probs" aria-label={s.probsCaption}
            {...(view.live ? { 'data-live-output': JSON.stringify(view.probs), 'data-logits': JSON.stringify(view.logits ?? []) } : {})}>
            {view.probs.map((p, i) => (
              <li key={i} className={i === pred ? 'top' : ''}>
                <span>{classes[i]}</span>
                <span className="bar" style={{ width: `${Math.max(0.5, p * 100)}%` }} aria-hidden="true" />
                <span>{pct(p)}</span>
              </li>
            ))}
          </ol>
        </div>
      </div>

      <p className="small">
        <strong>{fmt(s.cell, { r, c, layer: state.l })}</strong>{' '}
        {fmt(s.rfLine, { ...span, size: row.rf ?? '—', rf: rows ? `${rows.unclipped[0]}…${rows.unclipped[1]}` : '—' })}
      </p>
      <p className="small muted">{s.mapsNote} {!view.live && s.baked}</p>

      <details className="data-table">
        <summary>{s.shapesCaption}</summary>
        <div className="scroll-x" tabIndex={0} role="region" aria-label={s.shapesCaption}>
          <table>
            <thead><tr><th scope="col">{s.layer}</th><th scope="col">{s.shape}</th><th scope="col">{s.rf}</th><th scope="col">{s.jump}</th></tr></thead>
            <tbody>
              <tr><td>{s.inputRow}</td><td>28×28</td><td>1</td><td>1</td></tr>
              {STACK.map((rw, i) => <tr key={i}><td>{LAYER_NAMES[i]}</td><td>{rw.out?.join('×')}</td><td>{rw.rf}</td><td>{rw.jump}</td></tr>)}
            </tbody>
          </table>
        </div>
      </details>

      <div className="no-print">
        <LiveGate lang={lang} status={live.status} downloadBytes={spec.bytes + runtimeBytes} onStart={() => void live.start()} />
      </div>
      <p className="sr-only" aria-live="polite">{summary}</p>
    </WidgetFrame>
  );
}

function RfOverlay({ rows, cols }: { rows: ReturnType<typeof cellReceptiveField>; cols: ReturnType<typeof cellReceptiveField> }) {
  if (!rows || !cols) return null;
  return (
    <svg viewBox="0 0 28 28" aria-hidden="true">
      <rect className="rf-pad" x={cols.unclipped[0]} y={rows.unclipped[0]} width={cols.unclipped[1] - cols.unclipped[0] + 1} height={rows.unclipped[1] - rows.unclipped[0] + 1} />
      {rows.clipped && cols.clipped && (
        <rect className="rf-box" x={cols.clipped[0]} y={rows.clipped[0]} width={cols.clipped[1] - cols.clipped[0] + 1} height={rows.clipped[1] - rows.clipped[0] + 1} />
      )}
    </svg>
  );
}
