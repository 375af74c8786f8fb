import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { readNotificationConfig, type NotificationConfig } from '@app/config';
import { DeliveriesRepository } from '@app/persistence';
import { NotificationDispatcher, type DispatcherOptions } from './dispatcher';
import { EmailChannel } from './email.channel';
import { WebhookChannel } from './webhook.channel';

/** The dispatcher with its channels, configured from the environment; main starts it, closing the app stops it. */
@Injectable()
export class DispatcherService implements OnModuleDestroy {
  readonly config: NotificationConfig = readNotificationConfig();
  private readonly email = new EmailChannel(this.config);
  private dispatcher?: NotificationDispatcher;

  constructor(private readonly deliveries: DeliveriesRepository) {}

  /** A dispatcher over this app's outbox (tests pass fault points). */
  create(options: DispatcherOptions = {}): NotificationDispatcher {
    return new NotificationDispatcher(this.deliveries, { email: this.email, webhook: new WebhookChannel(this.config) }, this.config, options);
  }

  start(): void {
    this.dispatcher ??= this.create();
    this.dispatcher.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.dispatcher?.stop();
    this.email.close();
  }
}
