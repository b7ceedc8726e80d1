// What the writer-style islands know about the two models (built at build time by
// writers-models.server.ts from the cards and baked files).
import type { ModelSpec } from '../widgets/ort-protocol.ts';
import type { WritersLang } from '../../lib/writers-text.ts';

export interface WriterModel {
  lang: WritersLang;
  spec: ModelSpec;
  /** Author names in the page's language, in the model's class order. */
  authors: string[];
  /** Character vocabulary (id = index + 2). */
  vocab: string[];
  maxLen: number;
  /** Held-out accuracy of the neural model at these passage lengths (card metrics test_accuracy_<len>). */
  lengths: number[];
  accuracy: number[];
}

export type WriterModels = Record<WritersLang, WriterModel>;

export const WRITER_LANGS: readonly WritersLang[] = ['ru', 'en'];
