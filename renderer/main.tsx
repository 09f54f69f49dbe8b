// Startup: pick the transport (preload bridge in Electron, HTTP + WebSocket in
// a browser), build the window's state around it, render.
import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { isAppRoute } from '../shared/window-api';
import { App } from './App';
import { takeTokenFromUrl, saveToken } from './api/browser-token';
import type { CoreConnection } from './api/core-connection';
import { browserConnection, connectionFromBridge, isWindowApi } from './api/pick-connection';
import { TokenPrompt } from './components/TokenPrompt';
import { createWindowState, WindowProviders } from './window-state';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
const root: Root = createRoot(container);

function acceptToken(token: string): void {
  saveToken(window.sessionStorage, token);
  window.location.reload();
}

function mount(connection: CoreConnection, browser: boolean): void {
  const state = createWindowState(connection.api, connection.events);
  connection.onNavigate?.((hash) => {
    if (isAppRoute(hash)) window.location.hash = hash;
  });
  root.render(
    <StrictMode>
      <WindowProviders state={state}>
        <App onToken={browser ? acceptToken : undefined} />
      </WindowProviders>
    </StrictMode>,
  );
}

const bridge: unknown = window.autoarr;
if (isWindowApi(bridge)) {
  mount(connectionFromBridge(bridge), false);
} else {
  const { token, cleanedUrl } = takeTokenFromUrl(window.location.href, window.sessionStorage);
  if (cleanedUrl) window.history.replaceState(null, '', cleanedUrl);
  if (token) mount(browserConnection(window.location.origin, token, window), true);
  else root.render(<TokenPrompt refused={false} onSubmit={acceptToken} />);
}
