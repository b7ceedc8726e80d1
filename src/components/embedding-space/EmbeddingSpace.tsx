// "Embedding space": the 1,000-image test subset as a 2-D PCA map of a model's 128-d
// representation, for the BYOL variants (a)–(f) or the SupCon variants. Baked first: the map,
// the numbers, the training snapshots of (c)/(d) and the neighbours of 200 query images all come
// from baked.json (the default model's coords arrive as props, the others are fetched on demand).
// Live on request: the selected model runs in onnxruntime-web, embeds the reader's image (or any
// of the 1,000, or a drawing), places it with the baked PCA and finds its neighbours among the
// 1,000 images, which it embeds once in the browser.
import { useEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import { t, fmt, numberFormat, type Lang } from '../../i18n/index.ts';
import { oneOf, int, record } from '../../lib/hash-state.ts';
import { toModelInput, type Preprocess } from '../../lib/image-preprocess.ts';
import type { ModelSpec } from '../widgets/ort-protocol.ts';
import { useHashState } from '../widgets/use-hash-state.ts';
import { asLoadError, type LiveStatus } from '../widgets/use-live-model.ts';
import { LiveGate } from '../widgets/LiveGate.tsx';
import { WidgetFrame } from '../widgets/WidgetFrame.tsx';
import { DrawPad } from '../widgets/DrawPad.tsx';
import { SubsetPicker, DRAWN } from '../widgets/SubsetPicker.tsx';
import { SUBSET_SPRITE, loadSubsetImages } from '../widgets/subset-images.ts';
import {
  classCentroids, cosineKnn, decodeDigits, decodeNumbers, fitView, maxAbsDiff, nearestPoint, normaliseRows, project,
  type Neighbour, type Pca,
} from './embedding-math.ts';

export interface MetricInfo {
  name: string;
  label: string;
  value: number;
  unit: string;
}

export interface VariantInfo {
  id: string;
  title: string;
  bytes: number;
  sha256: string;
  metrics: MetricInfo[];
  /** PCA explained variance ratio of the final map. */
  evr: [number, number];
  hasSnapshots: boolean;
}

export interface SnapshotSeries {
  id: string;
  title: string;
  items: { step: number; probe_accuracy: number; knn_accuracy: number; collapse_std: number; evr: [number, number] }[];
}

export interface Props {
  lang: Lang;
  article: 'byol' | 'supcon';
  variants: VariantInfo[];
  defaultId: string;
  classes: string[];
  /** 1,000 class ids as digits. */
  labels: string;
  /** The default model's coords, flat "x,y,x,y,…". */
  coords: string;
  /** Neighbour queries (200 subset positions) and their 5 neighbours each, flat. */
  query: string;
  neighbours: string;
  runtimeBytes: number;
  preprocess: Preprocess;
  /** BYOL only: the snapshot numbers of (c) and (d) (their coords come with baked.json). */
  snapshots: SnapshotSeries[];
  /** 1/√(projection dim) of byol-full, the std of an evenly spread normalised projection. */
  evenStd: number | null;
}

interface VariantData {
  coords: number[];
  query: number[];
  neighbours: number[];
  pca?: Pca;
  snapshotCoords?: number[][];
}

interface BakedJson {
  subset: { coords: [number, number][]; pca: Pca; neighbours: { k: number; query: number[]; indices: number[][] } };
  snapshots?: { items: { coords: [number, number][] }[] };
}

interface LiveResult {
  variant: string;
  key: string;
  rep: Float32Array;
  coords: [number, number];
}

interface Bank {
  variant: string;
  done: number;
  total: number;
  raw?: Float32Array;
  normalised?: Float32Array;
  ms?: number;
}

const W = 400;
const H = 300;
const MARGIN = 12;
const NONE = -2;
const DIM = 128;
const K = 5;
/** The reader's own image on the map: a four-pointed star (shape, not only colour). */
const STAR = 'M0,-9 L2.6,-2.6 L9,0 L2.6,2.6 L0,9 L-2.6,2.6 L-9,0 L-2.6,-2.6 Z';

const VARIANT_IDS = {
  byol: ['byol-random-init', 'byol-random-target', 'byol-full', 'byol-no-predictor', 'byol-tau-zero', 'byol-supervised'],
  supcon: ['supcon-ce', 'supcon-simclr', 'supcon-out', 'supcon-in'],
} as const;
export const DEFAULT_VARIANT = { byol: 'byol-full', supcon: 'supcon-out' } as const;

const codecs = {
  byol: record({ v: oneOf<string>(VARIANT_IDS.byol), s: int(0, 5), p: int(NONE, 999) }, { v: DEFAULT_VARIANT.byol, s: 5, p: NONE }),
  supcon: record({ v: oneOf<string>(VARIANT_IDS.supcon), s: int(0, 5), p: int(NONE, 999) }, { v: DEFAULT_VARIANT.supcon, s: 5, p: NONE }),
};
const defaults = {
  byol: { v: DEFAULT_VARIANT.byol as string, s: 5, p: NONE },
  supcon: { v: DEFAULT_VARIANT.supcon as string, s: 5, p: NONE },
};

async function fetchBaked(id: string): Promise<VariantData> {
  const url = `/models/${id}/baked.json`;
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw { kind: 'network', detail: `${url}: ${String(e)}` };
  }
  if (!res.ok) throw { kind: res.status === 404 ? 'notFound' : 'network', status: res.status, detail: `${url}: HTTP ${res.status}` };
  let b: BakedJson;
  try {
    b = (await res.json()) as BakedJson;
  } catch (e) {
    throw { kind: 'network', detail: `${url}: ${String(e)}` };
  }
  return {
    coords: b.subset.coords.flat(),
    query: b.subset.neighbours.query,
    neighbours: b.subset.neighbours.indices.flat(),
    pca: b.subset.pca,
    snapshotCoords: b.snapshots?.items.map((it) => it.coords.flat()),
  };
}

export default function EmbeddingSpace(props: Props) {
  const { lang, article, variants, defaultId, classes, runtimeBytes, preprocess, snapshots, evenStd } = props;
  const s = t(lang).embedding;
  const [state, setState] = useHashState('emb', codecs[article], defaults[article]);
  const labels = useMemo(() => decodeDigits(props.labels), [props.labels]);
  const [data, setData] = useState<Record<string, VariantData>>(() => ({
    [defaultId]: { coords: decodeNumbers(props.coords), query: decodeNumbers(props.query), neighbours: decodeNumbers(props.neighbours) },
  }));
  const [full, setFull] = useState<Record<string, boolean>>({});
  const [status, setStatus] = useState<LiveStatus>({ state: 'idle' });
  const [attempt, setAttempt] = useState(0);
  const [focus, setFocus] = useState<number | null>(null);
  const [drawn, setDrawn] = useState<{ px: Uint8ClampedArray; n: number } | null>(null);
  const [live, setLive] = useState<LiveResult | null>(null);
  const [bank, setBank] = useState<Bank | null>(null);
  const banks = useRef(new Map<string, Bank>());
  const lastCoords = useRef<number[]>(data[defaultId]!.coords);

  const variant = variants.find((v) => v.id === state.v) ?? variants.find((v) => v.id === defaultId)!;
  const vData = data[variant.id];
  const series = snapshots.find((x) => x.id === variant.id);
  const lastStep = series ? series.items.length - 1 : 0;
  const stepIdx = series ? Math.min(state.s, lastStep) : lastStep;
  const atFinal = !series || stepIdx === lastStep;
  const isLive = status.state === 'ready';
  const p = state.p;

  // baked.json of the shown model: needed for another model's map, a snapshot, or live (its PCA).
  const needFull = !vData || (!atFinal && !vData.snapshotCoords) || (attempt > 0 && !vData.pca);
  useEffect(() => {
    if (!needFull || full[variant.id]) return;
    let cancelled = false;
    fetchBaked(variant.id)
      .then((d) => {
        if (cancelled) return;
        setData((old) => ({ ...old, [variant.id]: d }));
        setFull((old) => ({ ...old, [variant.id]: true }));
      })
      .catch((e) => { if (!cancelled) setStatus({ state: 'error', error: asLoadError(e) }); });
    return () => { cancelled = true; };
  }, [variant.id, needFull, full, attempt]);

  const spec: ModelSpec = useMemo(() => ({ id: variant.id, url: `/models/${variant.id}/model.onnx`, sha256: variant.sha256, bytes: variant.bytes }), [variant]);

  // Live: load the model of the shown variant (again after every switch of variant).
  useEffect(() => {
    if (!attempt) return;
    let cancelled = false;
    setStatus({ state: 'loading', progress: null });
    (async () => {
      const client = await import('../widgets/ort-client.ts');
      await client.loadModel(spec, (progress) => { if (!cancelled) setStatus({ state: 'loading', progress }); });
      if (!cancelled) setStatus({ state: 'ready' });
    })().catch((e) => { if (!cancelled) setStatus({ state: 'error', error: asLoadError(e) }); });
    return () => { cancelled = true; };
  }, [attempt, spec]);

  // Live: embed the 1,000 subset images once per model (batch 1 → 1,000 runs), for the neighbours.
  useEffect(() => {
    if (!isLive) return;
    const have = banks.current.get(variant.id);
    if (have?.normalised) { setBank(have); return; }
    let cancelled = false;
    (async () => {
      const [images, { runModel }] = await Promise.all([loadSubsetImages(), import('../widgets/ort-client.ts')]);
      const raw = new Float32Array(images.length * DIM);
      const t0 = performance.now();
      setBank({ variant: variant.id, done: 0, total: images.length });
      for (let k = 0; k < images.length; k++) {
        if (cancelled) return;
        const out = await runModel(variant.id, { image: { dims: [1, 1, 28, 28], dtype: 'float32', data: toModelInput(images[k]!, preprocess) } }, ['representation']);
        raw.set(out.representation!.data as Float32Array, k * DIM);
        if (k % 50 === 49) setBank({ variant: variant.id, done: k + 1, total: images.length });
      }
      const ms = performance.now() - t0;
      const done: Bank = { variant: variant.id, done: images.length, total: images.length, raw, normalised: normaliseRows(raw, DIM), ms };
      banks.current.set(variant.id, done);
      if (!cancelled) setBank(done);
    })().catch((e) => { if (!cancelled) setStatus({ state: 'error', error: asLoadError(e) }); });
    return () => { cancelled = true; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [isLive, variant.id]);

  // Live: the selected (or drawn) image's representation and its place on the map.
  const pca = vData?.pca;
  const liveKey = p === DRAWN ? (drawn ? `drawn-${drawn.n}` : null) : p >= 0 ? String(p) : null;
  useEffect(() => {
    if (!isLive || !pca || liveKey === null) return;
    let cancelled = false;
    (async () => {
      const pixels = p === DRAWN ? drawn!.px : (await loadSubsetImages())[p]!;
      const { runModel } = await import('../widgets/ort-client.ts');
      const out = await runModel(variant.id, { image: { dims: [1, 1, 28, 28], dtype: 'float32', data: toModelInput(pixels, preprocess) } }, ['representation']);
      const rep = Float32Array.from(out.representation!.data as Float32Array);
      if (!cancelled) setLive({ variant: variant.id, key: liveKey, rep, coords: project(rep, pca) });
    })().catch((e) => { if (!cancelled) setStatus({ state: 'error', error: asLoadError(e) }); });
    return () => { cancelled = true; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [isLive, pca, liveKey, variant.id]);

  const liveNow = isLive && live && live.variant === variant.id && live.key === liveKey ? live : null;
  const bankNow = bank && bank.variant === variant.id ? bank : null;
  // How far the 1,000 live embeddings, projected, land from the baked map (honesty check).
  const bankDelta = useMemo(() => {
    if (!bankNow?.raw || !pca || !vData) return undefined;
    const projected: number[] = [];
    for (let k = 0; k < bankNow.total; k++) projected.push(...project(bankNow.raw.subarray(k * DIM, (k + 1) * DIM), pca));
    return maxAbsDiff(projected, vData.coords);
  }, [bankNow, pca, vData]);
  const liveNeighbours: Neighbour[] | null = useMemo(
    () => (liveNow && bankNow?.normalised ? cosineKnn(liveNow.rep, bankNow.normalised, DIM, K, p >= 0 ? p : -1) : null),
    [liveNow, bankNow, p],
  );

  // The map's coords: the final model's, or the snapshot's; the previous map stays (dimmed) while loading.
  const coords = atFinal ? vData?.coords : vData?.snapshotCoords?.[stepIdx];
  const stale = !coords;
  const shown = coords ?? lastCoords.current;
  useEffect(() => { if (coords) lastCoords.current = coords; }, [coords]);
  const view = useMemo(() => fitView(shown, W, H, MARGIN), [shown]);
  const sx = (x: number) => view.x0 + view.scale * x;
  const sy = (y: number) => view.y0 - view.scale * y;

  const query = vData?.query ?? [];
  const queryPos = useMemo(() => new Map(query.map((q, j) => [q, j])), [query]);
  const bakedRow = p >= 0 && vData ? queryPos.get(p) : undefined;
  const bakedNeighbours = bakedRow !== undefined ? vData!.neighbours.slice(bakedRow * K, bakedRow * K + K) : null;
  const shownNeighbours: { index: number; cos?: number }[] | null = isLive ? liveNeighbours : bakedNeighbours?.map((index) => ({ index })) ?? null;

  const selectable = isLive ? null : queryPos;
  const onMapPointer = (e: PointerEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const x = ((e.clientX - box.left) / box.width) * W;
    const y = ((e.clientY - box.top) / box.height) * H;
    const candidates = selectable ? selectable.keys() : labels.keys();
    const hit = nearestPoint(shown, view, candidates, x, y, 14);
    if (hit >= 0) setState({ ...state, p: hit });
  };

  const pct = (v: number) => `${numberFormat(lang, v * 100, { minimumFractionDigits: 1, maximumFractionDigits: 1 })}\u00a0%`;
  const num = (v: number, d = 3) => numberFormat(lang, v, { minimumFractionDigits: d, maximumFractionDigits: d });
  const fmtMetric = (m: { unit: string; value: number }) => (m.unit === 'fraction' ? pct(m.value) : num(m.value));
  const snap = series && !atFinal ? series.items[stepIdx]! : null;
  const stepNow = series?.items[stepIdx]?.step;
  const stepMax = series?.items[lastStep]?.step ?? 0;
  const evr = snap ? snap.evr : series ? series.items[lastStep]!.evr : variant.evr;
  const axes = fmt(s.axes, { pc1: pct(evr[0]), pc2: pct(evr[1]) });
  const stepSuffix = series ? fmt(s.stepSuffix, { step: stepNow ?? 0 }) : '';
  const mapLabel = fmt(s.mapLabel, { model: variant.title, step: stepSuffix, axes });
  const centroids = useMemo(() => classCentroids(shown, labels, classes.length), [shown, labels, classes.length]);
  const classOf = (k: number) => classes[labels[k] ?? 0] ?? '';

  const metricRows: MetricInfo[] = snap
    ? variant.metrics.map((m) => ({ ...m, value: m.name === 'probe_accuracy' ? snap.probe_accuracy : m.name === 'knn_accuracy' ? snap.knn_accuracy : m.name === 'collapse_std' ? snap.collapse_std : m.value }))
    : variant.metrics;

  const selection = p >= 0 ? fmt(s.summarySelected, { cls: classOf(p), list: (shownNeighbours ?? []).map((n) => classOf(n.index)).join(', ') || '—' }) : s.summaryNone;
  const summary = fmt(s.summary, { model: variant.title, step: stepSuffix, selection });

  const liveOutput = liveNow && (p === DRAWN || p >= 0)
    ? JSON.stringify({ variant: variant.id, coords: liveNow.coords, representation: Array.from(liveNow.rep), neighbours: liveNeighbours?.map((n) => n.index) ?? null })
    : null;

  const startLive = () => setAttempt((a) => a + 1);
  const choose = (value: number) => {
    setState({ ...state, p: value });
  };

  const pickerLabels = !isLive && p >= 0 && bakedRow !== undefined ? query.map((q) => labels[q]!) : labels;
  const pickerValue = pickerLabels === labels ? p : (bakedRow ?? 0);

  return (
    <WidgetFrame name="embedding-space" className="embedding-space" titleId={`es-${article}-title`} title={s.title} intro={article === 'byol' ? s.introByol : s.introSupcon}>
        <div className="widget-controls">
          <label className="field es-variant">
            {s.variant}
            <select name="variant" data-control="variant" value={variant.id} onChange={(e) => setState({ ...state, v: e.target.value })}>
              {variants.map((v) => <option key={v.id} value={v.id}>{v.title}</option>)}
            </select>
          </label>
        </div>

        {article === 'byol' && (
          <div className="es-scrubber">
            <label className="field">
              <span>{s.step}: <strong>{series ? fmt(s.stepValue, { step: stepNow ?? 0, max: stepMax }) : '—'}</strong></span>
              <input type="range" min={0} max={series ? lastStep : 5} step={1} value={series ? stepIdx : 5} disabled={!series}
                data-control="step" aria-valuetext={series ? fmt(s.stepValue, { step: stepNow ?? 0, max: stepMax }) : s.noSnapshots}
                onChange={(e) => setState({ ...state, s: Number(e.target.value) })} />
            </label>
            <p className="small muted">{series ? s.snapshotsNote : s.noSnapshots}</p>
          </div>
        )}

        <div className={`es-layout${article === 'byol' ? ' with-curves' : ''}`}>
          <figure className="es-map">
            <svg className={`es-plot${stale ? ' stale' : ''}${selectable ? ' baked' : ' all'}`} viewBox={`0 0 ${W} ${H}`} role="img" aria-label={mapLabel}
              data-focus={focus ?? undefined} data-coords-key={`${variant.id}:${atFinal ? 'final' : stepIdx}`} onPointerDown={onMapPointer} aria-busy={stale || undefined}>
              <g>
                {labels.map((c, k) => (
                  <circle key={k} className={`pt k${c}${queryPos.has(k) ? ' q' : ''}`} cx={sx(shown[2 * k]!).toFixed(1)} cy={sy(shown[2 * k + 1]!).toFixed(1)} />
                ))}
              </g>
              {p >= 0 && shown[2 * p] !== undefined && (
                <g className="es-sel" aria-hidden="true">
                  {(shownNeighbours ?? []).map((n) => <circle key={n.index} className="nb" cx={sx(shown[2 * n.index]!)} cy={sy(shown[2 * n.index + 1]!)} r={6} />)}
                  <circle className="sel" cx={sx(shown[2 * p]!)} cy={sy(shown[2 * p + 1]!)} r={8} />
                </g>
              )}
              {liveNow && atFinal && (
                <g className="es-live" transform={`translate(${sx(liveNow.coords[0]).toFixed(1)} ${sy(liveNow.coords[1]).toFixed(1)})`} aria-hidden="true">
                  <path d={STAR} />
                </g>
              )}
            </svg>
            <figcaption className="small muted">
              {axes} {fmt(s.spread, { x0: num(view.min[0], 2), x1: num(view.max[0], 2), y0: num(view.min[1], 2), y1: num(view.max[1], 2) })}
              {stale && <> <span role="status">{s.loadingMap}</span></>}
            </figcaption>
            <div className="es-legend" role="group" aria-label={s.legend}>
              {classes.map((name, c) => (
                <button key={c} type="button" aria-pressed={focus === c} onClick={() => setFocus(focus === c ? null : c)} title={fmt(s.highlight, { cls: name })} data-class={c}>
                  <span className={`swatch k${c}`} aria-hidden="true" />{name}
                </button>
              ))}
            </div>
            <p className="small muted es-legend-hint">{s.legendHint}</p>
            {liveNow && atFinal && <p className="small es-live-key"><svg viewBox="-10 -10 20 20" width="16" height="16" aria-hidden="true" className="es-live"><path d={STAR} /></svg> {s.liveMarker}</p>}
          </figure>

          {article === 'byol' && snapshots.length > 0 && (
            <div className="es-curves">
              <p className="pane-title">{s.curves}</p>
              <div className="es-curves-grid">
              <Curve title={s.collapseTitle} series={snapshots} pick={(it) => it.collapse_std} current={series ? stepNow ?? null : null}
                reference={evenStd !== null ? { value: evenStd, label: fmt(s.evenLine, { d: Math.round(1 / evenStd ** 2), v: num(evenStd) }) } : null}
                format={(v) => num(v)} summary={s.collapseSummary} seriesSummary={s.seriesSummary} stepAxis={s.stepAxis} currentLabel={s.currentStep} />
              <Curve title={s.probeTitle} series={snapshots} pick={(it) => it.probe_accuracy} current={series ? stepNow ?? null : null}
                reference={null} format={pct} summary={s.probeSummary} seriesSummary={s.seriesSummary} stepAxis={s.stepAxis} currentLabel={s.currentStep} />
              </div>
            </div>
          )}
        </div>

        <p className="pane-title">{snap ? fmt(s.metricsAtStep, { step: snap.step }) : s.metrics}</p>
        <dl className="es-metrics">
          {metricRows.map((m) => (
            <div key={m.name} data-metric={m.name}><dt>{m.label}</dt><dd>{fmtMetric(m)}</dd></div>
          ))}
        </dl>

        <div className="es-selection" {...(liveOutput ? { 'data-live-output': liveOutput } : {})}>
          {p === NONE ? (
            <div className="es-prompt">
              <p className="small">{s.selectPrompt}</p>
              <button type="button" data-select-first onClick={() => choose(query[0] ?? 0)}>{s.selectFirst}</button>
              {' '}<button type="button" onClick={() => choose(DRAWN)}>{t(lang).widget.drawOwn}</button>
            </div>
          ) : (
            <>
              <SubsetPicker lang={lang} classes={classes} labels={pickerLabels} value={pickerLabels === labels ? p : pickerValue} idPrefix={`es-${article}`}
                onChange={(v) => choose(v === DRAWN || pickerLabels === labels ? v : query[v]!)} />
              {!isLive && <p className="small muted">{s.selectPrompt}</p>}
              <div className="es-images">
                <div className="es-selected">
                  <p className="pane-title">{s.selected}</p>
                  {p === DRAWN ? (
                    <>
                      <p className="small muted">{s.drawHint}</p>
                      <DrawPad lang={lang} onDrawn={(px) => { setDrawn((old) => ({ px, n: (old?.n ?? 0) + 1 })); if (status.state === 'idle' || status.state === 'error') startLive(); }} />
                    </>
                  ) : (
                    <SpriteImage k={p} size={84} alt={fmt(s.imageAlt, { cls: classOf(p), n: p + 1 })} />
                  )}
                  {liveNow && (atFinal
                    ? <p className="small" data-live-coords>{fmt(s.liveCoords, { x: num(liveNow.coords[0]), y: num(liveNow.coords[1]) })}</p>
                    : <p className="small muted">{fmt(s.liveHidden, { step: stepMax })}</p>)}
                </div>
                <div className="es-neighbours">
                  <p className="pane-title">{s.neighbours}</p>
                  {shownNeighbours ? (
                    <ol data-neighbours>
                      {shownNeighbours.map((n) => {
                        const same = p >= 0 && labels[n.index] === labels[p];
                        return (
                          <li key={n.index} data-index={n.index}>
                            <SpriteImage k={n.index} size={56} alt={fmt(s.imageAlt, { cls: classOf(n.index), n: n.index + 1 })} />
                            <span className="small">{classOf(n.index)}</span>
                            {p >= 0 && <span className={`small ${same ? 'ok' : 'bad'}`}>{same ? `✓ ${s.sameClass}` : `✗ ${s.otherClass}`}</span>}
                            {n.cos !== undefined && <span className="small muted">{fmt(s.cos, { v: num(n.cos) })}</span>}
                          </li>
                        );
                      })}
                    </ol>
                  ) : (
                    <p className="small muted">{isLive ? s.waitingBank : s.noBakedNeighbours}</p>
                  )}
                  {shownNeighbours && <p className="small muted">{isLive ? s.neighboursLive : s.neighboursBaked}{!atFinal && <> {fmt(s.neighboursFinal, { step: stepMax, current: stepNow ?? 0 })}</>}</p>}
                </div>
              </div>
            </>
          )}
        </div>

        <details className="data-table">
          <summary>{s.centroids}</summary>
          <div className="scroll-x" tabIndex={0} role="region" aria-label={s.centroids}>
            <table>
              <thead><tr><th scope="col">{s.colClass}</th><th scope="col">PC1</th><th scope="col">PC2</th><th scope="col">{s.colCount}</th></tr></thead>
              <tbody>
                {centroids.map((c, i) => <tr key={i}><td>{classes[i]}</td><td>{num(c.x, 2)}</td><td>{num(c.y, 2)}</td><td>{c.n}</td></tr>)}
              </tbody>
            </table>
          </div>
        </details>
        {article === 'byol' && snapshots.length > 0 && (
          <details className="data-table">
            <summary>{s.snapshotsTable}</summary>
            <div className="scroll-x" tabIndex={0} role="region" aria-label={s.snapshotsTable}>
              <table>
                <thead><tr><th scope="col">{s.colModel}</th><th scope="col">{s.colStep}</th><th scope="col">{s.colProbe}</th><th scope="col">{s.colKnn}</th><th scope="col">{s.colCollapse}</th></tr></thead>
                <tbody>
                  {snapshots.flatMap((ser) => ser.items.map((it) => (
                    <tr key={`${ser.id}-${it.step}`}><td>{ser.title}</td><td>{it.step}</td><td>{pct(it.probe_accuracy)}</td><td>{pct(it.knn_accuracy)}</td><td>{num(it.collapse_std, 4)}</td></tr>
                  )))}
                </tbody>
              </table>
            </div>
          </details>
        )}

        <div className="no-print">
          <LiveGate lang={lang} status={status} downloadBytes={variant.bytes + runtimeBytes} onStart={startLive} />
          {isLive && bankNow && (bankNow.normalised ? (
            <p className="small muted" data-bank-ms={Math.round(bankNow.ms ?? 0)} data-bank-delta={bankDelta ?? ''}>
              {fmt(s.embedded, { sec: numberFormat(lang, (bankNow.ms ?? 0) / 1000, { maximumFractionDigits: 1 }), delta: bankDelta !== undefined ? numberFormat(lang, bankDelta, { maximumSignificantDigits: 2 }) : '—' })}
            </p>
          ) : (
            <div className="es-bank">
              <progress max={bankNow.total} value={bankNow.done} aria-label={fmt(s.embedding, { done: bankNow.done, total: bankNow.total })} />
              <p className="small muted" role="status">{fmt(s.embedding, { done: numberFormat(lang, bankNow.done), total: numberFormat(lang, bankNow.total) })}</p>
            </div>
          ))}
        </div>
        <p className="sr-only" aria-live="polite">{summary}</p>
    </WidgetFrame>
  );
}

/** One cell of the subset sprite, scaled up with crisp pixels (no decoding needed). */
function SpriteImage({ k, size, alt }: { k: number; size: number; alt: string }) {
  const { url, cols, count } = SUBSET_SPRITE;
  const rows = Math.ceil(count / cols);
  const col = k % cols;
  const row = Math.floor(k / cols);
  return (
    <span className="es-img" role="img" aria-label={alt} style={{
      width: size, height: size, backgroundImage: `url(${url})`, backgroundSize: `${cols * 100}% ${rows * 100}%`,
      backgroundPosition: `${(col / (cols - 1)) * 100}% ${(row / (rows - 1)) * 100}%`,
    }} />
  );
}

type Item = SnapshotSeries['items'][number];

function Curve({ title, series, pick, current, reference, format, summary, seriesSummary, stepAxis, currentLabel }: {
  title: string; series: SnapshotSeries[]; pick: (it: Item) => number; current: number | null;
  reference: { value: number; label: string } | null; format: (v: number) => string; summary: string; seriesSummary: string; stepAxis: string; currentLabel: string;
}) {
  const cw = 300, ch = 150, left = 44, right = 10, top = 12, bottom = 24;
  const values = series.flatMap((sr) => sr.items.map(pick)).concat(reference ? [reference.value] : []);
  let lo = Math.min(...values), hi = Math.max(...values);
  const pad = (hi - lo) * 0.08 || 0.01;
  lo -= pad; hi += pad;
  const steps = series[0]!.items.map((it) => it.step);
  const maxStep = Math.max(...steps);
  const x = (step: number) => left + ((cw - left - right) * step) / maxStep;
  const y = (v: number) => top + ((ch - top - bottom) * (hi - v)) / (hi - lo);
  const label = fmt(summary, {
    series: series.map((sr) => fmt(seriesSummary, { model: sr.title, first: format(pick(sr.items[0]!)), last: format(pick(sr.items.at(-1)!)) })).join('; '),
  }) + (current !== null ? ` (${fmt(currentLabel, { step: current })})` : '');
  return (
    <figure className="es-curve">
      <figcaption className="small">{title}</figcaption>
      <svg viewBox={`0 0 ${cw} ${ch}`} role="img" aria-label={label}>
        <line className="axis" x1={left} x2={cw - right} y1={ch - bottom} y2={ch - bottom} />
        <line className="axis" x1={left} x2={left} y1={top} y2={ch - bottom} />
        {[lo + pad, hi - pad].map((v, i) => <text key={i} className="tick" x={left - 4} y={y(v) + 3} textAnchor="end">{format(v)}</text>)}
        {steps.map((st) => <text key={st} className="tick" x={x(st)} y={ch - bottom + 13} textAnchor="middle">{st}</text>)}
        <text className="tick" x={cw - right} y={ch - 1} textAnchor="end">{stepAxis}</text>
        {reference && (
          <g className="ref">
            <line x1={left} x2={cw - right} y1={y(reference.value)} y2={y(reference.value)} />
            <text className="tick" x={left + 4} y={y(reference.value) - 3} textAnchor="start">{reference.label}</text>
          </g>
        )}
        {current !== null && <line className="now" x1={x(current)} x2={x(current)} y1={top} y2={ch - bottom} />}
        {series.map((sr, i) => (
          <g key={sr.id} className={`line s${i}`}>
            <polyline points={sr.items.map((it) => `${x(it.step).toFixed(1)},${y(pick(it)).toFixed(1)}`).join(' ')} />
            {sr.items.map((it) => (i === 0
              ? <circle key={it.step} cx={x(it.step)} cy={y(pick(it))} r={2.6} />
              : <rect key={it.step} x={x(it.step) - 2.4} y={y(pick(it)) - 2.4} width={4.8} height={4.8} />))}
          </g>
        ))}
      </svg>
      <ul className="es-curve-key small">
        {series.map((sr, i) => <li key={sr.id}><span className={`key s${i}`} aria-hidden="true" />{sr.title}</li>)}
      </ul>
    </figure>
  );
}
