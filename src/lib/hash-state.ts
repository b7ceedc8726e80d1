// Widget state in the URL hash, through one typed codec. Every widget owns one key of the hash
// (e.g. "#calc=…&cell=…"); values that fail to decode fall back to defaults, never to an error.

export interface Codec<T> {
  encode(value: T): string;
  /** Returns undefined for anything invalid; callers fall back to a default. */
  decode(raw: string): T | undefined;
}

export function int(min: number, max: number): Codec<number> {
  return {
    encode: (v) => String(v),
    decode: (raw) => {
      if (!/^-?\d{1,9}$/.test(raw)) return undefined;
      const n = Number(raw);
      return n >= min && n <= max ? n : undefined;
    },
  };
}

export function oneOf<T extends string>(values: readonly T[]): Codec<T> {
  return {
    encode: (v) => v,
    decode: (raw) => (values as readonly string[]).includes(raw) ? (raw as T) : undefined,
  };
}

export const bool: Codec<boolean> = {
  encode: (v) => (v ? '1' : '0'),
  decode: (raw) => (raw === '1' ? true : raw === '0' ? false : undefined),
};

/** Either of two codecs (e.g. a padding that is a number or "same"). */
export function either<A, B>(a: Codec<A>, b: Codec<B>, isA: (v: A | B) => v is A): Codec<A | B> {
  return {
    encode: (v) => (isA(v) ? a.encode(v) : b.encode(v as B)),
    decode: (raw) => a.decode(raw) ?? b.decode(raw),
  };
}

type Shape = Record<string, Codec<unknown>>;
type ValueOf<S extends Shape> = { [K in keyof S]: S[K] extends Codec<infer V> ? V : never };

/**
 * An object encoded as "key<kv>value<sep>key<kv>value". A missing or invalid field takes its
 * default, so a hand-edited URL still yields a complete, valid object.
 */
export function record<S extends Shape>(shape: S, defaults: ValueOf<S>, opts: { sep: string; kv: string } = { sep: ',', kv: ':' }): Codec<ValueOf<S>> {
  return {
    encode: (v) => Object.keys(shape).map((k) => `${k}${opts.kv}${shape[k]!.encode(v[k])}`).join(opts.sep),
    decode: (raw) => {
      const out = { ...defaults } as Record<string, unknown>;
      for (const part of raw.split(opts.sep)) {
        const at = part.indexOf(opts.kv);
        if (at <= 0) continue;
        const key = part.slice(0, at);
        if (!Object.hasOwn(shape, key)) continue;
        const value = shape[key]!.decode(part.slice(at + opts.kv.length));
        if (value !== undefined) out[key] = value;
      }
      return out as ValueOf<S>;
    },
  };
}

/** A list; invalid items are dropped, and an empty or over-long list is invalid. */
export function list<T>(item: Codec<T>, sep: string, maxItems: number): Codec<T[]> {
  return {
    encode: (v) => v.map(item.encode).join(sep),
    decode: (raw) => {
      const parts = raw.split(sep);
      if (!raw || parts.length > maxItems) return undefined;
      const items = parts.map(item.decode).filter((x): x is T => x !== undefined);
      return items.length ? items : undefined;
    },
  };
}

function params(hash: string): URLSearchParams {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  // A plain heading anchor ("#results") is not widget state.
  return body.includes('=') ? new URLSearchParams(body) : new URLSearchParams();
}

export function readState<T>(hash: string, key: string, codec: Codec<T>, fallback: T): T {
  const raw = params(hash).get(key);
  if (raw === null) return fallback;
  try {
    return codec.decode(raw) ?? fallback;
  } catch {
    return fallback;
  }
}

/** Returns the new hash with this widget's key replaced and the other widgets' keys kept. */
export function writeState<T>(hash: string, key: string, codec: Codec<T>, value: T): string {
  const p = params(hash);
  p.set(key, codec.encode(value));
  return `#${p.toString()}`;
}
