import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

/**
 * Writes `.br` and `.gz` next to every text asset of the build. The server sends these as they
 * are (server/app.ts `precompressedAssets`): compressing the 1 MB maplibre chunk on every request
 * cost more time on a busy machine than it saved on localhost, and build time can afford the
 * strongest settings.
 */
function precompress(): Plugin {
  return {
    name: 'signaalkaart-precompress',
    apply: 'build',
    // From the files as written: in generateBundle, later plugins (vite's preload helper) still
    // rewrite chunk code, and a copy taken there would differ from the .js beside it.
    async writeBundle(options, bundle) {
      const dir = options.dir!;
      await Promise.all(
        Object.keys(bundle)
          .filter((fileName) => fileName.startsWith('assets/') && /\.(m?js|css|svg|json)$/.test(fileName))
          .map(async (fileName) => {
            const source = await readFile(path.join(dir, fileName));
            if (source.length < 1024) return;
            await writeFile(path.join(dir, `${fileName}.br`), brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: source.length } }));
            await writeFile(path.join(dir, `${fileName}.gz`), gzipSync(source, { level: 9 }));
          }),
      );
    },
  };
}

export default defineConfig({
  root: 'client',
  plugins: [svelte(), precompress()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // maplibre-gl in its own chunk: it is large and changes rarely (better caching).
        // Its stylesheet (imported by main.ts) stays out of that chunk: else the entry would import
        // the script chunk for the stylesheet's sake and parse MapLibre before the overview.
        // So does the worker's URL (a `?url` string the entry uses to prefetch the worker's file).
        manualChunks: (id: string) => (id.includes('node_modules/maplibre-gl') && !id.endsWith('.css') && !id.includes('?url') ? 'maplibre' : undefined),
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': `http://127.0.0.1:${process.env.PORT ?? 8080}` },
  },
});
