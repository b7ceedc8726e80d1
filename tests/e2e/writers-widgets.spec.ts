// The writer-style widgets, live in Chromium against the built site, both languages: "Who wrote
// this?" reproduces the models' PyTorch fixtures for typed text (and switches model when the text is
// in the other alphabet), bad inputs get their documented messages with no console error, the
// occlusion widget follows the shared text, and a missing model gives the error in the page's
// language while the rest of the page works.
import { test, expect, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web/wasm';
import { watch } from './helpers.ts';
import { hydratedWidget } from './widget-ready.ts';
import { normalize, prepare, vocabIndex } from '../../src/lib/writers-text.ts';

type WL = 'ru' | 'en';
interface Case { name: string; text: string; outputs: { probs: { data: number[] } } }
const fixtures = (l: WL) => JSON.parse(readFileSync(`public/models/writers-${l}-char/fixtures.json`, 'utf8')) as { atol: number; cases: Case[] };
const fixture = (l: WL, name: string) => fixtures(l).cases.find((c) => c.name === name)!;

/**
 * What the model gives for `text` as the browser normalises it, computed here in Node with the same
 * onnxruntime-web. The fixtures' passages end mid-word with a space that normalisation strips, so
 * they are compared directly only when normalisation leaves them unchanged (asserted below).
 */
const sessions = new Map<WL, Promise<ort.InferenceSession>>();
async function expectedProbs(l: WL, text: string): Promise<number[]> {
  ort.env.wasm.numThreads = 1;
  if (!sessions.has(l)) sessions.set(l, ort.InferenceSession.create(readFileSync(`public/models/writers-${l}-char/model.onnx`)));
  const baked = JSON.parse(readFileSync(`public/models/writers-${l}-char/baked.json`, 'utf8')) as { text: { vocab: string[]; max_len: number } };
  const enc = prepare(text, l, vocabIndex(baked.text.vocab), baked.text.max_len);
  const out = await (await sessions.get(l)!).run({ ids: new ort.Tensor('int64', enc.ids, [1, baked.text.max_len]) });
  const p = Array.from(out.probs!.data as Float32Array);
  const c = fixtures(l).cases.find((x) => x.text === normalize(text, l));
  if (c) expectNear(p, c.outputs.probs.data, fixtures(l).atol);
  return p;
}

const PAGES = [
  { lang: 'ru', path: '/posts/writer-style/' },
  { lang: 'en', path: '/en/posts/writer-style/' },
] as const;

const widget = (page: Page, name: string): Promise<Locator> => hydratedWidget(page, name);

interface Probs { lang: WL; probs: number[] }
async function probsFor(w: Locator, lang: WL): Promise<number[]> {
  const table = w.locator('table[data-live-output]');
  let out: Probs | null = null;
  await expect(async () => {
    out = JSON.parse((await table.getAttribute('data-live-output', { timeout: 1000 })) ?? 'null') as Probs;
    expect(out?.lang).toBe(lang);
  }).toPass({ timeout: 30_000 });
  return out!.probs;
}

function expectNear(got: number[], want: number[], atol: number) {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(Math.abs(g - want[i]!), `class ${i}: ${g} vs ${want[i]}`).toBeLessThanOrEqual(atol));
}

for (const { lang, path } of PAGES) {
  const other: WL = lang === 'ru' ? 'en' : 'ru';

  test(`${lang}: typed text gives the fixture's probabilities; the other alphabet switches model`, async ({ page }) => {
    const watcher = watch(page);
    await page.goto(path);
    const w = await widget(page, 'who-wrote');
    await expect(w.locator('textarea')).not.toHaveValue('');
    await expect(w.locator('[data-sample-note]')).toBeVisible();
    await w.locator('[data-live-start]').click();
    await expect(w.locator('[data-live-ready]')).toBeVisible({ timeout: 30_000 });

    const mine = fixture(lang, 'test-window-1000');
    await w.locator('textarea').fill(mine.text);
    await expect(w.locator('[data-sample-note]')).toHaveCount(0);
    // A stale answer for the sample may still be there: wait for the one matching the fixture.
    const want = await expectedProbs(lang, mine.text);
    await expect(async () => expectNear(await probsFor(w, lang), want, fixtures(lang).atol)).toPass({ timeout: 30_000 });
    await expect(w.locator('[data-note="length"]')).toContainText(lang === 'ru' ? 'первые 1' : 'first 1');

    const theirs = fixture(other, 'test-window-1000');
    await w.locator('textarea').fill(theirs.text);
    await expect(w.locator('[data-note="switched"]')).toBeVisible();
    await expect(w.locator(`input[type=radio][value="${other}"]`)).toBeChecked();
    const wantOther = await expectedProbs(other, theirs.text);
    await expect(async () => expectNear(await probsFor(w, other), wantOther, fixtures(other).atol)).toPass({ timeout: 30_000 });

    const short = fixture(lang, 'test-prefix-50');
    await w.locator(`input[type=radio][value="${lang}"]`).check();
    await w.locator('textarea').fill(short.text);
    const wantShort = await expectedProbs(lang, short.text);
    await expect(async () => expectNear(await probsFor(w, lang), wantShort, fixtures(lang).atol)).toPass({ timeout: 30_000 });
    // And a text in the fixtures verbatim (normalisation leaves it unchanged): the fixture itself.
    // (The ru 'unknown-chars' case has more Latin than Cyrillic letters and would switch model.)
    const verbatim = fixture(lang, lang === 'ru' ? 'test-window-1000' : 'unknown-chars');
    expect(normalize(verbatim.text, lang)).toBe(verbatim.text);
    await w.locator('textarea').fill(verbatim.text);
    await expect(async () => expectNear(await probsFor(w, lang), verbatim.outputs.probs.data, fixtures(lang).atol)).toPass({ timeout: 30_000 });
    expect(watcher.issues).toEqual([]);
  });

  test(`${lang}: empty, emoji-only, mixed and 1 MB inputs get their messages, no console error`, async ({ page }) => {
    const watcher = watch(page);
    await page.goto(path);
    const w = await widget(page, 'who-wrote');
    await w.locator('[data-live-start]').click();
    await expect(w.locator('[data-live-ready]')).toBeVisible({ timeout: 30_000 });
    const box = w.locator('textarea');

    await box.fill('');
    await expect(w.locator('[data-note="empty"]')).toContainText(lang === 'ru' ? 'Вставьте' : 'Paste');
    await expect(w.locator('table[data-live-output]')).toHaveCount(0);

    await box.fill('🙂🙂🙂 🎉');
    await expect(w.locator('[data-note="no-letters"]')).toContainText(lang === 'ru' ? 'ни кириллицы' : 'no Latin');
    await expect(w.locator('table[data-live-output]')).toHaveCount(0);

    // Mostly Latin with some Cyrillic: the English model; emoji count as unknown characters.
    await box.fill('Hello, old friend — привет! It was a dark and stormy night 🙂');
    await expect(w.locator('input[type=radio][value="en"]')).toBeChecked();
    await expect(w.locator('[data-note="unknown"]')).toBeVisible();
    await probsFor(w, 'en');

    // A 1 MB paste is cut to the documented 20 000 characters, and the model still answers.
    const huge = (lang === 'ru' ? 'Мороз и солнце; день чудесный! ' : 'Frost and sun; a wondrous day! ').repeat(34_000).slice(0, 1_000_000);
    await box.fill(huge);
    await expect(w.locator('[data-note="cut"]')).toBeVisible();
    expect((await box.inputValue()).length).toBe(20_000);
    await expect(w.locator('[data-note="length"]')).toContainText(/1[\s,]?000/);
    await probsFor(w, lang);
    expect(watcher.issues).toEqual([]);
  });

  test(`${lang}: occlusion follows the shared text and is keyboard-reachable`, async ({ page }) => {
    const watcher = watch(page);
    await page.goto(path);
    const who = await widget(page, 'who-wrote');
    await who.locator('[data-live-start]').click();
    await expect(who.locator('[data-live-ready]')).toBeVisible({ timeout: 30_000 });
    const text = fixture(lang, 'test-window-1000').text;
    await who.locator('textarea').fill(text);
    const want = await expectedProbs(lang, text);
    await expect(async () => expectNear(await probsFor(who, lang), want, 1e-4)).toPass({ timeout: 30_000 });

    const why = await widget(page, 'why-author');
    // The reader already agreed to the download above: this widget goes live by itself.
    await expect(why.locator('[data-live-ready]')).toBeVisible({ timeout: 30_000 });
    const box = why.locator('.why-text');
    await expect(box).toHaveAttribute('data-live-output', /deltas/, { timeout: 30_000 });
    const out = JSON.parse((await box.getAttribute('data-live-output'))!) as { lang: WL; target: number; deltas: number[] };
    expect(out.lang).toBe(lang);
    expect(out.target).toBe(want.indexOf(Math.max(...want)));
    expect(out.deltas.length).toBeGreaterThan(10);
    expect(out.deltas.length).toBeLessThanOrEqual(30); // fragmentCap(1000)
    expect(await why.locator('[role=option]').count()).toBe(out.deltas.length);
    // The fragments put back together are the passage the model read.
    const joined = (await why.locator('[role=option]').allTextContents()).join('');
    expect(joined).toBe(Array.from(normalize(text, lang)).slice(0, 1000).join(''));

    await box.focus();
    const first = await why.locator('[data-why-active]').textContent();
    await page.keyboard.press('ArrowRight');
    await expect(why.locator('[data-why-active]')).not.toHaveText(first!);
    await expect(box).toHaveAttribute('aria-activedescendant', /-f1$/);

    // Another target author changes the explanation.
    const other = (out.target + 1) % 8;
    await why.locator('[data-why-target]').selectOption(String(other));
    await expect(async () => {
      const o = JSON.parse((await box.getAttribute('data-live-output'))!) as { target: number };
      expect(o.target).toBe(other);
    }).toPass();
    expect(watcher.issues).toEqual([]);
  });

  test(`${lang}: a missing model gives the error in the page's language; the rest works`, async ({ page }) => {
    const watcher = watch(page, { expected: [{ status: 404, url: `/models/writers-${lang}-char/model.onnx` }] });
    await page.route(`**/models/writers-${lang}-char/model.onnx`, (route) => route.fulfill({ status: 404, body: 'not found' }));
    await page.goto(path);
    const w = await widget(page, 'who-wrote');
    await w.locator('[data-live-start]').click();
    await expect(w.locator('[data-live-error="notFound"] [role="alert"]')).toContainText(lang === 'ru' ? 'не найден' : 'not found', { timeout: 30_000 });
    // The text box and the notes still work; the dataset card is there.
    await w.locator('textarea').fill('');
    await expect(w.locator('[data-note="empty"]')).toBeVisible();
    await expect(page.locator('[data-widget="dataset-score"] table.confusion').first()).toBeVisible();
    expect(watcher.issues).toEqual([]);
  });
}
