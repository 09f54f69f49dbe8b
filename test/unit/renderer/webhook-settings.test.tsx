// @vitest-environment jsdom
// Settings → Webhooks in the window, against the schema-checked fake api.
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookTargetView } from '../../../shared/contract';
import { createFakeApi, T0 } from './fake-contract-api';
import { renderApp } from './render-app';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const SECRET_URL = 'https://ntfy.example.com/very-secret-topic-42';

function savedTarget(over: Partial<WebhookTargetView> = {}): WebhookTargetView {
  return {
    id: 'phone',
    kind: 'ntfy',
    name: 'Phone',
    enabled: true,
    events: { failed: true, dlq: true, recovered: true },
    hasUrl: true,
    urlHint: 'https://ntfy.example.com/…',
    delivery: { queued: 0, nextRetryAt: null, lastDeliveredAt: null, lastFailedAt: null, lastError: null, givenUp: 0, failing: false },
    ...over,
  };
}

describe('Settings → Webhooks', () => {
  it('adds an ntfy webhook: the URL is checked before saving, sent once, and never shown again', async () => {
    const fake = createFakeApi();
    renderApp(fake, '#/settings');
    fireEvent.click(await screen.findByRole('button', { name: 'Add webhook' }));
    const card = screen.getByRole('group', { name: 'Webhook Webhook 1' });
    fireEvent.change(within(card).getByLabelText('Name'), { target: { value: 'Phone' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save webhooks' }));
    expect(await within(card).findByText('Enter the webhook URL')).toBeTruthy();
    fireEvent.change(within(card).getByLabelText('ntfy URL'), { target: { value: 'https://ntfy.example.com/' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save webhooks' }));
    expect(await within(card).findByText(/Add the topic to the address/)).toBeTruthy();
    expect(fake.callsTo('webhooks.save')).toHaveLength(0);

    fireEvent.change(within(card).getByLabelText('ntfy URL'), { target: { value: SECRET_URL } });
    fireEvent.click(within(card).getByLabelText('Recovered'));
    fireEvent.click(screen.getByRole('button', { name: 'Save webhooks' }));
    expect(await screen.findByText('Webhooks saved')).toBeTruthy();
    expect(fake.callsTo('webhooks.save')).toEqual([
      { targets: [{ kind: 'ntfy', name: 'Phone', enabled: true, events: { failed: true, dlq: true, recovered: false }, url: SECRET_URL }] },
    ]);
    const saved = screen.getByRole('group', { name: 'Webhook Phone' });
    const url = within(saved).getByLabelText('ntfy URL') as HTMLInputElement;
    expect(url.value).toBe('');
    expect(url.placeholder).toBe('saved: https://ntfy.example.com/…');
    expect(document.body.innerHTML).not.toContain('very-secret-topic-42');

    // Saving again without typing keeps the URL (no `url` sent).
    fireEvent.click(screen.getByRole('button', { name: 'Save webhooks' }));
    await screen.findByText('Webhooks saved');
    expect((fake.callsTo('webhooks.save')[1] as { targets: Record<string, unknown>[] }).targets[0]).not.toHaveProperty('url');
  });

  it('Send test reports what the endpoint answered; a failing target shows its last error and drop count', async () => {
    const fake = createFakeApi({
      webhooks: {
        targets: [
          savedTarget(),
          savedTarget({
            id: 'den',
            kind: 'discord',
            name: 'Den',
            urlHint: 'https://discord.com/…',
            delivery: { queued: 1, nextRetryAt: null, lastDeliveredAt: T0, lastFailedAt: T0, lastError: '"Den" (discord.com) answered HTTP 503', givenUp: 2, failing: true },
          }),
        ],
        urls: { phone: SECRET_URL, den: 'https://discord.com/api/webhooks/1/down' },
      },
    });
    renderApp(fake, '#/settings');
    fireEvent.click(await screen.findByRole('button', { name: 'Send test to Phone' }));
    expect((await screen.findByText(/^Sent: 127\.0\.0\.1 answered HTTP 200/)).getAttribute('role')).toBe('status');
    expect(fake.callsTo('webhooks.test')).toEqual([{ kind: 'ntfy', id: 'phone', name: 'Phone' }]);

    const den = screen.getByRole('group', { name: 'Webhook Den' });
    expect(within(den).getByText(/Failing: "Den" \(discord\.com\) answered HTTP 503 · 2 not delivered since start/)).toBeTruthy();
    fireEvent.click(within(den).getByRole('button', { name: 'Send test to Den' }));
    expect((await within(den).findByText(/connection refused/)).getAttribute('role')).toBe('alert');

    // A typed URL is tested before it is saved.
    fireEvent.change(within(den).getByLabelText('Discord URL'), { target: { value: 'https://discord.com/api/webhooks/9/new' } });
    fireEvent.click(within(den).getByRole('button', { name: 'Send test to Den' }));
    await within(den).findByText(/^Sent:/);
    expect(fake.callsTo('webhooks.test').at(-1)).toEqual({ kind: 'discord', id: 'den', url: 'https://discord.com/api/webhooks/9/new', name: 'Den' });
  });
});
