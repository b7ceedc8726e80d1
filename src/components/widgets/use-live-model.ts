// The "baked first, live second" state machine every widget uses:
// idle (baked data shown) → loading (progress) → ready (live answers) | error (message + retry).
import { useCallback, useRef, useState } from 'react';
import type { LoadError, ModelSpec } from './ort-protocol.ts';
import type { Progress } from './ort-client.ts';

export type LiveStatus =
  | { state: 'idle' }
  | { state: 'loading'; progress: Progress | null }
  | { state: 'ready' }
  | { state: 'error'; error: LoadError };

function asLoadError(e: unknown): LoadError {
  if (typeof e === 'object' && e !== null && 'kind' in e) return e as LoadError;
  return { kind: 'runtime', detail: String((e as Error)?.message ?? e) };
}

/**
 * `spec` is null for widgets that build their graph on the fly (nothing to download but the
 * runtime); such widgets pass `warmup`, which runs a tiny graph so that "ready" means the wasm
 * runtime really started.
 */
export function useLiveModel(spec: ModelSpec | null, warmup?: () => Promise<void>) {
  const [status, setStatus] = useState<LiveStatus>({ state: 'idle' });
  const starting = useRef<Promise<boolean> | null>(null);

  const start = useCallback((): Promise<boolean> => {
    if (starting.current) return starting.current;
    setStatus({ state: 'loading', progress: null });
    const run = (async () => {
      try {
        const client = await import('./ort-client.ts');
        if (spec) await client.loadModel(spec, (progress) => setStatus({ state: 'loading', progress }));
        if (warmup) await warmup();
        setStatus({ state: 'ready' });
        return true;
      } catch (e) {
        setStatus({ state: 'error', error: asLoadError(e) });
        starting.current = null;
        return false;
      }
    })();
    starting.current = run;
    return run;
  }, [spec, warmup]);

  const fail = useCallback((e: unknown) => setStatus({ state: 'error', error: asLoadError(e) }), []);

  return { status, start, fail };
}

export { asLoadError };
