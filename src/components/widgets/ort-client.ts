// The page side of the ORT worker. One worker per page, created on the first request (never at
// page load), shared by every widget; models are loaded once even if several widgets ask.
import type { Feeds, LoadError, ModelSpec, Outputs, Request, Response } from './ort-protocol.ts';

export interface Progress {
  loaded: number;
  total: number;
  phase: 'runtime' | 'download' | 'verify';
}

interface Pending {
  resolve: (outputs: Outputs | undefined) => void;
  reject: (error: LoadError) => void;
  onProgress?: (p: Progress) => void;
}

let worker: Worker | null = null;
let nextId = 1;
const pending = new Map<number, Pending>();

function getWorker(): Worker {
  if (worker) return worker;
  worker = new Worker(new URL('./ort.worker.ts', import.meta.url), { type: 'module', name: 'onnxruntime' });
  worker.onmessage = (event: MessageEvent<Response>) => {
    const msg = event.data;
    const p = pending.get(msg.reqId);
    if (!p) return;
    if (msg.type === 'progress') p.onProgress?.({ loaded: msg.loaded, total: msg.total, phase: msg.phase });
    else {
      pending.delete(msg.reqId);
      if (msg.type === 'done') p.resolve(msg.outputs);
      else p.reject(msg.error);
    }
  };
  worker.onerror = (event) => {
    // The worker script itself failed (e.g. its chunk could not load): fail everything waiting.
    event.preventDefault();
    for (const [id, p] of pending) {
      p.reject({ kind: 'runtime', detail: event.message || 'worker failed to start' });
      pending.delete(id);
    }
    worker?.terminate();
    worker = null;
  };
  return worker;
}

type Distribute<T> = T extends unknown ? Omit<T, 'reqId'> : never;

function request(msg: Distribute<Request>, onProgress?: (p: Progress) => void, transfer: Transferable[] = []): Promise<Outputs | undefined> {
  return new Promise((resolve, reject) => {
    const reqId = nextId++;
    pending.set(reqId, { resolve, reject, onProgress });
    try {
      getWorker().postMessage({ ...msg, reqId } as Request, transfer);
    } catch (e) {
      pending.delete(reqId);
      reject({ kind: 'runtime', detail: String(e) } satisfies LoadError);
    }
  });
}

const loads = new Map<string, Promise<void>>();

/** Downloads (with progress), verifies and opens a model. Concurrent calls share one load. */
export function loadModel(spec: ModelSpec, onProgress?: (p: Progress) => void): Promise<void> {
  let p = loads.get(spec.id);
  if (!p) {
    p = request({ type: 'load', spec }, onProgress).then(() => undefined);
    loads.set(spec.id, p);
    p.catch(() => loads.delete(spec.id));
  }
  return p;
}

const lastFeeds = new Map<string, Feeds>();

export async function runModel(id: string, feeds: Feeds, fetches?: string[]): Promise<Outputs> {
  lastFeeds.set(id, feeds);
  return (await request({ type: 'run', id, feeds, fetches })) ?? {};
}

declare global {
  interface Window {
    /**
     * For `npm run bench`: replays a model's last input n times, returns round-trip times (ms).
     * With `load`, first loads that model (checksum as usual) and uses the given input.
     */
    __ortBench?: (id: string, n: number, load?: { spec: ModelSpec; feeds: Feeds }) => Promise<number[]>;
  }
}

// Exists only once the runtime client is loaded (after the reader's first interaction).
if (typeof window !== 'undefined') {
  window.__ortBench = async (id, n, load) => {
    if (load) {
      await loadModel(load.spec);
      lastFeeds.set(id, load.feeds);
    }
    const feeds = lastFeeds.get(id);
    if (!feeds) throw new Error(`model ${id} has not run yet`);
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await request({ type: 'run', id, feeds });
      times.push(performance.now() - t0);
    }
    return times;
  };
}

/** Runs a graph built on the fly (e.g. the convolution calculator's stack) once. */
export async function runGraph(model: Uint8Array, feeds: Feeds): Promise<Outputs> {
  return (await request({ type: 'runGraph', model, feeds })) ?? {};
}
