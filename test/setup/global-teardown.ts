import './register-paths';
import { rm } from 'node:fs/promises';

export default async function globalTeardown(): Promise<void> {
  const parts = globalThis.__SECONDMENT_TEST_PARTS__;
  if (!parts) return;
  await Promise.all([parts.temporal.stop(), parts.postgres.stop()]);
  await rm(parts.tmp, { recursive: true, force: true });
  globalThis.__SECONDMENT_TEST_PARTS__ = undefined;
}
