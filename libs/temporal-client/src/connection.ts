import { readFile } from 'node:fs/promises';
import type { TemporalConfig } from '@app/config';
import { Connection, type ConnectionOptions, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';

/** The TLS settings of a connection to Temporal (client or worker), read from the files the config names. */
export async function tlsOptions(config: TemporalConfig) {
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

const MAX_RETRY_DELAY_MS = 1_000;

/**
 * The SDK's gRPC retries (transient UNAVAILABLE and the like), made safe to close: the SDK schedules
 * each retry on a timer, and a retry that fires after the connection closed throws from that timer
 * and takes the process down. `closeSafely` stops new retries, then waits out any already scheduled.
 */
class ClosableRetries {
  private closing = false;
  private lastScheduledAt = 0;
  readonly interceptor;

  constructor() {
    const defaults = defaultGrpcRetryOptions({ maxIntervalMs: () => MAX_RETRY_DELAY_MS });
    this.interceptor = makeGrpcRetryInterceptor({
      retryableDecider: (attempt, status) => {
        if (this.closing || !defaults.retryableDecider(attempt, status)) return false;
        this.lastScheduledAt = Date.now();
        return true;
      },
      delayFunction: (attempt, status) => Math.min(defaults.delayFunction(attempt, status), MAX_RETRY_DELAY_MS),
    });
  }

  async closeSafely(connection: Connection): Promise<void> {
    this.closing = true;
    const pendingFor = this.lastScheduledAt + MAX_RETRY_DELAY_MS + 50 - Date.now();
    if (pendingFor > 0) await new Promise((resolve) => setTimeout(resolve, pendingFor));
    await connection.close();
  }
}

const retriesByConnection = new WeakMap<Connection, ClosableRetries>();

/** Closes a connection made here without the crash a pending gRPC retry would cause. */
export async function closeConnection(connection: Connection): Promise<void> {
  const retries = retriesByConnection.get(connection);
  if (retries) await retries.closeSafely(connection);
  else await connection.close();
}

/** Options for a client connection; `lazy` leaves connecting to the first call, so an API can start while Temporal is down. */
export async function clientConnectionOptions(config: TemporalConfig): Promise<ConnectionOptions> {
  return { address: config.address, tls: await tlsOptions(config), apiKey: config.apiKey };
}

export async function connectClient(config: TemporalConfig): Promise<Connection> {
  const retries = new ClosableRetries();
  const connection = await Connection.connect({ ...(await clientConnectionOptions(config)), interceptors: [retries.interceptor] });
  retriesByConnection.set(connection, retries);
  return connection;
}

export async function lazyClientConnection(config: TemporalConfig): Promise<Connection> {
  const retries = new ClosableRetries();
  const connection = Connection.lazy({ ...(await clientConnectionOptions(config)), interceptors: [retries.interceptor] });
  retriesByConnection.set(connection, retries);
  return connection;
}
