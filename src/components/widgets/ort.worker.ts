// The page's one onnxruntime-web instance, in a Web Worker so compiling the 14 MB wasm and running
// models never blocks the page. Single-threaded: static hosts cannot send the COOP/COEP headers
// that threads need (stack.md P4).
import * as ort from 'onnxruntime-web/wasm';
import type { Feeds, LoadError, ModelSpec, Outputs, Request, Response } from './ort-protocol.ts';
import { sha256Hex } from './sha256.ts';

ort.env.wasm.numThreads = 1;
ort.env.wasm.proxy = false;
ort.env.logLevel = 'error';

const sessions = new Map<string, Promise<ort.InferenceSession>>();
const post = (msg: Response, transfer: Transferable[] = []) => (self as unknown as Worker).postMessage(msg, transfer);

class WidgetError extends Error {
  readonly info: LoadError;
  constructor(info: LoadError) {
    super(info.detail);
    this.info = info;
  }
}

async function download(reqId: number, spec: ModelSpec): Promise<Uint8Array> {
  let response: globalThis.Response;
  try {
    response = await fetch(spec.url, { cache: 'force-cache' });
  } catch (e) {
    throw new WidgetError({ kind: 'network', detail: String(e) });
  }
  if (!response.ok) throw new WidgetError({ kind: response.status === 404 ? 'notFound' : 'network', status: response.status, detail: `HTTP ${response.status}` });
  const total = spec.bytes;
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.byteLength;
    post({ type: 'progress', reqId, loaded, total, phase: 'download' });
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  return bytes;
}

async function createSession(model: Uint8Array): Promise<ort.InferenceSession> {
  try {
    return await ort.InferenceSession.create(model, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  } catch (e) {
    const detail = String((e as Error)?.message ?? e);
    // A model that parses but fails is an inference problem; a runtime that won't start is not.
    const runtime = /wasm|WebAssembly|backend|fetch|instantiate|no available backend/i.test(detail);
    throw new WidgetError({ kind: runtime ? 'runtime' : 'unknown', detail });
  }
}

async function load(reqId: number, spec: ModelSpec): Promise<void> {
  let pending = sessions.get(spec.id);
  if (!pending) {
    pending = (async () => {
      const bytes = await download(reqId, spec);
      post({ type: 'progress', reqId, loaded: bytes.byteLength, total: spec.bytes, phase: 'verify' });
      const digest = await sha256Hex(bytes);
      if (digest !== spec.sha256 || bytes.byteLength !== spec.bytes) {
        throw new WidgetError({ kind: 'checksum', detail: `sha256 ${digest.slice(0, 12)}… ≠ ${spec.sha256.slice(0, 12)}…` });
      }
      post({ type: 'progress', reqId, loaded: bytes.byteLength, total: spec.bytes, phase: 'runtime' });
      return createSession(bytes);
    })();
    sessions.set(spec.id, pending);
    // A failed load may be retried: forget it.
    pending.catch(() => sessions.delete(spec.id));
  }
  await pending;
}

function toOrt(feeds: Feeds): Record<string, ort.Tensor> {
  const out: Record<string, ort.Tensor> = {};
  for (const [name, t] of Object.entries(feeds)) out[name] = new ort.Tensor(t.dtype, t.data, t.dims);
  return out;
}

function fromOrt(result: ort.InferenceSession.OnnxValueMapType): { outputs: Outputs; transfer: Transferable[] } {
  const outputs: Outputs = {};
  const transfer: Transferable[] = [];
  for (const [name, value] of Object.entries(result)) {
    const tensor = value as ort.Tensor;
    const data = tensor.data as Float32Array;
    outputs[name] = { dims: [...tensor.dims], data };
    transfer.push(data.buffer as ArrayBuffer);
  }
  return { outputs, transfer };
}

async function runWith(session: ort.InferenceSession, feeds: Feeds, fetches?: string[]) {
  try {
    return fromOrt(fetches ? await session.run(toOrt(feeds), fetches) : await session.run(toOrt(feeds)));
  } catch (e) {
    throw new WidgetError({ kind: 'inference', detail: String((e as Error)?.message ?? e) });
  }
}

self.onmessage = async (event: MessageEvent<Request>) => {
  const msg = event.data;
  try {
    if (msg.type === 'load') {
      await load(msg.reqId, msg.spec);
      post({ type: 'done', reqId: msg.reqId });
    } else if (msg.type === 'run') {
      const session = sessions.get(msg.id);
      if (!session) throw new WidgetError({ kind: 'unknown', detail: `model ${msg.id} is not loaded` });
      const { outputs, transfer } = await runWith(await session, msg.feeds, msg.fetches);
      post({ type: 'done', reqId: msg.reqId, outputs }, transfer);
    } else if (msg.type === 'runGraph') {
      const session = await createSession(msg.model);
      try {
        const { outputs, transfer } = await runWith(session, msg.feeds);
        post({ type: 'done', reqId: msg.reqId, outputs }, transfer);
      } finally {
        await session.release();
      }
    }
  } catch (e) {
    const error: LoadError = e instanceof WidgetError ? e.info : { kind: 'unknown', detail: String((e as Error)?.message ?? e) };
    post({ type: 'error', reqId: msg.reqId, error });
  }
};
