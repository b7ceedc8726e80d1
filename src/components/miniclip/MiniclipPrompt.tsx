// "Prompt engineering in miniature": the reader writes a prompt from the mini CLIP's 13-word
// vocabulary and sees the generator's bank of candidates reranked by the mini CLIP's score, without
// and with the made-up style word side by side, each candidate with its ground-truth rendering
// quality q (the generator's input, which the mini CLIP never sees). Baked rankings (from
// training/miniclip_train.py) for every chip prompt first; live ranking of any prompt, and a
// gradient-free evolution strategy over the generator's latent, on the reader's request.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { t, fmt, numberFormat, type Lang } from '../../i18n/index.ts';
import { COLOURS, POSITIONS, SHAPES, STYLE_WORD, VOCAB, MAX_TOKENS, completions, padIds, promptPair, tokenize, words } from '../../lib/miniclip-text.ts';
import { LATENT, bankLatents, cosineScores, esInit, esPropose, esUpdate, latentAttributes, rank, type EsState } from '../../lib/miniclip-search.ts';
import type { ModelSpec, TensorData } from '../widgets/ort-protocol.ts';
import { useLiveModel } from '../widgets/use-live-model.ts';
import { useHashState } from '../widgets/use-hash-state.ts';
import type { Codec } from '../../lib/hash-state.ts';
import { LiveGate } from '../widgets/LiveGate.tsx';
import { WidgetFrame } from '../widgets/WidgetFrame.tsx';

export interface Candidate { q: number; shape: string; colour: string; position: string }
export interface Ranked { top: number[]; scores: number[] }

interface Props {
  lang: Lang;
  clipSpec: ModelSpec;
  genSpec: ModelSpec;
  runtimeBytes: number;
  bank: { seed: number; n: number; columns: number; size: number; candidates: Candidate[] };
  spriteUrl: string;
  rankings: Record<string, { without: Ranked; with: Ranked }>;
  topk: number;
  esGenerations: number;
  metrics: { qWithout: number; qWith: number; polishedWithout: number; polishedWith: number };
}

const EMB = 32;
const SIZE = 32;
const DEFAULT_PROMPT = 'red circle';
const GEN_CHOICES = [10, 20, 30, 40];
const promptCodec: Codec<string> = { encode: (v) => v, decode: (raw) => (raw.length <= 120 ? raw : undefined) };

/** Canonical key of a prompt in the baked rankings: known words once each, in vocabulary order. */
function bakedKey(ids: number[]): string | null {
  const sorted = [...ids].sort((a, b) => a - b);
  if (new Set(sorted).size !== sorted.length) return null;
  return words(sorted).join(' ');
}

function tensor(dims: number[], data: Float32Array | BigInt64Array, dtype: 'float32' | 'int64'): TensorData {
  return { dims, dtype, data };
}
const tokensTensor = (rows: number[][]) => tensor([rows.length, MAX_TOKENS], BigInt64Array.from(rows.flatMap((r) => padIds(r)).map((v) => BigInt(v))), 'int64');

interface LiveRanking { key: string; without: Ranked; with: Ranked; ms: number }
interface EsGen { gen: number; score: number; q: number; image: Float32Array; ms: number; sigma: number; match: boolean }

export default function MiniclipPrompt({ lang, clipSpec, genSpec, runtimeBytes, bank, spriteUrl, rankings, topk, esGenerations, metrics }: Props) {
  const s = t(lang).miniclip;
  const nf = (v: number, d = 2) => numberFormat(lang, v, { minimumFractionDigits: d, maximumFractionDigits: d });
  // The prompt lives in the URL hash (#prompt=…), so a reranking can be shared.
  const [text, setText] = useHashState('prompt', promptCodec, DEFAULT_PROMPT);
  const tokens = useMemo(() => tokenize(text), [text]);
  const pair = useMemo(() => promptPair(tokens.ids), [tokens]);
  const key = pair.without.length ? bakedKey(pair.without) : null;
  const baked = key !== null ? rankings[key] : undefined;

  const warmup = useCallback(async () => {
    const client = await import('../widgets/ort-client.ts');
    await client.loadModel(genSpec);
  }, [genSpec]);
  const live = useLiveModel(clipSpec, warmup);
  const isLive = live.status.state === 'ready';

  // ---------------------------------------------------------------- live: bank embeddings once, then text
  const bankEmb = useRef<Float32Array | null>(null);
  const [liveRank, setLiveRank] = useState<LiveRanking | null>(null);
  const seq = useRef(0);
  const promptKey = `${pair.without.join(',')}|${pair.with.join(',')}`;
  useEffect(() => {
    if (!isLive || pair.without.length === 0) return;
    const mine = ++seq.current;
    void (async () => {
      try {
        const { runModel } = await import('../widgets/ort-client.ts');
        const t0 = performance.now();
        if (!bankEmb.current) {
          const z = bankLatents(bank.seed, bank.n);
          const img = await runModel(genSpec.id, { z: tensor([bank.n, LATENT], z, 'float32') });
          const out = await runModel(clipSpec.id, { image: tensor([bank.n, 3, SIZE, SIZE], img.image!.data as Float32Array, 'float32'), tokens: tokensTensor([[1]]) });
          bankEmb.current = out.image_emb!.data as Float32Array;
        }
        const out = await runModel(clipSpec.id, { image: tensor([1, 3, SIZE, SIZE], new Float32Array(3 * SIZE * SIZE), 'float32'), tokens: tokensTensor([pair.without, pair.with]) });
        const te = out.text_emb!.data as Float32Array;
        const pick = (row: number): Ranked => {
          const sc = cosineScores(bankEmb.current!, te.subarray(row * EMB, (row + 1) * EMB), EMB);
          const top = rank(sc).slice(0, topk);
          return { top, scores: top.map((i) => Math.round(sc[i]! * 1e5) / 1e5) };
        };
        if (mine !== seq.current) return;
        setLiveRank({ key: promptKey, without: pick(0), with: pick(1), ms: performance.now() - t0 });
      } catch (e) {
        live.fail(e);
      }
    })();
  }, [isLive, promptKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const current = isLive && liveRank && liveRank.key === promptKey ? liveRank : null;
  const shown = current ?? (baked && !isLive ? { ...baked, ms: 0 } : null);
  const state = current ? 'live' : baked && !isLive ? 'baked' : pair.without.length === 0 ? 'empty' : isLive ? 'computing' : 'needs-live';

  // ---------------------------------------------------------------- chips: replace the word of the same group
  const setWord = (group: readonly string[], word: string | null) => {
    const kept = (text.toLowerCase().match(/\p{L}+/gu) ?? []).filter((w) => !group.includes(w === 'center' ? 'centre' : w));
    const next = word ? [...kept, word] : kept;
    // keep a canonical order for readability: colour, shape, position, then anything else
    const order = (w: string) => { const i = VOCAB.indexOf(w); return i < 0 ? 99 : i; };
    setText(next.sort((a, b) => order(a) - order(b)).join(' '));
  };
  const has = (w: string) => words(tokens.ids).includes(w);
  const lastWord = /(\p{L}+)$/u.exec(text)?.[1] ?? '';
  const suggestions = completions(lastWord).slice(0, 6);

  const describe = (c: Candidate) => `${s.gloss[c.colour as keyof typeof s.gloss]} ${s.gloss[c.shape as keyof typeof s.gloss]}, ${s.positionGloss[c.position as keyof typeof s.positionGloss]}`;
  const matches = (c: Candidate, ids: number[]) => words(ids).every((w) => w === STYLE_WORD || w === c.colour || w === c.shape || w === c.position);

  // ---------------------------------------------------------------- evolution strategy
  const [esStyle, setEsStyle] = useState(true);
  const [esN, setEsN] = useState(GEN_CHOICES.includes(esGenerations) ? esGenerations : 20);
  const [esSeed, setEsSeed] = useState(1);
  const [esRun, setEsRun] = useState<{ running: boolean; gens: EsGen[]; stopped: boolean; prompt: string } | null>(null);
  const stopFlag = useRef(false);
  const runEs = async () => {
    const ids = esStyle ? pair.with : pair.without;
    if (!isLive || ids.length === 0 || pair.without.length === 0) return;
    stopFlag.current = false;
    const prompt = words(ids).join(' ');
    setEsRun({ running: true, gens: [], stopped: false, prompt });
    try {
      const { runModel } = await import('../widgets/ort-client.ts');
      const st: EsState = esInit(esSeed);
      const tok = tokensTensor([ids]);
      const gens: EsGen[] = [];
      for (let g = 0; g < esN; g++) {
        if (stopFlag.current) { setEsRun({ running: false, gens: [...gens], stopped: true, prompt }); return; }
        const t0 = performance.now();
        const xs = esPropose(st);
        const lam = st.opts.lam;
        const img = await runModel(genSpec.id, { z: tensor([lam, LATENT], xs, 'float32') });
        const images = img.image!.data as Float32Array;
        const out = await runModel(clipSpec.id, { image: tensor([lam, 3, SIZE, SIZE], images, 'float32'), tokens: tok });
        const te = (out.text_emb!.data as Float32Array).subarray(0, EMB);
        const scores = cosineScores(out.image_emb!.data as Float32Array, te, EMB);
        const rec = esUpdate(st, xs, scores);
        const attr = latentAttributes(rec.bestX);
        const cand: Candidate = { q: attr.quality, shape: SHAPES[attr.shape]!, colour: COLOURS[attr.colour]!, position: POSITIONS[attr.position]! };
        const per = 3 * SIZE * SIZE;
        gens.push({ gen: g + 1, score: rec.bestScore, q: attr.quality, image: images.slice(rec.bestIndex * per, (rec.bestIndex + 1) * per), ms: performance.now() - t0, sigma: rec.sigma, match: matches(cand, pair.without) });
        setEsRun({ running: true, gens: [...gens], stopped: false, prompt });
        await new Promise((r) => setTimeout(r, 0));
      }
      setEsRun({ running: false, gens, stopped: false, prompt });
    } catch (e) {
      setEsRun(null);
      live.fail(e);
    }
  };
  const lastGen = esRun?.gens.at(-1);
  const meanMs = esRun && esRun.gens.length ? esRun.gens.reduce((a, g) => a + g.ms, 0) / esRun.gens.length : 0;

  // ---------------------------------------------------------------- render
  const column = (tag: 'without' | 'with', r: Ranked) => {
    const ids = tag === 'with' ? pair.with : pair.without;
    const meanQ = r.top.reduce((a, i) => a + bank.candidates[i]!.q, 0) / r.top.length;
    const nMatch = r.top.filter((i) => matches(bank.candidates[i]!, ids)).length;
    return (
      <figure className="mc-col" data-column={tag} data-order={r.top.join(',')} data-mean-q={meanQ.toFixed(4)}>
        <figcaption>
          <strong>{tag === 'with' ? fmt(s.colWith, { word: STYLE_WORD }) : s.colWithout}</strong>{' '}
          <span className="mc-prompt">«{words(ids).join(' ')}»</span>
        </figcaption>
        <ol className="mc-grid">
          {r.top.map((i, k) => {
            const c = bank.candidates[i]!;
            const label = fmt(s.itemAlt, { n: k + 1, desc: describe(c), score: nf(r.scores[k]!, 3), q: nf(c.q) });
            return (
              <li key={i} data-candidate={i}>
                <Sprite url={spriteUrl} index={i} columns={bank.columns} rows={bank.n / bank.columns} label={label} />
                <span className="mc-num small"><span aria-hidden="true">{nf(r.scores[k]!, 3)}</span></span>
                <span className={`mc-q small ${c.q > 0.5 ? 'polished' : 'rough'}`} aria-hidden="true">q {nf(c.q)}</span>
              </li>
            );
          })}
        </ol>
        <p className="small mc-summary">{fmt(s.meanQ, { q: nf(meanQ), m: nMatch, k: r.top.length })}</p>
      </figure>
    );
  };

  const liveOutput = current ? JSON.stringify({ without: current.without.top, with: current.with.top, scoresWithout: current.without.scores, scoresWith: current.with.scores }) : undefined;

  return (
    <WidgetFrame name="miniclip-prompt" className="miniclip-prompt" titleId="miniclip-prompt-title" title={s.title} intro={s.intro}>
      <p className="small mc-toy" role="note">{s.toyNote}</p>
      <div className="mc-compose">
        <label className="field mc-text">
          {s.promptLabel}
          <input type="text" value={text} onChange={(e) => setText(e.target.value)} name="prompt" autoComplete="off" spellCheck={false}
            aria-describedby="miniclip-prompt-hint miniclip-prompt-status" data-prompt-input maxLength={120} />
        </label>
        <p className="small muted" id="miniclip-prompt-hint">{s.promptHint}</p>
        {suggestions.length > 0 && (
          <div className="mc-suggest" role="group" aria-label={s.suggestions}>
            {suggestions.map((w) => (
              <button key={w} type="button" onClick={() => setText(text.replace(/(\p{L}+)$/u, w))} data-suggest={w}>{w}</button>
            ))}
          </div>
        )}
        <ChipRow label={s.colours} group={COLOURS} has={has} setWord={setWord} gloss={s.gloss} anyLabel={s.anyColour} />
        <ChipRow label={s.shapes} group={SHAPES} has={has} setWord={setWord} gloss={s.gloss} />
        <ChipRow label={s.positions} group={POSITIONS} has={has} setWord={setWord} gloss={s.positionGloss} anyLabel={s.anyPosition} />
        <div id="miniclip-prompt-status" role="status" className="small">
          {tokens.unknown.length > 0 && (
            <p className="mc-unknown" data-unknown={tokens.unknown.join(' ')}>
              {fmt(s.unknown, { words: tokens.unknown.map((w) => `«${w}»`).join(', '), n: VOCAB.length - 1 })}
            </p>
          )}
          {tokens.truncated && <p>{fmt(s.truncated, { n: MAX_TOKENS })}</p>}
          {pair.without.length === 0 && <p data-empty>{s.empty}</p>}
          {tokens.ids.includes(VOCAB.indexOf(STYLE_WORD)) && <p>{fmt(s.styleTyped, { word: STYLE_WORD })}</p>}
        </div>
      </div>

      <div className="mc-results" data-state={state} data-live-output={liveOutput}>
        {shown ? (
          <div className="mc-cols">
            {column('without', shown.without)}
            {column('with', shown.with)}
          </div>
        ) : state === 'needs-live' ? (
          <p className="small mc-needs-live" data-needs-live>{s.needsLive}</p>
        ) : state === 'computing' ? <p className="small muted">{s.computing}</p> : null}
        <p className="small muted">
          {current ? fmt(s.liveNote, { ms: nf(current.ms, 0), n: bank.n }) : shown ? s.bakedNote : null}
        </p>
      </div>

      <p className="sr-only" aria-live="polite">{shown ? fmt(s.srSummary, {
        prompt: words(pair.without).join(' '),
        without: nf(shown.without.top.reduce((a, i) => a + bank.candidates[i]!.q, 0) / shown.without.top.length),
        with: nf(shown.with.top.reduce((a, i) => a + bank.candidates[i]!.q, 0) / shown.with.top.length),
      }) : ''}</p>
      <p className="small">{fmt(s.bankNote, { n: bank.n, seed: bank.seed, q: nf(bank.candidates.reduce((a, c) => a + c.q, 0) / bank.n) })}</p>
      <p className="small">{fmt(s.cardNote, { without: nf(metrics.qWithout), with: nf(metrics.qWith), pw: nf(metrics.polishedWithout * 100, 0), pwith: nf(metrics.polishedWith * 100, 0) })}</p>

      <details className="data-table">
        <summary>{s.showBank}</summary>
        <img className="mc-bank" src={spriteUrl} width={bank.columns * bank.size} height={(bank.n / bank.columns) * bank.size} alt={fmt(s.bankAlt, { n: bank.n })} loading="lazy" />
      </details>

      <div className="mc-es">
        <h4 className="mc-es-title">{s.esTitle}</h4>
        <p className="small">{s.esIntro}</p>
        <div className="mc-es-controls">
          <label className="mc-check"><input type="checkbox" checked={esStyle} onChange={(e) => setEsStyle(e.target.checked)} name="es-style" data-es-style /> {fmt(s.esStyle, { word: STYLE_WORD })}</label>
          <label className="field">{s.esGenerations}
            <select value={esN} onChange={(e) => setEsN(Number(e.target.value))} name="es-generations">
              {GEN_CHOICES.map((n) => <option key={n} value={n}>{n}</option>)}
            </select>
          </label>
          <label className="field">{s.esSeed}
            <input type="number" min={1} max={999} value={esSeed} onChange={(e) => setEsSeed(Math.max(1, Math.min(999, Math.round(Number(e.target.value)) || 1)))} name="es-seed" />
          </label>
          {esRun?.running
            ? <button type="button" onClick={() => { stopFlag.current = true; }} data-es-stop>{s.esStop}</button>
            : <button type="button" className="primary" onClick={() => void runEs()} disabled={!isLive || pair.without.length === 0} data-es-run>{s.esRun}</button>}
        </div>
        {!isLive && <p className="small muted">{s.esNeedsLive}</p>}
        {esRun && (
          <div className="mc-es-out" data-es-gens={esRun.gens.length} data-es-done={esRun.running ? undefined : esRun.stopped ? 'stopped' : 'done'}
            data-es-ms={meanMs.toFixed(1)}>
            {lastGen && (
              <div className="mc-es-best">
                <RgbCanvas data={lastGen.image} label={fmt(s.esBestAlt, { g: lastGen.gen, score: nf(lastGen.score, 3), q: nf(lastGen.q) })} big />
                <p className="small" aria-live="polite">
                  {fmt(s.esProgress, { g: lastGen.gen, n: esN, prompt: esRun.prompt, score: nf(lastGen.score, 3), q: nf(lastGen.q), sigma: nf(lastGen.sigma), ms: nf(meanMs, 0) })}
                  {' '}{lastGen.match ? s.esMatch : s.esNoMatch}
                  {!esRun.running && <> {esRun.stopped ? fmt(s.esStopped, { g: lastGen.gen }) : s.esDone}</>}
                </p>
              </div>
            )}
            <ol className="mc-es-strip" aria-label={s.esStrip}>
              {esRun.gens.map((g) => (
                <li key={g.gen}><RgbCanvas data={g.image} label={fmt(s.esBestAlt, { g: g.gen, score: nf(g.score, 3), q: nf(g.q) })} /></li>
              ))}
            </ol>
          </div>
        )}
      </div>

      <div className="no-print">
        <LiveGate lang={lang} status={live.status} downloadBytes={clipSpec.bytes + genSpec.bytes + runtimeBytes} onStart={() => void live.start()} />
      </div>
    </WidgetFrame>
  );
}

function ChipRow<G extends readonly string[]>({ label, group, has, setWord, gloss, anyLabel }: {
  label: string; group: G; has: (w: string) => boolean; setWord: (g: readonly string[], w: string | null) => void;
  gloss: Record<string, string>; anyLabel?: string;
}) {
  const none = !group.some(has);
  return (
    <div className="mc-chips" role="group" aria-label={label}>
      <span className="small mc-chips-label" aria-hidden="true">{label}</span>
      {anyLabel && <button type="button" aria-pressed={none} onClick={() => setWord(group, null)}>{anyLabel}</button>}
      {group.map((w) => (
        <button key={w} type="button" aria-pressed={has(w)} onClick={() => setWord(group, has(w) && anyLabel ? null : w)} data-word={w}>
          <span lang="en">{w}</span>{gloss[w] && gloss[w] !== w ? <span className="mc-gloss"> · {gloss[w]}</span> : null}
        </button>
      ))}
    </div>
  );
}

function Sprite({ url, index, columns, rows, label }: { url: string; index: number; columns: number; rows: number; label: string }) {
  const x = index % columns;
  const y = Math.floor(index / columns);
  return (
    <span className="mc-thumb" role="img" aria-label={label} title={label}
      style={{ backgroundImage: `url(${url})`, backgroundSize: `${columns * 100}% ${rows * 100}%`, backgroundPosition: `${(x / (columns - 1)) * 100}% ${(y / (rows - 1)) * 100}%` }} />
  );
}

function RgbCanvas({ data, label, big }: { data: Float32Array; label: string; big?: boolean }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const im = ctx.createImageData(SIZE, SIZE);
    const plane = SIZE * SIZE;
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < 3; c++) im.data[4 * p + c] = Math.round(Math.min(1, Math.max(0, data[c * plane + p]!)) * 255);
      im.data[4 * p + 3] = 255;
    }
    ctx.putImageData(im, 0, 0);
  }, [data]);
  return <canvas ref={ref} width={SIZE} height={SIZE} className={big ? 'mc-canvas big' : 'mc-canvas'} role="img" aria-label={label} />;
}
