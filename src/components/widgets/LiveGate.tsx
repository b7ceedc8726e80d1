// The strip under every live widget: "run live (size)" → progress bar → "live" | error + retry.
import { useEffect, useState } from 'react';
import { t, fmt, formatBytes, type Lang } from '../../i18n/index.ts';
import type { LiveStatus } from './use-live-model.ts';

interface Props {
  lang: Lang;
  status: LiveStatus;
  /** Everything the first live run downloads: the model plus the ORT runtime. */
  downloadBytes: number;
  onStart: () => void;
  /** Replaces the default "run the model live (size)" button text. */
  label?: string;
  /** Replaces the default sentence under the button. */
  hint?: string;
}

export function LiveGate({ lang, status, downloadBytes, onStart, label: buttonLabel, hint }: Props) {
  const s = t(lang).widget;
  // The server-rendered button stays disabled until React has hydrated: a click before that
  // would be lost (and without JavaScript there is nothing to run).
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const size = formatBytes(lang, downloadBytes);
  if (status.state === 'idle') {
    return (
      <div className="live-gate">
        <button type="button" className="primary" onClick={onStart} disabled={!hydrated} data-live-start>
          {buttonLabel ?? fmt(s.runLive, { size })}
        </button>
        <p className="muted small">{hint ?? fmt(s.runLiveHint, { size })}</p>
      </div>
    );
  }
  if (status.state === 'loading') {
    const p = status.progress;
    const label = !p || p.phase === 'runtime' ? s.loadingRuntime : p.phase === 'verify' ? s.verifying
      : fmt(s.downloading, { loaded: formatBytes(lang, p.loaded), total: formatBytes(lang, p.total) });
    return (
      <div className="live-gate" aria-busy="true">
        <progress max={p?.total || 1} value={p && p.phase === 'download' ? p.loaded : undefined} aria-label={s.progress} />
        <p className="muted small" role="status">{label}</p>
      </div>
    );
  }
  if (status.state === 'ready') {
    return <p className="live-gate live-badge" data-live-ready><span aria-hidden="true">● </span>{s.live}</p>;
  }
  const e = status.error;
  const message = fmt(s.errors[e.kind], { status: e.status ?? '—', detail: e.detail });
  return (
    <div className="live-gate live-error" data-live-error={e.kind}>
      <p role="alert">{message}</p>
      <button type="button" onClick={onStart}>{s.retry}</button>
    </div>
  );
}
