import { readFile } from 'node:fs/promises';
import type { TemporalConfig } from '@app/config';
import { Connection, type ConnectionOptions } from '@temporalio/client';
import { NativeConnection, type NativeConnectionOptions } from '@temporalio/worker';

async function tlsOptions(config: TemporalConfig) {
  if (!config.tls) return undefined;
  const { serverName, serverRootCaCertPath, clientCertPath, clientKeyPath } = config.tls;
  return {
    serverNameOverride: serverName,
    serverRootCACertificate: serverRootCaCertPath ? await readFile(serverRootCaCertPath) : undefined,
    clientCertPair:
      clientCertPath && clientKeyPath
        ? { crt: await readFile(clientCertPath), key: await readFile(clientKeyPath) }
        : undefined,
  };
}

/** Options for a client connection; `lazy` leaves connecting to the first call, so an API can start while Temporal is down. */
export async function clientConnectionOptions(config: TemporalConfig): Promise<ConnectionOptions> {
  return { address: config.address, tls: await tlsOptions(config), apiKey: config.apiKey };
}

export async function connectClient(config: TemporalConfig): Promise<Connection> {
  return Connection.connect(await clientConnectionOptions(config));
}

export async function lazyClientConnection(config: TemporalConfig): Promise<Connection> {
  return Connection.lazy(await clientConnectionOptions(config));
}

export async function connectWorker(config: TemporalConfig): Promise<NativeConnection> {
  const options: NativeConnectionOptions = {
    address: config.address,
    tls: await tlsOptions(config),
    apiKey: config.apiKey,
  };
  return NativeConnection.connect(options);
}
