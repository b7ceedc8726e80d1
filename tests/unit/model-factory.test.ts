// The model factory contract (GUIDE §4): every public/models/<id>/ holds a card that validates, a
// model.onnx matching the card's sha256/bytes/budget, baked files that parse, and fixtures written
// by the Python side that onnxruntime-web — the browser's own wasm backend, run here in Node
// (stack.md P8) — reproduces within atol. Set MODELS_DIR to check another folder.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, extname } from 'node:path';
import * as ort from 'onnxruntime-web/wasm';
import { modelCardSchema, DEFAULT_SIZE_BUDGET, type ModelCard } from '../../src/lib/model-card.ts';
import { ROOT } from './helpers.ts';

ort.env.wasm.numThreads = 1;
ort.env.logLevel = 'error';

const MODELS_DIR = resolve(process.env.MODELS_DIR ?? join(ROOT, 'public/models'));
const MAX_ATOL = 1e-4;
const ids = existsSync(MODELS_DIR)
  ? readdirSync(MODELS_DIR).filter((d) => !d.startsWith('.') && statSync(join(MODELS_DIR, d)).isDirectory()).sort()
  : [];

interface FixtureTensor { dims: number[]; dtype?: string; data: (number | boolean)[] }
interface Fixtures { model: string; atol: number; cases: { name: string; inputs: Record<string, FixtureTensor>; outputs: Record<string, FixtureTensor> }[] }

const size = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

function toTensor(name: string, t: FixtureTensor, fallbackDtype: string): ort.Tensor {
  const dtype = t.dtype ?? fallbackDtype;
  const n = t.data.length;
  assert.equal(n, size(t.dims), `input ${name}: ${n} values for dims [${t.dims}]`);
  switch (dtype) {
    case 'float32': return new ort.Tensor('float32', Float32Array.from(t.data, Number), t.dims);
    case 'int64': return new ort.Tensor('int64', BigInt64Array.from(t.data, (v) => BigInt(Number(v))), t.dims);
    case 'int32': return new ort.Tensor('int32', Int32Array.from(t.data, Number), t.dims);
    case 'uint8': return new ort.Tensor('uint8', Uint8Array.from(t.data, Number), t.dims);
    case 'bool': return new ort.Tensor('bool', Uint8Array.from(t.data, (v) => (v ? 1 : 0)), t.dims);
    default: throw new Error(`input ${name}: unsupported fixture dtype ${dtype}`);
  }
}

const numbers = (data: ort.Tensor['data']): number[] => Array.from(data as ArrayLike<number | bigint>, Number);

if (!ids.length) {
  test('model factory: no models yet', { skip: `${MODELS_DIR} has no model folders yet` }, () => {});
}

for (const id of ids) {
  const dir = join(MODELS_DIR, id);
  const read = (f: string) => readFileSync(join(dir, f));
  const cardResult = existsSync(join(dir, 'card.json')) ? modelCardSchema.safeParse(JSON.parse(read('card.json').toString('utf8'))) : undefined;
  const card: ModelCard | undefined = cardResult?.success ? cardResult.data : undefined;
  const needCard = card ? false : 'card.json is missing or invalid (see the card test)';

  describe(`model ${id}`, () => {
    test('card.json exists and validates with modelCardSchema', () => {
      assert.ok(cardResult, `${dir}/card.json is missing`);
      assert.ok(cardResult.success, cardResult.success ? '' : cardResult.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      assert.equal(cardResult.data.id, id, 'card id must equal its folder name');
    });

    test('model.onnx matches the card: sha256, bytes, size budget', { skip: needCard }, () => {
      const c = card!;
      assert.ok(existsSync(join(dir, c.file)), `${c.file} is missing`);
      const bytes = read(c.file);
      assert.equal(bytes.length, c.bytes, 'bytes');
      assert.equal(createHash('sha256').update(bytes).digest('hex'), c.sha256, 'sha256');
      const budget = c.size_budget_bytes ?? DEFAULT_SIZE_BUDGET;
      assert.ok(bytes.length <= budget, `${bytes.length} B exceeds the card's budget of ${budget} B`);
      if (budget > DEFAULT_SIZE_BUDGET) console.log(`# ${id}: the card raises the size budget to ${budget} B (default ${DEFAULT_SIZE_BUDGET} B)`);
    });

    test('every baked file exists and parses', { skip: needCard }, () => {
      for (const f of card!.baked) {
        assert.ok(!f.includes('..') && !f.startsWith('/'), `baked path ${f} must stay inside the model folder`);
        assert.ok(existsSync(join(dir, f)), `baked file ${f} is missing`);
        const buf = read(f);
        assert.ok(buf.length > 0, `baked file ${f} is empty`);
        if (extname(f) === '.json') {
          const data: unknown = JSON.parse(buf.toString('utf8'));
          if (data && typeof data === 'object' && 'model' in data) assert.equal((data as { model: unknown }).model, id, `${f}: "model" names another model`);
        }
      }
    });

    test('onnxruntime-web reproduces every fixture; card I/O matches the session', { skip: needCard }, async (t) => {
      const c = card!;
      assert.ok(existsSync(join(dir, 'fixtures.json')), 'fixtures.json is missing');
      const fx = JSON.parse(read('fixtures.json').toString('utf8')) as Fixtures;
      assert.equal(fx.model, id, 'fixtures.json "model"');
      assert.ok(typeof fx.atol === 'number' && fx.atol > 0 && fx.atol <= MAX_ATOL, `atol ${fx.atol} must be in (0, ${MAX_ATOL}]`);
      assert.ok(Array.isArray(fx.cases) && fx.cases.length > 0, 'fixtures.json has no cases');

      const session = await ort.InferenceSession.create(read(c.file));
      try {
        assert.deepEqual([...session.inputNames].sort(), c.inputs.map((i) => i.name).sort(), 'card inputs vs ONNX inputs');
        assert.deepEqual([...session.outputNames].sort(), c.outputs.map((o) => o.name).sort(), 'card outputs vs ONNX outputs');
        // dtypes and ranks as the session reports them (fixed dims must agree; named dims are free)
        for (const [specs, meta] of [[c.inputs, session.inputMetadata], [c.outputs, session.outputMetadata]] as const) {
          for (const m of meta ?? []) {
            const spec = specs.find((s) => s.name === m.name);
            if (!spec || !m.isTensor) continue;
            assert.equal(spec.dtype, m.type, `${m.name}: card dtype ${spec.dtype}, ONNX ${m.type}`);
            assert.equal(spec.shape.length, m.shape.length, `${m.name}: card rank ${spec.shape.length}, ONNX ${m.shape.length}`);
            m.shape.forEach((d, i) => {
              if (typeof d === 'number' && typeof spec.shape[i] === 'number') assert.equal(spec.shape[i], d, `${m.name}: dim ${i}`);
            });
          }
        }

        let overall = 0;
        for (const kase of fx.cases) {
          const feeds: Record<string, ort.Tensor> = {};
          for (const [name, t] of Object.entries(kase.inputs)) {
            const spec = c.inputs.find((i) => i.name === name);
            assert.ok(spec, `case ${kase.name}: input ${name} is not a model input`);
            feeds[name] = toTensor(name, t, spec.dtype);
          }
          assert.deepEqual(Object.keys(feeds).sort(), [...session.inputNames].sort(), `case ${kase.name}: fixture inputs must cover every model input`);
          const wanted = Object.keys(kase.outputs);
          assert.ok(wanted.length > 0, `case ${kase.name}: no expected outputs`);
          const result = await session.run(feeds, wanted);
          for (const name of wanted) {
            const expected = kase.outputs[name]!;
            const got = result[name];
            assert.ok(got, `case ${kase.name}: the session has no output ${name}`);
            assert.deepEqual([...got.dims], expected.dims, `case ${kase.name}: ${name} dims`);
            const a = numbers(got.data);
            const e = expected.data.map(Number);
            assert.equal(a.length, e.length, `case ${kase.name}: ${name} length`);
            let worst = 0;
            let at = -1;
            for (let i = 0; i < a.length; i++) {
              const d = Math.abs(a[i]! - e[i]!);
              if (!(d <= worst)) { worst = d; at = i; } // NaN counts as the worst
            }
            assert.ok(worst <= fx.atol, `case ${kase.name}: ${name}[${at}] = ${a[at]} vs fixture ${e[at]} (|Δ| = ${worst} > atol ${fx.atol})`);
            overall = Math.max(overall, worst);
          }
        }
        t.diagnostic(`${id}: ${fx.cases.length} fixture case(s), max |ORT − fixture| = ${overall.toExponential(2)} (atol ${fx.atol})`);
      } finally {
        await session.release();
      }
    });
  });
}
