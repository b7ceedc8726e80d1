// A tiny PNG encoder for heat maps and small pictures (8-bit indexed colour or truecolour RGB,
// uncompressed "stored" deflate blocks).
// Written by hand on purpose: it is ~60 lines, has no dependencies, and produces byte-identical
// output on the server (baked HTML) and in the browser (live updates), so React hydration of an
// <img src="data:…"> never mismatches. Images here are at most a few thousand pixels.

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const x of bytes) {
    a = (a + x) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function u32(n: number): number[] {
  return [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
}

function chunk(type: string, data: Uint8Array): number[] {
  const body = new Uint8Array(4 + data.length);
  for (let i = 0; i < 4; i++) body[i] = type.charCodeAt(i);
  body.set(data, 4);
  return [...u32(data.length), ...body, ...u32(crc32(body))];
}

/** zlib stream made of stored (uncompressed) deflate blocks. */
function zlibStored(raw: Uint8Array): Uint8Array {
  const out: number[] = [0x78, 0x01];
  for (let pos = 0; pos < raw.length || pos === 0; pos += 65535) {
    const len = Math.min(65535, raw.length - pos);
    const last = pos + len >= raw.length ? 1 : 0;
    out.push(last, len & 255, len >>> 8, ~len & 255, (~len >>> 8) & 255);
    for (let i = 0; i < len; i++) out.push(raw[pos + i]!);
    if (len === 0) break;
  }
  out.push(...u32(adler32(raw)));
  return Uint8Array.from(out);
}

/** Palette: 256 RGB triples. */
export type Palette = Uint8Array;

/** Encodes w×h palette indices (0..255) as a PNG. */
export function encodeIndexedPng(indices: ArrayLike<number>, w: number, h: number, palette: Palette): Uint8Array {
  const raw = new Uint8Array(h * (w + 1));
  for (let y = 0; y < h; y++) {
    raw[y * (w + 1)] = 0; // filter: none
    for (let x = 0; x < w; x++) raw[y * (w + 1) + 1 + x] = Math.max(0, Math.min(255, Math.round(indices[y * w + x] ?? 0)));
  }
  const ihdr = Uint8Array.from([...u32(w), ...u32(h), 8, 3, 0, 0, 0]);
  return Uint8Array.from([
    137, 80, 78, 71, 13, 10, 26, 10,
    ...chunk('IHDR', ihdr),
    ...chunk('PLTE', palette),
    ...chunk('IDAT', zlibStored(raw)),
    ...chunk('IEND', new Uint8Array(0)),
  ]);
}

/** Encodes w×h RGB bytes (row-major, 3 per pixel; an RGBA array is accepted with `stride` 4). */
export function encodeRgbPng(px: ArrayLike<number>, w: number, h: number, stride: 3 | 4 = 3): Uint8Array {
  const raw = new Uint8Array(h * (w * 3 + 1));
  for (let y = 0; y < h; y++) {
    const row = y * (w * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < w; x++) for (let c = 0; c < 3; c++) raw[row + 1 + x * 3 + c] = px[(y * w + x) * stride + c]!;
  }
  const ihdr = Uint8Array.from([...u32(w), ...u32(h), 8, 2, 0, 0, 0]);
  return Uint8Array.from([
    137, 80, 78, 71, 13, 10, 26, 10,
    ...chunk('IHDR', ihdr),
    ...chunk('IDAT', zlibStored(raw)),
    ...chunk('IEND', new Uint8Array(0)),
  ]);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >>> 18) & 63]! + B64[(n >>> 12) & 63]!;
    out += i + 1 < bytes.length ? B64[(n >>> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? B64[n & 63]! : '=';
  }
  return out;
}

/** 256-colour palette, linear between the stops, rounded to the nearest integer. */
export function ramp(stops: [number, number, number][]): Palette {
  const p = new Uint8Array(768);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (stops.length - 1);
    const a = Math.floor(t);
    const b = Math.min(stops.length - 1, a + 1);
    const f = t - a;
    for (let c = 0; c < 3; c++) p[i * 3 + c] = Math.round(stops[a]![c]! * (1 - f) + stops[b]![c]! * f);
  }
  return p;
}

/** Black → white, for input images. */
export const GRAY: Palette = ramp([[0, 0, 0], [255, 255, 255]]);
/** A perceptually ordered dark-blue → teal → yellow ramp (viridis-like) for activations. */
export const HEAT: Palette = ramp([[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]]);

export function pngDataUrl(indices: ArrayLike<number>, w: number, h: number, palette: Palette = GRAY): string {
  return `data:image/png;base64,${base64(encodeIndexedPng(indices, w, h, palette))}`;
}

export function rgbDataUrl(px: ArrayLike<number>, w: number, h: number, stride: 3 | 4 = 3): string {
  return `data:image/png;base64,${base64(encodeRgbPng(px, w, h, stride))}`;
}

/** base64 → bytes (browser and Node both have atob). */
export function decodeBase64(s: string): Uint8Array {
  return Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
}
