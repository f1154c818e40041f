import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built into tab/dist and served by the project's server under /tab/ (see tab/README.md).
export default defineConfig({
  root: import.meta.dirname,
  base: '/tab/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The initial load is budgeted at 300 KB gzipped; the detail, stage and config views load on demand.
    chunkSizeWarningLimit: 600,
  },
  server: {
    host: '127.0.0.1',
    proxy: { '/api': 'http://127.0.0.1:3978' },
  },
});
