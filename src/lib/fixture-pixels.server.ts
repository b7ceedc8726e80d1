// The uint8 pixels of a fixture case's input image, recovered from the stored model input
// x = (p/255 − mean)/std. Throws if the recovery is not exact (so a change of preprocessing
// cannot silently give the widget a different image than the fixture).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Fixtures { cases: { name: string; inputs: { image: { data: number[] } } }[] }

export function fixturePixels(modelId: string, caseName: string, pre: { mean: number; std: number; scale?: number }): number[] {
  const path = join(process.cwd(), 'public', 'models', modelId, 'fixtures.json');
  const fx = JSON.parse(readFileSync(path, 'utf8')) as Fixtures;
  const c = fx.cases.find((k) => k.name === caseName);
  if (!c) throw new Error(`${path}: no case ${caseName}`);
  return c.inputs.image.data.map((x, i) => {
    const p = (x * pre.std + pre.mean) * (pre.scale ?? 255);
    const r = Math.round(p);
    if (Math.abs(p - r) > 0.01 || r < 0 || r > 255) throw new Error(`${path} ${caseName}: pixel ${i} is not a byte (${p})`);
    return r;
  });
}
