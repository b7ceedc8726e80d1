// Live mode for the writer widgets: one useLiveModel per language; the model of the language on
// screen is the one that counts. Once the reader has asked for live mode in any writer widget
// (store.live), every writer widget starts its current model by itself, including after a switch
// of language: the reader has already agreed to the download.
import { useEffect } from 'react';
import { useLiveModel } from '../widgets/use-live-model.ts';
import { setWritersState, type WritersState } from './writers-store.ts';
import type { WriterModels } from './writers-models.ts';

export function useWriterLive(models: WriterModels, state: WritersState) {
  const ru = useLiveModel(models.ru.spec);
  const en = useLiveModel(models.en.spec);
  const cur = state.lang === 'ru' ? ru : en;
  useEffect(() => {
    if (state.live && cur.status.state === 'idle') void cur.start();
  }, [state.live, state.lang, cur]);
  return {
    status: cur.status,
    fail: cur.fail,
    start: () => {
      setWritersState({ live: true });
      void cur.start();
    },
  };
}
