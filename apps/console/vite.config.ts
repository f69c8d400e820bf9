import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The staff console is static files served by the gateway at /console: hashed assets that may be
 * cached forever, and two HTML entries (the app and the page the OIDC silent renew loads in an
 * iframe). No @vitejs/plugin-react: it only adds Fast Refresh for a dev server, and Vite's own
 * Oxc transform already compiles TSX with React's automatic runtime.
 */
export default defineConfig({
  root: here('.'),
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: here('../../dist/console'),
    emptyOutDir: true,
    // Every script is a file of our origin: the console's CSP allows no inline script.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      input: { index: here('index.html'), 'silent-renew': here('silent-renew.html') },
      // React Server Components' "use client" markers mean nothing in a client-only bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
