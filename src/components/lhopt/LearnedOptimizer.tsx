// Three training runs of the same tiny network side by side: Adam with a constant learning rate, a
// hand-made cosine schedule, and Adam steered by the learned controller (a 7→16→16→5 MLP exported
// from training/lhopt_controller.py). Before live mode the widget shows the runs baked by Python;
// in live mode the training step runs here in TypeScript (src/lib/lhopt-train.ts, in
// requestAnimationFrame chunks) and every 10 steps the controller is asked, through the shared
// onnxruntime worker, how to change the learning rate.
import { useCallback, useEffect, useRef, useState } from 'react';
import { t, fmt, formatBytes, numberFormat, type Lang } from '../../i18n/index.ts';
import { ACTIONS, LR_MAX_FACTOR, LR_MIN_FACTOR, Run, argmax, clampLr, type Schedule } from '../../lib/lhopt-train.ts';
import type { ModelSpec } from '../widgets/ort-protocol.ts';
import { useLiveModel } from '../widgets/use-live-model.ts';
import { LiveGate } from '../widgets/LiveGate.tsx';
import { WidgetFrame } from '../widgets/WidgetFrame.tsx';

export type Family = 'moons' | 'circles' | 'xor' | 'blobs' | 'spiral';
export interface Decision { step: number; features: number[]; action: number }
export interface BakedTask {
  family: Family;
  seed: number;
  x: [number, number][];
  y: number[];
  speedup: number;
  fixedStepsToMatch: number | null;
  /** Loss curves L_0..L_T of the three runs (rounded). */
  loss: Record<Schedule, number[]>;
  decisions: Decision[];
}
export interface TaskConfig { steps: number; every: number; lrFixed: number; lrCosine: number; longFactor: number }

interface Props {
  lang: Lang;
  spec: ModelSpec;
  runtimeBytes: number;
  config: TaskConfig;
  tasks: BakedTask[];
}

const SCHEDULES: Schedule[] = ['adam', 'cosine', 'controller'];
const RATE = 60; // steps a second at normal speed
const SLOW_RATE = 6; // in slow motion
const MAX_PER_FRAME = 12; // a late frame (a slow or busy machine) catches up, in small chunks

interface LiveState {
  runs: Record<Schedule, Run>;
  decisions: Decision[];
}

function makeRuns(task: BakedTask, seed: number, config: TaskConfig): LiveState {
  const mk = (s: Schedule) => new Run(task, seed, s === 'cosine' ? config.lrCosine : config.lrFixed, s, config.steps);
  return { runs: { adam: mk('adam'), cosine: mk('cosine'), controller: mk('controller') }, decisions: [] };
}

/** LR at every step implied by a schedule (for the baked view: constant, cosine, or the decisions). */
function bakedLrs(s: Schedule, config: TaskConfig, decisions: Decision[]): number[] {
  const T = config.steps;
  if (s === 'adam') return Array.from({ length: T }, () => config.lrFixed);
  if (s === 'cosine') return Array.from({ length: T }, (_, i) => config.lrCosine * 0.5 * (1 + Math.cos(Math.PI * i / T)));
  const out: number[] = [];
  let lr = config.lrFixed;
  let d = 0;
  for (let i = 0; i < T; i++) {
    if (decisions[d] && decisions[d]!.step === i) {
      lr = clampLr(lr * ACTIONS[decisions[d]!.action]!, config.lrFixed);
      d++;
    }
    out.push(lr);
  }
  return out;
}

export default function LearnedOptimizer({ lang, spec, runtimeBytes, config, tasks }: Props) {
  const s = t(lang).lhopt;
  const live = useLiveModel(spec);
  const [taskIndex, setTaskIndex] = useState(0);
  const task = tasks[taskIndex]!;
  const [seed, setSeed] = useState(task.seed);
  const [playing, setPlaying] = useState(false);
  const [slow, setSlow] = useState(false);
  const [, setTick] = useState(0);
  const state = useRef<LiveState | null>(null);
  const busy = useRef(false);
  const [ups, setUps] = useState<number | null>(null);
  const isLive = live.status.state === 'ready';
  const rerender = useCallback(() => setTick((n) => n + 1), []);

  const reset = useCallback((nextSeed: number, taskI = taskIndex) => {
    state.current = makeRuns(tasks[taskI]!, nextSeed, config);
    setUps(null);
    rerender();
  }, [config, tasks, taskIndex, rerender]);

  // Ask the controller (ONNX, in the shared worker) for one decision; resolves to the action index.
  const decide = useCallback(async (st: LiveState) => {
    const run = st.runs.controller;
    const features = run.features(config.every);
    const { runModel } = await import('../widgets/ort-client.ts');
    const out = await runModel(spec.id, { features: { dims: [1, features.length], dtype: 'float32', data: Float32Array.from(features) } });
    const action = argmax(out.logits!.data as Float32Array);
    st.decisions.push({ step: run.step, features, action });
    run.applyAction(action);
  }, [config.every, spec.id]);

  /** One lock-step update of the three runs (asks the controller first when it is due). */
  const stepOnce = useCallback(async (st: LiveState) => {
    if (st.runs.controller.needsDecision) await decide(st);
    for (const sch of SCHEDULES) st.runs[sch].advance();
  }, [decide]);

  // The animation loop, paced by the clock: RATE steps a second (SLOW_RATE in slow motion). A late
  // frame catches up with up to MAX_PER_FRAME steps; a controller decision is awaited without
  // blocking the page (the next frames simply wait for it).
  useEffect(() => {
    if (!playing || !isLive) return;
    let raf = 0;
    let stopped = false;
    const rate = slow ? SLOW_RATE : RATE;
    const t0 = performance.now();
    let taken = 0;
    const loop = () => {
      if (stopped) return;
      const st = state.current;
      if (!st || st.runs.adam.done) { setPlaying(false); return; }
      const due = Math.min(MAX_PER_FRAME, Math.floor(((performance.now() - t0) * rate) / 1000) + 1 - taken);
      if (!busy.current && due > 0) {
        busy.current = true;
        (async () => {
          for (let i = 0; i < due && !st.runs.adam.done && !stopped; i++) {
            await stepOnce(st);
            taken++;
          }
        })().then(rerender, (e) => { live.fail(e); setPlaying(false); }).finally(() => { busy.current = false; });
      }
      raf = requestAnimationFrame(loop);
    };
    raf = requestAnimationFrame(loop);
    return () => { stopped = true; cancelAnimationFrame(raf); };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [playing, isLive, slow, stepOnce]);

  // Updates per second while playing at normal speed, measured on the wall clock.
  const wall = useRef<{ t: number; steps: number } | null>(null);
  useEffect(() => {
    if (!playing || slow || !isLive) { wall.current = null; return; }
    const id = window.setInterval(() => {
      const st = state.current;
      if (!st) return;
      const now = performance.now();
      const steps = st.runs.adam.step;
      if (wall.current && now > wall.current.t && steps > wall.current.steps) setUps((steps - wall.current.steps) / ((now - wall.current.t) / 1000));
      if (!wall.current) wall.current = { t: now, steps };
    }, 500);
    return () => window.clearInterval(id);
  }, [playing, slow, isLive]);

  // Going live: fresh runs of the chosen task, and they start playing unless the reader prefers
  // reduced motion (then Play or Step drives them).
  useEffect(() => {
    if (!isLive) return;
    reset(seed);
    const reduce = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
    setPlaying(!reduce);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [isLive]);

  const chooseTask = (i: number) => {
    setTaskIndex(i);
    setSeed(tasks[i]!.seed);
    setPlaying(false);
    if (isLive) reset(tasks[i]!.seed, i);
  };
  const onStep = () => {
    const st = state.current;
    if (!st || busy.current || st.runs.adam.done) return;
    setPlaying(false);
    busy.current = true;
    stepOnce(st).then(rerender, (e) => live.fail(e)).finally(() => { busy.current = false; });
  };
  const onReset = () => { setPlaying(false); reset(seed); };
  const onNewSeed = () => {
    const next = (seed * 1103515245 + 12345) % 2147483647 || 1;
    setSeed(next);
    setPlaying(false);
    reset(next);
  };

  // What the charts show: live runs when live, otherwise the baked Python runs.
  const st = state.current;
  const showLive = isLive && st !== null;
  const losses: Record<Schedule, number[]> = showLive
    ? { adam: st!.runs.adam.losses, cosine: st!.runs.cosine.losses, controller: st!.runs.controller.losses }
    : task.loss;
  const lrs: Record<Schedule, number[]> = showLive
    ? { adam: st!.runs.adam.lrs, cosine: st!.runs.cosine.lrs, controller: st!.runs.controller.lrs }
    : { adam: bakedLrs('adam', config, task.decisions), cosine: bakedLrs('cosine', config, task.decisions), controller: bakedLrs('controller', config, task.decisions) };
  const decisions = showLive ? st!.decisions : task.decisions;
  const step = showLive ? st!.runs.adam.step : config.steps;
  const latest = decisions[decisions.length - 1];
  const nf = (v: number, d = 3) => numberFormat(lang, v, { maximumSignificantDigits: d });
  const last = (a: number[]) => a[a.length - 1] ?? NaN;
  const done = showLive ? st!.runs.adam.done : true;

  const liveOutput = showLive
    ? JSON.stringify({ step, loss: SCHEDULES.map((k) => last(losses[k])), lr: SCHEDULES.map((k) => last(lrs[k]) ?? null), decisions: st!.decisions })
    : undefined;

  const summary = fmt(s.summary, {
    step, total: config.steps,
    adam: nf(last(losses.adam)), cosine: nf(last(losses.cosine)), controller: nf(last(losses.controller)),
    decisions: decisions.length,
  });

  return (
    <WidgetFrame name="lhopt-race" className="lhopt-race" titleId="lhopt-race-title" title={s.title} intro={s.intro}>
      <div className="widget-controls lhopt-controls">
        <label className="field">
          {s.task}
          <select value={taskIndex} onChange={(e) => chooseTask(Number(e.target.value))} name="task">
            {tasks.map((tk, i) => <option key={i} value={i}>{s.families[tk.family]}{tk.family === 'spiral' ? s.unseen : ''}</option>)}
          </select>
        </label>
        {isLive && (
          <div className="lhopt-buttons" role="group" aria-label={s.controls}>
            <button type="button" onClick={() => setPlaying((p) => !p)} disabled={done} aria-pressed={playing} data-lhopt="play">
              {playing ? s.pause : s.play}
            </button>
            <button type="button" onClick={onStep} disabled={done} data-lhopt="step">{s.step}</button>
            <button type="button" onClick={() => setSlow((v) => !v)} aria-pressed={slow} data-lhopt="slow">{s.slow}</button>
            <button type="button" onClick={onReset} data-lhopt="reset">{s.reset}</button>
            <button type="button" onClick={onNewSeed} data-lhopt="seed">{s.newSeed}</button>
          </div>
        )}
      </div>

      <div className="lhopt-panes">
        <TaskScatter task={task} label={fmt(s.scatterLabel, { family: s.families[task.family], n: task.y.length })} />
        <div className="lhopt-status">
          <p className="small">
            <strong>{fmt(s.stepOf, { step, total: config.steps })}</strong>{' '}
            {showLive ? fmt(s.seedLine, { seed }) : s.bakedNote}
          </p>
          {showLive && ups !== null && (
            <p className="small muted" data-updates-per-second={ups.toFixed(1)}>{fmt(s.ups, { n: numberFormat(lang, ups, { maximumFractionDigits: 0 }) })}</p>
          )}
          {!showLive && (
            <p className="small">{task.fixedStepsToMatch === null
              ? fmt(s.notReached, { long: config.steps * config.longFactor })
              : fmt(s.speedupLine, { n: task.fixedStepsToMatch, steps: config.steps, x: nf(task.speedup) })}</p>
          )}
        </div>
      </div>

      <Legend lang={lang} />
      <LineChart lang={lang} series={losses} total={config.steps} log yLabel={s.axisLoss}
        label={fmt(s.lossChartLabel, { step, adam: nf(last(losses.adam)), cosine: nf(last(losses.cosine)), controller: nf(last(losses.controller)) })}
        title={s.lossChart} marks={decisions.map((d) => d.step)} />
      <LineChart lang={lang} series={lrs} total={config.steps} log yLabel={s.axisLr}
        label={fmt(s.lrChartLabel, { controller: nf(last(lrs.controller) ?? config.lrFixed), fixed: nf(config.lrFixed), cosine: nf(config.lrCosine) })}
        title={s.lrChart} marks={decisions.map((d) => d.step)} domain={[config.lrFixed * LR_MIN_FACTOR, config.lrFixed * LR_MAX_FACTOR]} />

      <div className="lhopt-decision" {...(liveOutput ? { 'data-live-output': liveOutput } : {})}>
        <p className="pane-title">{latest ? fmt(s.latestDecision, { step: latest.step, action: actionLabel(lang, latest.action) }) : s.noDecision}</p>
        {latest && (
          <ul className="lhopt-features" aria-label={s.featuresCaption}>
            {latest.features.map((v, k) => (
              <li key={k}>
                <span className="name">{s.features[k]}</span>
                <span className="bar-track" aria-hidden="true"><span className={`bar ${v < 0 ? 'neg' : 'pos'}`} style={barStyle(v)} /></span>
                <span className="num">{numberFormat(lang, v, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}</span>
              </li>
            ))}
          </ul>
        )}
      </div>

      <details className="data-table">
        <summary>{s.decisionsCaption}</summary>
        <div className="scroll-x" tabIndex={0} role="region" aria-label={s.decisionsCaption}>
          <table className="lhopt-table">
            <thead><tr><th scope="col">{s.stepCol}</th><th scope="col">{s.actionCol}</th>{s.featuresShort.map((f, k) => <th key={k} scope="col">{f}</th>)}</tr></thead>
            <tbody>
              {decisions.map((d) => (
                <tr key={d.step}><th scope="row">{d.step}</th><td>{actionLabel(lang, d.action)}</td>
                  {d.features.map((v, k) => <td key={k}>{numberFormat(lang, v, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <details className="data-table">
        <summary>{s.lossTableCaption}</summary>
        <div className="scroll-x" tabIndex={0} role="region" aria-label={s.lossTableCaption}>
          <table className="lhopt-table">
            <thead><tr><th scope="col">{s.stepCol}</th>{SCHEDULES.map((k) => <th key={k} scope="col">{s.runs[k]}</th>)}</tr></thead>
            <tbody>
              {losses.adam.map((_, i) => (i % 20 === 0 || i === losses.adam.length - 1) && (
                <tr key={i}><th scope="row">{i}</th>{SCHEDULES.map((k) => <td key={k}>{nf(losses[k][i] ?? NaN, 4)}</td>)}</tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>

      <div className="no-print">
        <LiveGate lang={lang} status={live.status} downloadBytes={spec.bytes + runtimeBytes} onStart={() => void live.start()}
          hint={fmt(s.runLiveHint, { size: formatBytes(lang, spec.bytes + runtimeBytes) })} />
      </div>
      <p className="sr-only" aria-live="polite">{done || !playing ? summary : ''}</p>
    </WidgetFrame>
  );
}

function actionLabel(lang: Lang, a: number): string {
  const labels = t(lang).lhopt.actions;
  return labels[a] ?? String(a);
}

function barStyle(v: number): { left: string; width: string } {
  const c = Math.max(-1, Math.min(1, v));
  const w = Math.abs(c) * 50;
  return { left: `${c < 0 ? 50 - w : 50}%`, width: `${Math.max(w, 0.5)}%` };
}

function Legend({ lang }: { lang: Lang }) {
  const s = t(lang).lhopt;
  return (
    <ul className="lhopt-legend" aria-hidden="true">
      {SCHEDULES.map((k, i) => (
        <li key={k} className={`s${i}`}>
          <svg width="28" height="10" className="swatch"><line x1="1" y1="5" x2="27" y2="5" strokeDasharray={DASH[i]} /></svg>
          {s.runs[k]}
        </li>
      ))}
    </ul>
  );
}

const DASH = ['', '6 4', '2 3'];
const W = 560;
const H = 190;
const PAD = { l: 52, r: 20, t: 8, b: 30 };

function LineChart({ lang, series, total, log, yLabel, label, title, marks, domain }: {
  lang: Lang; series: Record<Schedule, number[]>; total: number; log: boolean; yLabel: string; label: string; title: string; marks: number[];
  /** Fixed y range (values outside are drawn at the edge); otherwise the data's range. */
  domain?: [number, number];
}) {
  const all = SCHEDULES.flatMap((k) => series[k]).filter((v) => Number.isFinite(v) && v > 0);
  let lo = domain ? domain[0] : all.length ? Math.min(...all) : 1e-3;
  let hi = domain ? domain[1] : all.length ? Math.max(...all) : 1;
  if (hi / lo < 1.5) { lo /= 1.25; hi *= 1.25; }
  const f = (v: number) => (log ? Math.log10(v) : v);
  const y0 = f(lo);
  const y1 = f(hi);
  const x = (i: number) => PAD.l + (i / total) * (W - PAD.l - PAD.r);
  const y = (v: number) => PAD.t + (1 - (f(Math.min(Math.max(v, lo), hi)) - y0) / (y1 - y0 || 1)) * (H - PAD.t - PAD.b);
  // Log-scale ticks at 1 and 3 per decade; a narrow range (under a decade) gets finer ones.
  const tickSet = (mantissas: number[]) => {
    const out: number[] = [];
    for (let e = Math.floor(y0) - 1; e <= Math.ceil(y1); e++) {
      for (const m of mantissas) {
        const v = Number((m * 10 ** e).toPrecision(3));
        if (v >= lo * 0.999 && v <= hi * 1.001) out.push(v);
      }
    }
    return out;
  };
  let ticks = tickSet([1, 3]);
  if (ticks.length < 3) ticks = tickSet([1, 1.5, 2, 3, 5, 7]);
  return (
    <figure className="lhopt-chart">
      <figcaption className="pane-title">{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
        <g className="grid">
          {ticks.map((v) => <line key={v} x1={PAD.l} x2={W - PAD.r} y1={y(v)} y2={y(v)} />)}
        </g>
        {ticks.map((v) => <text key={v} x={PAD.l - 4} y={y(v) + 4} textAnchor="end">{numberFormat(lang, v, { maximumSignificantDigits: 2 })}</text>)}
        {marks.map((m) => <line key={m} className="mark" x1={x(m)} x2={x(m)} y1={H - PAD.b} y2={H - PAD.b + 5} />)}
        {[0, total / 2, total].map((v) => <text key={v} x={x(v)} y={H - 8} textAnchor="middle">{numberFormat(lang, v)}</text>)}
        <text className="axis" x={PAD.l} y={PAD.t + 10} dx={6}>{yLabel}</text>
        {SCHEDULES.map((k, i) => (
          <polyline key={k} className={`line s${i}`} strokeDasharray={DASH[i]}
            points={series[k].map((v, j) => `${x(j).toFixed(1)},${y(v).toFixed(1)}`).join(' ')} />
        ))}
      </svg>
    </figure>
  );
}

function TaskScatter({ task, label }: { task: BakedTask; label: string }) {
  const xs = task.x.map((p) => p[0]);
  const ys = task.x.map((p) => p[1]);
  const m = Math.max(...xs.map(Math.abs), ...ys.map(Math.abs)) * 1.08 || 1;
  return (
    <svg className="lhopt-scatter" viewBox="-1 -1 2 2" role="img" aria-label={label}>
      <rect x={-1} y={-1} width={2} height={2} className="frame" />
      {task.x.map((p, i) => task.y[i]
        ? <rect key={i} className="c1" x={p[0] / m - 0.035} y={-p[1] / m - 0.035} width={0.07} height={0.07} />
        : <circle key={i} className="c0" cx={p[0] / m} cy={-p[1] / m} r={0.04} />)}
    </svg>
  );
}
