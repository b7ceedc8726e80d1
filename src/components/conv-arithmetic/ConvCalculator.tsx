// "A calculator that proves itself": a layer stack whose shapes, receptive field and jump come from
// the formulas in src/lib/conv-arithmetic.ts; one click runs the very same stack as a real ONNX
// graph in onnxruntime-web and puts the runtime's shapes beside the formula's.
import { useEffect, useMemo, useRef, useState } from 'react';
import { t, fmt, formatBytes, numberFormat, type Lang } from '../../i18n/index.ts';
import { analyseStack, PRESETS, LIMITS, type Dims, type Layer, type LayerIssue, type StackRow } from '../../lib/conv-arithmetic.ts';
import { useHashState } from '../widgets/use-hash-state.ts';
import { useLiveModel } from '../widgets/use-live-model.ts';
import { LiveGate } from '../widgets/LiveGate.tsx';
import { WidgetFrame } from '../widgets/WidgetFrame.tsx';
import { isLoadError } from '../widgets/ort-protocol.ts';
import { calcCodec, newLayer, presetState, type CalcState } from './calc-state.ts';

interface Props {
  lang: Lang;
  preset: string;
  /** Bytes of onnxruntime-web's wasm + loader (nothing else is downloaded: the graph is built here). */
  runtimeBytes: number;
  /** Distinguishes several calculators on one page in the URL hash. */
  hashKey?: string;
}

type Runtime = { key: string; dims: (Dims | null)[]; refused?: string; tooLarge?: boolean } | null;

/** Inputs above this many cells are not run live: 24 float32 outputs of 4096² would exhaust wasm memory. */
const MAX_LIVE_CELLS = 1 << 20;

const OPS: Layer['op'][] = ['conv', 'convT', 'maxpool', 'avgpool'];
const dimsText = (d: Dims | null | undefined) => (d ? d.join('×') : '—');
const sameDims = (a: Dims | null | undefined, b: Dims | null | undefined) => !!a && !!b && a.length === b.length && a.every((x, i) => x === b[i]);

/** Runs a one-layer identity graph, so "ready" means the wasm runtime really started. */
async function warmupRuntime(): Promise<void> {
  const [{ buildStackModel }, { runGraph }] = await Promise.all([import('../../lib/onnx-graph.ts'), import('../widgets/ort-client.ts')]);
  const identity = buildStackModel([1], [{ op: 'maxpool', k: 1, s: 1, p: 0, d: 1, outPad: 0, ceil: false }], 22);
  await runGraph(identity, { x: { dims: [1, 1, 1], dtype: 'float32', data: new Float32Array(1) } });
}

export function issueText(lang: Lang, issue: LayerIssue): string {
  return fmt(t(lang).convCalc.issues[issue.code], issue.params);
}

export default function ConvCalculator({ lang, preset, runtimeBytes, hashKey = 'calc' }: Props) {
  const s = t(lang).convCalc;
  const fallback = useMemo(() => presetState(preset), [preset]);
  const codec = useMemo(() => calcCodec(fallback), [fallback]);
  const [state, setState] = useHashState<CalcState>(hashKey, codec, fallback);
  const rows = useMemo(() => analyseStack(state.input, state.layers), [state]);
  const live = useLiveModel(null, warmupRuntime);
  const [runtime, setRuntime] = useState<Runtime>(null);
  const stateKey = codec.encode(state);
  const matchedPreset = PRESETS.find((p) => codec.encode(presetState(p.id)) === stateKey)?.id ?? '';

  // Once live, every change of the stack re-runs it in onnxruntime-web (debounced).
  const latestKey = useRef(stateKey);
  latestKey.current = stateKey;
  useEffect(() => {
    if (live.status.state !== 'ready') return;
    const valid = rows.filter((r) => r.out !== null);
    if (!valid.length) {
      setRuntime({ key: stateKey, dims: [] });
      return;
    }
    if (state.input.reduce((a, b) => a * b, 1) > MAX_LIVE_CELLS) {
      setRuntime({ key: stateKey, dims: [], tooLarge: true });
      return;
    }
    const timer = setTimeout(async () => {
      try {
        const [{ buildStackModel }, { runGraph }] = await Promise.all([import('../../lib/onnx-graph.ts'), import('../widgets/ort-client.ts')]);
        const layers = valid.map((r) => r.layer);
        // Opset 22: its shape inference knows PyTorch's ceil_mode rule (see onnx-graph.ts).
        const model = buildStackModel(state.input, layers, 22);
        const size = state.input.reduce((a, b) => a * b, 1);
        const outputs = await runGraph(model, { x: { dims: [1, 1, ...state.input], dtype: 'float32', data: new Float32Array(size) } });
        if (latestKey.current !== stateKey) return;
        setRuntime({ key: stateKey, dims: layers.map((_, i) => outputs[`layer_${i}`]?.dims.slice(2) ?? null) });
      } catch (e) {
        if (latestKey.current !== stateKey) return;
        // The runtime itself refusing a stack PyTorch accepts is a finding to show, not a crash.
        if (isLoadError(e) && e.kind === 'inference') setRuntime({ key: stateKey, dims: [], refused: e.detail });
        else live.fail(e);
      }
    }, 120);
    return () => clearTimeout(timer);
    // rows and state are derived from stateKey.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live.status.state, stateKey]);

  const current = runtime && runtime.key === stateKey ? runtime : null;
  const setLayers = (layers: Layer[]) => setState({ ...state, layers });
  const updateLayer = (i: number, patch: Partial<Layer>) => setLayers(state.layers.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const invalid = rows.find((r) => r.issues.length);
  const last = [...rows].reverse().find((r) => r.out !== null);
  const mismatches = current && !current.refused && !current.tooLarge ? rows.filter((r, i) => r.out && !sameDims(r.out, current.dims[i])).length : 0;

  let summary: string;
  if (!state.layers.length) summary = s.empty;
  else if (invalid) summary = fmt(s.summaryInvalid, { n: invalid.index + 1, why: issueText(lang, invalid.issues[0]!) });
  else if (last && last.rf !== null) summary = fmt(s.summary, { out: dimsText(last.out), rf: last.rf, jump: last.jump ?? '—' });
  else summary = fmt(s.summaryNoRf, { out: dimsText(last?.out) });
  if (current?.refused) summary += ' ' + fmt(s.runtimeRefused, { detail: current.refused });
  else if (current?.tooLarge) summary += ' ' + fmt(s.runtimeTooLarge, { max: numberFormat(lang, MAX_LIVE_CELLS) });
  else if (current && !invalid && state.layers.length) {
    summary += ' ' + (mismatches ? fmt(s.summaryMismatch, { n: mismatches }) : fmt(s.summaryRuntime, { n: rows.length }));
  }

  return (
    <WidgetFrame name="conv-calculator" className="conv-calc" titleId={`${hashKey}-title`} title={s.title} intro={s.intro}>

      <div className="widget-controls">
        <label className="field">
          {s.preset}
          <select value={matchedPreset} onChange={(e) => e.target.value && setState(presetState(e.target.value))} data-control="preset">
            {!matchedPreset && <option value="">{s.presetCustom}</option>}
            {PRESETS.map((p) => <option key={p.id} value={p.id}>{(s.presets as Record<string, string>)[p.id] ?? p.id}</option>)}
          </select>
        </label>
        <label className="field">
          {s.rank}
          <select value={state.input.length} onChange={(e) => setState({ ...state, input: Number(e.target.value) === 1 ? [state.input[0]!] : [state.input[0]!, state.input[1] ?? state.input[0]!] })} data-control="rank">
            <option value={1}>{s.rank1}</option>
            <option value={2}>{s.rank2}</option>
          </select>
        </label>
        {state.input.map((n, axis) => (
          <NumberField key={axis} label={state.input.length === 1 ? s.length : axis === 0 ? s.height : s.width} value={n} min={1} max={LIMITS.size}
            onChange={(v) => setState({ ...state, input: state.input.map((x, a) => (a === axis ? v : x)) })} name={`in-${axis}`} />
        ))}
      </div>

      <ol className="layers">
        {state.layers.map((layer, i) => (
          <LayerEditor key={i} lang={lang} index={i} layer={layer} row={rows[i]} runtime={current?.dims[i]} live={live.status.state === 'ready'}
            onChange={(patch) => updateLayer(i, patch)}
            onRemove={() => setLayers(state.layers.filter((_, j) => j !== i))}
            onUp={i > 0 ? () => setLayers(state.layers.map((l, j) => (j === i - 1 ? state.layers[i]! : j === i ? state.layers[i - 1]! : l))) : undefined} />
        ))}
      </ol>

      <div className="widget-controls add-row" role="group" aria-label={s.add}>
        <span className="small">{s.add}:</span>
        {OPS.map((op) => (
          <button key={op} type="button" disabled={state.layers.length >= LIMITS.layers} onClick={() => setLayers([...state.layers, newLayer(op)])} data-add={op}>
            + {s.ops[op]}
          </button>
        ))}
      </div>

      <div className="scroll-x" tabIndex={0} role="region" aria-label={s.tableCaption}>
        <table className="calc-table">
          <caption className="sr-only">{s.tableCaption}</caption>
          <thead>
            <tr><th scope="col">#</th><th scope="col">{s.op}</th><th scope="col">{s.formula}</th><th scope="col">{s.runtime}</th><th scope="col">{s.rf}</th><th scope="col">{s.jump}</th></tr>
          </thead>
          <tbody>
            <tr><td>0</td><td>{s.input}</td><td>{dimsText(state.input)}</td><td>{dimsText(state.input)}</td><td>1</td><td>1</td></tr>
            {state.layers.map((layer, i) => {
              const row = rows[i];
              const rt = current?.dims[i];
              return (
                <tr key={i} data-row={i}>
                  <td>{i + 1}</td>
                  <td>{s.ops[layer.op]}</td>
                  <td data-formula-out={row?.out ? dimsText(row.out) : ''}>{row ? (row.out ? dimsText(row.out) : '✗') : s.notReached}</td>
                  <td data-runtime-out={rt ? dimsText(rt) : ''}>
                    {rt ? <>{dimsText(rt)} <span className={sameDims(rt, row?.out) ? 'ok' : 'bad'}>{sameDims(rt, row?.out) ? `✓ ${s.agree}` : `✗ ${s.disagree}`}</span></>
                      : row?.out && !current?.refused && !current?.tooLarge ? (live.status.state === 'ready' ? s.stale : s.notRun) : '—'}
                  </td>
                  <td>{row?.rf ?? '—'}</td>
                  <td>{row?.jump ?? '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      {invalid && <p className="issue" role="note">{fmt(s.summaryInvalid, { n: invalid.index + 1, why: issueText(lang, invalid.issues[0]!) })}</p>}

      <div className="no-print">
        <LiveGate lang={lang} status={live.status} downloadBytes={runtimeBytes} onStart={() => void live.start()}
          label={fmt(s.runLabel, { size: formatBytes(lang, runtimeBytes) })} hint={fmt(s.runHint, { size: formatBytes(lang, runtimeBytes) })} />
      </div>
      <p className="sr-only" aria-live="polite" data-summary>{summary}</p>
      <p className="small calc-summary" {...(current ? { 'data-live-output': stateKey } : {})}>{summary}</p>
    </WidgetFrame>
  );
}

function NumberField({ label, value, min, max, onChange, name, disabled }: { label: string; value: number; min: number; max: number; onChange: (v: number) => void; name: string; disabled?: boolean }) {
  // Keep what the reader typed (even "" or "-") while editing; the stack sees only integers.
  const [text, setText] = useState(String(value));
  useEffect(() => setText(Number.isFinite(value) ? String(value) : ''), [value]);
  return (
    <label className="field">
      {label}
      <input type="number" inputMode="numeric" min={min} max={max} step={1} value={text} disabled={disabled} name={name}
        onChange={(e) => {
          setText(e.target.value);
          const v = Number(e.target.value);
          onChange(e.target.value.trim() === '' || !Number.isInteger(v) ? Number.NaN : v);
        }} />
    </label>
  );
}

interface EditorProps {
  lang: Lang;
  index: number;
  layer: Layer;
  row: StackRow | undefined;
  runtime: Dims | null | undefined;
  live: boolean;
  onChange: (patch: Partial<Layer>) => void;
  onRemove: () => void;
  onUp?: () => void;
}

function LayerEditor({ lang, index, layer, row, runtime, onChange, onRemove, onUp }: EditorProps) {
  const s = t(lang).convCalc;
  const n = index + 1;
  const isPool = layer.op === 'maxpool' || layer.op === 'avgpool';
  const same = layer.p === 'same';
  return (
    <li className={`layer ${row?.issues.length ? 'invalid' : ''}`} data-layer={index}>
      <fieldset>
        <legend>{fmt(s.layer, { n })}: {s.ops[layer.op]}</legend>
        <div className="widget-controls">
          <label className="field">
            {s.op}
            <select value={layer.op} onChange={(e) => {
              const op = e.target.value as Layer['op'];
              onChange({ op, ...(op === 'avgpool' ? { d: 1 } : {}), ...(op !== 'conv' && same ? { p: 0 } : {}) });
            }} name={`op-${index}`}>
              {OPS.map((op) => <option key={op} value={op}>{s.ops[op]}</option>)}
            </select>
          </label>
          <NumberField label={s.kernel} value={layer.k} min={1} max={LIMITS.k} onChange={(k) => onChange({ k })} name={`k-${index}`} />
          <NumberField label={s.stride} value={layer.s} min={1} max={LIMITS.s} onChange={(v) => onChange({ s: v })} name={`s-${index}`} />
          <NumberField label={s.padding} value={same ? 0 : (layer.p as number)} min={0} max={LIMITS.p} disabled={same} onChange={(p) => onChange({ p })} name={`p-${index}`} />
          {layer.op === 'conv' && (
            <label className="field check">
              <span>{s.same}</span>
              <input type="checkbox" checked={same} onChange={(e) => onChange({ p: e.target.checked ? 'same' : 0 })} name={`same-${index}`} />
            </label>
          )}
          {layer.op !== 'avgpool' && <NumberField label={s.dilation} value={layer.d} min={1} max={LIMITS.d} onChange={(d) => onChange({ d })} name={`d-${index}`} />}
          {layer.op === 'convT' && <NumberField label={s.outPad} value={layer.outPad} min={0} max={LIMITS.s} onChange={(outPad) => onChange({ outPad })} name={`op-pad-${index}`} />}
          {isPool && (
            <label className="field check">
              <span>{s.ceil}</span>
              <input type="checkbox" checked={layer.ceil} onChange={(e) => onChange({ ceil: e.target.checked })} name={`ceil-${index}`} />
            </label>
          )}
          <span className="layer-buttons">
            {onUp && <button type="button" onClick={onUp} aria-label={fmt(s.moveUpLabel, { n })}>↑ {s.moveUp}</button>}
            <button type="button" onClick={onRemove} aria-label={fmt(s.removeLabel, { n })}>✕ {s.remove}</button>
          </span>
        </div>
        <p className="small layer-result">
          {!row ? s.notReached
            : row.issues.length ? <span className="bad">{issueText(lang, row.issues[0]!)}</span>
            : <>
                {s.out}: <strong>{dimsText(row.out)}</strong>
                {runtime && <> · {s.runtime}: {dimsText(runtime)} <span className={sameDims(runtime, row.out) ? 'ok' : 'bad'}>{sameDims(runtime, row.out) ? '✓' : '✗'}</span></>}
                {' · '}{row.rf !== null ? <>{s.rf} {row.rf}, {s.jump} {row.jump}, {s.start} {row.start}</> : s.rfAfterTranspose}
              </>}
        </p>
      </fieldset>
    </li>
  );
}
