// Pixels of the 1,000-image Fashion-MNIST test subset shared by the BYOL and SupCon models
// (baked.json `subset`): one grayscale PNG sheet (public/models/byol-full/subset-sprite.png,
// 40 columns of 28×28 cells, image k at column k % 40, row ⌊k / 40⌋), decoded once per page.
// Browser only (canvas). The same images are in every card's fixtures, so tests pin the decoding.

export const SUBSET_SPRITE = { url: '/models/byol-full/subset-sprite.png', cols: 40, cell: 28, count: 1000 } as const;

let cache: Promise<Uint8ClampedArray[]> | null = null;

/** Resolves to 1,000 arrays of 784 gray bytes (uint8, row-major), in subset order. */
export function loadSubsetImages(): Promise<Uint8ClampedArray[]> {
  cache ??= decode().catch((e: unknown) => {
    cache = null; // a later call may retry (e.g. after a network error)
    throw e;
  });
  return cache;
}

async function decode(): Promise<Uint8ClampedArray[]> {
  const { url, cols, cell, count } = SUBSET_SPRITE;
  const res = await fetch(url);
  if (!res.ok) throw { kind: res.status === 404 ? 'notFound' : 'network', detail: `${url}: HTTP ${res.status}` };
  // No colour management: the PNG is plain 8-bit gray and must come back byte for byte.
  const bitmap = await createImageBitmap(await res.blob(), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const g = canvas.getContext('2d', { willReadFrequently: true })!;
  g.drawImage(bitmap, 0, 0);
  const rgba = g.getImageData(0, 0, bitmap.width, bitmap.height).data;
  const rows = Math.ceil(count / cols);
  if (bitmap.width !== cols * cell || bitmap.height !== rows * cell) {
    throw { kind: 'runtime', detail: `${url}: unexpected size ${bitmap.width}×${bitmap.height}` };
  }
  const images: Uint8ClampedArray[] = [];
  for (let k = 0; k < count; k++) {
    const x0 = (k % cols) * cell;
    const y0 = Math.floor(k / cols) * cell;
    const px = new Uint8ClampedArray(cell * cell);
    for (let y = 0; y < cell; y++) {
      for (let x = 0; x < cell; x++) px[y * cell + x] = rgba[((y0 + y) * bitmap.width + x0 + x) * 4]!;
    }
    images.push(px);
  }
  return images;
}

/** Subset positions of each class, in subset order: byClass[c][j] = position of the j-th image of class c. */
export function positionsByClass(labels: readonly number[], classes = 10): number[][] {
  const out: number[][] = Array.from({ length: classes }, () => []);
  labels.forEach((c, k) => out[c]?.push(k));
  return out;
}
