import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { createLogger, defineConfig } from 'vite';

// The shipped fonts (resources/fonts/) are served by both shells at /fonts/, outside the bundle
// on purpose (one copy in the installer, at the path printing reads): Vite's note that it left
// those URLs for run time is expected, not a problem to report on every build.
const logger = createLogger();
const warnOnce = logger.warnOnce.bind(logger);
logger.warnOnce = (message, options) => {
  if (/^\s*\/fonts\/\S+ referenced in .* didn't resolve at build time/.test(message)) return;
  warnOnce(message, options);
};

// The renderer is served from app://counter/ in Electron and from the browser shell's origin
// otherwise; relative asset URLs work under both.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  customLogger: logger,
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    chunkSizeWarningLimit: 2500,
    // Two pages: the app, and the hall screen the hall server serves at /display (issue 17).
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('./renderer/index.html', import.meta.url)),
        display: fileURLToPath(new URL('./renderer/display.html', import.meta.url)),
      },
    },
  },
});
