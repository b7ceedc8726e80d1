// Bytes the first live run downloads for onnxruntime-web itself (the single-threaded SIMD wasm
// and its loader), read from the installed package at build time so the button states the truth.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cached: number | null = null;

export function ortRuntimeBytes(): number {
  if (cached !== null) return cached;
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('onnxruntime-web/wasm'));
  cached = ['ort-wasm-simd-threaded.wasm', 'ort-wasm-simd-threaded.mjs']
    .map((f) => statSync(join(dist, f)).size)
    .reduce((a, b) => a + b, 0);
  return cached;
}
