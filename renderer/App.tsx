// The window's frame: demo banner, header, navigation, the current view (wouter
// over the hash), and the connection problems that concern every view.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, type RefObject } from 'react';
import { Route, Router, Switch, useLocation } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { ErrorBox } from './components/StateMessage';
import { NavBar } from './components/NavBar';
import { TokenPrompt } from './components/TokenPrompt';
import { useContractQuery } from './data/contract-query';
import { decodeParam, TIMELINE_PATH } from './routing/routes';
import { useApp } from './store/store-context';
import { ActivityView } from './views/ActivityView';
import { AttentionView } from './views/AttentionView';
import { DiagnosticsView } from './views/DiagnosticsView';
import { FailuresView } from './views/FailuresView';
import { OverviewView } from './views/OverviewView';
import { SettingsView } from './views/SettingsView';
import { prefetchStatsChart, StatsView } from './views/StatsView';
import { TimelineView } from './views/TimelineView';

export interface AppProps {
  /** Browser mode: store a new token and reconnect. Absent in Electron. */
  onToken?: (token: string) => void;
}

function Views() {
  return (
    <Switch>
      <Route path="/failures" component={FailuresView} />
      <Route path="/attention" component={AttentionView} />
      <Route path={TIMELINE_PATH}>
        {(params: { id?: string }) => {
          const id = decodeParam(params.id);
          return id === null ? <OverviewView /> : <TimelineView key={id} downloadId={id} />;
        }}
      </Route>
      <Route path="/activity" component={ActivityView} />
      <Route path="/stats" component={StatsView} />
      <Route path="/diagnostics" component={DiagnosticsView} />
      <Route path="/settings" component={SettingsView} />
      <Route component={OverviewView} />
    </Switch>
  );
}

/** Keyboard users land on the new view after a navigation (not on first load). */
function useFocusOnNavigate(target: RefObject<HTMLElement | null>): void {
  const [location] = useLocation();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    target.current?.focus({ preventScroll: true });
  }, [location, target]);
}

function Frame({ onToken }: AppProps) {
  const mainRef = useRef<HTMLElement>(null);
  const demo = useContractQuery('app.info', {}, { staleTime: Infinity }).data?.demo === true;
  const monitoring = useContractQuery('monitoring.status', {}).data;
  const coreError = useApp((s) => s.coreError);
  const queryClient = useQueryClient();
  const reloadActivity = useApp((s) => s.reloadActivity);
  useFocusOnNavigate(mainRef);
  useEffect(() => {
    const timer = window.setTimeout(prefetchStatsChart, 1000);
    return () => window.clearTimeout(timer);
  }, []);

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
        {coreError && coreError.code === 'unavailable' ? <ErrorBox error={coreError} onRetry={() => void Promise.all([queryClient.invalidateQueries(), reloadActivity()])} /> : null}
        <Views />
      </main>
    </div>
  );
}

export function App(props: AppProps) {
  return (
    <Router hook={useHashLocation}>
      <Frame {...props} />
    </Router>
  );
}
