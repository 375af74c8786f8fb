import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import { projectRoot } from '@app/config/project-root';

/** Where `npm run build` puts the web UI (`WEB_ROOT` for another place). */
export function webRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env.WEB_ROOT?.trim() || join(projectRoot(), 'dist', 'web');
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * The UI's own pages may load only the UI's own scripts, styles and API; no inline script, no
 * framing. (The API's JSON answers carry no HTML.) The same policy is sent with every answer of the
 * API (helmet, in bootstrap.ts); the OpenAPI page alone also allows its inline styles.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

export const CONTENT_SECURITY_POLICY = Object.entries(CSP_DIRECTIVES)
  .map(([name, values]) => `${name} ${values.join(' ')}`)
  .join('; ');

interface StaticFile {
  body: Buffer;
  br?: Buffer;
  gzip?: Buffer;
  type: string;
  immutable: boolean;
}

function readBuild(root: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (!/\.(br|gz)$/.test(name) && !name.endsWith('.map') && !path.includes(`${sep}.vite${sep}`)) {
        const url = `/${relative(root, path).split(sep).join('/')}`;
        files.set(url, {
          body: readFileSync(path),
          br: existsSync(`${path}.br`) ? readFileSync(`${path}.br`) : undefined,
          gzip: existsSync(`${path}.gz`) ? readFileSync(`${path}.gz`) : undefined,
          type: TYPES[extname(name)] ?? 'application/octet-stream',
          // Vite names the assets by their content hash: they never change under the same name.
          immutable: url.startsWith('/assets/'),
        });
      }
    }
  };
  walk(root);
  return files;
}

const NOT_BUILT = `<!doctype html><html lang="vi"><meta charset="utf-8"><title>Biệt phái công chức</title>
<p>Giao diện web chưa được build: chạy <code>npm run build</code>.</p>
<p lang="en">The web UI is not built: run <code>npm run build</code>.</p></html>`;

/**
 * Serves the built single-page app at `/`: hashed assets cached for a year, precompressed (brotli,
 * gzip) when the browser accepts it, and `index.html` for every other page path (`/cases/…`,
 * `/pipeline`, `/notifications`), so a link from an email opens the right screen. `/api` and
 * `/health` are left to the API. The build is read once at start: it does not change under a
 * running server.
 */
export function webUiMiddleware(root: string = webRoot()): (request: Request, response: Response, next: NextFunction) => void {
  const files = existsSync(join(root, 'index.html')) ? readBuild(root) : new Map<string, StaticFile>();
  const index = files.get('/index.html');
  return (request, response, next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    const path = request.path;
    if (path === '/api' || path.startsWith('/api/') || path === '/health' || path.startsWith('/health/')) return next();
    let file = files.get(path);
    if (!file) {
      // A file-like path that is not in the build is a 404 from the API, not the app's page.
      if (extname(path)) return next();
      file = index;
    }
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'same-origin');
    if (!file) {
      response.status(503).setHeader('Content-Type', 'text/html; charset=utf-8');
      response.setHeader('Cache-Control', 'no-store');
      response.send(NOT_BUILT);
      return;
    }
    response.setHeader('Content-Type', file.type);
    response.setHeader('Cache-Control', file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    response.setHeader('Vary', 'Accept-Encoding');
    if (file.type.startsWith('text/html')) {
      response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
      response.setHeader('X-Frame-Options', 'DENY');
    }
    const accepted = String(request.headers['accept-encoding'] ?? '');
    let body = file.body;
    if (file.br && /\bbr\b/.test(accepted)) {
      response.setHeader('Content-Encoding', 'br');
      body = file.br;
    } else if (file.gzip && /\bgzip\b/.test(accepted)) {
      response.setHeader('Content-Encoding', 'gzip');
      body = file.gzip;
    }
    response.setHeader('Content-Length', String(body.length));
    response.status(200);
    if (request.method === 'HEAD') response.end();
    else response.end(body);
  };
}
