// The tray icon's state, decided in one pure function so the shell only draws it.
import type { ServiceHealth } from '../../../shared/contract';

export type TrayStatusKind = 'ok' | 'failures' | 'error';

export interface TrayState {
  state: TrayStatusKind;
  /** Downloads needing attention (failed, retrying, waiting for a replacement, dead-lettered). */
  failedCount: number;
  paused: boolean;
  tooltip: string;
}

export interface TrayInputs {
  counts: { failed: number; retrying: number; awaiting: number; dlq: number };
  /** The chosen download client's health (SABnzbd's or NZBGet's). */
  sabnzbd: ServiceHealth;
  /** Its name as the tooltip says it (default "SABnzbd"). */
  clientName?: string;
  paused: boolean;
}

export function trayStateOf(input: TrayInputs): TrayState {
  const { counts } = input;
  const failedCount = counts.failed + counts.retrying + counts.awaiting + counts.dlq;
  const serviceDown = input.sabnzbd.state === 'error';
  const state: TrayStatusKind = serviceDown ? 'error' : failedCount > 0 ? 'failures' : 'ok';
  const parts: string[] = ['autoarr-tray'];
  const client = input.clientName ?? 'SABnzbd';
  if (serviceDown) parts.push(`${client}: ${input.sabnzbd.message ?? 'not answering'}`);
  else if (input.sabnzbd.state === 'unconfigured') parts.push(`${client} not set up yet`);
  if (failedCount === 0) parts.push('no failed downloads');
  else {
    const bits = [`${failedCount} failed download${failedCount === 1 ? '' : 's'}`];
    if (counts.dlq > 0) bits.push(`${counts.dlq} need${counts.dlq === 1 ? 's' : ''} attention`);
    if (counts.retrying + counts.awaiting > 0) bits.push(`${counts.retrying + counts.awaiting} recovering`);
    parts.push(bits.join(', '));
  }
  if (input.paused) parts.push('monitoring paused');
  return { state, failedCount, paused: input.paused, tooltip: parts.join(' — ') };
}

export function sameTrayState(a: TrayState, b: TrayState): boolean {
  return a.state === b.state && a.failedCount === b.failedCount && a.paused === b.paused && a.tooltip === b.tooltip;
}
