import { Logger } from '@nestjs/common';
import type { NotificationConfig } from '@app/config';
import type { NotificationFacts } from '@app/notifications';
import { renderNotification } from '@app/notifications/templates';
import type { ClaimedDelivery } from '@app/persistence';
import { createTransport, type Transporter } from 'nodemailer';
import { PermanentDeliveryError, type Channel, type SendOutcome } from './channels';

/** The domain Message-IDs are made under: the From address's, else localhost. */
function messageIdDomain(mailFrom: string): string {
  const match = /@([^>\s]+)>?\s*$/.exec(mailFrom);
  return match ? match[1] : 'localhost';
}

/**
 * A stable Message-ID from the delivery's dedupe key: a repeat of the same message (the one window
 * where a crash can cause one) carries the same id, and mail systems fold it.
 */
export function messageIdOf(dedupeKey: string, mailFrom: string): string {
  return `<${dedupeKey.replace(/[^A-Za-z0-9._-]/g, '.')}@${messageIdDomain(mailFrom)}>`;
}

/**
 * Email over SMTP (nodemailer). Without SMTP_URL the embedded default has no mail server: the
 * message is written to the log as one line and recorded as 'logged', never as sent.
 */
export class EmailChannel implements Channel {
  private readonly logger = new Logger('EmailChannel');
  private readonly transport?: Transporter;

  constructor(private readonly config: NotificationConfig) {
    if (config.smtpUrl) {
      const timeout = config.smtpTimeoutMs;
      this.transport = createTransport({ url: config.smtpUrl, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
    }
  }

  message(delivery: ClaimedDelivery) {
    const notification = delivery.notification;
    if (!notification) throw new PermanentDeliveryError(`email delivery ${delivery.id} has no notification`);
    const rendered = renderNotification(notification.kind, notification.facts as NotificationFacts, notification.language, this.config.publicUrl);
    return {
      from: this.config.mailFrom,
      to: { name: notification.recipientName, address: delivery.target },
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId: messageIdOf(delivery.dedupeKey, this.config.mailFrom),
      headers: {
        'Auto-Submitted': 'auto-generated',
        'Content-Language': notification.language,
        'X-Secondment-Delivery': delivery.dedupeKey,
      },
      link: rendered.link,
    };
  }

  async send(delivery: ClaimedDelivery): Promise<SendOutcome> {
    const { link, ...message } = this.message(delivery);
    if (!this.transport) {
      this.logger.log({ msg: 'email not sent: no SMTP_URL', to: delivery.target, subject: message.subject, link, messageId: message.messageId });
      return 'logged';
    }
    try {
      await this.transport.sendMail(message);
      return 'delivered';
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      // 5xx is the server's final word on this message; anything else (4xx, network) may pass later.
      if (typeof code === 'number' && code >= 500) throw new PermanentDeliveryError(`SMTP ${code}: ${(error as Error).message}`);
      throw error;
    }
  }

  close(): void {
    this.transport?.close();
  }
}
