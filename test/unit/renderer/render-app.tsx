// Renders the whole window around a fake api at a given hash route.
import { render } from '@testing-library/react';
import { App } from '../../../renderer/App';
import type { AppStore } from '../../../renderer/store/app-store';
import { createWindowState, WindowProviders, type WindowState } from '../../../renderer/window-state';
import type { FakeApi } from './fake-contract-api';

export function renderApp(fake: FakeApi, hash: string): { store: AppStore; state: WindowState } & ReturnType<typeof render> {
  window.location.hash = hash;
  const state = createWindowState(fake.api, null, { schedule: () => {} });
  const utils = render(
    <WindowProviders state={state}>
      <App />
    </WindowProviders>,
  );
  return { store: state.store, state, ...utils };
}
