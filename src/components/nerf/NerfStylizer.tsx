// "Stylise the field or each view?": a flatland radiance field seen by a 1-D camera. The reader moves
// the camera around the scene (drag on the map, arrow keys, slider), picks or blends palettes and
// compares two ways to stylise: the hypernetwork restyles the field itself (one scene, every view
// agrees) vs a per-view colour transfer applied to each rendered view on its own (flickers). Baked
// views every 15° first; live rendering with the model in the shared ORT worker on request, the
// compositing done here (src/lib/nerf-render.ts).
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { t, fmt, numberFormat, type Lang } from '../../i18n/index.ts';
import {
  blendTarget, colourSpread, hexToUnit, nerfCamera, nerfComposite, nerfPerViewTransfer, nerfProject, nerfRayPoints,
  nerfViewStats, toHex, type NerfScene,
} from '../../lib/nerf-render.ts';
import { int, record } from '../../lib/hash-state.ts';
import type { ModelSpec } from '../widgets/ort-protocol.ts';
import { useHashState } from '../widgets/use-hash-state.ts';
import { useLiveModel } from '../widgets/use-live-model.ts';
import { LiveGate } from '../widgets/LiveGate.tsx';
import { WidgetFrame } from '../widgets/WidgetFrame.tsx';

export interface Shape {
  kind: 'disc' | 'box';
  c: [number, number];
  r?: number;
  half?: [number, number];
  angle_deg?: number;
  rgb: [number, number, number];
}
export interface Palette { id: string; name: Record<Lang, string>; colors: string[]; mean: number[] | null; std: number[] | null }
export interface BakedView { deg: number; rgb: string[]; acc: string }
export interface Track {
  shape: number;
  p: [number, number];
  views_deg: number[];
  pixel: (number | null)[];
  styles: Record<string, { field: (string | null)[]; per_view: (string | null)[] }>;
}

interface Props {
  lang: Lang;
  spec: ModelSpec;
  runtimeBytes: number;
  scene: NerfScene & { shapes: Shape[] };
  palettes: Palette[];
  views: BakedView[];
  tracks: Track[];
  consistency: Record<string, { field: number; per_view: number; points: number }>;
  metrics: { field: number; perView: number; ratio: number };
}

const STYLES = 4;
const stateCodec = record({ a: int(0, 359), s: int(0, STYLES - 1), b: int(0, STYLES - 1), m: int(0, 100), p: int(0, 3) },
  { a: 30, s: 2, b: 1, m: 0, p: 0 });
const DEFAULT_STATE = { a: 30, s: 2, b: 1, m: 0, p: 0 };

interface Frame {
  /** Field-stylised view (0..1, W*3). */
  field: number[];
  /** Per-view transfer of the photo render (0..1, W*3). */
  perView: number[];
  depth: number[] | null;
  acc: number[];
  deg: number;
  live: boolean;
  /** Live only: time to the stylised view (ONNX + compositing), and to both strips. */
  ms?: number;
  totalMs?: number;
}

const rad = (deg: number) => (deg * Math.PI) / 180;

export default function NerfStylizer({ lang, spec, runtimeBytes, scene, palettes, views, tracks, consistency, metrics }: Props) {
  const s = t(lang).nerf;
  const [state, setState] = useHashState('nerf', stateCodec, DEFAULT_STATE);
  const live = useLiveModel(spec);
  const isLive = live.status.state === 'ready';
  const weights = useMemo(() => {
    const w = new Array(STYLES).fill(0) as number[];
    w[state.s] += 1 - state.m / 100;
    w[state.b] += state.m / 100;
    return w;
  }, [state.s, state.b, state.m]);

  // ---------------------------------------------------------------- baked frame (nearest 15° view)
  const bakedIndex = Math.round(state.a / 15) % views.length;
  const bakedFrame = useMemo((): Frame => {
    const v = views[bakedIndex]!;
    const acc = hexToUnit(v.acc);
    const photo = hexToUnit(v.rgb[0]!);
    const field = hexToUnit(v.rgb[state.s]!);
    const target = blendTarget([0, 0, 0, 0].map((_, k) => (k === state.s ? 1 : 0)), palettes, nerfViewStats(scene, photo, acc));
    return { field, perView: Array.from(nerfPerViewTransfer(scene, photo, acc, target)), acc, depth: null, deg: v.deg, live: false };
  }, [bakedIndex, state.s, views, palettes, scene]);

  // ---------------------------------------------------------------- live frame
  const [liveFrame, setLiveFrame] = useState<Frame | null>(null);
  const busy = useRef(false);
  const wanted = useRef<{ a: number; w: number[] } | null>(null);
  const renderLive = useCallback(async () => {
    if (busy.current || !wanted.current) return;
    busy.current = true;
    const job = wanted.current;
    wanted.current = null;
    try {
      const { runModel } = await import('../widgets/ort-client.ts');
      const t0 = performance.now();
      const points = nerfRayPoints(scene, rad(job.a));
      const n = points.length / 2;
      const run = async (code: number[]) => {
        const out = await runModel(spec.id, {
          points: { dims: [n, 2], dtype: 'float32', data: points.slice() },
          style: { dims: [1, STYLES], dtype: 'float32', data: Float32Array.from(code) },
        });
        return nerfComposite(scene, out.sigma!.data as Float32Array, out.rgb!.data as Float32Array);
      };
      const styled = await run(job.w);
      // The view itself is ready here; the per-view baseline needs a second pass in original colours.
      const ms = performance.now() - t0;
      const photo = job.w[0] === 1 ? styled : await run([1, 0, 0, 0]);
      const target = blendTarget(job.w, palettes, nerfViewStats(scene, photo.colour, photo.acc));
      const perView = nerfPerViewTransfer(scene, photo.colour, photo.acc, target);
      const totalMs = performance.now() - t0;
      setLiveFrame({ field: Array.from(styled.colour), perView: Array.from(perView), acc: Array.from(styled.acc),
        depth: Array.from(styled.depth), deg: job.a, live: true, ms, totalMs });
    } catch (e) {
      live.fail(e);
    } finally {
      busy.current = false;
      if (wanted.current) void renderLive();
    }
  }, [scene, spec.id, palettes, live]);

  useEffect(() => {
    if (!isLive) return;
    wanted.current = { a: state.a, w: weights };
    void renderLive();
  }, [isLive, state.a, weights, renderLive]);

  const frame = isLive && liveFrame ? liveFrame : bakedFrame;

  // ---------------------------------------------------------------- the tracked point, live history
  const track = tracks[state.p]!;
  const [history, setHistory] = useState<{ deg: number; field: number[]; perView: number[] }[]>([]);
  useEffect(() => setHistory([]), [state.p, state.s, state.b, state.m]);
  const seenPixel = useMemo(() => {
    const x = nerfProject(scene, rad(frame.deg), track.p);
    if (x === null) return null;
    const j = Math.round(x);
    if (j < 1 || j > scene.width - 2 || frame.acc[j]! < 0.5) return null;
    if (frame.depth) {
      const cam = nerfCamera(scene, rad(frame.deg));
      const dist = Math.hypot(track.p[0] - cam.pos[0], track.p[1] - cam.pos[1]);
      // the point is on the surface this pixel sees (not hidden behind another shape)
      if (Math.abs(frame.depth[j]! / frame.acc[j]! - dist) > 0.08) return null;
      return j;
    }
    // baked views: use the nearest held-out camera's visibility computed by the training script
    const k = track.views_deg.reduce((best, d, i) => (Math.abs(d - frame.deg) < Math.abs(track.views_deg[best]! - frame.deg) ? i : best), 0);
    return track.pixel[k] === null ? null : j;
  }, [frame, track, scene]);
  useEffect(() => {
    if (!frame.live || seenPixel === null) return;
    const j = seenPixel;
    const entry = { deg: frame.deg, field: frame.field.slice(3 * j, 3 * j + 3), perView: frame.perView.slice(3 * j, 3 * j + 3) };
    setHistory((h) => (h.some((e) => e.deg === entry.deg) ? h : [...h, entry].slice(-72)));
  }, [frame, seenPixel]);

  const styleId = palettes[state.s]!.id;
  const bakedTrack = track.styles[styleId];
  const bakedSpread = bakedTrack ? {
    field: colourSpread(bakedTrack.field.filter((c): c is string => c !== null).map(hexToUnit)),
    perView: colourSpread(bakedTrack.per_view.filter((c): c is string => c !== null).map(hexToUnit)),
  } : null;
  const liveSpread = history.length >= 2 ? { field: colourSpread(history.map((e) => e.field)), perView: colourSpread(history.map((e) => e.perView)) } : null;

  // ---------------------------------------------------------------- camera controls
  const step = isLive ? 5 : 15;
  // Without the live model only the baked views (every 15°) exist, so the camera snaps to them.
  const setAngle = (a: number) => setState({ ...state, a: (((Math.round(a / step) * step) % 360) + 360) % 360 });
  const onMapKey = (e: KeyboardEvent) => {
    const d = { ArrowLeft: step, ArrowUp: step, ArrowRight: -step, ArrowDown: -step, PageUp: 45, PageDown: -45 }[e.key];
    if (d === undefined) return;
    e.preventDefault();
    setAngle(state.a + d);
  };
  const dragging = useRef(false);
  const pointerAngle = (e: PointerEvent<SVGSVGElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const x = ((e.clientX - box.left) / box.width - 0.5) * 2 * VIEW;
    const y = -((e.clientY - box.top) / box.height - 0.5) * 2 * VIEW;
    setAngle((Math.atan2(y, x) * 180) / Math.PI);
  };

  const nf = (v: number, d = 1) => numberFormat(lang, v, { minimumFractionDigits: d, maximumFractionDigits: d });
  const cam = nerfCamera(scene, rad(frame.live ? frame.deg : state.a));
  const tanHalf = Math.tan(rad(scene.fov_deg / 2));
  const rayEnds = [0, scene.width - 1].map((j) => {
    const u = (((j + 0.5) / scene.width) * 2 - 1) * tanHalf;
    const dx = cam.fwd[0] + u * cam.right[0];
    const dy = cam.fwd[1] + u * cam.right[1];
    const n = Math.hypot(dx, dy);
    return [cam.pos[0] + (scene.far * dx) / n, cam.pos[1] + (scene.far * dy) / n];
  });
  const trackedRay = seenPixel !== null ? track.p : null;
  const styleName = (k: number) => palettes[k]!.name[lang];
  const summary = fmt(s.summary, { deg: frame.deg, style: state.m > 0 ? fmt(s.blendName, { a: styleName(state.s), b: styleName(state.b), m: state.m }) : styleName(state.s) });

  return (
    <WidgetFrame name="nerf-stylizer" className="nerf-stylizer" titleId="nerf-stylizer-title" title={s.title} intro={s.intro}>
      <div className="nerf-layout">
        <figure className="nerf-map">
          <svg viewBox={`${-VIEW} ${-VIEW} ${2 * VIEW} ${2 * VIEW}`} role="slider" tabIndex={0}
            aria-label={s.mapLabel} aria-valuemin={0} aria-valuemax={359} aria-valuenow={state.a}
            aria-valuetext={fmt(s.angleText, { deg: state.a })} onKeyDown={onMapKey}
            onPointerDown={(e) => { dragging.current = true; e.currentTarget.setPointerCapture(e.pointerId); pointerAngle(e); }}
            onPointerMove={(e) => { if (dragging.current) pointerAngle(e); }}
            onPointerUp={() => { dragging.current = false; }} onPointerCancel={() => { dragging.current = false; }}
            data-nerf-map>
            <circle className="orbit" cx={0} cy={0} r={scene.radius} />
            {scene.shapes.map((sh, i) => <ShapeSvg key={i} shape={sh} />)}
            <polygon className="frustum" points={`${cam.pos[0]},${-cam.pos[1]} ${rayEnds[0]![0]},${-rayEnds[0]![1]} ${rayEnds[1]![0]},${-rayEnds[1]![1]}`} />
            {trackedRay && <line className="tracked-ray" x1={cam.pos[0]} y1={-cam.pos[1]} x2={trackedRay[0]} y2={-trackedRay[1]} />}
            <circle className="tracked" cx={track.p[0]} cy={-track.p[1]} r={0.06} />
            <circle className="camera" cx={cam.pos[0]} cy={-cam.pos[1]} r={0.13} />
          </svg>
          <figcaption className="small muted">{s.mapCaption}</figcaption>
        </figure>

        <div className="nerf-side">
          <label className="field">
            {fmt(s.angle, { deg: state.a })}
            <input type="range" min={0} max={359} step={step} value={state.a} onChange={(e) => setAngle(Number(e.target.value))} name="angle" />
          </label>
          <div className="field">
            <span id="nerf-style-label">{s.style}</span>
            <div className="style-tabs" role="group" aria-labelledby="nerf-style-label">
              {palettes.map((pl, k) => (
                <button key={pl.id} type="button" aria-pressed={state.s === k} onClick={() => setState({ ...state, s: k })} data-style={pl.id}>
                  <Swatches colors={pl.colors} /> {pl.name[lang]}
                </button>
              ))}
            </div>
          </div>
          <div className="blend-row">
            <label className="field">
              {s.blendWith}
              <select value={state.b} onChange={(e) => setState({ ...state, b: Number(e.target.value) })} name="blend-with">
                {palettes.map((pl, k) => <option key={pl.id} value={k}>{pl.name[lang]}</option>)}
              </select>
            </label>
            <label className="field">
              {fmt(s.blendAmount, { m: state.m })}
              <input type="range" min={0} max={100} step={5} value={state.m} onChange={(e) => setState({ ...state, m: Number(e.target.value) })} name="blend" />
            </label>
          </div>
          {!isLive && (state.m > 0 || state.a % 15 !== 0) && <p className="small muted" role="note">{fmt(s.bakedNote, { deg: frame.deg })}</p>}
        </div>
      </div>

      <div className="strips">
        <Strip label={s.fieldRow} colours={frame.field} width={scene.width} marker={seenPixel}
          extra={frame.live ? { 'data-live-output': JSON.stringify({ deg: frame.deg, colour: frame.field.map((v) => Math.round(v * 1e5) / 1e5), acc: frame.acc.map((v) => Math.round(v * 1e5) / 1e5) }), 'data-render-ms': String(Math.round(frame.ms ?? 0)), 'data-render-total-ms': String(Math.round(frame.totalMs ?? 0)) } : undefined} />
        <Strip label={s.perViewRow} colours={frame.perView} width={scene.width} marker={seenPixel} />
        <p className="small muted">
          {frame.live ? fmt(s.liveNote, { deg: frame.deg, ms: nf(frame.ms ?? 0, 0), total: nf(frame.totalMs ?? 0, 0), n: scene.width * scene.samples }) : fmt(s.bakedView, { deg: frame.deg })}
        </p>
      </div>

      <div className="meter">
        <h4 className="meter-title">{s.meterTitle}</h4>
        <div className="field">
          <span id="nerf-point-label">{s.point}</span>
          <div className="style-tabs" role="group" aria-labelledby="nerf-point-label">
            {tracks.map((tr, i) => (
              <button key={i} type="button" aria-pressed={state.p === i} onClick={() => setState({ ...state, p: i })} data-point={i}>
                {s.shapeNames[tr.shape] ?? i}
              </button>
            ))}
          </div>
        </div>
        {bakedTrack ? (
          <>
            <p className="small">{fmt(s.trackIntro, { style: styleName(state.s) })}</p>
            <TrackRow label={s.fieldRow} colours={bakedTrack.field} degs={track.views_deg} current={frame.deg} />
            <TrackRow label={s.perViewRow} colours={bakedTrack.per_view} degs={track.views_deg} current={frame.deg} />
            {bakedSpread && (
              <p className="small" data-baked-spread>
                {fmt(s.spreadBaked, { field: nf(bakedSpread.field), perView: nf(bakedSpread.perView) })}
              </p>
            )}
          </>
        ) : <p className="small muted">{s.trackPhoto}</p>}
        <p className="small">
          {fmt(s.spreadCard, { field: nf(metrics.field), perView: nf(metrics.perView), ratio: nf(metrics.ratio) })}
          {' '}{bakedTrack && consistency[styleId] && fmt(s.spreadStyle, { style: styleName(state.s), field: nf(consistency[styleId]!.field), perView: nf(consistency[styleId]!.per_view), n: consistency[styleId]!.points })}
        </p>
        <p className="small" aria-live="polite" data-live-spread={liveSpread ? JSON.stringify(liveSpread) : undefined}>
          {isLive
            ? liveSpread
              ? fmt(s.spreadLive, { n: history.length, field: nf(liveSpread.field), perView: nf(liveSpread.perView) })
              : s.spreadLiveEmpty
            : s.spreadLiveIdle}
        </p>
      </div>

      <details className="data-table">
        <summary>{s.tableCaption}</summary>
        <div className="scroll-x" tabIndex={0} role="region" aria-label={s.tableCaption}>
          <table>
            <thead><tr><th scope="col">{s.style}</th><th scope="col">{s.fieldRow}</th><th scope="col">{s.perViewRow}</th><th scope="col">{s.points}</th></tr></thead>
            <tbody>
              {palettes.filter((pl) => consistency[pl.id]).map((pl) => (
                <tr key={pl.id}><td>{pl.name[lang]}</td><td>{nf(consistency[pl.id]!.field)}</td><td>{nf(consistency[pl.id]!.per_view)}</td><td>{consistency[pl.id]!.points}</td></tr>
              ))}
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

const VIEW = 2.75;

function ShapeSvg({ shape }: { shape: Shape }) {
  const fill = toHex(...shape.rgb);
  if (shape.kind === 'disc') return <circle className="shape" cx={shape.c[0]} cy={-shape.c[1]} r={shape.r} fill={fill} />;
  const [hx, hy] = shape.half!;
  return (
    <rect className="shape" x={-hx} y={-hy} width={2 * hx} height={2 * hy} fill={fill}
      transform={`translate(${shape.c[0]} ${-shape.c[1]}) rotate(${-(shape.angle_deg ?? 0)})`} />
  );
}

function Swatches({ colors }: { colors: string[] }) {
  if (!colors.length) return null;
  return <span className="swatches" aria-hidden="true">{colors.map((c) => <span key={c} style={{ background: c }} />)}</span>;
}

function Strip({ label, colours, width, marker, extra }: { label: string; colours: number[]; width: number; marker: number | null; extra?: Record<string, string> }) {
  return (
    <div className="strip-row">
      <span className="strip-label small">{label}</span>
      <svg className="strip" viewBox={`0 0 ${width} 1`} preserveAspectRatio="none" role="img" aria-label={label} {...extra}>
        {Array.from({ length: width }, (_, j) => (
          <rect key={j} x={j} y={0} width={1.02} height={1} fill={toHex(colours[3 * j]!, colours[3 * j + 1]!, colours[3 * j + 2]!)} />
        ))}
        {marker !== null && <rect className="strip-marker" x={marker} y={0} width={1} height={1} vectorEffect="non-scaling-stroke" />}
      </svg>
    </div>
  );
}

function TrackRow({ label, colours, degs, current }: { label: string; colours: (string | null)[]; degs: number[]; current: number }) {
  const n = colours.length;
  const k = degs.reduce((best, d, i) => (Math.abs(d - current) < Math.abs(degs[best]! - current) ? i : best), 0);
  return (
    <div className="strip-row">
      <span className="strip-label small">{label}</span>
      <svg className="strip track" viewBox={`0 0 ${n} 1`} preserveAspectRatio="none" role="img" aria-label={label}>
        {colours.map((c, i) => c && <rect key={i} x={i} y={0} width={1.02} height={1} fill={`#${c}`} />)}
        <rect className="strip-marker" x={k} y={0} width={1} height={1} vectorEffect="non-scaling-stroke" />
      </svg>
    </div>
  );
}
