/** What the global setup started, handed to the spec files through the environment. */
export const TEST_ENV = {
  postgresAdminUrl: 'TEST_POSTGRES_ADMIN_URL',
  templateDatabase: 'TEST_TEMPLATE_DATABASE',
  temporalAddress: 'TEST_TEMPORAL_ADDRESS',
  testServerPath: 'TEST_TEMPORAL_TEST_SERVER_PATH',
  workflowBundlePath: 'TEST_WORKFLOW_BUNDLE_PATH',
  tmpDir: 'TEST_TMP_DIR',
  chromiumPath: 'TEST_CHROMIUM_PATH',
} as const;

export function testEnv(name: keyof typeof TEST_ENV): string {
  const value = process.env[TEST_ENV[name]];
  if (!value) throw new Error(`${TEST_ENV[name]} is not set: run the specs through jest, whose global setup starts the real parts`);
  return value;
}
