import { Logger } from '@nestjs/common';
import { DefaultLogger, Runtime } from '@temporalio/worker';

// Specs provoke failures on purpose (refused appends, a dropped database): by default their logs
// show errors only. LOG_LEVEL=debug npx jest ... shows everything.
process.env.LOG_LEVEL ??= 'error';

// Test workers log the SDK's warnings and errors (a failed activity attempt, say), not its chatter.
Runtime.install({ logger: new DefaultLogger('WARN') });

// Nest's static Logger (used by parts created outside an app, such as a dispatcher under test) follows the same level.
Logger.overrideLogger(process.env.LOG_LEVEL === 'error' ? ['error', 'fatal'] : ['error', 'fatal', 'warn', 'log', 'debug', 'verbose']);
