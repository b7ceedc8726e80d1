// A 280×280 drawing canvas reduced to a 28×28 gray image exactly like the training data
// (rgbaToGray28). Shared by every widget that lets the reader draw their own input.
import { useEffect, useRef, type PointerEvent, type ReactNode } from 'react';
import { t, type Lang } from '../../i18n/index.ts';
import { rgbaToGray28 } from '../../lib/image-preprocess.ts';

/** A 280×280 canvas drawn with white strokes on black, reduced to 28×28 like the training data. */
export function DrawPad({ lang, onDrawn, overlay }: { lang: Lang; onDrawn: (pixels: Uint8ClampedArray) => void; overlay?: ReactNode }) {
  const s = t(lang).widget;
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const last = useRef<[number, number] | null>(null);

  useEffect(() => clear(), []);
  function ctx() {
    return canvas.current!.getContext('2d', { willReadFrequently: true })!;
  }
  function clear() {
    const g = ctx();
    g.fillStyle = '#000';
    g.fillRect(0, 0, 280, 280);
  }
  function point(e: PointerEvent<HTMLCanvasElement>): [number, number] {
    const box = canvas.current!.getBoundingClientRect();
    return [((e.clientX - box.left) / box.width) * 280, ((e.clientY - box.top) / box.height) * 280];
  }
  function stroke(to: [number, number]) {
    const g = ctx();
    g.strokeStyle = '#fff';
    g.lineWidth = 26;
    g.lineCap = 'round';
    g.beginPath();
    const from = last.current ?? to;
    g.moveTo(from[0], from[1]);
    g.lineTo(to[0], to[1]);
    g.stroke();
    last.current = to;
  }
  function finish() {
    if (!drawing.current) return;
    drawing.current = false;
    last.current = null;
    onDrawn(rgbaToGray28(ctx().getImageData(0, 0, 280, 280).data, 280, 280));
  }
  return (
    <>
      <div className="stage">
        <canvas ref={canvas} width={280} height={280} aria-label={s.drawLabel} role="img"
          onPointerDown={(e) => { drawing.current = true; e.currentTarget.setPointerCapture(e.pointerId); stroke(point(e)); }}
          onPointerMove={(e) => drawing.current && stroke(point(e))}
          onPointerUp={finish} onPointerCancel={finish} />
        {overlay}
      </div>
      <p className="small muted">{s.drawHint} <button type="button" onClick={() => { clear(); onDrawn(new Uint8ClampedArray(784)); }}>{s.clear}</button></p>
    </>
  );
}
