// "Two views": the BYOL training step for one pair, in the reader's browser. Two augmented views of
// a test image come from the training pipeline's TypeScript port (src/lib/byol-augment.ts, pinned to
// Python by fixtures); the live byol-full model gives the online prediction q and the EMA target's
// projection z′ of each view, and the widget shows cos(q₁, z′₂), cos(q₂, z′₁) and the symmetrised
// loss — the quantity training pushed down. A second image turns the pair into a negative example.
import { useEffect, useMemo, useState } from 'react';
import { t, fmt, numberFormat, type Lang } from '../../i18n/index.ts';
import { AUG, augment, pixelsTo01, toModelInput01, TRAINING_CONFIG, type AugConfig, type AugParams } from '../../lib/byol-augment.ts';
import { bool, int, record } from '../../lib/hash-state.ts';
import { pngDataUrl, GRAY } from '../../lib/png.ts';
import type { ModelSpec } from '../widgets/ort-protocol.ts';
import { useHashState } from '../widgets/use-hash-state.ts';
import { useLiveModel } from '../widgets/use-live-model.ts';
import { LiveGate } from '../widgets/LiveGate.tsx';
import { WidgetFrame } from '../widgets/WidgetFrame.tsx';
import { DrawPad } from '../widgets/DrawPad.tsx';
import { SubsetPicker, DRAWN } from '../widgets/SubsetPicker.tsx';
import { loadSubsetImages } from '../widgets/subset-images.ts';
import { byolPairLoss, type PairLoss } from './byol-pair.ts';

interface Props {
  lang: Lang;
  spec: ModelSpec;
  runtimeBytes: number;
  preprocess: { mean: number; std: number };
  classes: string[];
  labels: number[];
  /** Pixels (uint8) of the subset images the default state shows, so nothing is fetched before use. */
  initial: Record<number, number[]>;
  defaults: { i: number; o: number };
}

const NONE = -2; // "the second view comes from the same image"

const codec = (d: { i: number; o: number }) => record(
  {
    i: int(DRAWN, 999), o: int(NONE, 999), s1: int(0, 99999), s2: int(0, 99999),
    c: bool, f: bool, j: bool, b: bool, z: bool,
    ca: int(8, 100), js: int(0, 90), bs: int(1, 40), zp: int(0, 100),
  },
  defaultState(d),
);
type State = ReturnType<typeof defaultState>;

function defaultState(d: { i: number; o: number }) {
  return {
    i: d.i, o: NONE, s1: 1, s2: 2,
    c: true, f: true, j: true, b: true, z: true,
    ca: Math.round(TRAINING_CONFIG.cropMinArea * 100), js: Math.round(TRAINING_CONFIG.jitterStrength * 100),
    bs: Math.round(TRAINING_CONFIG.blurMaxSigma * 10), zp: Math.round(TRAINING_CONFIG.solarizeP * 100),
  };
}

function configOf(s: State): AugConfig {
  return {
    crop: s.c, cropMinArea: s.ca / 100, flip: s.f, jitter: s.j, jitterStrength: s.js / 100,
    blur: s.b, blurMaxSigma: s.bs / 10, solarize: s.z, solarizeP: s.zp / 100,
  };
}

const to255 = (img: ArrayLike<number>) => Array.from(img, (v) => Math.round(v * 255));

export default function ByolTwoViews({ lang, spec, runtimeBytes, preprocess, classes, labels, initial, defaults }: Props) {
  const s = t(lang).byolViews;
  const nf = (v: number, d = 3) => numberFormat(lang, v, { minimumFractionDigits: d, maximumFractionDigits: d });
  const stateCodec = useMemo(() => codec(defaults), [defaults]);
  const [state, setState] = useHashState('views', stateCodec, defaultState(defaults));
  const set = (patch: Partial<State>) => setState({ ...state, ...patch });
  const live = useLiveModel(spec);
  const [subset, setSubset] = useState<Uint8ClampedArray[] | null>(null);
  const [drawn, setDrawn] = useState<Uint8ClampedArray>(() => new Uint8ClampedArray(784));
  const [result, setResult] = useState<{ key: string; loss: PairLoss; outs: { prediction: number[]; target: number[] }[] } | null>(null);

  // The sprite of all 1,000 subset images loads only when the reader picks an image we did not inline.
  const needed = [state.i, state.o].filter((k) => k >= 0 && !(k in initial));
  useEffect(() => {
    if (!needed.length || subset) return;
    let cancelled = false;
    loadSubsetImages().then((imgs) => { if (!cancelled) setSubset(imgs); }).catch((e) => live.fail(e));
    return () => { cancelled = true; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [needed.length, subset]);

  const pixelsOf = (k: number): ArrayLike<number> | null => (k === DRAWN ? drawn : initial[k] ?? subset?.[k] ?? null);
  const first = pixelsOf(state.i);
  const second = state.o === NONE ? first : pixelsOf(state.o);
  const cfg = configOf(state);
  const views = useMemo(() => {
    if (!first || !second) return null;
    return [augment(pixelsTo01(first), state.s1, cfg), augment(pixelsTo01(second), state.s2, cfg)] as const;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [first, second, state.s1, state.s2, JSON.stringify(cfg)]);
  const key = JSON.stringify([state, state.i === DRAWN ? Array.from(drawn) : null]);

  useEffect(() => {
    if (live.status.state !== 'ready' || !views) return;
    let cancelled = false;
    (async () => {
      try {
        const { runModel } = await import('../widgets/ort-client.ts');
        const outs = [];
        for (const v of views) {
          const out = await runModel(spec.id, { image: { dims: [1, 1, 28, 28], dtype: 'float32', data: toModelInput01(v.image, preprocess) } });
          outs.push({ prediction: Array.from(out.prediction!.data as Float32Array), target: Array.from(out.target_projection!.data as Float32Array) });
        }
        if (!cancelled) setResult({ key, loss: byolPairLoss(outs[0]!, outs[1]!), outs });
      } catch (e) {
        if (!cancelled) live.fail({ kind: 'inference', detail: String((e as Error)?.message ?? e) });
      }
    })();
    return () => { cancelled = true; };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [live.status.state, views]);

  const current = result?.key === key ? result.loss : null;
  const sameImage = state.o === NONE;
  const describe = (p: AugParams) => [
    cfg.crop ? fmt(s.pCrop, { area: nf((p.crop.w * p.crop.h) / 784 * 100, 0) }) : null,
    p.flip ? s.pFlip : null,
    p.jitter ? fmt(s.pJitter, { b: nf(p.jitter.brightness, 2), c: nf(p.jitter.contrast, 2) }) : null,
    p.blur_sigma !== null ? fmt(s.pBlur, { sigma: nf(p.blur_sigma, 2) }) : null,
    p.solarize ? s.pSolarize : null,
  ].filter(Boolean).join(' · ') || s.pNone;

  const slider = (id: keyof State, label: string, min: number, max: number, value: number, shown: string, enabled: boolean) => (
    <label className="field">
      <span>{label}: <output>{shown}</output></span>
      <input type="range" min={min} max={max} value={value} disabled={!enabled} name={`views-${id}`}
        onChange={(e) => set({ [id]: Number(e.target.value) } as Partial<State>)} />
    </label>
  );
  const toggle = (id: 'c' | 'f' | 'j' | 'b' | 'z', label: string) => (
    <label className="check"><input type="checkbox" checked={state[id]} name={`views-${id}`} onChange={(e) => set({ [id]: e.target.checked })} /> {label}</label>
  );
  const verdict = current ? (sameImage ? s.samePair : s.differentPair) : '';

  return (
    <WidgetFrame name="byol-two-views" className="byol-views" titleId="byol-views-title" title={s.title} intro={s.intro}>
        <div className="widget-controls">
          <SubsetPicker lang={lang} classes={classes} labels={labels} value={state.i} idPrefix="views-first"
            onChange={(v) => set({ i: v })} />
          <label className="check">
            <input type="checkbox" checked={!sameImage} name="views-other"
              onChange={(e) => set({ o: e.target.checked ? defaults.o : NONE })} /> {s.otherImage}
          </label>
          {!sameImage && (
            <SubsetPicker lang={lang} classes={classes} labels={labels} value={state.o} idPrefix="views-second" allowDraw={false}
              onChange={(v) => set({ o: v })} />
          )}
          <button type="button" onClick={() => set({ s1: (state.s1 * 7 + 13) % 100000, s2: (state.s2 * 11 + 17) % 100000 })} data-reseed>
            {s.reseed}
          </button>
        </div>

        <fieldset className="aug-controls">
          <legend>{s.augmentations}</legend>
          <div className="aug-grid">
            <div>{toggle('c', s.crop)}{slider('ca', s.cropArea, 8, 100, state.ca, `${state.ca}\u00a0%`, state.c)}</div>
            <div>{toggle('f', s.flip)}</div>
            <div>{toggle('j', s.jitter)}{slider('js', s.jitterStrength, 0, 90, state.js, `±${state.js}\u00a0%`, state.j)}</div>
            <div>{toggle('b', s.blur)}{slider('bs', s.blurSigma, 1, 40, state.bs, nf(state.bs / 10, 1), state.b)}</div>
            <div>{toggle('z', s.solarize)}{slider('zp', s.solarizeP, 0, 100, state.zp, `${state.zp}\u00a0%`, state.z)}</div>
          </div>
          <p className="small muted">{fmt(s.trainingNote, {
            area: nf(AUG.crop_scale[0] * 100, 0), jitter: nf(AUG.brightness * 100, 0), jitterP: nf(AUG.jitter_p, 1),
            blurP: nf(AUG.blur_p, 1), sigma: nf(AUG.blur_sigma[1], 0), solarizeP: nf(AUG.solarize_p, 1), flipP: nf(AUG.flip_p, 1),
          })}</p>
        </fieldset>

        {state.i === DRAWN && <DrawPad lang={lang} onDrawn={(px) => setDrawn(px)} />}

        <div className="views-row">
          {views ? views.map((v, n) => (
            <figure key={n} className="view">
              <img src={pngDataUrl(to255(v.image), 28, 28, GRAY)} width={28} height={28} alt={fmt(s.viewAlt, { n: n + 1, params: describe(v.params) })} />
              <figcaption className="small"><strong>{fmt(s.view, { n: n + 1 })}</strong> {describe(v.params)}</figcaption>
            </figure>
          )) : <p className="small">{s.loadingImages}</p>}
        </div>

        <div className="pair-loss" aria-live="polite"
          {...(current && result ? { 'data-live-output': JSON.stringify({ ...current, views: result.outs }) } : {})}>
          {current ? (
            <>
              <table>
                <tbody>
                  <tr><th scope="row">cos(q₁, z′₂)</th><td data-cos12>{nf(current.cos12)}</td></tr>
                  <tr><th scope="row">cos(q₂, z′₁)</th><td data-cos21>{nf(current.cos21)}</td></tr>
                  <tr><th scope="row">{s.loss}</th><td data-loss><strong>{nf(current.loss)}</strong> {s.lossRange}</td></tr>
                </tbody>
              </table>
              <p className="small">{verdict}</p>
            </>
          ) : (
            <p className="small muted">{live.status.state === 'ready' ? s.computing : s.beforeLive}</p>
          )}
        </div>
        <p className="small muted">{s.evalNote}</p>
        <div className="no-print">
          <LiveGate lang={lang} status={live.status} downloadBytes={spec.bytes + runtimeBytes} onStart={() => void live.start()} />
        </div>
    </WidgetFrame>
  );
}
