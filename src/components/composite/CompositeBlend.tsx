// "Paste pixels or blend features": the reader marks a region of head A (preset masks, a brush for
// pointers, an 8×8 cell grid for the keyboard) that should replace the same place in head B. Three
// composites side by side: pixel cut-and-paste and the feathered paste (TypeScript, always live),
// and the blend in the autoencoder's 8×8×16 feature map, decoded — baked for the preset masks,
// recomputed in the shared ORT worker for any mask once the reader starts the models. Each gets
// the seam score of src/lib/composite-blend.ts, and the band it is measured on can be highlighted.
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { t, fmt, numberFormat, type Lang } from '../../i18n/index.ts';
import {
  CELL, GRID, PRESETS, SIZE, blendFeatures, chwToHwc, encoderInput, feather, gridMask, maskArea, paintDisc, paste,
  presetMask, seamBand, seamScore, toFloat, toRgba, toU8, toggleCell, type Presets,
} from '../../lib/composite-blend.ts';
import { decodeBase64, rgbDataUrl } from '../../lib/png.ts';
import { bool, int, oneOf, record } from '../../lib/hash-state.ts';
import type { ModelSpec } from '../widgets/ort-protocol.ts';
import { useHashState } from '../widgets/use-hash-state.ts';
import { useLiveModel } from '../widgets/use-live-model.ts';
import { LiveGate } from '../widgets/LiveGate.tsx';
import { WidgetFrame } from '../widgets/WidgetFrame.tsx';

export interface Head { rgb: string; labels: string; style: string }
export interface Seams { paste: number; feather: number; feature: number }
export interface BakedResult { pair: number; preset: Presets; feature: string; seam: Seams }
export interface Means { paste: number; feather: number; feature: number; beatsPaste: number; pairs: number; psnr: number }

interface Props {
  lang: Lang;
  enc: ModelSpec;
  dec: ModelSpec;
  runtimeBytes: number;
  heads: Head[];
  pairs: [number, number][];
  results: BakedResult[];
  means: Means;
}

type MaskName = Presets | 'custom';
const MASKS: readonly MaskName[] = [...PRESETS, 'custom'];
const METHODS = ['paste', 'feather', 'feature'] as const;
type Method = (typeof METHODS)[number];
const BRUSH = 2.2;

interface LiveResult { key: string; image: Float64Array; seam: number }

export default function CompositeBlend({ lang, enc, dec, runtimeBytes, heads, pairs, results, means }: Props) {
  const s = t(lang).composite;
  const codec = useMemo(() => record({ p: int(0, pairs.length - 1), m: oneOf(MASKS), b: bool }, { p: 0, m: 'hair', b: false }), [pairs.length]);
  const [state, setState] = useHashState('composite', codec, { p: 0, m: 'hair' as MaskName, b: false });
  const warmup = useCallback(async () => {
    const client = await import('../widgets/ort-client.ts');
    await client.loadModel(dec);
  }, [dec]);
  const live = useLiveModel(enc, warmup);
  const ready = live.status.state === 'ready';

  const decoded = useMemo(() => heads.map((h) => ({ rgb: toFloat(decodeBase64(h.rgb)), labels: decodeBase64(h.labels) })), [heads]);
  const pair = Math.min(state.p, pairs.length - 1);
  const [ia, ib] = pairs[pair]!;
  const A = decoded[ia]!;
  const B = decoded[ib]!;

  // The mask: a preset of A, or the reader's own (kept in memory, not in the URL).
  const [custom, setCustom] = useState<Uint8Array | null>(null);
  // A "custom" hash without a painted mask in memory (e.g. a shared link) falls back to the hair preset.
  const maskName: MaskName = state.m === 'custom' && !custom ? 'hair' : state.m;
  const mask = useMemo(
    () => (maskName === 'custom' && custom ? custom : presetMask(maskName === 'custom' ? 'hair' : maskName, A.labels)),
    [maskName, custom, A.labels],
  );
  const maskKey = useMemo(() => `${pair}:${Array.from(mask).join('')}`, [pair, mask]);
  const setMask = (next: Uint8Array) => {
    setCustom(next);
    if (state.m !== 'custom') setState({ ...state, m: 'custom' });
  };

  const band = useMemo(() => seamBand(mask), [mask]);
  const pasted = useMemo(() => paste(A.rgb, B.rgb, mask), [A, B, mask]);
  const feathered = useMemo(() => feather(A.rgb, B.rgb, mask), [A, B, mask]);
  const seamPaste = useMemo(() => seamScore(pasted, A.rgb, B.rgb, mask), [pasted, A, B, mask]);
  const seamFeather = useMemo(() => seamScore(feathered, A.rgb, B.rgb, mask), [feathered, A, B, mask]);
  const area = maskArea(mask);

  // Live feature blend: encode each head once, blend, decode; debounced while painting.
  const feats = useRef(new Map<number, Float32Array>());
  const [liveRes, setLiveRes] = useState<LiveResult | null>(null);
  useEffect(() => {
    if (!ready) return;
    let cancelled = false;
    const timer = setTimeout(async () => {
      try {
        const { runModel } = await import('../widgets/ort-client.ts');
        for (const k of [ia, ib]) {
          if (!feats.current.has(k)) {
            const out = await runModel(enc.id, { image: { dims: [1, 3, SIZE, SIZE], dtype: 'float32', data: encoderInput(decoded[k]!.rgb) } });
            feats.current.set(k, out.features!.data as Float32Array);
          }
        }
        const f = blendFeatures(feats.current.get(ia)!, feats.current.get(ib)!, gridMask(mask));
        const out = await runModel(dec.id, { features: { dims: [1, 16, GRID, GRID], dtype: 'float32', data: f } });
        const image = chwToHwc(out.image!.data as Float32Array);
        if (!cancelled) setLiveRes({ key: maskKey, image, seam: seamScore(image, A.rgb, B.rgb, mask) });
      } catch (e) {
        if (!cancelled) live.fail(e);
      }
    }, 40);
    return () => { cancelled = true; clearTimeout(timer); };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ready, maskKey]);

  const liveNow = ready && liveRes?.key === maskKey ? liveRes : null;
  const baked = maskName !== 'custom' ? results.find((r) => r.pair === pair && r.preset === maskName) ?? null : null;
  const featureImage: Float64Array | null = liveNow ? liveNow.image : baked ? toFloat(decodeBase64(baked.feature)) : null;
  const seams: Record<Method, number | null> = {
    paste: seamPaste, feather: seamFeather, feature: liveNow ? liveNow.seam : baked ? baked.seam.feature : null,
  };

  // Pointer painting (left button paints, with "erase" chosen it erases) and the keyboard grid.
  const [erase, setErase] = useState(false);
  const [cursor, setCursor] = useState<[number, number]>([3, 3]);
  const painting = useRef(false);
  const paintAt = (e: PointerEvent<HTMLDivElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const x = ((e.clientX - r.left) / r.width) * SIZE;
    const y = ((e.clientY - r.top) / r.height) * SIZE;
    setMask(paintDisc(mask, x, y, BRUSH, erase ? 0 : 1));
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const [cx, cy] = cursor;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const mv = moves[e.key];
    if (mv) {
      e.preventDefault();
      setCursor([Math.min(GRID - 1, Math.max(0, cx + mv[0])), Math.min(GRID - 1, Math.max(0, cy + mv[1]))]);
    } else if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      setMask(toggleCell(mask, cx, cy));
    }
  };

  const f1 = (v: number) => numberFormat(lang, v, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const pct = (v: number) => `${numberFormat(lang, v * 100, { maximumFractionDigits: 0 })}\u00a0%`;
  const showBand = state.b;
  const picture = (img: Float64Array, withBand: boolean) => rgbDataUrl(toRgba(img, withBand ? band : null), SIZE, SIZE, 4);
  const maskedA = useMemo(() => {
    const rgba = toRgba(A.rgb);
    for (let p = 0; p < SIZE * SIZE; p++) {
      if (!mask[p]) {
        for (let c = 0; c < 3; c++) rgba[p * 4 + c] = Math.round(rgba[p * 4 + c]! * 0.35 + 40);
      }
    }
    return rgbDataUrl(rgba, SIZE, SIZE, 4);
  }, [A, mask]);

  const methodName: Record<Method, string> = { paste: s.paste, feather: s.feather, feature: s.feature };
  const methodAlt: Record<Method, string> = { paste: s.pasteAlt, feather: s.featherAlt, feature: s.featureAlt };
  const maskLabel: Record<MaskName, string> = { hair: s.maskHair, face: s.maskFace, left: s.maskLeft, custom: s.maskCustom };
  const seamText = (m: Method) => (seams[m] === null ? s.noScore : f1(seams[m]!));
  const summary = seams.feature === null
    ? fmt(s.summaryNoFeature, { paste: f1(seamPaste), feather: f1(seamFeather) })
    : fmt(s.summary, { paste: f1(seamPaste), feather: f1(seamFeather), feature: f1(seams.feature) });
  const liveOutput = liveNow
    ? { 'data-live-output': JSON.stringify({ pair, mask: maskName, area, seam: { paste: seamPaste, feather: seamFeather, feature: liveNow.seam }, decoded: Array.from(toU8(liveNow.image)) }) }
    : {};
  const source = liveNow ? 'live' : baked ? 'baked' : 'none';

  return (
    <WidgetFrame name="composite-blend" className="composite-blend" titleId="composite-blend-title" title={s.title} intro={s.intro}>
      <div className="widget-controls">
        <label className="field">
          {s.pair}
          <select name="pair" value={pair} onChange={(e) => { setCustom(null); setLiveRes(null); setState({ ...state, p: Number(e.target.value), m: state.m === 'custom' ? 'hair' : state.m }); }}>
            {pairs.map((_, i) => <option key={i} value={i}>{fmt(s.pairOption, { n: i + 1 })}</option>)}
          </select>
        </label>
        <div className="field">
          <span id="composite-mask-label">{s.mask}</span>
          <div className="toggle-row" role="group" aria-labelledby="composite-mask-label">
            {PRESETS.map((p) => (
              <button key={p} type="button" data-preset={p} aria-pressed={maskName === p} onClick={() => { setCustom(null); setState({ ...state, m: p }); }}>
                {maskLabel[p]}
              </button>
            ))}
            <button type="button" data-clear onClick={() => setMask(new Uint8Array(SIZE * SIZE))}>{s.clear}</button>
          </div>
        </div>
        <div className="field">
          <span id="composite-brush-label">{s.brush}</span>
          <div className="toggle-row" role="group" aria-labelledby="composite-brush-label">
            <button type="button" aria-pressed={!erase} onClick={() => setErase(false)} data-brush="paint">{s.paint}</button>
            <button type="button" aria-pressed={erase} onClick={() => setErase(true)} data-brush="erase">{s.erase}</button>
          </div>
        </div>
        <label className="check">
          <input type="checkbox" checked={showBand} onChange={(e) => setState({ ...state, b: e.target.checked })} data-show-band />
          {s.showBand}
        </label>
      </div>

      <div className="composite-sources">
        <figure>
          <div
            className="composite-pad"
            tabIndex={0}
            role="application"
            aria-roledescription={s.padRole}
            aria-label={fmt(s.padLabel, { area, total: SIZE * SIZE, x: cursor[0] + 1, y: cursor[1] + 1 })}
            aria-describedby="composite-pad-help"
            data-pad
            onKeyDown={onKey}
            onPointerDown={(e) => { painting.current = true; e.currentTarget.setPointerCapture?.(e.pointerId); paintAt(e); }}
            onPointerMove={(e) => { if (painting.current) paintAt(e); }}
            onPointerUp={() => { painting.current = false; }}
            onPointerCancel={() => { painting.current = false; }}
          >
            <img src={maskedA} width={SIZE} height={SIZE} alt="" draggable={false} />
            <span
              className="composite-cursor"
              aria-hidden="true"
              style={{ left: `${(cursor[0] * CELL * 100) / SIZE}%`, top: `${(cursor[1] * CELL * 100) / SIZE}%`, width: `${(CELL * 100) / SIZE}%`, height: `${(CELL * 100) / SIZE}%` }}
            />
          </div>
          <figcaption>{fmt(s.headA, { style: s.styles[heads[ia]!.style as keyof typeof s.styles] ?? heads[ia]!.style })}</figcaption>
        </figure>
        <figure>
          <img src={picture(B.rgb, false)} width={SIZE} height={SIZE} alt={s.headBAlt} />
          <figcaption>{fmt(s.headB, { style: s.styles[heads[ib]!.style as keyof typeof s.styles] ?? heads[ib]!.style })}</figcaption>
        </figure>
      </div>
      <p className="small muted" id="composite-pad-help">{s.padHelp}</p>

      <div className="composite-results" data-source={source} {...liveOutput}>
        {METHODS.map((m) => {
          const img = m === 'paste' ? pasted : m === 'feather' ? feathered : featureImage;
          return (
            <figure key={m} data-method={m} data-seam={seams[m] ?? ''}>
              {img
                ? <img src={picture(img, showBand)} width={SIZE} height={SIZE} alt={fmt(methodAlt[m], { seam: seamText(m) })} />
                : <div className="composite-empty"><span>{s.needLive}</span></div>}
              <figcaption>
                <strong>{methodName[m]}</strong>
                <br />
                {s.seam}: <span className="composite-score">{seamText(m)}</span>
              </figcaption>
            </figure>
          );
        })}
      </div>
      <p className="small" aria-live="polite">{summary}</p>
      <p className="small muted">
        {liveNow ? s.live : baked ? s.baked : s.bakedNone}{' '}
        {fmt(s.means, { pairs: means.pairs, paste: f1(means.paste), feather: f1(means.feather), feature: f1(means.feature), beats: pct(means.beatsPaste), psnr: f1(means.psnr) })}
      </p>
      <LiveGate lang={lang} status={live.status} downloadBytes={enc.bytes + dec.bytes + runtimeBytes} onStart={() => void live.start()} />
    </WidgetFrame>
  );
}
