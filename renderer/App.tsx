// The window's frame: demo banner, header, navigation, the current view, and
// the connection problems that concern every view.
import { useEffect, useRef } from 'react';
import { ErrorBox } from './components/StateMessage';
import { NavBar } from './components/NavBar';
import { TokenPrompt } from './components/TokenPrompt';
import { useHashRoute } from './routing/use-hash-route';
import { useApp, useAppStore } from './store/store-context';
import { ActivityView } from './views/ActivityView';
import { AttentionView } from './views/AttentionView';
import { FailuresView } from './views/FailuresView';
import { OverviewView } from './views/OverviewView';
import { SettingsView } from './views/SettingsView';
import { StatsView } from './views/StatsView';
import { TimelineView } from './views/TimelineView';

export interface AppProps {
  /** Browser mode: store a new token and reconnect. Absent in Electron. */
  onToken?: (token: string) => void;
}

function CurrentView() {
  const route = useApp((s) => s.route);
  switch (route.view) {
    case 'overview':
      return <OverviewView />;
    case 'failures':
      return <FailuresView />;
    case 'attention':
      return <AttentionView />;
    case 'timeline':
      return <TimelineView downloadId={route.downloadId} />;
    case 'activity':
      return <ActivityView />;
    case 'stats':
      return <StatsView />;
    case 'settings':
      return <SettingsView />;
  }
}

export function App({ onToken }: AppProps) {
  const store = useAppStore();
  const mainRef = useRef<HTMLElement>(null);
  const demo = useApp((s) => s.info.data?.demo === true);
  const coreError = useApp((s) => s.coreError);
  const monitoring = useApp((s) => s.monitoring.data);
  const reload = useApp((s) => s.refreshVisible);

  useEffect(() => store.getState().start(), [store]);
  useHashRoute(store, mainRef);

  if (coreError?.code === 'unauthorized' && onToken) return <TokenPrompt refused onSubmit={onToken} />;

  const status = !monitoring ? null : monitoring.paused ? 'Paused' : monitoring.running ? 'Watching' : 'Stopped';
  return (
    <div className="app">
      <a className="skip" href="#main" onClick={(e) => { e.preventDefault(); mainRef.current?.focus(); }}>
        Skip to content
      </a>
      {demo ? (
        <div className="demo-banner" role="note">
          DEMO — simulated SABnzbd, Sonarr and Radarr
        </div>
      ) : null}
      <header className="topbar">
        <h1 className="brand">autoarr</h1>
        {status ? (
          <span className={`pill ${monitoring?.paused ? 'warn' : monitoring?.running ? 'good' : 'bad'}`} aria-label={`Monitoring: ${status}`}>
            {status}
            {monitoring?.dryRun ? ' · dry run' : ''}
          </span>
        ) : null}
      </header>
      <NavBar />
      <main id="main" ref={mainRef} tabIndex={-1}>
        {coreError && coreError.code === 'unavailable' ? <ErrorBox error={coreError} onRetry={() => void reload()} /> : null}
        <CurrentView />
      </main>
    </div>
  );
}
