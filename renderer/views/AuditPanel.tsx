// "Check my setup": runs the stack audit (the settings that cause failure
// loops in SABnzbd, Sonarr and Radarr) and lists each finding with its fix.
import { useMutation } from '@tanstack/react-query';
import { SeverityBadge } from '../components/Badge';
import { ErrorBox } from '../components/StateMessage';
import { errorOf, unwrap } from '../data/contract-query';
import { useCoreApi } from '../data/core-api-context';
import { formatTime, plural } from '../format/intl-format';

const SERVICE_NAMES: Record<string, string> = { sabnzbd: 'SABnzbd', nzbget: 'NZBGet', sonarr: 'Sonarr', radarr: 'Radarr' };

export function AuditPanel() {
  const api = useCoreApi();
  const audit = useMutation({ mutationFn: async () => unwrap(await api['audit.run']({})) });
  const report = audit.data;
  const error = errorOf(audit.error);
  return (
    <section className="card audit" aria-labelledby="audit-h">
      <h3 id="audit-h">Check my setup</h3>
      <p className="muted small">Looks for settings in the download client (SABnzbd or NZBGet), Sonarr and Radarr that make downloads fail again and again, and says how to fix each.</p>
      <div className="buttons">
        <button type="button" onClick={() => audit.mutate()} disabled={audit.isPending}>
          {audit.isPending ? 'Checking…' : 'Run the audit'}
        </button>
      </div>
      {error ? <ErrorBox error={error} onRetry={() => audit.mutate()} /> : null}
      {report ? (
        <>
          <p role="status">
            {report.findings.length === 0 ? 'No problems found' : `${plural(report.findings.length, { one: 'problem', other: 'problems' })} found`} · checked {formatTime(report.ranAt)}
          </p>
          {report.findings.length > 0 ? (
            <ul className="findings" aria-label="Audit findings">
              {report.findings.map((f) => (
                <li key={f.id} className="finding" aria-label={f.title}>
                  <div>
                    <SeverityBadge severity={f.severity} /> <strong>{f.title}</strong> <span className="muted small">{SERVICE_NAMES[f.service] ?? f.service}</span>
                  </div>
                  <p className="small">{f.detail}</p>
                  <p className="small">
                    <strong>Fix:</strong> {f.fix}
                  </p>
                </li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
