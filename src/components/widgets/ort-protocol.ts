// Messages between the page and the one onnxruntime-web worker. Plain data only (structured clone).

export type DType = 'float32' | 'int64' | 'int32' | 'uint8' | 'bool';

export interface TensorData {
  dims: number[];
  dtype: DType;
  data: Float32Array | Int32Array | BigInt64Array | Uint8Array;
}

export type Feeds = Record<string, TensorData>;
export type Outputs = Record<string, { dims: number[]; data: Float32Array | Int32Array | BigInt64Array | Uint8Array }>;

/** What the page knows about a model before loading it (from its card). */
export interface ModelSpec {
  id: string;
  url: string;
  sha256: string;
  bytes: number;
}

export type LoadErrorKind = 'notFound' | 'network' | 'checksum' | 'runtime' | 'inference' | 'unknown';

export interface LoadError {
  kind: LoadErrorKind;
  status?: number;
  detail: string;
}

export type Request =
  | { type: 'load'; reqId: number; spec: ModelSpec }
  | { type: 'run'; reqId: number; id: string; feeds: Feeds; fetches?: string[] }
  | { type: 'runGraph'; reqId: number; model: Uint8Array; feeds: Feeds };

export type Response =
  | { type: 'progress'; reqId: number; loaded: number; total: number; phase: 'runtime' | 'download' | 'verify' }
  | { type: 'done'; reqId: number; outputs?: Outputs }
  | { type: 'error'; reqId: number; error: LoadError };

export function isLoadError(e: unknown): e is LoadError {
  return typeof e === 'object' && e !== null && 'kind' in e && 'detail' in e;
}
