import type { ClaimedDelivery } from '@app/persistence';

/** The outcome of one send: sent, written to the log (no mail server), or refused. */
export type SendOutcome = 'delivered' | 'logged';

/** A failure the channel knows retrying cannot cure (a mailbox that does not exist, a 5xx SMTP reply). */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

export interface Channel {
  send(delivery: ClaimedDelivery): Promise<SendOutcome>;
  close?(): Promise<void> | void;
}
