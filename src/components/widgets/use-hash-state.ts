// React binding of hash-state: read once after hydration (so server and client first render agree),
// write back with replaceState (no history spam), follow manual hash edits.
import { useCallback, useEffect, useRef, useState } from 'react';
import { readState, writeState, type Codec } from '../../lib/hash-state.ts';

export function useHashState<T>(key: string, codec: Codec<T>, fallback: T): [T, (next: T) => void] {
  const [value, setValue] = useState<T>(fallback);
  const latest = useRef(value);
  latest.current = value;

  useEffect(() => {
    const sync = () => setValue(readState(location.hash, key, codec, fallback));
    sync();
    addEventListener('hashchange', sync);
    return () => removeEventListener('hashchange', sync);
    // The codec and fallback are module constants in every widget.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const set = useCallback((next: T) => {
    setValue(next);
    const hash = writeState(location.hash, key, codec, next);
    history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
  }, [key, codec]);

  return [value, set];
}
