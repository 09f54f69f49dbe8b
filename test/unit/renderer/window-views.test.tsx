// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { VirtualList } from '../../../renderer/components/VirtualList';
import { activityEntry, createFakeApi, monitoringStatus, T0 } from './fake-contract-api';
import { renderApp } from './render-app';

function readBlob(blob: Blob): Promise<string> {
  // jsdom's Blob has no text(); FileReader is what it offers.
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsText(blob);
  });
}

afterEach(() => {
  cleanup();
  window.location.hash = '';
  vi.restoreAllMocks();
});

describe('Failures view', () => {
  it('lists failures and Retry shows the attempt starting', async () => {
    const fake = createFakeApi();
    renderApp(fake, '#/failures');
    const table = await screen.findByRole('table', { name: 'Failed downloads' });
    expect(within(table).getAllByRole('row')).toHaveLength(4); // header + 3
    const rowA = within(table).getByRole('row', { name: /Show\.nzo_a\./ });
    expect(within(rowA).getByText('Missing articles')).toBeTruthy();
    expect(within(rowA).getByText('0/3')).toBeTruthy();
    fireEvent.click(within(rowA).getByRole('button', { name: /^Retry Show\.nzo_a/ }));
    expect(await within(rowA).findByText('Attempt 1 of 3 starting — Retry started in SABnzbd')).toBeTruthy();
    expect(within(rowA).getByText('Retrying')).toBeTruthy();
    expect(fake.callsTo('downloads.retry')).toEqual([{ nzoId: 'nzo_a' }]);
  });

  it('shows a refused retry inline on its row', async () => {
    const fake = createFakeApi();
    fake.failWith('downloads.retry', { code: 'conflict', message: 'Already being recovered' });
    renderApp(fake, '#/failures');
    const rowB = await screen.findByRole('row', { name: /Show\.nzo_b\./ });
    fireEvent.click(within(rowB).getByRole('button', { name: /^Retry/ }));
    expect((await within(rowB).findByRole('alert')).textContent).toBe('Already being recovered');
  });

  it('filters by kind through the api', async () => {
    const fake = createFakeApi();
    renderApp(fake, '#/failures');
    await screen.findByRole('table', { name: 'Failed downloads' });
    fireEvent.change(screen.getByLabelText('Kind'), { target: { value: 'unpack_failed' } });
    await waitFor(() => expect(screen.getAllByRole('row')).toHaveLength(2));
    expect(fake.callsTo('downloads.failed').at(-1)).toMatchObject({ kind: 'unpack_failed' });
  });

  it('a live failure appears in the table from a pushed batch', async () => {
    const fake = createFakeApi();
    const { store } = renderApp(fake, '#/failures');
    await screen.findByRole('table', { name: 'Failed downloads' });
    act(() =>
      store.getState().applyBatch({
        type: 'batch',
        seq: 1,
        resync: false,
        events: [
          {
            event_id: 'e1',
            event_type: 'download.failed',
            source: 'poller',
            correlation_id: 'c1',
            causation_id: null,
            timestamp: T0 / 1000,
            timestamp_iso: new Date(T0).toISOString(),
            payload: { nzoId: 'nzo_live', name: 'Live.Show.S02E03', category: 'tv', failMessage: 'CRC failed', kind: 'unpack_failed', severity: 'medium', retryable: true, explanation: 'x', sourceApp: 'sonarr', item: null, sizeBytes: null },
          },
        ],
      }),
    );
    expect(await screen.findByRole('row', { name: 'Live.Show.S02E03' })).toBeTruthy();
  });

  it('Enter on a row opens its timeline', async () => {
    renderApp(createFakeApi(), '#/failures');
    const row = await screen.findByRole('row', { name: /Show\.nzo_a\./ });
    fireEvent.keyDown(row, { key: 'Enter' });
    expect(window.location.hash).toBe('#/downloads/nzo_a');
  });

  it('says so when there is nothing, and when SABnzbd is not configured', async () => {
    const fake = createFakeApi({ failed: [], dlq: [] });
    renderApp(fake, '#/failures');
    expect(await screen.findByText('No failed downloads')).toBeTruthy();
    cleanup();
    const unconfigured = createFakeApi({
      failed: [],
      dlq: [],
      monitoring: monitoringStatus({ services: { sabnzbd: { state: 'unconfigured', message: null, checkedAt: null }, sonarr: { state: 'unknown', message: null, checkedAt: null }, radarr: { state: 'unknown', message: null, checkedAt: null } } }),
    });
    renderApp(unconfigured, '#/failures');
    expect(await screen.findByText("SABnzbd isn't configured yet — open Settings")).toBeTruthy();
  });

  it("says it can't reach the core when calls fail to connect", async () => {
    const fake = createFakeApi();
    fake.failWith('*', { code: 'unavailable', message: 'Cannot reach autoarr-tray: Failed to fetch' });
    renderApp(fake, '#/failures');
    const alerts = await screen.findAllByRole('alert');
    expect(alerts.some((a) => a.textContent?.includes("Can't reach autoarr core"))).toBe(true);
  });
});

describe('Overview, inbox, timeline, banner', () => {
  it('shows status, counts and the demo banner', async () => {
    renderApp(createFakeApi({ demo: true }), '#/overview');
    expect(await screen.findByText('DEMO — simulated SABnzbd, Sonarr and Radarr')).toBeTruthy();
    const counts = await screen.findByRole('list', { name: 'Counts' });
    expect(counts.textContent).toContain('4 Recovered today');
    expect(counts.textContent).toContain('1 Needs attention');
    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    expect(await screen.findByRole('button', { name: 'Resume' })).toBeTruthy();
  });

  it('lists the inbox with its reason, and Dismiss removes an item', async () => {
    const fake = createFakeApi();
    renderApp(fake, '#/attention');
    const inbox = await screen.findByRole('list', { name: 'Needs attention' });
    expect(inbox.textContent).toContain('All 3 attempts failed: no alternative release');
    fireEvent.click(within(inbox).getByRole('button', { name: /^Dismiss/ }));
    expect(await screen.findByText('Nothing needs your attention')).toBeTruthy();
  });

  it('indents timeline events under their cause', async () => {
    const fake = createFakeApi({
      activity: [
        activityEntry(1, { eventId: 'a', downloadId: 'nzo_a', eventType: 'download.failed', timestamp: T0, message: 'failed: missing articles' }),
        activityEntry(2, { eventId: 'b', causationId: 'a', downloadId: 'nzo_a', eventType: 'download.retry_started', timestamp: T0 + 1, message: 'retry 1', context: { strategy: 'retry_download' } }),
      ],
    });
    renderApp(fake, '#/downloads/nzo_a');
    const events = await screen.findByRole('list', { name: 'Events' });
    const items = within(events).getAllByRole('listitem');
    expect(items.map((i) => i.getAttribute('data-depth'))).toEqual(['0', '1']);
    expect(items[1]?.textContent).toContain('caused by download.failed');
    expect(items[1]?.textContent).toContain('strategy: Retry download');
  });
});

describe('Settings view', () => {
  it('shows validation messages next to the fields and does not save', async () => {
    const fake = createFakeApi();
    renderApp(fake, '#/settings');
    const poll = await screen.findByLabelText('Poll interval (seconds)');
    fireEvent.change(poll, { target: { value: '2' } });
    fireEvent.change(screen.getByLabelText('SABnzbd URL'), { target: { value: 'nas:8080' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect((await screen.findByText('Poll at most every 5 seconds')).id).toBe(poll.getAttribute('aria-describedby')?.split(' ')[0]);
    expect(screen.getByText(/Enter a full address starting with http/)).toBeTruthy();
    expect(fake.callsTo('settings.update')).toHaveLength(0);
  });

  it('saves a valid change, and marks saved API keys', async () => {
    const fake = createFakeApi();
    renderApp(fake, '#/settings');
    fireEvent.change(await screen.findByLabelText('Max retries'), { target: { value: '5' } });
    fireEvent.change(screen.getByLabelText('Sonarr API key'), { target: { value: 'sk' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText(/^Saved \(\d+ changed\)$/)).toBeTruthy();
    const update = fake.callsTo('settings.update')[0] as { monitoring: { maxRetries: number }; apiKeys: unknown };
    expect(update.monitoring.maxRetries).toBe(5);
    expect(update.apiKeys).toEqual({ sonarr: 'sk' });
    expect(screen.getAllByText('saved').length).toBe(2); // SABnzbd already, Sonarr now
  });

  it('shows the values adjusted at start (environment or settings file)', async () => {
    const fake = createFakeApi();
    const line = 'MONITORING_POLL_INTERVAL=1 is below the allowed range 5–86400; using 5';
    fake.data.settings = { ...fake.data.settings, warnings: [line] };
    renderApp(fake, '#/settings');
    const notice = await screen.findByRole('status', { name: 'Settings adjusted at start' });
    expect(within(notice).getByText(line)).toBeTruthy();
  });

  it('a new address saved without its API key shows the core’s reason', async () => {
    const fake = createFakeApi();
    const reason = "apiKeys.sonarr: Sonarr's address changes from http://nas:8989 to http://other:8989; enter its API key again (the saved key is only sent to http://nas:8989).";
    fake.failWith('settings.update', { code: 'api_key_required', message: reason });
    renderApp(fake, '#/settings');
    fireEvent.change(await screen.findByLabelText('Sonarr URL'), { target: { value: 'http://other:8989' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect((await screen.findByText(reason)).getAttribute('role')).toBe('alert');
  });

  it('Test connection shows the clear error for a wrong API key', async () => {
    const fake = createFakeApi();
    renderApp(fake, '#/settings');
    fireEvent.change(await screen.findByLabelText('SABnzbd API key'), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Test connection to SABnzbd' }));
    expect((await screen.findByText('SABnzbd refused the API key: API Key Incorrect')).getAttribute('role')).toBe('alert');
  });
});

describe('Activity view and the virtual list', () => {
  it('renders only the visible rows of 100 000', () => {
    render(<VirtualList count={100_000} rowHeight={40} height={400} overscan={4} ariaLabel="Big" renderRow={(i) => <span role="gridcell">row {i}</span>} />);
    const grid = screen.getByRole('grid', { name: 'Big' });
    expect(grid.getAttribute('aria-rowcount')).toBe('100000');
    expect(within(grid).getAllByRole('row').length).toBeLessThanOrEqual(18);
    fireEvent.scroll(grid, { target: { scrollTop: 40 * 70_000 } });
    const rows = within(grid).getAllByRole('row');
    expect(rows.length).toBeLessThanOrEqual(18);
    expect(rows.map((r) => r.getAttribute('aria-rowindex'))).toContain('70001');
    expect(screen.queryByText('row 0')).toBeNull();
    fireEvent.keyDown(grid, { key: 'End' });
    expect(grid.getAttribute('aria-activedescendant')).toBe('vrow-99999');
  });

  it('shows 100 000 activity rows virtualized and exports the current filter', async () => {
    const activity = Array.from({ length: 100_000 }, (_, i) => activityEntry(i + 1));
    const fake = createFakeApi({ activity: activity.slice(0, 100_000) });
    renderApp(fake, '#/activity');
    expect(await screen.findByText('100,000 entries')).toBeTruthy();
    const grid = screen.getByRole('grid', { name: 'Activity log' });
    await waitFor(() => expect(within(grid).getAllByText(/^Row \d+ /).length).toBeGreaterThan(5));
    expect(within(grid).getAllByRole('row').length).toBeLessThan(40);

    fireEvent.change(screen.getByLabelText('Download'), { target: { value: 'nzo_30' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }));
    expect(await screen.findByText('1 entry')).toBeTruthy();

    const blobs: Blob[] = [];
    Object.assign(URL, { createObjectURL: (b: Blob) => (blobs.push(b), 'blob:x'), revokeObjectURL: () => {} });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    fireEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await screen.findByText('Exported 1 row as CSV');
    const csv = await readBlob(blobs[0]!);
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2);
    expect(csv).toContain(',nzo_30,');
    fireEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
    await screen.findByText('Exported 1 row as JSON');
    const json = JSON.parse(await readBlob(blobs[1]!));
    expect(json.filter).toEqual({ downloadId: 'nzo_30' });
    expect(json.items.map((e: { id: number }) => e.id)).toEqual([30]);
  }, 60_000);
});
