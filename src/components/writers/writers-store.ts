// The reader's text, shared by the writer-style widgets on one page ("Who wrote this?", "Why this
// author?", "Style fingerprints"): they are separate islands, but Astro bundles this module once,
// so they read and write one store. Islands render their server snapshot (the default sample) first
// and subscribe after hydration.
import { useSyncExternalStore } from 'react';
import type { WritersLang } from '../../lib/writers-text.ts';

export interface WritersState {
  /** Exactly what is in the text box (already cut to TEXT_LIMIT). */
  text: string;
  /** Whose writers the models and statistics compare against. */
  lang: WritersLang;
  /** Sample id when the text is an untouched sample, else null. */
  sample: string | null;
  /** True when a paste was cut to TEXT_LIMIT. */
  cut: boolean;
  /** Set once the reader has asked for the live models in any writer widget: the others follow. */
  live?: boolean;
}

/** The text box keeps at most this many characters (code units); the models read the first 1000. */
export const TEXT_LIMIT = 20_000;

let state: WritersState | null = null;
const listeners = new Set<() => void>();

/** First island to hydrate sets the initial state; later calls are no-ops. */
export function initWritersState(init: WritersState): void {
  if (state === null) state = init;
}

export function getWritersState(): WritersState | null {
  return state;
}

export function setWritersState(patch: Partial<WritersState>): void {
  state = { ...(state as WritersState), ...patch };
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The shared state; `init` is the server snapshot and the value until an island changes it. */
export function useWritersState(init: WritersState): WritersState {
  initWritersState(init);
  return useSyncExternalStore(subscribe, () => state ?? init, () => init);
}
