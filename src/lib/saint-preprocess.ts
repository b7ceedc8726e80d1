// Raw table rows → the tiny SAINT's three inputs. Mirrors training/saint_data.py `preprocess`
// operation for operation; tests/fixtures/saint-preprocess.json (written by the training script)
// pins the two together. Change both or neither.
//   num      float32 [n, 4]: clip((x − mean) / std, ±z_clip) in double precision, rounded once to
//                            float32 (as numpy's astype does); 0 where the cell is missing
//   num_miss float32 [n, 4]: 1 where the numeric cell is missing, else 0
//   cat      int64   [n, 4]: the value's index in the column's list, or K (the column's learned
//                            "missing" embedding) when the cell is blank

export interface NumericColumn {
  key: string;
  ru: string;
  en: string;
  unit_ru: string;
  unit_en: string;
  decimals: number;
  min: number;
  max: number;
  step: number;
  mean: number;
  std: number;
}

export interface CategoricalColumn {
  key: string;
  ru: string;
  en: string;
  values: string[];
  labels_ru: string[];
  labels_en: string[];
}

export interface SaintSchema {
  numeric: NumericColumn[];
  categorical: CategoricalColumn[];
  label: { key: string; ru: string; en: string; classes_ru: string[]; classes_en: string[] };
  z_clip: number;
}

/** One table row as the reader edits it: a number / category name, or null for a blank cell. */
export type RawRow = Record<string, number | string | null>;

export interface SaintInputs {
  num: Float32Array;
  numMiss: Float32Array;
  cat: BigInt64Array;
  rows: number;
}

/** A numeric cell counts as missing when it is null, not a number, or not finite. */
export function isMissingNumber(v: unknown): boolean {
  return typeof v !== 'number' || !Number.isFinite(v);
}

/** Standardise one numeric value (null → null). */
export function standardise(v: number | string | null | undefined, col: NumericColumn, zClip: number): number | null {
  if (isMissingNumber(v)) return null;
  const z = ((v as number) - col.mean) / col.std;
  return Math.min(zClip, Math.max(-zClip, z));
}

/** Index of a categorical cell: 0..K−1, or K when blank or not one of the column's values. */
export function categoryIndex(v: number | string | null | undefined, col: CategoricalColumn): number {
  const i = typeof v === 'string' ? col.values.indexOf(v) : -1;
  return i < 0 ? col.values.length : i;
}

export function preprocessRows(rows: readonly RawRow[], schema: SaintSchema): SaintInputs {
  const nn = schema.numeric.length;
  const nc = schema.categorical.length;
  const num = new Float32Array(rows.length * nn);
  const numMiss = new Float32Array(rows.length * nn);
  const cat = new BigInt64Array(rows.length * nc);
  rows.forEach((row, i) => {
    schema.numeric.forEach((col, j) => {
      const z = standardise(row[col.key], col, schema.z_clip);
      num[i * nn + j] = z ?? 0;
      numMiss[i * nn + j] = z === null ? 1 : 0;
    });
    schema.categorical.forEach((col, j) => {
      cat[i * nc + j] = BigInt(categoryIndex(row[col.key], col));
    });
  });
  return { num, numMiss, cat, rows: rows.length };
}

/** The feeds for runModel / onnxruntime (names as in the model card). */
export function saintFeeds(x: SaintInputs, schema: SaintSchema) {
  return {
    num: { dims: [x.rows, schema.numeric.length], dtype: 'float32' as const, data: x.num },
    num_miss: { dims: [x.rows, schema.numeric.length], dtype: 'float32' as const, data: x.numMiss },
    cat: { dims: [x.rows, schema.categorical.length], dtype: 'int64' as const, data: x.cat },
  };
}

/** Row-softmax probabilities of class 1 from the model's [n, 2] probs output. */
export function positiveProbs(probs: ArrayLike<number>, rows: number): number[] {
  return Array.from({ length: rows }, (_, i) => Number(probs[i * 2 + 1]));
}

/** The k rows a row attends to most (other than itself), strongest first. */
export function topAttended(attention: readonly (readonly number[])[], row: number, k: number): number[] {
  const w = attention[row] ?? [];
  return w.map((v, j) => ({ v, j })).filter((x) => x.j !== row).sort((a, b) => b.v - a.v || a.j - b.j).slice(0, k).map((x) => x.j);
}

/** Parse a reader-typed number (accepts a decimal comma); empty or invalid → null. */
export function parseNumberInput(text: string): number | null {
  const s = text.trim().replace(',', '.');
  if (s === '' || !/^[-+]?(\d+\.?\d*|\.\d+)$/.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}
