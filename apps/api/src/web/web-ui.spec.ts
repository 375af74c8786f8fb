import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import request from 'supertest';
import { CONTENT_SECURITY_POLICY, webUiMiddleware } from './web-ui';

@Controller()
class ProbeController {
  @Get('api/v1/probe')
  probe() {
    return { from: 'api' };
  }

  @Get('health')
  health() {
    return { status: 'ok' };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

/** The middleware in a real Nest/Express app over a build folder written by the spec. */
describe('webUiMiddleware', () => {
  let dir: string;
  const apps: INestApplication[] = [];

  async function serve(root: string) {
    const app = await NestFactory.create(ProbeModule, { logger: false });
    app.use(webUiMiddleware(root));
    await app.init();
    apps.push(app);
    return request(app.getHttpServer());
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'web-ui-'));
    await mkdir(join(dir, 'assets'));
    const html = '<!doctype html><title>app</title><script type="module" src="/assets/index-abc.js"></script>';
    const js = `console.log(${JSON.stringify('x'.repeat(2000))});`;
    await writeFile(join(dir, 'index.html'), html);
    await writeFile(join(dir, 'index.html.br'), brotliCompressSync(html));
    await writeFile(join(dir, 'assets', 'index-abc.js'), js);
    await writeFile(join(dir, 'assets', 'index-abc.js.br'), brotliCompressSync(js));
    await writeFile(join(dir, 'assets', 'index-abc.js.gz'), gzipSync(js));
    await writeFile(join(dir, 'assets', 'index-abc.js.map'), '{}');
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and at every page path, never cached stale, under the content security policy', async () => {
    const http = await serve(dir);
    for (const path of ['/', '/inbox', '/cases/HS-2026-7K3M9Q2X', '/pipeline?stage=serving', '/notifications']) {
      const response = await http.get(path).set('Accept-Encoding', 'identity').expect(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.text).toContain('<title>app</title>');
    }
  });

  it('serves hashed assets for a year, brotli when accepted, else gzip, else as they are', async () => {
    const http = await serve(dir);
    const br = await http.get('/assets/index-abc.js').set('Accept-Encoding', 'gzip, deflate, br').buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['vary']).toBe('Accept-Encoding');
    expect(br.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(Number(br.headers['content-length'])).toBeLessThan(200);

    const gzip = await http.get('/assets/index-abc.js').set('Accept-Encoding', 'gzip').expect(200);
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gzip.text).toContain('console.log');

    const plain = await http.get('/assets/index-abc.js').set('Accept-Encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(Number(plain.headers['content-length'])).toBeGreaterThan(2000);

    const head = await http.head('/assets/index-abc.js').set('Accept-Encoding', 'identity').expect(200);
    expect(head.headers['content-length']).toBe(plain.headers['content-length']);
  });

  it('leaves /api and /health to the API, and answers 404 for files not in the build (source maps included)', async () => {
    const http = await serve(dir);
    expect((await http.get('/api/v1/probe').expect(200)).body).toEqual({ from: 'api' });
    expect((await http.get('/health').expect(200)).body).toEqual({ status: 'ok' });
    await http.get('/api/v1/unknown').expect(404);
    await http.get('/assets/missing.js').expect(404);
    await http.get('/assets/index-abc.js.map').expect(404);
    await http.get('/assets/../../../etc/passwd.txt').expect(404);
    await http.get('/favicon.ico').expect(404);
    await http.post('/inbox').expect(404);
  });

  it('says in both languages how to build when there is no build, without breaking the API', async () => {
    const http = await serve(join(dir, 'not-built'));
    const page = await http.get('/inbox').expect(503);
    expect(page.text).toContain('npm run build');
    expect(page.text).toContain('chưa được build');
    expect(page.headers['cache-control']).toBe('no-store');
    await http.get('/api/v1/probe').expect(200);
  });
});
