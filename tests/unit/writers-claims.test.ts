// Every statement the writer-style article makes in words about our own numbers ("the baseline beats
// the neural model at every length", "the random split adds more than twenty points", "Gorky is most
// often taken for Chekhov", "Lermontov's strongest marker is the semicolon", …) checked against the
// model cards, baked.json (confusion matrices, baseline n-grams) and dataset.json the numbers come
// from. If a retrain flips a verdict, this test fails and the text must change.
// The article: src/content/posts/{ru,en}/writer-style.mdx — sections "Split by work", "The model and
// the maths" (size, receptive field), "Honest results", "Where the model fails", "For humanities
// people" and "What held up".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './helpers.ts';

type Lang = 'ru' | 'en';

interface Card {
  parameters: number;
  bytes: number;
  size_budget_bytes: number;
  preprocess: { vocab_size: number };
  architecture: {
    embedding: { dim: number };
    conv1: { in: number; out: number; k: number; dilation: number };
    conv2: { in: number; out: number; k: number; dilation: number };
    receptive_field_chars: number;
    head: { linear: [number, string] };
  };
  classes: { keys: string[] };
  metrics: Record<string, { value: number }>;
}

interface Scores {
  lengths: number[];
  accuracy: number[];
  balanced_accuracy: number[];
  macro_f1: number[];
  per_author_recall: Record<string, number[]>;
  confusion: Record<string, number[][]>;
}

interface Baked {
  authors: { key: string }[];
  results: { headline_length: number; neural: Scores; baseline: Scores };
  baseline_random_split: { accuracy: number };
  fingerprint_ngrams: { all: Record<string, { ngram: string; weight: number }[]> };
}

interface Dataset {
  authors: {
    key: string;
    works: { title: string; split: 'train' | 'validation' | 'test' }[];
    works_per_split: { train: number; validation: number; test: number };
    validation_within_work: boolean;
  }[];
}

const read = <T>(lang: Lang, file: string): T => JSON.parse(readFileSync(join(ROOT, 'public/models', `writers-${lang}-char`, file), 'utf8')) as T;
const LANGS: Lang[] = ['ru', 'en'];
const card = { ru: read<Card>('ru', 'card.json'), en: read<Card>('en', 'card.json') };
const baked = { ru: read<Baked>('ru', 'baked.json'), en: read<Baked>('en', 'baked.json') };
const dataset = { ru: read<Dataset>('ru', 'dataset.json'), en: read<Dataset>('en', 'dataset.json') };
const LENGTHS = [50, 100, 200, 500, 1000];
const MODELS = ['neural', 'baseline'] as const;

/** A card metric; fails the test when the card lacks it. */
function m(lang: Lang, name: string): number {
  const metric = card[lang].metrics[name];
  assert.ok(metric, `writers-${lang}-char has no metric ${name}`);
  return metric.value;
}

const idx = (lang: Lang, key: string): number => {
  const i = baked[lang].authors.findIndex((a) => a.key === key);
  assert.ok(i >= 0, `${lang}: no author ${key}`);
  return i;
};
const confusion = (lang: Lang, model: (typeof MODELS)[number], length = 500): number[][] => {
  const c = baked[lang].results[model].confusion[String(length)];
  assert.ok(c, `${lang} ${model}: no confusion matrix at ${length}`);
  return c;
};
/** The author a true author is most often mistaken for (largest off-diagonal cell of its row). */
function topConfusion(lang: Lang, model: (typeof MODELS)[number], key: string): string {
  const i = idx(lang, key);
  const row = confusion(lang, model)[i]!;
  let best = -1;
  for (let j = 0; j < row.length; j++) if (j !== i && (best < 0 || row[j]! > row[best]!)) best = j;
  return baked[lang].authors[best]!.key;
}
const recall = (lang: Lang, model: (typeof MODELS)[number], length = 500): number[] => baked[lang].results[model].per_author_recall[String(length)]!;
const argmin = (xs: number[]) => xs.indexOf(Math.min(...xs));
const acc = (lang: Lang, model: (typeof MODELS)[number]) => LENGTHS.map((l) => m(lang, `${model === 'neural' ? '' : 'baseline_'}test_accuracy_${l}`));

test('the cards, baked.json and the headline metrics agree (the article mixes them)', () => {
  for (const lang of LANGS) {
    const r = baked[lang].results;
    assert.equal(r.headline_length, 500);
    assert.deepEqual(r.neural.lengths, LENGTHS);
    assert.deepEqual(r.baseline.lengths, LENGTHS);
    assert.deepEqual(acc(lang, 'neural'), r.neural.accuracy, `${lang}: neural accuracy by length`);
    assert.deepEqual(acc(lang, 'baseline'), r.baseline.accuracy, `${lang}: baseline accuracy by length`);
    assert.equal(m(lang, 'test_accuracy'), m(lang, 'test_accuracy_500'));
    assert.equal(m(lang, 'test_balanced_accuracy'), r.neural.balanced_accuracy[3]);
    assert.equal(m(lang, 'test_macro_f1'), r.neural.macro_f1[3]);
    assert.equal(m(lang, 'baseline_test_balanced_accuracy'), r.baseline.balanced_accuracy[3]);
    assert.equal(m(lang, 'baseline_test_macro_f1'), r.baseline.macro_f1[3]);
    assert.equal(m(lang, 'baseline_random_split_accuracy'), baked[lang].baseline_random_split.accuracy);
    // "at most 300 test passages per author"; test_passages = passages per length.
    for (const model of MODELS) {
      for (const l of LENGTHS) {
        const c = confusion(lang, model, l);
        for (const row of c) assert.ok(row.reduce((s, v) => s + v, 0) <= 300, `${lang} ${model} ${l}: ≤ 300 per author`);
        assert.equal(c.flat().reduce((s, v) => s + v, 0), m(lang, 'test_passages'));
      }
    }
    // The English text: "nearly two thousand per language".
    assert.ok(m(lang, 'test_passages') > 1700 && m(lang, 'test_passages') < 2000, `${lang}: test passages per length`);
  }
});

test('split verdict: the random split adds more than twenty points in both languages, more in English', () => {
  const inflation = (lang: Lang) => m(lang, 'baseline_random_split_accuracy') - m(lang, 'baseline_test_accuracy_500');
  for (const lang of LANGS) assert.ok(inflation(lang) > 0.2, `${lang}: random − by-work = ${inflation(lang)}`);
  assert.ok(inflation('en') > inflation('ru'), 'the inflation is larger in English');
});

test('split section: English validation (tails of the training books) flatters — above the held-out balanced accuracy by > 20 points', () => {
  for (const a of dataset.en.authors) {
    assert.equal(a.validation_within_work, true, `${a.key}: validation is within-work`);
    assert.equal(a.works_per_split.validation, 0);
    const n = a.works.length;
    assert.ok(n >= 2 && n <= 4, `${a.key}: "two to four books" (${n})`);
  }
  assert.ok(m('en', 'validation_balanced_accuracy_selected') - m('en', 'test_balanced_accuracy') > 0.2);
  // Russian: only Lermontov falls back to the within-work tail ("a single training work").
  const within = dataset.ru.authors.filter((a) => a.validation_within_work).map((a) => a.key);
  assert.deepEqual(within, ['lermontov']);
  const lermontov = dataset.ru.authors.find((a) => a.key === 'lermontov')!;
  assert.equal(lermontov.works_per_split.train, 1);
  assert.equal(lermontov.works.length, 3, 'Lermontov "has three" works');
  const byWorks = [...dataset.ru.authors].sort((a, b) => b.works.length - a.works.length);
  assert.equal(byWorks[0]!.key, 'chekhov', 'Chekhov has the most works ("dozens of files")');
  assert.ok(byWorks[0]!.works.length >= 24);
  assert.equal(byWorks.at(-1)!.key, 'lermontov');
});

test('verdict 2: the n-gram baseline beats the neural model at every length in both languages (accuracy, balanced accuracy, macro-F1)', () => {
  for (const lang of LANGS) {
    const r = baked[lang].results;
    for (let k = 0; k < LENGTHS.length; k++) {
      for (const key of ['accuracy', 'balanced_accuracy', 'macro_f1'] as const) {
        assert.ok(r.baseline[key][k]! > r.neural[key][k]!, `${lang} ${key} at ${LENGTHS[k]}`);
      }
    }
    assert.ok(m(lang, 'baseline_test_macro_f1') > m(lang, 'test_macro_f1'));
    assert.ok(m(lang, 'baseline_test_balanced_accuracy') > m(lang, 'test_balanced_accuracy'));
  }
});

test('verdict 2: the gap widens with length — under ten points at 50 characters, about twenty at 1,000', () => {
  for (const lang of LANGS) {
    const n = acc(lang, 'neural');
    const b = acc(lang, 'baseline');
    const gap = b.map((v, k) => v - n[k]!);
    for (let k = 1; k < gap.length; k++) assert.ok(gap[k]! > gap[k - 1]!, `${lang}: gap grows from ${LENGTHS[k - 1]} to ${LENGTHS[k]}`);
    assert.ok(gap[0]! < 0.1, `${lang}: gap at 50 = ${gap[0]}`);
    assert.ok(gap[4]! > 0.15 && gap[4]! < 0.25, `${lang}: gap at 1000 = ${gap[4]} ("about twenty")`);
  }
});

test('verdict 3: longer is better for both models in both languages; 50 characters: baseline under a third, neural about a quarter; 1,000: baseline about three in four', () => {
  for (const lang of LANGS) {
    for (const model of MODELS) {
      const a = acc(lang, model);
      for (let k = 1; k < a.length; k++) assert.ok(a[k]! > a[k - 1]!, `${lang} ${model}: ${LENGTHS[k]} > ${LENGTHS[k - 1]}`);
      assert.ok(a[0]! > 1 / 8, `${lang} ${model}: above chance at 50`);
    }
    assert.ok(m(lang, 'baseline_test_accuracy_50') < 1 / 3, `${lang}: baseline at 50 "fewer than one in three"`);
    const n50 = m(lang, 'test_accuracy_50');
    assert.ok(n50 > 0.2 && n50 < 0.3, `${lang}: neural at 50 = ${n50} ("about a quarter")`);
    const b1000 = m(lang, 'baseline_test_accuracy_1000');
    assert.ok(b1000 > 0.68 && b1000 < 0.8, `${lang}: baseline at 1000 = ${b1000} ("roughly three in four")`);
  }
});

test('confusions (Russian, both models, 500 characters): Gorky → Chekhov is the largest error; Chekhov is the magnet and goes to Tolstoy; Lermontov is the weakest', () => {
  const gorky = idx('ru', 'gorky');
  const chekhov = idx('ru', 'chekhov');
  for (const model of MODELS) {
    assert.equal(topConfusion('ru', model, 'gorky'), 'chekhov', `${model}: Gorky's top confusion`);
    const c = confusion('ru', model);
    let max = 0;
    for (let i = 0; i < c.length; i++) for (let j = 0; j < c.length; j++) if (i !== j) max = Math.max(max, c[i]![j]!);
    assert.equal(c[gorky]![chekhov], max, `${model}: Gorky → Chekhov is the largest off-diagonal cell`);
    const predicted = c[0]!.map((_, j) => c.reduce((s, row) => s + row[j]!, 0));
    assert.equal(argmin(predicted.map((v) => -v)), chekhov, `${model}: Chekhov is predicted most often`);
    assert.equal(topConfusion('ru', model, 'chekhov'), 'tolstoy', `${model}: Chekhov's top confusion`);
    assert.equal(argmin(recall('ru', model)), idx('ru', 'lermontov'), `${model}: Lermontov has the lowest recall`);
  }
  assert.ok(recall('ru', 'neural')[idx('ru', 'lermontov')]! < 0.1, 'the neural model "almost never recognises" Lermontov');
});

test('confusions (English, both models, 500 characters): Shelley ↔ Poe; Twain → Dickens and hardest for the CNN; Stevenson and Wilde → Conan Doyle', () => {
  for (const model of MODELS) {
    assert.equal(topConfusion('en', model, 'shelley'), 'poe', model);
    assert.equal(topConfusion('en', model, 'poe'), 'shelley', model);
    assert.equal(topConfusion('en', model, 'twain'), 'dickens', model);
    assert.equal(topConfusion('en', model, 'stevenson'), 'doyle', model);
    assert.equal(topConfusion('en', model, 'wilde'), 'doyle', model);
  }
  assert.equal(argmin(recall('en', 'neural')), idx('en', 'twain'), 'Twain is the hardest English author for the neural model');
});

test('the works the article names are in the splits it says (train vs held-out)', () => {
  const split = (lang: Lang, key: string, title: string) => {
    const a = dataset[lang].authors.find((x) => x.key === key);
    assert.ok(a, `${lang}: ${key}`);
    const w = a.works.find((x) => x.title.startsWith(title));
    assert.ok(w, `${lang} ${key}: no work "${title}"`);
    return w.split;
  };
  const train: [Lang, string, string][] = [
    ['en', 'austen', 'Pride and Prejudice'], ['en', 'twain', 'Adventures of Huckleberry Finn'], ['en', 'shelley', 'The Last Man'],
    ['en', 'doyle', 'The Adventures of Sherlock Holmes'], ['en', 'dickens', 'A Tale of Two Cities'],
    ['ru', 'gogol', 'Мёртвые души'], ['ru', 'lermontov', 'Герой нашего времени'], ['ru', 'gorky', 'Детство'], ['ru', 'gorky', 'Мать'],
    ['ru', 'turgenev', 'Отцы и дети'], ['ru', 'dostoevsky', 'Двойник'], ['ru', 'pushkin', 'Дубровский'],
  ];
  const test_: [Lang, string, string][] = [
    ['en', 'austen', 'Persuasion'], ['en', 'dickens', 'A Christmas Carol'], ['en', 'twain', 'The Adventures of Tom Sawyer'],
    ['en', 'shelley', 'Frankenstein'], ['en', 'poe', 'The Works of Edgar Allan Poe, Raven Edition, Vol. 2'],
    ['en', 'stevenson', 'Strange Case of Dr Jekyll and Mr Hyde'], ['en', 'wilde', 'The Happy Prince'], ['en', 'wilde', 'The Canterville Ghost'],
    ['en', 'doyle', 'A Study in Scarlet'],
    ['ru', 'lermontov', 'Штосс'], ['ru', 'lermontov', 'Ашик-Кериб'], ['ru', 'gogol', 'Шинель'], ['ru', 'turgenev', 'Дворянское гнездо'],
    ['ru', 'dostoevsky', 'Бедные люди'], ['ru', 'gorky', 'Макар Чудра'], ['ru', 'gorky', 'Коновалов'], ['ru', 'gorky', 'Бывшие люди'],
  ];
  for (const [lang, key, title] of train) assert.equal(split(lang, key, title), 'train', `${key}: ${title}`);
  for (const [lang, key, title] of test_) assert.equal(split(lang, key, title), 'test', `${key}: ${title}`);
  // Twain and Shelley have exactly one training book each (the article's explanation of their errors).
  for (const key of ['twain', 'shelley', 'austen', 'dickens']) assert.equal(dataset.en.authors.find((a) => a.key === key)!.works_per_split.train, 1, key);
  // "no War and Peace and no Anna Karenina".
  const ruTitles = dataset.ru.authors.flatMap((a) => a.works.map((w) => w.title));
  assert.ok(!ruTitles.some((t) => /Война и мир|Анна Каренина/.test(t)));
});

test('baseline markers the article quotes (top-15 n-grams of the baseline, baked fingerprint_ngrams.all)', () => {
  const top = (lang: Lang, key: string) => {
    const list = baked[lang].fingerprint_ngrams.all[key];
    assert.ok(list && list.length >= 10, `${lang} ${key}: fingerprint list`);
    return list.map((x) => x.ngram);
  };
  const has = (lang: Lang, key: string, needle: string) =>
    assert.ok(top(lang, key).some((g) => g.includes(needle)), `${lang} ${key}: an n-gram containing ${JSON.stringify(needle)} in ${JSON.stringify(top(lang, key))}`);
  // Strongest markers ("the strongest marker is …").
  assert.equal(top('en', 'austen')[0], '; an');
  assert.equal(top('ru', 'lermontov')[0]!.trim(), ';');
  assert.equal(top('ru', 'chekhov')[0], '..');
  assert.equal(top('ru', 'gorky')[0]!.trim(), ': —');
  // Lermontov: semicolon, then the ellipsis and "?..", and «я».
  assert.ok(top('ru', 'lermontov').slice(1, 3).some((g) => g.startsWith('..')), 'Lermontov: the ellipsis right after the semicolon');
  has('ru', 'lermontov', '?..');
  has('ru', 'lermontov', ' я ');
  has('ru', 'chekhov', ', а');
  // Function words and point of view.
  for (const w of ['says', 'got', "n't", "in'"]) has('en', 'twain', w);
  has('en', 'austen', ' she');
  has('en', 'austen', ' her');
  has('en', 'stevenson', ' my ');
  // Names from the training books.
  has('en', 'austen', 'Darc');
  has('en', 'austen', 'Eliz');
  has('en', 'doyle', 'Holm');
  has('en', 'dickens', 'Lorr');
  has('ru', 'gogol', 'Чич');
  has('ru', 'turgenev', 'База');
  has('ru', 'dostoevsky', 'Голя');
  has('ru', 'lermontov', 'Груш');
  has('ru', 'pushkin', 'Дубр');
});

test('the maths section: receptive field 5 + 2·2 = 9, the parameter formula equals the card, under 50,000 parameters and 200 KB', () => {
  for (const lang of LANGS) {
    const { architecture: a, preprocess, parameters, bytes, size_budget_bytes } = card[lang];
    assert.deepEqual([a.conv1.k, a.conv2.k, a.conv2.dilation, a.conv1.dilation], [5, 3, 2, 1]);
    assert.deepEqual([a.embedding.dim, a.conv1.out, a.conv2.out, a.head.linear[0]], [32, 96, 96, 192]);
    const r = a.conv1.k + a.conv2.dilation * (a.conv2.k - 1);
    assert.equal(r, 9);
    assert.equal(a.receptive_field_chars, r);
    const k = card[lang].classes.keys.length;
    assert.equal(k, 8);
    const v = preprocess.vocab_size;
    const formula = 32 * v + (32 * 5 * 96 + 96) + (96 * 3 * 96 + 96) + (192 * k + k);
    assert.equal(formula, parameters, `${lang}: parameter formula`);
    assert.ok(parameters < 50_000, `${lang}: "under fifty thousand"`);
    assert.ok(bytes < 200_000, `${lang}: "under 200 KB"`);
    assert.equal(size_budget_bytes, 2 * 1024 * 1024, '"the 2 MB budget"');
  }
});
