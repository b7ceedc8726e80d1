// Precomputes the writer models' probabilities for the typed-in samples of "Who wrote this?", so
// the widget can show an answer before the reader downloads anything. Runs the same ONNX files with
// onnxruntime-web (wasm) in Node, on the same normalisation and ids as the browser.
//   node scripts/bake-writer-samples.ts   (after retraining writers-*-char or editing samples.ts)
// tests/unit/writers-samples.test.ts recomputes and compares, so the file cannot go stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web/wasm';
import { SAMPLES } from '../src/components/writers/samples.ts';
import { prepare, vocabIndex, type WritersLang } from '../src/lib/writers-text.ts';

export const OUT = 'src/components/writers/samples-probs.json';

export async function sampleProbs(root: string): Promise<Record<string, number[]>> {
  ort.env.wasm.numThreads = 1;
  const out: Record<string, number[]> = {};
  for (const l of ['ru', 'en'] as WritersLang[]) {
    const dir = join(root, `public/models/writers-${l}-char`);
    const baked = JSON.parse(readFileSync(join(dir, 'baked.json'), 'utf8')) as { text: { vocab: string[]; max_len: number } };
    const index = vocabIndex(baked.text.vocab);
    const session = await ort.InferenceSession.create(readFileSync(join(dir, 'model.onnx')));
    for (const s of SAMPLES.filter((x) => x.lang === l)) {
      const enc = prepare(s.text, l, index, baked.text.max_len);
      // As the widget does: the passage's ids, unpadded (the input length is symbolic).
      const n = Math.max(1, enc.length);
      const r = await session.run({ ids: new ort.Tensor('int64', enc.ids.slice(0, n), [1, n]) });
      out[s.id] = Array.from(r.probs!.data as Float32Array, (p) => Math.round(p * 1e6) / 1e6);
    }
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const probs = await sampleProbs(process.cwd());
  writeFileSync(OUT, `${JSON.stringify(probs, null, 1)}\n`);
  console.log(`wrote ${OUT}: ${Object.keys(probs).length} samples`);
}
