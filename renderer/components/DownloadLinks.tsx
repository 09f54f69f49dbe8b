// "Open in Sonarr / Radarr" and "Open SABnzbd" / "Open NZBGet" (the chosen client) for one download, at the URLs
// saved in Settings. They are plain links that open outside this window: a
// new tab in browser mode (rel=noopener), the system browser in Electron
// (the shell's window-open handler hands http(s) links to shell.openExternal
// and never navigates the app window).
import { ARR_APP_LABEL } from '../../shared/domain';
import { useContractQuery } from '../data/contract-query';

const APP_NAMES = ARR_APP_LABEL;

export function DownloadLinks({ nzoId }: { nzoId: string }) {
  const links = useContractQuery('downloads.links', { nzoId }, { staleTime: 5 * 60_000, refetchOnWindowFocus: false });
  const data = links.data;
  if (!data) return null;
  return (
    <div className="links" aria-label="Open elsewhere">
      {data.arr ? (
        <a href={data.arr.url} target="_blank" rel="noopener noreferrer">
          Open in {APP_NAMES[data.arr.app]}
        </a>
      ) : null}
      {data.downloadClient ? (
        <a
          href={data.downloadClient.url}
          target="_blank"
          rel="noopener noreferrer"
          title={`The job is ${data.downloadClient.jobName} (${data.downloadClient.jobId}) in ${data.downloadClient.name}`}
        >
          Open {data.downloadClient.name}
        </a>
      ) : null}
      {data.notes.length > 0 ? <span className="muted small">{data.notes.join(' ')}</span> : null}
    </div>
  );
}
