// "Rows that look at rows": eight test rows of the synthetic churn table as one editable batch.
// Before live mode the widget shows the predictions and intersample attention precomputed for the
// original rows (baked.json). On the reader's request both tiny SAINTs (with and without the
// intersample block) run in the shared ORT worker; every edit (a value, a category, a blanked cell)
// re-runs them on the whole batch, because with intersample attention every row's prediction
// depends on the other rows. The heat map shows the attention weights; the selected row's two most
// attended rows are highlighted in the table ("which rows the model looked at").
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { t, fmt, formatBytes, numberFormat, type Lang } from '../../i18n/index.ts';
import {
  parseNumberInput, positiveProbs, preprocessRows, saintFeeds, topAttended, type RawRow, type SaintSchema,
} from '../../lib/saint-preprocess.ts';
import type { ModelSpec } from '../widgets/ort-protocol.ts';
import { useLiveModel } from '../widgets/use-live-model.ts';
import { LiveGate } from '../widgets/LiveGate.tsx';
import { WidgetFrame } from '../widgets/WidgetFrame.tsx';

export interface SaintRowsProps {
  lang: Lang;
  schema: SaintSchema;
  rows: RawRow[];
  labels: number[];
  baked: { probs: number[][]; row_attention: number[][] };
  full: ModelSpec;
  single: ModelSpec;
  runtimeBytes: number;
}

interface LiveResult {
  key: string;
  full: number[];
  single: number[];
  attention: number[][];
  raw: { 'saint-full': { probs: number[]; row_attention: number[] }; 'saint-s': { probs: number[] } };
  ms: number;
}

/** Text shown in a numeric input for a value (the reader edits text; null = blank). */
const show = (v: number | string | null | undefined) => (typeof v === 'number' ? String(v) : '');

export default function SaintRows({ lang, schema, rows: initialRows, labels, baked, full, single, runtimeBytes }: SaintRowsProps) {
  const s = t(lang).saint;
  const n = initialRows.length;
  const [rows, setRows] = useState<RawRow[]>(() => initialRows.map((r) => ({ ...r })));
  // What a numeric input shows (may be mid-typing, e.g. "2,"); the row holds the parsed value.
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  // The last value of a cell before it was blanked, so un-blanking restores it.
  const saved = useRef(new Map<string, number | string>());
  const [sel, setSel] = useState(0);

  const key = useMemo(() => JSON.stringify(rows), [rows]);
  const original = useMemo(() => JSON.stringify(initialRows), [initialRows]);
  const edited = key !== original;

  const warmup = useCallback(async () => {
    const client = await import('../widgets/ort-client.ts');
    await client.loadModel(single);
  }, [single]);
  const { status, start, fail } = useLiveModel(full, warmup);
  const [live, setLive] = useState<LiveResult | null>(null);
  const seq = useRef(0);

  useEffect(() => {
    if (status.state !== 'ready') return;
    const mine = ++seq.current;
    const x = preprocessRows(rows, schema);
    (async () => {
      try {
        const { runModel } = await import('../widgets/ort-client.ts');
        const t0 = performance.now();
        const [a, b] = await Promise.all([
          runModel(full.id, saintFeeds(x, schema), ['probs', 'row_attention']),
          runModel(single.id, saintFeeds(x, schema), ['probs']),
        ]);
        const ms = performance.now() - t0;
        if (mine !== seq.current) return;
        const pa = Array.from(a.probs!.data as Float32Array);
        const att = Array.from(a.row_attention!.data as Float32Array);
        const pb = Array.from(b.probs!.data as Float32Array);
        setLive({
          key,
          full: positiveProbs(pa, x.rows),
          single: positiveProbs(pb, x.rows),
          attention: Array.from({ length: x.rows }, (_, i) => att.slice(i * x.rows, (i + 1) * x.rows)),
          raw: { 'saint-full': { probs: pa, row_attention: att }, 'saint-s': { probs: pb } },
          ms,
        });
      } catch (e) {
        if (mine === seq.current) fail({ kind: 'inference', detail: String((e as { detail?: string })?.detail ?? (e as Error)?.message ?? e) });
      }
    })();
  }, [status.state, key, rows, schema, full.id, single.id, fail]);

  const isLive = status.state === 'ready' && live !== null && live.key === key;
  const shownFull: (number | null)[] = isLive ? live.full : edited ? rows.map(() => null) : baked.probs.map((p) => p[1]!);
  const shownSingle: (number | null)[] = isLive ? live.single : rows.map(() => null);
  const attention: number[][] | null = isLive ? live.attention : edited ? null : baked.row_attention;
  const top = attention ? topAttended(attention, sel, 2) : [];

  const pct = (v: number, digits = 1) => `${numberFormat(lang, v * 100, { minimumFractionDigits: digits, maximumFractionDigits: digits })}\u00a0%`;

  const setCell = (i: number, k: string, v: number | string | null) => {
    setRows((rs) => rs.map((r, j) => (j === i ? { ...r, [k]: v } : r)));
  };
  const toggleBlank = (i: number, k: string) => {
    const id = `${i}:${k}`;
    const cur = rows[i]![k];
    if (cur === null || cur === undefined) {
      const back = saved.current.get(id) ?? initialRows[i]![k] ?? defaultValue(k);
      setCell(i, k, back);
      setDrafts((d) => ({ ...d, [id]: typeof back === 'number' ? String(back) : '' }));
    } else {
      saved.current.set(id, cur);
      setCell(i, k, null);
      setDrafts((d) => ({ ...d, [id]: '' }));
    }
  };
  const defaultValue = (k: string): number | string => {
    const nc = schema.numeric.find((x) => x.key === k);
    if (nc) return Number(nc.mean.toFixed(nc.decimals));
    return schema.categorical.find((x) => x.key === k)!.values[0]!;
  };
  const reset = () => {
    setRows(initialRows.map((r) => ({ ...r })));
    setDrafts({});
    saved.current.clear();
  };

  const totalBytes = runtimeBytes + full.bytes + single.bytes;
  const even = 1 / n;
  const liveOut = isLive ? JSON.stringify(live.raw) : undefined;

  return (
    <WidgetFrame name="saint-rows" className="saint-rows" titleId={`saint-rows-title-${lang}`} title={s.title} intro={s.intro}>
      <div className="saint-table-scroll" tabIndex={0} role="region" aria-label={s.tableLabel}>
        <table className="saint-table" data-state={isLive ? 'live' : edited ? 'stale' : 'baked'} data-latency-ms={isLive ? live.ms.toFixed(1) : undefined}
          {...(liveOut ? { 'data-live-output': liveOut } : {})}>
          <caption className="sr-only">{s.tableLabel}</caption>
          <thead>
            <tr>
              <th scope="col">{s.row}</th>
              <th scope="col" className="prob-col">{s.probSaint}</th>
              <th scope="col" className="prob-col">{s.probS}</th>
              <th scope="col">{s.truth}</th>
              {schema.numeric.map((c) => <th scope="col" key={c.key}>{c[lang]}<span className="unit">{lang === 'ru' ? c.unit_ru : c.unit_en}</span></th>)}
              {schema.categorical.map((c) => <th scope="col" key={c.key}>{c[lang]}</th>)}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => {
              const rank = top.indexOf(i);
              return (
                <tr key={i} data-row={i} className={i === sel ? 'selected' : rank >= 0 ? 'attended' : undefined} data-attended={rank >= 0 ? rank + 1 : undefined}>
                  <th scope="row">
                    <label className="row-pick">
                      <input type="radio" name={`saint-row-${lang}`} checked={i === sel} onChange={() => setSel(i)} aria-label={fmt(s.pickRow, { n: i + 1 })} />
                      <span>{i + 1}</span>
                    </label>
                    {i === sel && <span className="badge look">{s.selectedBadge}</span>}
                    {rank >= 0 && <span className="badge seen">{s.attendedBadge}</span>}
                  </th>
                  <td className="prob" data-prob-full={shownFull[i] ?? undefined}>
                    {shownFull[i] != null ? <Bar v={shownFull[i]!} text={pct(shownFull[i]!)} /> : <span className="muted">{edited ? s.stale : '—'}</span>}
                  </td>
                  <td className="prob" data-prob-single={shownSingle[i] ?? undefined}>
                    {shownSingle[i] != null ? <Bar v={shownSingle[i]!} text={pct(shownSingle[i]!)} /> : <span className="muted">{s.sOnlyLive}</span>}
                  </td>
                  <td>{s.classes[labels[i]!]}</td>
                  {schema.numeric.map((c) => {
                    const id = `${i}:${c.key}`;
                    const v = r[c.key];
                    const blank = v === null || v === undefined;
                    return (
                      <td key={c.key} className={blank ? 'blank' : undefined}>
                        <span className="cell">
                          <input type="text" inputMode="decimal" size={5} value={drafts[id] ?? show(v)} disabled={blank}
                            placeholder={blank ? s.blankValue : undefined} aria-label={fmt(s.cellLabel, { col: c[lang], n: i + 1 })}
                            aria-invalid={drafts[id] !== undefined && drafts[id] !== '' && parseNumberInput(drafts[id]!) === null ? true : undefined}
                            data-cell={id}
                            onChange={(e) => {
                              const text = e.target.value;
                              setDrafts((d) => ({ ...d, [id]: text }));
                              const p = parseNumberInput(text);
                              if (p !== null) setCell(i, c.key, Math.min(c.max, Math.max(c.min, p)));
                            }}
                            onBlur={() => setDrafts((d) => { const { [id]: _, ...rest } = d; return rest; })} />
                          <button type="button" className="blank-toggle" aria-pressed={blank} data-blank={id}
                            aria-label={fmt(s.blankCell, { col: c[lang], n: i + 1 })} title={fmt(s.blankCell, { col: c[lang], n: i + 1 })}
                            onClick={() => toggleBlank(i, c.key)}>∅</button>
                        </span>
                      </td>
                    );
                  })}
                  {schema.categorical.map((c) => {
                    const id = `${i}:${c.key}`;
                    const v = r[c.key];
                    const blank = v === null || v === undefined;
                    const labelsL = lang === 'ru' ? c.labels_ru : c.labels_en;
                    return (
                      <td key={c.key} className={blank ? 'blank' : undefined}>
                        <span className="cell">
                          <select value={blank ? '' : String(v)} disabled={blank} aria-label={fmt(s.cellLabel, { col: c[lang], n: i + 1 })} data-cell={id}
                            onChange={(e) => setCell(i, c.key, e.target.value)}>
                            {blank && <option value="">{s.blankValue}</option>}
                            {c.values.map((val, j) => <option key={val} value={val}>{labelsL[j]}</option>)}
                          </select>
                          <button type="button" className="blank-toggle" aria-pressed={blank} data-blank={id}
                            aria-label={fmt(s.blankCell, { col: c[lang], n: i + 1 })} title={fmt(s.blankCell, { col: c[lang], n: i + 1 })}
                            onClick={() => toggleBlank(i, c.key)}>∅</button>
                        </span>
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="widget-controls">
        <button type="button" onClick={reset} disabled={!edited} data-reset>{s.reset}</button>
      </div>
      <p className="small muted" data-note>{isLive ? fmt(s.latency, { ms: numberFormat(lang, live.ms, { maximumFractionDigits: 1 }) }) : edited ? s.staleNote : s.bakedNote}</p>

      <div className="no-print">
        <LiveGate lang={lang} status={status} downloadBytes={totalBytes} onStart={() => void start()}
          label={fmt(s.runLive, { size: formatBytes(lang, totalBytes) })} hint={fmt(s.runLiveHint, { size: formatBytes(lang, totalBytes) })} />
      </div>

      {attention && (
        <Heatmap lang={lang} attention={attention} sel={sel} top={top} onPick={setSel} live={isLive} pct={pct} even={even} />
      )}
      <p className="sr-only" aria-live="polite">
        {isLive && top.length ? fmt(s.summary, { n: sel + 1, p: pct(live.full[sel]!), top: top.map((j) => j + 1).join(', ') }) : ''}
      </p>
    </WidgetFrame>
  );
}

function Bar({ v, text }: { v: number; text: string }) {
  return (
    <span className="pbar">
      <span className="pbar-track" aria-hidden="true"><span className="pbar-fill" style={{ width: `${(v * 100).toFixed(1)}%` }} /></span>
      <span className="pbar-text">{text}</span>
    </span>
  );
}

interface HeatProps {
  lang: Lang;
  attention: number[][];
  sel: number;
  top: number[];
  onPick: (i: number) => void;
  live: boolean;
  pct: (v: number, digits?: number) => string;
  even: number;
}

function Heatmap({ lang, attention, sel, top, onPick, live, pct, even }: HeatProps) {
  const s = t(lang).saint;
  const n = attention.length;
  const C = 30, L = 34, T = 34;
  const W = L + n * C + 4, H = T + n * C + 4;
  const max = Math.max(...attention.flat());
  const w = attention[sel]!;
  const [a, b] = top;
  return (
    <figure className="saint-heat" data-heatmap={live ? 'live' : 'baked'} data-selected={sel} data-top={top.join(',')}>
      <figcaption className="pane-title">{s.heatTitle}</figcaption>
      <div className="saint-heat-row">
        <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img"
          aria-label={fmt(s.heatLabel, { n: sel + 1, top: top.map((j) => j + 1).join(', ') })}>
          <text className="axis" x={L + (n * C) / 2} y={11} textAnchor="middle">{s.heatAxisTo} →</text>
          <text className="axis" x={10} y={T + (n * C) / 2} textAnchor="middle" transform={`rotate(-90 10 ${T + (n * C) / 2})`}>{s.heatAxisFrom} →</text>
          {attention.map((_, j) => <text key={`c${j}`} className="tick" x={L + j * C + C / 2} y={T - 6} textAnchor="middle">{j + 1}</text>)}
          {attention.map((row, i) => (
            <g key={i} className={i === sel ? 'hrow sel' : 'hrow'} onClick={() => onPick(i)}>
              <text className="tick" x={L - 6} y={T + i * C + C / 2 + 4} textAnchor="end">{i + 1}</text>
              {row.map((v, j) => (
                <rect key={j} x={L + j * C} y={T + i * C} width={C - 2} height={C - 2} rx={3}
                  className={`hcell${i === sel && top.includes(j) ? ' top' : ''}`} style={{ fillOpacity: Math.max(0.04, v / max) }} />
              ))}
            </g>
          ))}
          <rect className="sel-outline" x={L - 2} y={T + sel * C - 2} width={n * C + 2} height={C + 2} rx={4} />
        </svg>
        <p className="small">{a !== undefined && b !== undefined
          ? fmt(s.lookedAt, { n: sel + 1, a: a + 1, b: b + 1, wa: pct(w[a]!), wb: pct(w[b]!), ws: pct(w[sel]!), even: pct(even) })
          : null}</p>
      </div>
      <details className="data-table">
        <summary>{s.attentionTable}</summary>
        <div className="scroll-x" tabIndex={0} role="region" aria-label={s.attentionTable}>
          <table className="saint-att-table">
            <thead><tr><th scope="col">{s.fromTo}</th>{attention.map((_, j) => <th key={j} scope="col">{j + 1}</th>)}</tr></thead>
            <tbody>
              {attention.map((row, i) => (
                <tr key={i} className={i === sel ? 'current' : undefined}>
                  <th scope="row">{fmt(s.rowN, { n: i + 1 })}</th>
                  {row.map((v, j) => <td key={j} data-w={v}>{pct(v)}</td>)}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
