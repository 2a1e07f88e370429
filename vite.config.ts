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
    enforce: 'post',
    generateBundle(_options, bundle) {
      for (const [fileName, item] of Object.entries(bundle)) {
        if (!fileName.startsWith('assets/') || !/\.(m?js|css|svg|json)$/.test(fileName)) continue;
        const source = Buffer.from(item.type === 'chunk' ? item.code : item.source);
        if (source.length < 1024) continue;
        this.emitFile({ type: 'asset', fileName: `${fileName}.br`, source: brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: source.length } }) });
        this.emitFile({ type: 'asset', fileName: `${fileName}.gz`, source: gzipSync(source, { level: 9 }) });
      }
    },
  };
}

// The dashboard lives in client/; it is built to dist/client and served by the API server on
// the same port. In development (`npm run dev`) vite proxies /api to the server.
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
        manualChunks: (id: string) => (id.includes('node_modules/maplibre-gl') ? 'maplibre' : undefined),
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': `http://127.0.0.1:${process.env.PORT ?? 8080}` },
  },
});
