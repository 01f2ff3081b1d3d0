import { defineConfig } from 'vitest/config';

// The WebFront serves the built app from its wwwroot; `npm run dev` proxies the API and hub to a local WebFront.
const server = 'http://127.0.0.1:5000';

export default defineConfig({
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: '../wwwroot',
    emptyOutDir: true,
    // No data: URIs, so the server's CSP can stay at 'self' for images and fonts.
    assetsInlineLimit: 0,
    rollupOptions: {
      output: {
        // Libraries change less often than the app: separate files stay cached across releases.
        manualChunks(id) {
          if (!id.includes('/node_modules/')) {
            return undefined;
          }
          if (id.includes('/@xterm/')) {
            return 'xterm';
          }
          if (id.includes('/@microsoft/signalr/')) {
            return 'signalr';
          }
          // The editor's core in one chunk; each language (its package and grammar) is loaded when a file needs it.
          if (/\/@codemirror\/lang-|\/@lezer\/(?!common\/|highlight\/|lr\/)/.test(id)) {
            return undefined;
          }
          if (/\/(@codemirror|@lezer|codemirror|crelt|style-mod|w3c-keyname|@marijn)\//.test(id)) {
            return 'codemirror';
          }
          return 'react';
        },
      },
      onwarn(warning, warn) {
        // @microsoft/signalr ships /*#__PURE__*/ comments Rollup cannot place; they are harmless.
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules')) {
          return;
        }
        warn(warning);
      },
    },
  },
  server: {
    proxy: {
      '/api': server,
      '/hubs': { target: server, ws: true },
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
