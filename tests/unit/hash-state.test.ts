// The URL-hash codec that carries widget state (src/lib/hash-state.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { int, oneOf, bool, either, record, list, readState, writeState, type Codec } from '../../src/lib/hash-state.ts';

const padding = either(int(0, 16), oneOf(['same', 'valid'] as const), (v): v is number => typeof v === 'number');
const layer = record(
  { k: int(1, 15), s: int(1, 8), p: padding, t: bool, op: oneOf(['conv', 'pool', 'deconv'] as const) },
  { k: 3, s: 1, p: 0, t: false, op: 'conv' },
);
const stack = list(layer, ';', 12);
type Layer = NonNullable<ReturnType<typeof layer.decode>>;
const L = (over: Partial<Layer> = {}): Layer => ({ k: 3, s: 1, p: 0, t: false, op: 'conv', ...over });

test('int: round trip and bounds', () => {
  const c = int(-5, 100);
  for (const v of [-5, 0, 7, 100]) assert.equal(c.decode(c.encode(v)), v);
  for (const raw of ['101', '-6', '', ' 5', '5 ', '1e2', '0x10', '3.5', 'NaN', 'Infinity', '+5', '1234567890', '٣']) {
    assert.equal(c.decode(raw), undefined, `int accepted ${JSON.stringify(raw)}`);
  }
});

test('oneOf, bool and either', () => {
  const o = oneOf(['a', 'b'] as const);
  assert.equal(o.decode('a'), 'a');
  assert.equal(o.decode('A'), undefined);
  assert.equal(o.decode('toString'), undefined);
  assert.equal(bool.decode(bool.encode(true)), true);
  assert.equal(bool.decode(bool.encode(false)), false);
  for (const raw of ['true', 'yes', '', '2']) assert.equal(bool.decode(raw), undefined);
  assert.equal(padding.decode(padding.encode(4)), 4);
  assert.equal(padding.decode(padding.encode('same')), 'same');
  assert.equal(padding.decode('17'), undefined);
  assert.equal(padding.decode('full'), undefined);
});

test('record: round trip', () => {
  const v = L({ k: 7, s: 2, p: 'same', t: true, op: 'pool' });
  assert.deepEqual(layer.decode(layer.encode(v)), v);
});

test('record: missing, invalid, unknown and duplicated fields fall back field by field', () => {
  assert.deepEqual(layer.decode(''), L());
  assert.deepEqual(layer.decode('k:5'), L({ k: 5 }));
  assert.deepEqual(layer.decode('k:99,s:2'), L({ s: 2 }), 'out-of-range k takes its default');
  assert.deepEqual(layer.decode('zz:1,k:5,:3,k,::,s:'), L({ k: 5 }));
  assert.deepEqual(layer.decode('k:5,k:7'), L({ k: 7 }), 'the last of duplicated fields wins');
  assert.deepEqual(layer.decode('op:CONV,t:maybe,p:-1'), L());
});

test('record: keys from Object.prototype are not fields (no prototype pollution)', () => {
  const v = layer.decode('__proto__:1,constructor:2,toString:3,k:4');
  assert.deepEqual(v, L({ k: 4 }));
  assert.equal(({} as Record<string, unknown>).k, undefined);
  assert.equal(Object.getPrototypeOf(v), Object.prototype);
});

test('record: the defaults object is never mutated', () => {
  const defaults = { a: 1 };
  const c = record({ a: int(0, 9) }, defaults);
  c.decode('a:5');
  assert.deepEqual(defaults, { a: 1 });
});

test('list: round trip, invalid items dropped, empty or over-long lists invalid', () => {
  const v = [L(), L({ k: 5, op: 'pool' }), L({ p: 'valid', t: true })];
  assert.deepEqual(stack.decode(stack.encode(v)), v);
  const nums = list(int(0, 9), '.', 3);
  assert.deepEqual(nums.decode('1.x.3'), [1, 3]);
  assert.equal(nums.decode(''), undefined);
  assert.equal(nums.decode('x.y'), undefined);
  assert.equal(nums.decode('1.2.3.4'), undefined);
});

test('readState / writeState round trip through a real URL hash', () => {
  const v = [L({ k: 5 }), L({ p: 'same', op: 'deconv' })];
  const hash = writeState('', 'calc', stack, v);
  assert.match(hash, /^#calc=/);
  assert.deepEqual(readState(hash, 'calc', stack, []), v);
  // The browser hands the hash back percent-encoded or not; both decode the same.
  assert.deepEqual(readState(new URL(`https://x.test/${hash}`).hash, 'calc', stack, []), v);
  assert.deepEqual(readState(hash.slice(1), 'calc', stack, []), v, 'a hash without "#" reads the same');
});

test('values with separator and URL-special characters survive', () => {
  const text: Codec<string> = { encode: (s) => s, decode: (s) => (s.length ? s : undefined) };
  for (const v of ['a&b=c', 'x#y', '1+1 = 2', '100%', 'свёртка', '😀', '?q=1', 'k:1,s:2']) {
    const h = writeState('#other=1', 'note', text, v);
    assert.equal(readState(h, 'note', text, ''), v, JSON.stringify(v));
    assert.equal(readState(h, 'other', text, ''), '1');
  }
});

test("writing one widget's key keeps the other widgets' keys", () => {
  const h1 = writeState('', 'a', int(0, 9), 1);
  const h2 = writeState(h1, 'b', bool, true);
  const h3 = writeState(h2, 'a', int(0, 9), 7);
  assert.equal(readState(h3, 'a', int(0, 9), 0), 7);
  assert.equal(readState(h3, 'b', bool, false), true);
  assert.equal(new URLSearchParams(h3.slice(1)).getAll('a').length, 1, 'the key is replaced, not appended');
  const foreign = writeState('#theirs=%7Bjson%7D&x=', 'mine', int(0, 9), 3);
  assert.equal(new URLSearchParams(foreign.slice(1)).get('theirs'), '{json}');
  assert.equal(new URLSearchParams(foreign.slice(1)).get('x'), '');
});

test('a plain heading anchor is not state: defaults are used and nothing throws', () => {
  for (const h of ['#results', '#', '', '#calc', '#%D1%84%D0%BE%D1%80%D0%BC%D1%83%D0%BB%D0%B0']) {
    assert.deepEqual(readState(h, 'calc', stack, []), [], h);
  }
  const written = writeState('#results', 'a', int(0, 9), 2);
  assert.equal(readState(written, 'a', int(0, 9), 0), 2);
});

test('hand-edited and garbage hashes fall back to defaults', () => {
  const fallback = [L()];
  for (const h of ['#calc=', '#calc=%', '#calc=%E0%A4%A', '#calc=;;;', '#calc==&&==', '#=&=&=', '#calc=k:1;k:2;k:3;k:4;k:5;k:6;k:7;k:8;k:9;k:10;k:11;k:12;k:13', '#calc=\u0000', '#calc=null', '#calc=undefined']) {
    const v = readState(h, 'calc', stack, fallback);
    assert.ok(Array.isArray(v) && v.length >= 1, h);
    for (const item of v) assert.deepEqual(Object.keys(item).sort(), ['k', 'op', 'p', 's', 't'], `${h}: incomplete layer`);
  }
  assert.deepEqual(readState('#calc=%', 'calc', stack, fallback), [L()], 'record fills every field with its default');
  assert.deepEqual(readState('#n=abc', 'n', int(0, 9), 4), 4);
});

test('a codec that throws is contained: readState returns the fallback', () => {
  const boom: Codec<number> = { encode: String, decode: () => { throw new Error('boom'); } };
  assert.equal(readState('#x=1', 'x', boom, 42), 42);
});

test('huge input is handled quickly and bounded', () => {
  const huge = `#calc=${'k:5,s:2,p:same;'.repeat(100_000)}&n=3`;
  const t0 = performance.now();
  assert.deepEqual(readState(huge, 'calc', stack, []), [], 'a list over maxItems is invalid');
  assert.equal(readState(huge, 'n', int(0, 9), 0), 3);
  assert.equal(readState(`#n=${'9'.repeat(1_000_000)}`, 'n', int(0, 9), 1), 1);
  const big = layer.decode(`${'zz:1,'.repeat(200_000)}k:9`);
  assert.equal(big?.k, 9);
  assert.ok(performance.now() - t0 < 2000, `took ${Math.round(performance.now() - t0)} ms`);
});
