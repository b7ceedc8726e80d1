// "Neighbours in latent space": an anchor G(z) from the GenRep generator and five positives G(z + σ·ε_k).
// Before live mode the images are baked (public/models/genrep-generator/baked.json, made by the same
// generator): the first anchor comes with the page, the other baked anchors load on demand. On the
// reader's request the generator runs in the shared ORT worker, and every σ / anchor change re-renders
// the six images live. The optional pixel augmentation (shift + cutout, src/lib/genrep-latent.ts) is applied
// on top, as in the article's "latent + pixel" setting.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { t, fmt, formatBytes, numberFormat, type Lang } from '../../i18n/index.ts';
import {
  LATENT, applyAug, augParamsFor, decodeB64Pixels, latentBatch, latentFamily, pixelDistance, pyFloatKey, toPixels,
} from '../../lib/genrep-latent.ts';
import { pngDataUrl } from '../../lib/png.ts';
import { cosine } from '../../lib/vector.ts';
import type { ModelSpec } from '../widgets/ort-protocol.ts';
import { useLiveModel } from '../widgets/use-live-model.ts';
import { LiveGate } from '../widgets/LiveGate.tsx';
import { WidgetFrame } from '../widgets/WidgetFrame.tsx';

export interface BakedRow {
  seed: number;
  anchor: string;
  positives: Record<string, string[]>;
}

export interface LatentExplorerProps {
  lang: Lang;
  spec: ModelSpec;
  /** The encoder trained on generated digits only: in live mode it scores how alike it finds each pair. */
  encoder: ModelSpec;
  runtimeBytes: number;
  /** σ values the slider offers (0 = the anchor itself: pixel augmentation only). */
  sigmas: number[];
  defaultSigma: number;
  /** σ values present in baked.json. */
  bakedSigmas: number[];
  bakedSeeds: number[];
  k: number;
  first: BakedRow;
  bakedUrl: string;
}

interface Images {
  key: string;
  anchor: Uint8ClampedArray;
  positives: Uint8ClampedArray[];
  live: boolean;
}

export default function LatentExplorer(p: LatentExplorerProps) {
  const s = t(p.lang).genrep.explorer;
  const [sigmaIdx, setSigmaIdx] = useState(Math.max(0, p.sigmas.indexOf(p.defaultSigma)));
  const sigma = p.sigmas[sigmaIdx]!;
  const [seed, setSeed] = useState(p.first.seed);
  const [aug, setAug] = useState(false);
  const key = `${seed}:${sigma}`;
  const warmup = useCallback(async () => {
    const client = await import('../widgets/ort-client.ts');
    await client.loadModel(p.encoder);
  }, [p.encoder]);
  const { status, start, fail } = useLiveModel(p.spec, warmup);
  const [cos, setCos] = useState<{ key: string; values: number[] } | null>(null);
  const cosSeq = useRef(0);
  const [bakedRows, setBakedRows] = useState<Record<number, BakedRow>>({ [p.first.seed]: p.first });
  const [bakedError, setBakedError] = useState(false);
  const [live, setLive] = useState<Images | null>(null);
  const seq = useRef(0);
  const isLive = status.state === 'ready';

  // Baked mode: other anchors come from baked.json (fetched once, same origin).
  const seedBaked = p.bakedSeeds.includes(seed);
  const needBaked = !isLive && seedBaked && !bakedRows[seed];
  useEffect(() => {
    if (!needBaked) return;
    let gone = false;
    fetch(p.bakedUrl)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then((b: { rows: BakedRow[] }) => {
        if (gone) return;
        const m: Record<number, BakedRow> = {};
        for (const r of b.rows) m[r.seed] = r;
        setBakedRows(m);
      })
      .catch(() => !gone && setBakedError(true));
    return () => { gone = true; };
  }, [needBaked, p.bakedUrl]);

  // Live mode: one generator call for the anchor and its k positives.
  useEffect(() => {
    if (status.state !== 'ready') return;
    const mine = ++seq.current;
    const batch = latentBatch(latentFamily(seed, p.k), sigma);
    (async () => {
      try {
        const { runModel } = await import('../widgets/ort-client.ts');
        const out = await runModel(p.spec.id, { z: { dims: [1 + p.k, LATENT], dtype: 'float32', data: batch } }, ['image']);
        if (mine !== seq.current) return;
        const img = out.image!.data as Float32Array;
        const all = Array.from({ length: 1 + p.k }, (_, i) => toPixels(img, i * 784));
        setLive({ key, anchor: all[0]!, positives: all.slice(1), live: true });
      } catch (e) {
        if (mine === seq.current) fail({ kind: 'inference', detail: String((e as { detail?: string })?.detail ?? (e as Error)?.message ?? e) });
      }
    })();
  }, [status.state, key, seed, sigma, p.k, p.spec.id, fail]);

  const baked: Images | null = useMemo(() => {
    const row = bakedRows[seed];
    if (!row) return null;
    const anchor = decodeB64Pixels(row.anchor);
    const positives = sigma === 0 ? Array.from({ length: p.k }, () => anchor)
      : row.positives[pyFloatKey(sigma)]?.map(decodeB64Pixels);
    return positives ? { key, anchor, positives, live: false } : null;
  }, [bakedRows, seed, sigma, key, p.k]);

  const shown = isLive ? (live && live.key === key ? live : null) : baked;
  const params = useMemo(() => augParamsFor(seed, 1 + p.k), [seed, p.k]);
  const views = useMemo(() => {
    if (!shown) return null;
    const raw = [shown.anchor, ...shown.positives];
    return aug ? raw.map((im, i) => applyAug(im, params[i]!)) : raw;
  }, [shown, aug, params]);
  // Live mode: the encoder embeds the six views as shown (after augmentation if ticked); cosine of each
  // positive's representation with the anchor's.
  const viewKey = `${key}:${aug ? 1 : 0}`;
  const liveViews = shown?.live ? views : null;
  useEffect(() => {
    if (status.state !== 'ready' || !liveViews) return;
    const mine = ++cosSeq.current;
    const data = new Float32Array(liveViews.length * 784);
    liveViews.forEach((v, i) => { for (let j = 0; j < 784; j++) data[i * 784 + j] = v[j]! / 255; });
    (async () => {
      try {
        const { runModel } = await import('../widgets/ort-client.ts');
        const out = await runModel(p.encoder.id, { image: { dims: [liveViews.length, 1, 28, 28], dtype: 'float32', data } }, ['representation']);
        if (mine !== cosSeq.current) return;
        const r = out.representation!.data as Float32Array;
        const d = r.length / liveViews.length;
        const rep = (i: number) => r.subarray(i * d, (i + 1) * d);
        setCos({ key: viewKey, values: liveViews.slice(1).map((_, k) => cosine(rep(0), rep(k + 1))) });
      } catch (e) {
        if (mine === cosSeq.current) fail({ kind: 'inference', detail: String((e as { detail?: string })?.detail ?? (e as Error)?.message ?? e) });
      }
    })();
  }, [status.state, liveViews, viewKey, p.encoder.id, fail]);
  const cosShown = cos && cos.key === viewKey && shown?.live ? cos.values : null;
  const meanCos = cosShown ? cosShown.reduce((a, b) => a + b, 0) / cosShown.length : 0;
  const dists = views ? views.slice(1).map((v) => pixelDistance(views[0]!, v)) : [];
  const meanDist = dists.length ? dists.reduce((a, b) => a + b, 0) / dists.length : 0;
  const num = (v: number, d = 1) => numberFormat(p.lang, v, { minimumFractionDigits: d, maximumFractionDigits: d });
  const sigmaText = numberFormat(p.lang, sigma, { maximumFractionDigits: 2 });

  const maxBaked = Math.max(...p.bakedSeeds);
  const nextSeed = () => setSeed((v) => (isLive ? v + 1 : v >= maxBaked ? p.bakedSeeds[0]! : v + 1));
  const liveOut = shown?.live && views
    ? JSON.stringify({ seed, sigma, aug, images: [shown.anchor, ...shown.positives].map((im) => Array.from(im)) })
    : undefined;
  const totalBytes = p.runtimeBytes + p.spec.bytes + p.encoder.bytes;
  const sigmaOnlyLive = !isLive && ((sigma !== 0 && !p.bakedSigmas.includes(sigma)) || !seedBaked);

  return (
    <WidgetFrame name="genrep-latent" className="genrep-latent" titleId={`genrep-latent-title-${p.lang}`} title={s.title} intro={s.intro}>
      <div className="widget-controls genrep-controls">
        <label className="genrep-sigma">
          <span>{fmt(s.sigmaLabel, { sigma: sigmaText })}</span>
          <input type="range" min={0} max={p.sigmas.length - 1} step={1} value={sigmaIdx}
            aria-valuetext={fmt(s.sigmaValue, { sigma: sigmaText })} data-sigma-slider
            onChange={(e) => setSigmaIdx(Number(e.target.value))} />
        </label>
        <button type="button" onClick={nextSeed} data-next-anchor>{s.newAnchor}</button>
        <label className="genrep-aug">
          <input type="checkbox" checked={aug} onChange={(e) => setAug(e.target.checked)} data-aug-toggle />
          <span>{s.augLabel}</span>
        </label>
      </div>
      <p className="small muted genrep-state" data-state={shown ? (shown.live ? 'live' : 'baked') : 'loading'}>
        {fmt(s.anchorN, { n: seed })} · σ = {sigmaText} · {shown?.live ? s.liveNote : isLive ? s.computing : bakedError ? s.bakedError : sigmaOnlyLive ? s.onlyLive : s.bakedNote}
      </p>
      <div className="genrep-row" data-sigma={sigma} data-seed={seed} data-aug={aug ? '1' : '0'}
        {...(liveOut ? { 'data-live-output': liveOut } : {})}
        {...(cosShown ? { 'data-live-cosines': JSON.stringify({ seed, sigma, aug, cosines: cosShown }) } : {})}>
        {views ? views.map((v, i) => (
          <figure key={i} className={i === 0 ? 'genrep-cell anchor' : 'genrep-cell'} data-view={i}>
            <img src={pngDataUrl(v, 28, 28)} width={84} height={84} alt={i === 0 ? fmt(s.altAnchor, { n: seed }) : fmt(s.altPositive, { k: i, sigma: sigmaText, d: num(dists[i - 1]!) })} />
            <figcaption className="small">{i === 0 ? s.anchor : <>{fmt(s.positiveK, { k: i })}<br /><span className="muted">d = {num(dists[i - 1]!)}</span>
              {cosShown && <><br /><span className="muted" data-cos>cos = {num(cosShown[i - 1]!, 2)}</span></>}</>}</figcaption>
          </figure>
        )) : Array.from({ length: 1 + p.k }, (_, i) => <div key={i} className="genrep-cell placeholder" aria-hidden="true" />)}
      </div>
      <p className="small" aria-live="polite" data-mean-distance={views ? meanDist.toFixed(4) : undefined}>
        {views ? fmt(sigma === 0 && !aug ? s.distanceZero : s.distance, { d: num(meanDist), sigma: sigmaText }) : ''}
        {cosShown ? ` ${fmt(s.cosine, { c: num(meanCos, 2) })}` : ''}
      </p>
      {!isLive && <p className="small muted">{s.cosineLiveOnly}</p>}
      <div className="no-print">
        <LiveGate lang={p.lang} status={status} downloadBytes={totalBytes} onStart={() => void start()}
          label={fmt(s.runLive, { size: formatBytes(p.lang, totalBytes) })} hint={fmt(s.runLiveHint, { size: formatBytes(p.lang, totalBytes) })} />
      </div>
    </WidgetFrame>
  );
}
