// Pure checks of the stack's settings that turn single failures into failure
// loops. Each finding says what is wrong and how a person fixes it.
import { ITEM_NOUN } from '../arr/arr-item-identity';
import { ARR_APP_LABEL as LABEL, type ArrApp, type AuditFinding } from '../../../shared/domain';
import type { DownloadClientConfig } from '../arr/arr-schemas';
import type { DownloadClientKind, FailureSettings } from '../download-client/download-client-port';

export interface ArrAuditView {
  app: ArrApp;
  /** Null when the app could not be asked (see `error`). */
  config: DownloadClientConfig | null;
  error: string | null;
  /** The SABnzbd categories the app's download clients use, when known. */
  sabCategories: string[] | null;
}

export interface AuditSnapshot {
  /** Which download client the findings are about (default SABnzbd): its name, menus and finding ids. */
  client?: DownloadClientKind;
  /** The download client's failure settings (SABnzbd's misc section, NZBGet's HealthCheck/PropagationDelay). */
  sabConfig: FailureSettings;
  sabCategories: string[];
  categoryMap: Readonly<Record<string, ArrApp>>;
  arrs: ArrAuditView[];
  /** Failures classified as propagation delay on record. */
  propagationFailures: number;
}


/** What each download client calls the settings the checks look at, and where a person changes them. */
const CLIENT_WORDS: Record<DownloadClientKind, {
  name: string;
  hopelessId: string;
  hopelessSetting: string;
  hopelessFix: string;
  propagationFix: string;
  categoriesMenu: string;
}> = {
  sabnzbd: {
    name: 'SABnzbd',
    hopelessId: 'fail_hopeless_jobs_off',
    hopelessSetting: '"Abort jobs that cannot be completed" off',
    hopelessFix: 'In SABnzbd open Config → Switches and turn on "Abort jobs that cannot be completed", then Save.',
    propagationFix: 'In SABnzbd open Config → Switches, set "Propagation delay" to 15 minutes or more, then Save.',
    categoriesMenu: 'Config → Categories',
  },
  nzbget: {
    name: 'NZBGet',
    hopelessId: 'health_check_off',
    hopelessSetting: 'HealthCheck set to None',
    hopelessFix: 'In NZBGet open Settings → Check and Repair, set HealthCheck to Park (or Delete), then Save all changes.',
    propagationFix: 'In NZBGet open Settings → Download Queue, set PropagationDelay to 15 (minutes) or more, then Save all changes.',
    categoriesMenu: 'Settings → Categories',
  },
};
const norm = (c: string) => c.trim().toLowerCase();

export function auditChecks(s: AuditSnapshot): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const client = s.client ?? 'sabnzbd';
  const w = CLIENT_WORDS[client];
  if (!s.sabConfig.abortsHopelessJobs) {
    findings.push({
      id: `${client}.${w.hopelessId}`,
      service: client,
      severity: 'medium',
      title: `${w.name} keeps downloading jobs that can never complete`,
      detail: `With ${w.hopelessSetting}, an incomplete post downloads to the end before it fails, which delays recovery and wastes bandwidth.`,
      fix: w.hopelessFix,
    });
  }
  if (s.sabConfig.propagationDelayMinutes <= 0 && s.propagationFailures > 0) {
    findings.push({
      id: `${client}.propagation_delay_zero`,
      service: client,
      severity: 'medium',
      title: `Fresh posts fail because ${w.name} does not wait for propagation`,
      detail: `${s.propagationFailures} download(s) failed because the post had not reached every news server yet, and ${w.name}'s propagation delay is 0.`,
      fix: w.propagationFix,
    });
  }
  const mapped = new Set(Object.keys(s.categoryMap).map(norm));
  const unmapped = s.sabCategories.filter((c) => c !== '*' && !mapped.has(norm(c)));
  for (const c of unmapped) {
    findings.push({
      id: `${client}.category_unmapped.${norm(c)}`,
      service: client,
      severity: 'low',
      title: `${w.name} category "${c}" belongs to no *arr instance`,
      detail: `Failed downloads in "${c}" that the *arr history does not know are treated as manual jobs: they are only retried, never replaced by another release.`,
      fix: `If "${c}" is an *arr's (Sonarr, Radarr, Lidarr, Readarr), give that instance this category in Settings → *arr instances; otherwise nothing needs to change.`,
    });
  }
  findings.push(...sharedCategoryFindings(s, client));
  for (const a of s.arrs) {
    if (a.config && !a.config.autoRedownloadFailed) {
      findings.push({
        id: `${a.app}.auto_redownload_off`,
        service: a.app,
        severity: 'medium',
        title: `${LABEL[a.app]} does not search again after a failed download`,
        detail: `"Redownload Failed" is off, so ${LABEL[a.app]} blocklists a failed release and then leaves the ${ITEM_NOUN[a.app]} missing until this app or a person grabs another.`,
        fix: `In ${LABEL[a.app]} open Settings → Download Clients → Failed Download Handling (show advanced settings) and turn on "Redownload Failed", then Save.`,
      });
    }
    if (a.error) {
      findings.push({
        id: `${a.app}.unreachable`,
        service: a.app,
        severity: 'low',
        title: `${LABEL[a.app]} could not be checked`,
        detail: a.error,
        fix: `Check ${LABEL[a.app]}'s address and API key in Settings, then run the audit again.`,
      });
    }
  }
  return findings;
}

function sharedCategoryFindings(s: AuditSnapshot, client: DownloadClientKind): AuditFinding[] {
  const w = CLIENT_WORDS[client];
  const byCategory = new Map<string, Set<ArrApp>>();
  const add = (category: string, app: ArrApp) => {
    const set = byCategory.get(norm(category)) ?? new Set<ArrApp>();
    set.add(app);
    byCategory.set(norm(category), set);
  };
  const knownFromApps = s.arrs.some((a) => a.sabCategories !== null);
  if (knownFromApps) for (const a of s.arrs) for (const c of a.sabCategories ?? []) add(c, a.app);
  else for (const [c, app] of Object.entries(s.categoryMap)) add(c, app);
  const out: AuditFinding[] = [];
  for (const [category, apps] of byCategory) {
    if (apps.size < 2) continue;
    out.push({
      id: `stack.category_shared.${category}`,
      service: client,
      severity: 'high',
      title: `Sonarr and Radarr both use the ${w.name} category "${category}"`,
      detail:
        'Each app then sees the other one’s downloads as its own: failures are handled twice, imports fail and releases get blocklisted by the wrong app.',
      fix: `Give each app its own category: in Radarr open Settings → Download Clients → ${w.name} and set Category to "movies" (Sonarr keeps "tv"), make sure both categories exist in ${w.name} (${w.categoriesMenu}), and update the category map here.`,
    });
  }
  return out;
}
