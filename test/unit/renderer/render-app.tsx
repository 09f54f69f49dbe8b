// Renders the whole window around a fake api at a given hash route.
import { render } from '@testing-library/react';
import { App } from '../../../renderer/App';
import { createAppStore, type AppStore } from '../../../renderer/store/app-store';
import { StoreProvider } from '../../../renderer/store/store-context';
import type { FakeApi } from './fake-contract-api';

export function renderApp(fake: FakeApi, hash: string): { store: AppStore } & ReturnType<typeof render> {
  window.location.hash = hash;
  const store = createAppStore(fake.api, { schedule: () => {} });
  const utils = render(
    <StoreProvider store={store}>
      <App />
    </StoreProvider>,
  );
  return { store, ...utils };
}
