import { DefaultLogger, Runtime } from '@temporalio/worker';

// Test workers log the SDK's warnings and errors (a failed activity attempt, say), not its chatter.
Runtime.install({ logger: new DefaultLogger('WARN') });
