// @ts-check
const base = require('./jest.config');

/**
 * `npm run test:faults`: the fault-injection suite (test/faults). It starts its own parts as separate
 * processes (PostgreSQL, the Temporal dev server on a file, the built worker and API, an SMTP server)
 * and kills them under load, so it needs neither the shared parts of the main run nor its setup.
 * @type {import('jest').Config}
 */
module.exports = {
  ...base,
  testRegex: '.*\\.fault-spec\\.ts$',
  globalSetup: undefined,
  globalTeardown: undefined,
  testTimeout: 30 * 60_000,
  maxWorkers: 1,
};
