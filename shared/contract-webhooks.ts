// What the window sees of webhooks and sends for them. A URL travels only
// from window to core (webhooks.save, webhooks.test), never back: the view
// carries `hasUrl` and a scheme+host hint, like `hasApiKey` for API keys.
import { z } from 'zod';
import { MAX_WEBHOOK_TARGETS, WebhookKindSchema, WebhookTargetSchema, webhookUrlProblem } from './settings';
import { SecretStorageKindSchema } from './contract-views';

const epochMs = z.number();

/** How deliveries to one target are going, since the app started (kept in memory only). */
export const WebhookDeliverySchema = z.object({
  /** Notifications waiting or being sent. */
  queued: z.number().int(),
  /** When the one at the head is tried again, if it is waiting out a backoff. */
  nextRetryAt: epochMs.nullable(),
  lastDeliveredAt: epochMs.nullable(),
  lastFailedAt: epochMs.nullable(),
  /** Why the last attempt failed (never contains the URL). */
  lastError: z.string().nullable(),
  /** Notifications dropped after their last retry, a permanent refusal, or a full queue. */
  givenUp: z.number().int(),
  /** True from a dropped notification until the next delivery succeeds. */
  failing: z.boolean(),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

export const WebhookTargetViewSchema = WebhookTargetSchema.extend({
  hasUrl: z.boolean(),
  /** `https://ntfy.sh/…`: scheme and host of the saved URL, or '' when none is saved. */
  urlHint: z.string(),
  delivery: WebhookDeliverySchema,
});
export type WebhookTargetView = z.infer<typeof WebhookTargetViewSchema>;

export const WebhooksViewSchema = z.object({
  targets: z.array(WebhookTargetViewSchema),
  secretStorage: SecretStorageKindSchema,
  /** The retry rule, so the window can say what happens to a failing delivery. */
  retry: z.object({ attempts: z.number().int(), firstDelayMs: z.number().int(), maxDelayMs: z.number().int(), maxQueued: z.number().int() }),
});
export type WebhooksView = z.infer<typeof WebhooksViewSchema>;

const urlInput = z.string().max(2000, 'That URL is too long');

/** One target as the window saves it: `url` omitted keeps the saved one; `id` omitted adds a target. */
export const WebhookTargetInputSchema = WebhookTargetSchema.extend({
  id: WebhookTargetSchema.shape.id.optional(),
  url: urlInput.optional(),
}).superRefine((t, ctx) => {
  if (t.url === undefined) return;
  const problem = webhookUrlProblem(t.kind, t.url);
  if (problem) ctx.addIssue({ code: 'custom', path: ['url'], message: `${t.name}: ${problem}` });
});
export type WebhookTargetInput = z.infer<typeof WebhookTargetInputSchema>;

export const WebhooksSaveInputSchema = z.object({
  targets: z.array(WebhookTargetInputSchema).max(MAX_WEBHOOK_TARGETS, `At most ${MAX_WEBHOOK_TARGETS} webhooks`),
});

export const WebhookTestInputSchema = z
  .object({
    kind: WebhookKindSchema,
    /** Test this saved target (its URL unless `url` is given). */
    id: WebhookTargetSchema.shape.id.optional(),
    /** Test this URL (the form before saving). */
    url: urlInput.optional(),
    name: z.string().trim().max(60).optional(),
  })
  .refine((t) => t.id !== undefined || (t.url !== undefined && t.url.trim() !== ''), { message: 'Enter the webhook URL first', path: ['url'] });

export const WebhookTestResultSchema = z.object({
  kind: WebhookKindSchema,
  /** The HTTP status the endpoint answered. */
  status: z.number().int(),
  latencyMs: z.number(),
  message: z.string(),
});
export type WebhookTestResult = z.infer<typeof WebhookTestResultSchema>;
