import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

const root = import.meta.dirname;

/**
 * Writes a .br and a .gz beside each text file of the build, at the highest levels, so the API
 * serves them precompressed: a slow connection gets the smallest bytes at no cost per request.
 */
function precompress(): Plugin {
  return {
    name: 'secondment:precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir!;
      const files = Object.keys(bundle).filter((file) => /\.(js|css|html|svg|json|txt)$/.test(file));
      await Promise.all(
        files.map(async (file) => {
          const data = await readFile(join(dir, file));
          await writeFile(join(dir, `${file}.br`), brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
          await writeFile(join(dir, `${file}.gz`), gzipSync(data, { level: 9 }));
        }),
      );
    },
  };
}

/** The web UI: Preact, built into dist/web and served by the API at `/` (apps/api/src/web). */
export default defineConfig({
  root,
  base: '/',
  resolve: {
    alias: [
      { find: /^@app\/domain\/(.*)$/, replacement: `${resolve(root, '../../libs/domain/src')}/$1` },
      { find: /^@app\/api-routes$/, replacement: resolve(root, '../../libs/api-routes/src/index.ts') },
    ],
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: resolve(root, '../../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    // Maps stay beside the build for reading a reported stack trace; they are not served or linked.
    sourcemap: 'hidden',
    assetsInlineLimit: 0,
    // The precompression (brotli at its highest level) is slow by design, once per build: no timing warning for it.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  plugins: [precompress()],
  server: {
    // `npm run web:dev`: the UI with hot reload against the API of a running `npm start`.
    proxy: { '/api': process.env.API_URL ?? 'http://127.0.0.1:3000', '/health': process.env.API_URL ?? 'http://127.0.0.1:3000' },
  },
});
