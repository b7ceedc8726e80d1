// The calculator's state and its URL-hash codec: "#calc=in:28x28_l:op:conv.k:3.s:1.p:1.d:1.o:0.c:0~…".
import { bool, int, list, oneOf, record, type Codec } from '../../lib/hash-state.ts';
import { LIMITS, PRESETS, type Dims, type Layer } from '../../lib/conv-arithmetic.ts';

export interface CalcState {
  input: Dims;
  layers: Layer[];
}

const dimsCodec: Codec<Dims> = {
  encode: (d) => d.join('x'),
  decode: (raw) => {
    if (!/^\d{1,4}(x\d{1,4})?$/.test(raw)) return undefined;
    const dims = raw.split('x').map(Number);
    return dims.every((n) => n >= 1 && n <= LIMITS.size) ? dims : undefined;
  },
};

const padCodec: Codec<number | 'same'> = {
  encode: (p) => String(p),
  decode: (raw) => (raw === 'same' ? 'same' : int(0, LIMITS.p).decode(raw)),
};

const DEFAULT_LAYER: Layer = { op: 'conv', k: 3, s: 1, p: 1, d: 1, outPad: 0, ceil: false };

const layerRecord = record(
  { op: oneOf(['conv', 'convT', 'maxpool', 'avgpool'] as const), k: int(1, LIMITS.k), s: int(1, LIMITS.s), p: padCodec, d: int(1, LIMITS.d), o: int(0, LIMITS.s), c: bool },
  { op: 'conv', k: 3, s: 1, p: 1, d: 1, o: 0, c: false },
  { sep: '.', kv: ':' },
);

const layerCodec: Codec<Layer> = {
  encode: (l) => layerRecord.encode({ op: l.op, k: l.k, s: l.s, p: l.p, d: l.d, o: l.outPad, c: l.ceil }),
  decode: (raw) => {
    const r = layerRecord.decode(raw);
    return r ? { op: r.op, k: r.k, s: r.s, p: r.p, d: r.d, outPad: r.o, ceil: r.c } : undefined;
  },
};

export function presetState(id: string): CalcState {
  const preset = PRESETS.find((p) => p.id === id) ?? PRESETS[0]!;
  return { input: [...preset.input], layers: preset.layers.map((l) => ({ ...l })) };
}

export function newLayer(op: Layer['op']): Layer {
  if (op === 'maxpool' || op === 'avgpool') return { ...DEFAULT_LAYER, op, k: 2, s: 2, p: 0 };
  if (op === 'convT') return { ...DEFAULT_LAYER, op, k: 4, s: 2, p: 1 };
  return { ...DEFAULT_LAYER };
}

export function calcCodec(fallback: CalcState): Codec<CalcState> {
  const whole = record(
    { in: dimsCodec, l: list(layerCodec, '~', LIMITS.layers) },
    { in: fallback.input, l: fallback.layers },
    { sep: '_', kv: ':' },
  );
  return {
    encode: (s) => whole.encode({ in: s.input, l: s.layers }),
    decode: (raw) => {
      const v = whole.decode(raw);
      return v ? { input: v.in, layers: v.l } : undefined;
    },
  };
}
