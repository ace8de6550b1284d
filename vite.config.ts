import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer is served from app://counter/ in Electron and from the browser shell's origin
// otherwise; relative asset URLs work under both.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome130',
    sourcemap: true,
    chunkSizeWarningLimit: 2500,
  },
});
