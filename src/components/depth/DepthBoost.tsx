// "Structure or detail": the depth-net toy run on one scene at several input resolutions, the
// merge of the low- and high-resolution estimates, error maps and scores against the true depth,
// and the scene's edge-coverage curve c(R) with R0/R20. Baked pictures (PNG files written by
// training/depth_boost.py, bundled and lazy-loaded) and scores come first; on request the network runs in the
// shared ORT worker at every resolution and TypeScript (src/lib/depth-scene.ts) recomputes the rest.
import { useEffect, useMemo, useRef, useState } from 'react';
import { t, fmt, numberFormat, type Lang } from '../../i18n/index.ts';
import {
  DEPTH_STOPS, ERROR_FULL, ERROR_STOPS, SIZE, bilinearUp, blend, decodeU8, depthIndices, errorMap, modelInput, ramp,
  scores, type Scores,
} from '../../lib/depth-scene.ts';
import { int, oneOf, record } from '../../lib/hash-state.ts';
import { pngDataUrl } from '../../lib/png.ts';
import type { ModelSpec } from '../widgets/ort-protocol.ts';
import { useHashState } from '../widgets/use-hash-state.ts';
import { useLiveModel } from '../widgets/use-live-model.ts';
import { LiveGate } from '../widgets/LiveGate.tsx';
import { WidgetFrame } from '../widgets/WidgetFrame.tsx';

export interface BakedScene {
  scores: Record<string, Scores>;
  coverage: number[];
  r0: number;
  r20: number;
}

export interface Meta {
  resolutions: number[];
  low: number;
  high: number;
  rf: number;
  coverageRes: number[];
  testScenes: number;
}

interface Props {
  lang: Lang;
  spec: ModelSpec;
  runtimeBytes: number;
  meta: Meta;
  scenes: BakedScene[];
  /** Card means over the held-out scenes, keyed like the scores ("16" … "128", "merged"). */
  means: Record<string, Scores>;
  /** Baked picture URLs by name ("0-image", "0-d32", "0-err-merged", …). */
  pictures: Record<string, string>;
  /** Folder of the model: scenes.json (raw maps for live mode) lives under it. */
  base: string;
}

interface LiveView {
  scene: number;
  preds: Record<string, { r: number; data: Float32Array }>;
  ups: Record<string, Float64Array>;
  merged: Float64Array;
  depth: Uint8Array;
  scores: Record<string, Scores>;
}

const VIEWS = ['depth', 'error'] as const;
const DEPTH_PALETTE = ramp(DEPTH_STOPS);
const ERROR_PALETTE = ramp(ERROR_STOPS);
const METRICS = ['rmse', 'rmse_flat', 'rmse_edge', 'edge_f1'] as const;

export default function DepthBoost({ lang, spec, runtimeBytes, meta, scenes, means, pictures, base }: Props) {
  const s = t(lang).depth;
  const codec = useMemo(() => record({ s: int(0, scenes.length - 1), v: oneOf(VIEWS) }, { s: 0, v: 'depth' }), [scenes.length]);
  const [state, setState] = useHashState('depth', codec, { s: 0, v: 'depth' as (typeof VIEWS)[number] });
  const live = useLiveModel(spec);
  const [view, setView] = useState<LiveView | null>(null);
  const data = useRef<{ image: string; depth: string }[] | null>(null);
  const scene = Math.min(state.s, scenes.length - 1);
  const baked = scenes[scene]!;
  const keys = [...meta.resolutions.map(String), 'merged'];

  useEffect(() => {
    if (live.status.state !== 'ready') return;
    let cancelled = false;
    (async () => {
      try {
        if (!data.current) {
          const res = await fetch(`${base}scenes.json`);
          if (!res.ok) throw { kind: res.status === 404 ? 'notFound' : 'network', status: res.status, detail: `scenes.json: HTTP ${res.status}` };
          data.current = ((await res.json()) as { scenes: { image: string; depth: string }[] }).scenes;
        }
        const sc = data.current[scene]!;
        const image = decodeU8(sc.image);
        const depth = decodeU8(sc.depth);
        const { runModel } = await import('../widgets/ort-client.ts');
        const preds: LiveView['preds'] = {};
        const ups: LiveView['ups'] = {};
        const sco: Record<string, Scores> = {};
        for (const r of meta.resolutions) {
          const out = await runModel(spec.id, { image: { dims: [1, 1, r, r], dtype: 'float32', data: modelInput(image, r) } });
          const d = out.depth!.data as Float32Array;
          preds[r] = { r, data: d };
          ups[r] = bilinearUp(d, r, SIZE);
          sco[r] = scores(ups[r]!, depth);
        }
        const merged = blend(ups[meta.low]!, ups[meta.high]!);
        sco.merged = scores(merged, depth);
        if (!cancelled) setView({ scene, preds, ups, merged, depth, scores: sco });
      } catch (e) {
        if (!cancelled) live.fail(e);
      }
    })();
    return () => { cancelled = true; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live.status.state, scene]);

  const liveView = view && view.scene === scene && live.status.state === 'ready' ? view : null;
  const sc = liveView?.scores ?? baked.scores;
  const f3 = (v: number) => numberFormat(lang, v, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  const pct = (v: number) => `${numberFormat(lang, v * 100, { maximumFractionDigits: 0 })}\u00a0%`;
  const fmtMetric = (m: (typeof METRICS)[number], v: number) => (m === 'edge_f1' ? pct(v) : f3(v));
  const label = (k: string) => (k === 'merged' ? fmt(s.merged, { low: meta.low, high: meta.high }) : fmt(s.atRes, { r: k }));

  // Pictures: baked PNG files, or data URLs of the live maps.
  const picture = (k: string): string => {
    if (liveView) {
      if (state.v === 'error') return pngDataUrl(errorMap(k === 'merged' ? liveView.merged : liveView.ups[k]!, liveView.depth), SIZE, SIZE, ERROR_PALETTE);
      if (k === 'merged') return pngDataUrl(depthIndices(liveView.merged), SIZE, SIZE, DEPTH_PALETTE);
      const p = liveView.preds[k]!;
      return pngDataUrl(depthIndices(p.data), p.r, p.r, DEPTH_PALETTE);
    }
    if (state.v === 'error') return pictures[`${scene}-err${k === 'merged' ? '-merged' : k}`]!;
    return pictures[`${scene}-${k === 'merged' ? 'merged' : `d${k}`}`]!;
  };
  const alt = (k: string) => {
    const v = sc[k]!;
    const nums = { rmse: f3(v.rmse), flat: f3(v.rmse_flat), edge: f3(v.rmse_edge), f1: pct(v.edge_f1) };
    if (state.v === 'error') return fmt(s.errAlt, { what: label(k), full: numberFormat(lang, ERROR_FULL), rmse: nums.rmse });
    return k === 'merged' ? fmt(s.mergedAlt, { low: meta.low, high: meta.high, ...nums }) : fmt(s.mapAlt, { r: k, ...nums });
  };
  const bestOf = (m: (typeof METRICS)[number], table: Record<string, Scores>) => {
    const vals = keys.map((k) => table[k]![m]);
    return m === 'edge_f1' ? Math.max(...vals) : Math.min(...vals);
  };
  const summary = fmt(s.summary, {
    n: scene + 1,
    list: meta.resolutions.map((r) => `${r}: ${f3(sc[r]!.rmse)}`).join(', '),
    merged: f3(sc.merged!.rmse),
  });
  const liveOutput = liveView
    ? { 'data-live-output': JSON.stringify({ scene, scores: liveView.scores, depth32: Array.from(liveView.preds[32]?.data ?? []) }) }
    : {};

  return (
    <WidgetFrame name="depth-boost" className="depth-boost" titleId="depth-boost-title" title={s.title} intro={s.intro}>
      <div className="widget-controls">
        <label className="field">
          {s.scene}
          <select value={scene} onChange={(e) => setState({ ...state, s: Number(e.target.value) })} name="scene">
            {scenes.map((_, i) => <option key={i} value={i}>{fmt(s.sceneOption, { n: i + 1 })}</option>)}
          </select>
        </label>
        <div className="field">
          <span id="depth-view-label">{s.show}</span>
          <div className="toggle-row" role="group" aria-labelledby="depth-view-label">
            {VIEWS.map((v) => (
              <button key={v} type="button" aria-pressed={state.v === v} onClick={() => setState({ ...state, v })} data-view={v}>
                {v === 'depth' ? s.showDepth : s.showError}
              </button>
            ))}
          </div>
        </div>
      </div>

      <div className="depth-grid">
        <figure>
          <img src={pictures[`${scene}-image`]} width={SIZE} height={SIZE} loading="lazy" alt={fmt(s.imageAlt, { n: scene + 1 })} />
          <figcaption>{s.image} {SIZE}×{SIZE}</figcaption>
        </figure>
        <figure>
          <img src={pictures[`${scene}-depth`]} width={SIZE} height={SIZE} loading="lazy" alt={fmt(s.truthAlt, { n: scene + 1 })} />
          <figcaption>{s.truth}</figcaption>
        </figure>
        {keys.map((k) => (
          <figure key={k} data-estimate={k}>
            <img src={picture(k)} width={SIZE} height={SIZE} loading="lazy" alt={alt(k)} />
            <figcaption>{label(k)} · RMSE {f3(sc[k]!.rmse)}</figcaption>
          </figure>
        ))}
      </div>
      <p className="small muted">{state.v === 'error' ? fmt(s.legendError, { full: numberFormat(lang, ERROR_FULL) }) : s.legendDepth}</p>

      <div className="scroll-x" tabIndex={0} role="region" aria-label={s.scoresCaption}>
        <table className="depth-scores" {...liveOutput}>
          <caption>{s.scoresCaption}</caption>
          <thead>
            <tr>
              <th scope="col" rowSpan={2}>{s.estimate}</th>
              {METRICS.map((m) => <th key={m} scope="colgroup" colSpan={2}>{{ rmse: s.rmse, rmse_flat: s.rmseFlat, rmse_edge: s.rmseEdge, edge_f1: s.edgeF1 }[m]}</th>)}
            </tr>
            <tr>
              {METRICS.map((m) => [
                <th key={`${m}-a`} scope="col">{s.thisScene}</th>,
                <th key={`${m}-b`} scope="col">{fmt(s.meanScenes, { n: meta.testScenes })}</th>,
              ])}
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k} data-row={k}>
                <th scope="row">{label(k)}</th>
                {METRICS.map((m) => {
                  const a = sc[k]![m];
                  const b = means[k]![m];
                  return [
                    <td key={`${m}-a`} className={a === bestOf(m, sc) ? 'best' : undefined}>{fmtMetric(m, a)}{a === bestOf(m, sc) && <span className="sr-only"> ({s.best})</span>}</td>,
                    <td key={`${m}-b`} className={`muted${b === bestOf(m, means) ? ' best' : ''}`}>{fmtMetric(m, b)}{b === bestOf(m, means) && <span className="sr-only"> ({s.best})</span>}</td>,
                  ];
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="small muted">{liveView ? s.live : s.baked} {fmt(s.cardNote, { n: meta.testScenes })}</p>

      <CoverageChart lang={lang} meta={meta} scene={baked} />

      <div className="no-print">
        <LiveGate lang={lang} status={live.status} downloadBytes={spec.bytes + runtimeBytes} onStart={() => void live.start()} />
      </div>
      <p className="sr-only" aria-live="polite">{summary}</p>
    </WidgetFrame>
  );
}

function CoverageChart({ lang, meta, scene }: { lang: Lang; meta: Meta; scene: BakedScene }) {
  const s = t(lang).depth;
  const W = 320, H = 170, L = 40, R = 12, T = 12, B = 34;
  const xs = meta.coverageRes;
  const x = (r: number) => L + ((r - xs[0]!) / (xs[xs.length - 1]! - xs[0]!)) * (W - L - R);
  const y = (c: number) => T + (1 - c) * (H - T - B);
  const pts = xs.map((r, i) => `${x(r).toFixed(1)},${y(scene.coverage[i]!).toFixed(1)}`).join(' ');
  const pct = (v: number) => `${numberFormat(lang, v * 100, { maximumFractionDigits: 0 })}\u00a0%`;
  const summary = fmt(s.coverageSummary, {
    half: Math.floor(meta.rf / 2), first: pct(scene.coverage[0]!), r1: xs[0]!, last: pct(scene.coverage[xs.length - 1]!), r2: xs[xs.length - 1]!,
    r0: scene.r0, r20: scene.r20,
  });
  return (
    <figure className="depth-coverage">
      <figcaption className="pane-title">{s.coverageTitle}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={summary}>
        {[0, 0.5, 0.8, 1].map((c) => (
          <g key={c}>
            <line x1={L} x2={W - R} y1={y(c)} y2={y(c)} className={c === 0.8 || c === 1 ? 'guide' : 'grid'} />
            <text x={L - 4} y={y(c) + 4} textAnchor="end">{pct(c)}</text>
          </g>
        ))}
        {[scene.r0, scene.r20].map((r, i) => (
          <g key={i}>
            <line x1={x(r)} x2={x(r)} y1={T} y2={H - B} className="marker" />
            <text x={x(r) + 3} y={T + 22 + i * 14} textAnchor="start" className="marker-label">{i ? 'R20' : 'R0'}</text>
          </g>
        ))}
        <polyline points={pts} className="curve" />
        {xs.map((r, i) => <circle key={r} cx={x(r)} cy={y(scene.coverage[i]!)} r={2.5} className="dot" />)}
        {[16, 32, 64, 96, 128].filter((r) => xs.includes(r)).map((r) => <text key={r} x={x(r)} y={H - B + 14} textAnchor="middle">{r}</text>)}
        <text x={(L + W - R) / 2} y={H - 4} textAnchor="middle">{s.resolution}</text>
      </svg>
      <p className="small">{summary}</p>
      <details className="data-table">
        <summary>{s.coverageCaption}</summary>
        <div className="scroll-x" tabIndex={0} role="region" aria-label={s.coverageCaption}>
          <table>
            <thead><tr><th scope="col">{s.resolution}</th><th scope="col">{s.coverage}</th></tr></thead>
            <tbody>{xs.map((r, i) => <tr key={r}><td>{r}</td><td>{pct(scene.coverage[i]!)}</td></tr>)}</tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
