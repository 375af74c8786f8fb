import type { TemporalConfig } from '@app/config';
import { tlsOptions } from '@app/temporal-client/connection';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';

/** The worker's own (native) connection to Temporal, with the same address, TLS and key as the client's. */
export async function connectWorker(config: TemporalConfig): Promise<NativeConnection> {
  const options: NativeConnectionOptions = {
    address: config.address,
    tls: await tlsOptions(config),
    apiKey: config.apiKey,
  };
  return NativeConnection.connect(options);
}
