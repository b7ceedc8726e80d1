// "Who is a positive?": twelve embeddings on the unit circle (six images × two views, three
// classes). The reader picks an anchor and sees its positives under SimCLR (the other view) and
// SupCon (every same-class item), drags points, changes τ, and watches L_out, L_in, SimCLR's loss
// and the anchor's gradient weights c_ia = P_ia − X_ia. Before live mode the numbers come from the
// float64 TypeScript port (src/lib/supcon-loss.ts), labelled as such; in live mode from the
// exported ONNX graph `supcon-loss` (one inference in flight at a time, always the latest state).
import { Fragment, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { t, fmt, numberFormat, type Lang } from '../../i18n/index.ts';
import { int, oneOf, record, type Codec } from '../../lib/hash-state.ts';
import { anglesToZ, lossTerms, otherView, tangentialDescent } from '../../lib/supcon-loss.ts';
import type { ModelSpec, Outputs } from '../widgets/ort-protocol.ts';
import { useHashState } from '../widgets/use-hash-state.ts';
import { useLiveModel } from '../widgets/use-live-model.ts';
import { LiveGate } from '../widgets/LiveGate.tsx';
import { WidgetFrame } from '../widgets/WidgetFrame.tsx';

export const TAUS = ['0.05', '0.06', '0.07', '0.08', '0.1', '0.12', '0.15', '0.2', '0.25', '0.3', '0.4', '0.5', '0.6', '0.7', '0.8', '1'] as const;
export const MODES = ['simclr', 'out', 'in'] as const;
type Mode = (typeof MODES)[number];
const N = 12;
const KEY_STEP = 3;
const KEY_STEP_BIG = 15;
const IMAGE_LETTERS = 'ABCDEF';

interface Props {
  lang: Lang;
  spec: ModelSpec;
  runtimeBytes: number;
  /** baked.json reference_batch: integer angles in degrees, labels, image ids. */
  angles: number[];
  labels: number[];
  views: number[];
}

interface State {
  t: (typeof TAUS)[number];
  a: number;
  m: Mode;
  p: number[];
}

/** Twelve integer angles 0…359 joined by "." (anything else is invalid → the reference batch). */
const angles12: Codec<number[]> = {
  encode: (v) => v.join('.'),
  decode: (raw) => {
    const parts = raw.split('.');
    if (parts.length !== N || !parts.every((x) => /^\d{1,3}$/.test(x))) return undefined;
    const out = parts.map(Number);
    return out.every((x) => x >= 0 && x < 360) ? out : undefined;
  },
};

const norm360 = (a: number) => ((Math.round(a) % 360) + 360) % 360;

/** What the model (or the TS port) returned for one state. */
interface Result {
  key: string;
  /** The inputs these numbers were computed for (a live answer may trail a drag by a frame). */
  angles: number[];
  tau: number;
  lossOut: number;
  lossIn: number;
  lossSimclr: number;
  probs: ArrayLike<number>;
  gradOut: ArrayLike<number>;
  gradIn: ArrayLike<number>;
  live: boolean;
  ms?: number;
}

const stateKey = (angles: number[], tau: string) => `${angles.join('.')}|${tau}`;

/** "L_out" → L<sub>out</sub> (also P_ia, c_ia, X_ip, z_i, Σ_p′…). */
function withSubs(text: string): ReactNode {
  const re = /(?<![A-Za-z])([A-Za-zΣ])_([a-z]+′?)/g;
  const out: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(<Fragment key={m.index}>{m[1]}<sub>{m[2]}</sub></Fragment>);
    last = m.index + m[0].length;
  }
  if (!out.length) return text;
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function shapePath(cls: number, x: number, y: number, r: number): ReactNode {
  if (cls % 3 === 1) return <rect x={x - r * 0.88} y={y - r * 0.88} width={r * 1.76} height={r * 1.76} />;
  if (cls % 3 === 2) {
    const h = r * 1.15;
    return <polygon points={`${x},${y - h} ${x + h * 0.95},${y + h * 0.65} ${x - h * 0.95},${y + h * 0.65}`} />;
  }
  return <circle cx={x} cy={y} r={r} />;
}

export default function WhoIsPositive({ lang, spec, runtimeBytes, angles: refAngles, labels, views }: Props) {
  const s = t(lang).whoIsPositive;
  const defaults: State = useMemo(() => ({ t: '0.1', a: 0, m: 'out', p: refAngles }), [refAngles]);
  const codec = useMemo(() => record({ t: oneOf(TAUS), a: int(0, N - 1), m: oneOf(MODES), p: angles12 }, defaults), [defaults]);
  const [hashState, setHashState] = useHashState<State>('pos', codec, defaults);
  const [st, setSt] = useState<State>(defaults);
  const written = useRef<State | null>(null);
  // Follow the hash (first read after hydration, manual edits); write it back debounced, since
  // dragging changes the state on every frame and history.replaceState is rate-limited.
  useEffect(() => {
    if (hashState !== written.current) setSt(hashState);
  }, [hashState]);
  useEffect(() => {
    if (st === hashState) return;
    const timer = setTimeout(() => {
      written.current = st;
      setHashState(st);
    }, 250);
    return () => clearTimeout(timer);
  }, [st, hashState, setHashState]);

  const live = useLiveModel(spec);
  const tau = Number(st.t);
  const key = stateKey(st.p, st.t);
  const jOf = useMemo(() => otherView(views), [views]);
  const itemName = (i: number) => `${IMAGE_LETTERS[views[i]!] ?? '?'}${i < (jOf[i] ?? 0) ? 1 : 2}`;
  const className = (i: number) => [s.class0, s.class1, s.class2][labels[i]! % 3]!;
  const z = useMemo(() => anglesToZ(st.p), [st.p]);

  // The preview: the float64 port, recomputed synchronously (12 × 12, microseconds).
  const preview: Result = useMemo(() => {
    const r = lossTerms(z, labels, views, tau);
    return { key, angles: st.p, tau, lossOut: r.lossOut, lossIn: r.lossIn, lossSimclr: r.lossSimclr, probs: r.probs, gradOut: r.gradOut, gradIn: r.gradIn, live: false };
  }, [z, labels, views, tau, key, st.p]);

  // ---- live inference: at most one in flight; when it returns, the newest state runs next
  // (intermediate states of a drag are skipped, never queued).
  const [liveResult, setLiveResult] = useState<Result | null>(null);
  const latest = useRef({ angles: st.p, tau: st.t });
  latest.current = { angles: st.p, tau: st.t };
  const liveReady = live.status.state === 'ready';
  const failRef = useRef(live.fail);
  failRef.current = live.fail;
  const pump = useRef<{ schedule: () => void; setActive: (on: boolean) => void } | null>(null);
  if (!pump.current) {
    const id = spec.id;
    const labels64 = BigInt64Array.from(labels.map((x) => BigInt(x)));
    const views64 = BigInt64Array.from(views.map((x) => BigInt(x)));
    let busy = false;
    let queued = false;
    let done = '';
    let cancelled = false;
    const run = async () => {
      queued = false;
      if (busy || cancelled) return;
      const { angles, tau: tauStr } = latest.current;
      const k = stateKey(angles, tauStr);
      if (k === done) return;
      busy = true;
      try {
        const { runModel } = await import('../widgets/ort-client.ts');
        const zf = new Float32Array(N * 2);
        anglesToZ(angles).forEach(([x, y], i) => { zf[2 * i] = x!; zf[2 * i + 1] = y!; });
        const t0 = performance.now();
        const out: Outputs = await runModel(id, {
          z: { dims: [N, 2], dtype: 'float32', data: zf },
          labels: { dims: [N], dtype: 'int64', data: labels64 },
          views: { dims: [N], dtype: 'int64', data: views64 },
          tau: { dims: [1], dtype: 'float32', data: Float32Array.of(Number(tauStr)) },
        });
        const ms = performance.now() - t0;
        done = k;
        setLiveResult({
          key: k,
          angles,
          tau: Number(tauStr),
          lossOut: out.loss_out!.data[0] as number,
          lossIn: out.loss_in!.data[0] as number,
          lossSimclr: out.loss_simclr!.data[0] as number,
          probs: out.probs!.data as Float32Array,
          gradOut: out.grad_weights_out!.data as Float32Array,
          gradIn: out.grad_weights_in!.data as Float32Array,
          live: true,
          ms,
        });
      } catch (e) {
        busy = false;
        failRef.current(e);
        return;
      }
      busy = false;
      // The state moved on while the model ran: run again for the newest one.
      if (stateKey(latest.current.angles, latest.current.tau) !== done) schedule();
    };
    // Posts at once when idle (a pointer move is already frame-aligned, and React renders the
    // answer in the next frame); while busy, the newest state waits for the answer in flight.
    const schedule = () => {
      if (queued || busy) return;
      queued = true;
      queueMicrotask(() => void run());
    };
    pump.current = { schedule, setActive: (on) => { cancelled = !on; } };
  }

  useEffect(() => {
    if (liveReady) pump.current!.schedule();
  }, [liveReady, key]);
  useEffect(() => {
    pump.current!.setActive(true);
    return () => pump.current!.setActive(false);
  }, []);

  // Live numbers once the model has answered (the latest answer, which trails a drag by at most a
  // frame or two); the TS preview otherwise.
  const shown: Result = liveReady && liveResult ? liveResult : preview;
  const anchor = st.a;
  const modeGrad = (a: number): number => {
    if (st.m === 'out') return shown.gradOut[anchor * N + a]!;
    if (st.m === 'in') return shown.gradIn[anchor * N + a]!;
    // SimCLR's coefficients follow from the same P_ia: c_ij = P_ij − 1 for the other view j.
    return a === anchor ? 0 : shown.probs[anchor * N + a]! - (a === jOf[anchor] ? 1 : 0);
  };
  const isPos = (a: number, m: Mode) => a !== anchor && (m === 'simclr' ? a === jOf[anchor] : labels[a] === labels[anchor]);
  const row = Array.from({ length: N }, (_, a) => modeGrad(a));
  const descent = tangentialDescent(anglesToZ(st.p), row, anchor, tau);

  const maxC = Math.max(1e-9, ...row.map(Math.abs));
  const f3 = (v: number) => numberFormat(lang, v, { minimumFractionDigits: 3, maximumFractionDigits: 3 });
  // Gradient weights span orders of magnitude (L_in's are ~1e-3): 3 decimals, or 2 significant
  // digits below 0.01; below 1e-6 the weight is shown as 0.
  const fSigned = (v: number) => Math.abs(v) < 1e-6 ? '0'
    : numberFormat(lang, v, Math.abs(v) >= 0.01 ? { minimumFractionDigits: 3, maximumFractionDigits: 3, signDisplay: 'exceptZero' } : { maximumSignificantDigits: 2, signDisplay: 'exceptZero' });
  // Weights under 1 % of the row's largest are not drawn (circle and table alike).
  const visible = (c: number) => Math.abs(c) / maxC >= 0.01;
  const modeLabel = { simclr: s.modeSimclr, out: s.modeOut, in: s.modeIn }[st.m];

  // ---- interaction
  const svgRef = useRef<SVGSVGElement>(null);
  const drag = useRef<{ i: number; moved: boolean; pointer: number } | null>(null);
  const setAngle = (i: number, deg: number) => setSt((prev) => {
    const v = norm360(deg);
    if (prev.p[i] === v) return prev;
    const p = [...prev.p];
    p[i] = v;
    return { ...prev, p };
  });
  const angleAt = (e: PointerEvent) => {
    const box = svgRef.current!.getBoundingClientRect();
    const x = e.clientX - (box.left + box.width / 2);
    const y = -(e.clientY - (box.top + box.height / 2));
    return (Math.atan2(y, x) * 180) / Math.PI;
  };
  const onPointDown = (i: number) => (e: PointerEvent<SVGGElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    (e.currentTarget as SVGGElement).focus({ preventScroll: true });
    svgRef.current?.setPointerCapture(e.pointerId);
    drag.current = { i, moved: false, pointer: e.pointerId };
  };
  const onSvgMove = (e: PointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    if (!d || d.pointer !== e.pointerId) return;
    const a = angleAt(e);
    if (!d.moved && Math.abs(((a - st.p[d.i]! + 540) % 360) - 180) < 2) return;
    d.moved = true;
    setAngle(d.i, a);
  };
  const onSvgUp = (e: PointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    if (!d || d.pointer !== e.pointerId) return;
    drag.current = null;
    if (!d.moved) setSt((prev) => ({ ...prev, a: d.i }));
  };
  const onPointKey = (i: number) => (e: KeyboardEvent<SVGGElement>) => {
    const step = e.shiftKey ? KEY_STEP_BIG : KEY_STEP;
    const moves: Record<string, number> = { ArrowUp: step, ArrowRight: step, ArrowDown: -step, ArrowLeft: -step, PageUp: KEY_STEP_BIG, PageDown: -KEY_STEP_BIG };
    if (e.key in moves) {
      e.preventDefault();
      setAngle(i, st.p[i]! + moves[e.key]!);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      setSt((prev) => ({ ...prev, a: i }));
    }
  };

  // ---- drawing
  const R = 1;
  const pt = (deg: number, r = R) => [r * Math.cos((deg * Math.PI) / 180), -r * Math.sin((deg * Math.PI) / 180)] as const;
  const head = (x: number, y: number, ux: number, uy: number) => `${x},${y} ${x - 0.09 * ux + 0.05 * uy},${y - 0.09 * uy - 0.05 * ux} ${x - 0.09 * ux - 0.05 * uy},${y - 0.09 * uy + 0.05 * ux}`;

  const lossMax = Math.max(shown.lossOut, shown.lossIn, shown.lossSimclr, 1e-9);
  const jensenOk = shown.lossIn <= shown.lossOut + 1e-6;
  const simclrPos = itemName(jOf[anchor]!);
  const supconPos = Array.from({ length: N }, (_, a) => a).filter((a) => isPos(a, 'out')).map(itemName).join(', ');
  const liveJson = shown.live ? JSON.stringify({
    angles: shown.angles, tau: shown.tau, anchor,
    loss_out: shown.lossOut, loss_in: shown.lossIn, loss_simclr: shown.lossSimclr,
    grad_weights_out: Array.from({ length: N }, (_, a) => shown.gradOut[anchor * N + a]),
    grad_weights_in: Array.from({ length: N }, (_, a) => shown.gradIn[anchor * N + a]),
    probs: Array.from({ length: N }, (_, a) => shown.probs[anchor * N + a]),
  }) : undefined;
  // Announced only once the state settles (the debounced hash state), not on every drag frame.
  const settled = hashState === st;
  const summary = settled ? fmt(s.summary, { name: itemName(anchor), tau: numberFormat(lang, tau), lout: f3(shown.lossOut), lin: f3(shown.lossIn), ls: f3(shown.lossSimclr) }) : '';
  const tauIndex = TAUS.indexOf(st.t);

  return (
    <WidgetFrame name="supcon-positives" className="supcon-positives" titleId={`wip-title-${lang}`} title={s.title} intro={s.intro}>
        <div className="widget-controls">
          <label className="field">
            {s.anchor}
            <select name="anchor" value={anchor} onChange={(e) => setSt({ ...st, a: Number(e.target.value) })}>
              {labels.map((_, i) => <option key={i} value={i}>{fmt(s.itemOption, { name: itemName(i), cls: className(i) })}</option>)}
            </select>
          </label>
          <label className="field wip-tau">
            <span>{s.tau}: <output data-tau>{fmt(s.tauValue, { tau: numberFormat(lang, tau) })}</output></span>
            <input type="range" name="tau" min={0} max={TAUS.length - 1} step={1} value={tauIndex}
              aria-valuetext={fmt(s.tauValue, { tau: numberFormat(lang, tau) })}
              onChange={(e) => setSt({ ...st, t: TAUS[Number(e.target.value)] ?? '0.1' })} />
          </label>
          <div className="field">
            <span id={`wip-mode-${lang}`}>{s.mode}</span>
            <div className="wip-modes" role="group" aria-labelledby={`wip-mode-${lang}`}>
              {MODES.map((m) => (
                <button key={m} type="button" aria-pressed={st.m === m} data-mode={m} onClick={() => setSt({ ...st, m })}>
                  {withSubs({ simclr: s.modeSimclr, out: s.modeOut, in: s.modeIn }[m])}
                </button>
              ))}
            </div>
          </div>
          <button type="button" data-reset onClick={() => setSt({ ...st, p: refAngles })}>{s.reset}</button>
        </div>

        <div className="wip-panes">
          <div className="wip-stage">
            <svg ref={svgRef} viewBox="-1.55 -1.55 3.1 3.1" role="group" aria-label={fmt(s.circleLabel, { name: itemName(anchor) })}
              onPointerMove={onSvgMove} onPointerUp={onSvgUp} onPointerCancel={onSvgUp} data-circle>
              <circle className="wip-ring" cx={0} cy={0} r={R} />
              <g aria-hidden="true">
                {row.map((c, a) => {
                  // A radial bar inside the circle under each item: length = |c_ia| relative to the
                  // row's largest, solid green = pulls the anchor, dashed red = pushes it away.
                  if (a === anchor || !visible(c)) return null;
                  const [x1, y1] = pt(st.p[a]!, 0.86);
                  const [x2, y2] = pt(st.p[a]!, 0.86 - 0.56 * (Math.abs(c) / maxC));
                  return <line key={a} className={c < 0 ? 'wip-pull' : 'wip-push'} x1={x1} y1={y1} x2={x2} y2={y2} />;
                })}
              </g>
              {st.p.map((deg, i) => {
                const [x, y] = pt(deg);
                const [lx, ly] = pt(deg, i < (jOf[i] ?? 0) ? 1.24 : 1.42);
                const role = i === anchor ? s.roleAnchor : isPos(i, st.m) ? s.rolePositive : s.roleNegative;
                const cls = labels[i]! % 3;
                return (
                  <g key={i} className={`wip-pt wip-c${cls}${i === anchor ? ' is-anchor' : ''}${isPos(i, st.m) ? ' is-pos' : ''}`}
                    data-item={i} tabIndex={0} role="slider" aria-valuemin={0} aria-valuemax={359} aria-valuenow={deg}
                    aria-valuetext={`${deg}°`} aria-label={fmt(s.pointLabel, { name: itemName(i), cls: className(i), role })}
                    aria-describedby={`wip-hint-${lang}`}
                    onPointerDown={onPointDown(i)} onKeyDown={onPointKey(i)}>
                    {i === anchor && <circle className="wip-anchor-ring" cx={x} cy={y} r={0.15} />}
                    {isPos(i, st.m) && <circle className="wip-pos-ring" cx={x} cy={y} r={0.13} />}
                    <circle className="wip-hit" cx={x} cy={y} r={0.16} />
                    <g className="wip-shape">{shapePath(cls, x, y, 0.075)}</g>
                    <text x={lx} y={ly} className="wip-label" textAnchor="middle" dominantBaseline="central">{itemName(i)}</text>
                  </g>
                );
              })}
              {Math.abs(descent) > 1e-6 && (() => {
                // Where one descent step moves the anchor: an arc just outside the circle, from the
                // anchor's ring onwards, 6°–36° long (tanh of the tangential rate × τ).
                const dir = Math.sign(descent);
                const a0 = st.p[anchor]! + dir * 9;
                const a1 = a0 + dir * (6 + 30 * Math.tanh(Math.abs(descent) * tau));
                const r = 1.12;
                const [x0, y0] = pt(a0, r);
                const [x1, y1] = pt(a1, r);
                // Unit tangent at the arc's end, in the direction of travel (SVG y points down).
                const rad = (a1 * Math.PI) / 180;
                const ux = -Math.sin(rad) * dir;
                const uy = -Math.cos(rad) * dir;
                return (
                  <g className="wip-arrow" aria-hidden="true" data-descent={descent}>
                    <path d={`M ${x0} ${y0} A ${r} ${r} 0 0 ${dir > 0 ? 0 : 1} ${x1} ${y1}`} />
                    <polygon points={head(x1 + ux * 0.06, y1 + uy * 0.06, ux, uy)} />
                  </g>
                );
              })()}
            </svg>
            <p className="small muted" id={`wip-hint-${lang}`}>{s.pointHint}</p>
          </div>

          <div className="wip-side">
            <p className="pane-title">{s.lossesTitle}</p>
            <dl className="wip-losses" data-losses={shown.live ? 'live' : 'preview'} {...(liveJson ? { 'data-live-output': liveJson, 'data-live-ms': (shown.ms ?? 0).toFixed(2) } : {})}>
              {([['loss_out', 'L_out', shown.lossOut], ['loss_in', 'L_in', shown.lossIn], ['loss_simclr', 'SimCLR', shown.lossSimclr]] as const).map(([id, label, v]) => (
                <div key={id} className={`wip-loss wip-${id}`}>
                  <dt>{withSubs(label)}</dt>
                  <dd>
                    <span className="wip-bar" style={{ width: `${Math.max(0.5, (v / lossMax) * 100)}%` }} aria-hidden="true" />
                    <span className="wip-val" data-value={v}>{f3(v)}</span>
                  </dd>
                </div>
              ))}
            </dl>
            <p className="small" data-jensen={jensenOk ? 'ok' : 'violated'}>{withSubs(fmt(s.jensen, { lin: f3(shown.lossIn), lout: f3(shown.lossOut) }))}</p>
            <p className={`small wip-source ${shown.live ? 'is-live' : ''}`} data-source={shown.live ? 'live' : 'preview'}>
              {shown.live ? s.sourceLive : s.sourceJs}{shown.live && shown.ms !== undefined && <> {fmt(s.liveLatency, { ms: numberFormat(lang, shown.ms, { maximumFractionDigits: 1 }) })}</>}
            </p>
            <p className="small">{fmt(s.anchorLine, { name: itemName(anchor), cls: className(anchor), simclr: simclrPos, supcon: supconPos })}</p>
            <p className="small muted wip-legend">
              <span className="wip-key wip-key-pull" aria-hidden="true" /> {s.pull}
              <span className="wip-key wip-key-push" aria-hidden="true" /> {s.push}
              {' · '}{s.classes}: {[0, 1, 2].map((c) => <span key={c} className={`wip-legend-cls wip-c${c}`}><svg viewBox="-0.1 -0.1 0.2 0.2" aria-hidden="true"><g className="wip-shape">{shapePath(c, 0, 0, 0.075)}</g></svg> {[s.class0, s.class1, s.class2][c]}</span>)}
            </p>
          </div>
        </div>

        <p className="small muted">{s.dragHint}</p>

        <h4 className="wip-grad-title">{withSubs(fmt(s.gradTitle, { mode: modeLabel }))}</h4>
        <div className="scroll-x" tabIndex={0} role="region" aria-label={fmt(s.tableCaption, { name: itemName(anchor), mode: modeLabel })}>
          <table className="wip-table">
            <caption className="sr-only">{fmt(s.tableCaption, { name: itemName(anchor), mode: modeLabel })}</caption>
            <thead>
              <tr>
                <th scope="col">{s.colItem}</th>
                <th scope="col">{s.colAngle}</th>
                <th scope="col">{s.colSimclr}</th>
                <th scope="col">{s.colSupcon}</th>
                <th scope="col">{withSubs(s.colP)}</th>
                <th scope="col">{withSubs(s.colC)}</th>
                <th scope="col">{s.colEffect}</th>
              </tr>
            </thead>
            <tbody>
              {st.p.map((deg, a) => {
                const c = row[a]!;
                const role = (m: Mode) => (a === anchor ? s.roleAnchor : isPos(a, m) ? s.rolePositive : s.roleNegative);
                return (
                  <tr key={a} data-row={a} className={a === anchor ? 'is-anchor' : ''}>
                    <th scope="row"><span className={`wip-dot wip-c${labels[a]! % 3}`} aria-hidden="true" />{itemName(a)} <span className="muted wip-cls-name">({className(a)})</span></th>
                    <td>{deg}°</td>
                    <td className={isPos(a, 'simclr') ? 'wip-is-pos' : ''}>{role('simclr')}</td>
                    <td className={isPos(a, 'out') ? 'wip-is-pos' : ''}>{role('out')}</td>
                    <td>{a === anchor ? s.none : f3(shown.probs[anchor * N + a]!)}</td>
                    <td data-c={a === anchor ? '' : c}>{a === anchor ? s.none : fSigned(c)}</td>
                    <td className="wip-effect">
                      {a === anchor ? s.none : (
                        <span className="wip-diverge">
                          <span className={`wip-cbar ${c < 0 ? 'pull' : 'push'}`} style={{ width: `${visible(c) ? (Math.abs(c) / maxC) * 50 : 0}%`, [c < 0 ? 'right' : 'left']: '50%' }} aria-hidden="true" />
                          <span className="wip-effect-text">{!visible(c) ? s.none : c < 0 ? s.pull : s.push}</span>
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p className="small">{withSubs(s.gradNote)} {s.arrowNote}</p>

        <div className="no-print">
          <LiveGate lang={lang} status={live.status} downloadBytes={spec.bytes + runtimeBytes} onStart={() => void live.start()} />
        </div>
        <p className="sr-only" aria-live="polite">{summary}</p>
    </WidgetFrame>
  );
}
