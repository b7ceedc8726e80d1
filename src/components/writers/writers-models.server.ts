// Build-time reading of the writer-style models' cards for the islands.
import { readBaked, readCard, readMetric } from '../../lib/model-cards.server.ts';
import type { Lang } from '../../i18n/index.ts';
import type { WritersLang } from '../../lib/writers-text.ts';
import type { WriterModel, WriterModels } from './writers-models.ts';

interface Baked {
  authors: { key: string; ru: string; en: string }[];
  text: { max_len: number; vocab: string[] };
  results: { neural: { lengths: number[] } };
}

export const modelId = (l: WritersLang) => `writers-${l}-char`;

function model(l: WritersLang, pageLang: Lang): WriterModel {
  const id = modelId(l);
  const card = readCard(id);
  const baked = readBaked<Baked>(id, 'baked.json');
  const lengths = baked.results.neural.lengths;
  return {
    lang: l,
    spec: { id, url: `/models/${id}/model.onnx`, sha256: card.sha256 as string, bytes: card.bytes as number },
    authors: baked.authors.map((a) => a[pageLang]),
    vocab: baked.text.vocab,
    maxLen: baked.text.max_len,
    lengths,
    accuracy: lengths.map((n) => readMetric(id, `test_accuracy_${n}`).metric.value as number),
  };
}

export function writerModels(pageLang: Lang): WriterModels {
  return { ru: model('ru', pageLang), en: model('en', pageLang) };
}

export interface AuthorInfo { key: string; name: string }
export function authorKeys(l: WritersLang): string[] {
  return readBaked<Baked>(modelId(l), 'baked.json').authors.map((a) => a.key);
}
