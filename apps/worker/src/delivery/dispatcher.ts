import { Logger } from '@nestjs/common';
import type { NotificationConfig } from '@app/config';
import { retryDelayMs } from '@app/notifications';
import type { ClaimedDelivery, DeliveriesRepository } from '@app/persistence';
import { PermanentDeliveryError, type Channel, type SendOutcome } from './channels';

/** How soon a mark the database could not take is tried again. */
const MARK_RETRY_MS = 250;

/** The points of a delivery's work where a dispatcher can die; tests stop it at each. */
export type DispatchPoint = 'claimed' | 'sent' | 'marked';

export interface DispatcherOptions {
  /** Called at each point; a test throws here to stop the dispatcher as a crash would, with no clean-up. */
  at?: (point: DispatchPoint, delivery: ClaimedDelivery) => void;
}

/**
 * Works through the outbox: claims due deliveries under a lease, sends each through its channel,
 * and marks it delivered, retried with backoff, or dead. At least once: a dispatcher that dies
 * after its claim leaves the lease to expire and another takes the delivery. The only repeat a
 * crash can cause is a send that succeeded just before the dispatcher died, before its mark: webhooks
 * carry the dedupe key and emails a stable Message-ID, so receivers can fold it. A mark the database
 * cannot take at that moment is tried again while the lease lasts, so a database restart alone
 * repeats nothing.
 */
export class NotificationDispatcher {
  private readonly logger = new Logger('NotificationDispatcher');
  private running?: Promise<void>;
  private stopping = false;
  private wake?: () => void;

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly channels: Record<ClaimedDelivery['channel'], Channel>,
    private readonly config: NotificationConfig,
    private readonly options: DispatcherOptions = {},
  ) {}

  /** One round: claims a batch and works it. Returns how many deliveries it claimed. */
  async tick(): Promise<number> {
    // Taken before the claim, so the lease this dispatcher counts on ends no later than the one stored.
    const leaseEndsAt = Date.now() + this.config.leaseMs;
    const claimed = await this.deliveries.claim(this.config.batchSize, this.config.leaseMs);
    await Promise.all(claimed.map((delivery) => this.deliver(delivery, leaseEndsAt)));
    return claimed.length;
  }

  private async deliver(delivery: ClaimedDelivery, leaseEndsAt: number): Promise<void> {
    this.options.at?.('claimed', delivery);
    let outcome;
    try {
      outcome = await this.channels[delivery.channel].send(delivery);
    } catch (error) {
      await this.failed(delivery, error);
      return;
    }
    this.options.at?.('sent', delivery);
    const marked = await this.markSent(delivery, outcome, leaseEndsAt);
    if (!marked) this.logger.warn({ msg: 'delivery sent after its lease passed to another dispatcher', delivery: delivery.dedupeKey });
    this.options.at?.('marked', delivery);
  }

  /**
   * Records a sent delivery. Should the database be unreachable just then (a restart), the mark is
   * tried again while the lease lasts: a mark given up is a message sent twice, once the lease has
   * passed and the delivery is claimed again.
   */
  private async markSent(delivery: ClaimedDelivery, outcome: SendOutcome, leaseEndsAt: number): Promise<boolean> {
    for (;;) {
      try {
        return await this.deliveries.markDone(delivery.id, delivery.attempt, outcome);
      } catch (error) {
        if (this.stopping || Date.now() + MARK_RETRY_MS >= leaseEndsAt) throw error;
        this.logger.warn({ msg: 'delivery sent, not yet recorded: the mark is tried again', delivery: delivery.dedupeKey, err: error });
        await new Promise((resolve) => setTimeout(resolve, MARK_RETRY_MS));
      }
    }
  }

  private async failed(delivery: ClaimedDelivery, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    const permanent = error instanceof PermanentDeliveryError;
    const last = permanent || delivery.attempt >= this.config.maxAttempts;
    const retryAt = last ? null : new Date(Date.now() + retryDelayMs(delivery.attempt, this.config.backoffBaseMs, this.config.backoffMaxMs));
    await this.deliveries.markFailed(delivery.id, delivery.attempt, message, retryAt);
    const fields = { delivery: delivery.dedupeKey, channel: delivery.channel, attempt: delivery.attempt, error: message };
    if (retryAt) this.logger.warn({ msg: 'delivery failed; will retry', ...fields, retryAt: retryAt.toISOString() });
    else this.logger.error({ msg: 'delivery dead-lettered', ...fields, permanent });
  }

  /** Polls until `stop()`: a full batch is followed at once by the next, an empty one waits `pollMs`. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = (async () => {
      while (!this.stopping) {
        let claimed = 0;
        try {
          claimed = await this.tick();
        } catch (error) {
          // The database may be restarting: the outbox keeps everything; try again after the pause.
          this.logger.error({ msg: 'dispatch round failed', err: error });
        }
        if (claimed < this.config.batchSize && !this.stopping) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, this.config.pollMs);
            this.wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
      }
    })();
  }

  /** Finishes the round in hand (sends are not cut off midway) and stops. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.running;
    this.running = undefined;
  }
}
