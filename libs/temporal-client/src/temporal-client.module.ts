import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { readTemporalConfig, type TemporalConfig } from '@app/config';
import { Client, Connection } from '@temporalio/client';
import { closeConnection, lazyClientConnection } from './connection';

export const TEMPORAL_CONFIG = Symbol('TEMPORAL_CONFIG');

/** Closes the client's connection when the app stops. */
@Injectable()
class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(Connection) private readonly connection: Connection) {}
  async onApplicationShutdown(): Promise<void> {
    await closeConnection(this.connection);
  }
}

/**
 * The Temporal client for the API. The connection is lazy: the API starts, and reports Temporal as
 * down on /health, while the server is unreachable.
 */
@Global()
@Module({
  providers: [
    { provide: TEMPORAL_CONFIG, useFactory: (): TemporalConfig => readTemporalConfig() },
    {
      provide: Connection,
      inject: [TEMPORAL_CONFIG],
      useFactory: (config: TemporalConfig) => lazyClientConnection(config),
    },
    {
      provide: Client,
      inject: [Connection, TEMPORAL_CONFIG],
      useFactory: (connection: Connection, config: TemporalConfig) => new Client({ connection, namespace: config.namespace }),
    },
    TemporalConnectionCloser,
  ],
  exports: [TEMPORAL_CONFIG, Connection, Client],
})
export class TemporalClientModule {}
