import type { NotificationConfig } from '@app/config';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signWebhook } from '@app/notifications';
import type { ClaimedDelivery } from '@app/persistence';
import { PermanentDeliveryError, type Channel, type SendOutcome } from './channels';

/**
 * Signed webhooks: POST of the stored JSON body, signed with HMAC-SHA256 under the subscription's
 * secret, with the dedupe key in a header so that a receiver can drop a repeat. Any 2xx is
 * delivered; anything else is retried with backoff, then dead-lettered.
 */
export class WebhookChannel implements Channel {
  constructor(private readonly config: NotificationConfig) {}

  async send(delivery: ClaimedDelivery): Promise<SendOutcome> {
    if (!delivery.secret) throw new PermanentDeliveryError(`webhook delivery ${delivery.id} has no subscription secret`);
    const body = JSON.stringify(delivery.payload);
    const response = await fetch(delivery.target, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'secondment-engine-webhooks/1',
        [SIGNATURE_HEADER]: signWebhook(delivery.secret, body),
        [DELIVERY_HEADER]: delivery.dedupeKey,
        [EVENT_HEADER]: String((delivery.payload as { type?: string }).type ?? ''),
      },
      redirect: 'manual',
      signal: AbortSignal.timeout(this.config.webhookTimeoutMs),
    });
    // The body is not needed; reading it frees the connection.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return 'delivered';
    throw new Error(`HTTP ${response.status} from ${new URL(delivery.target).host}`);
  }
}
