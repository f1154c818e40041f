import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built into tab/dist and served by the project's server under /tab/ (see tab/README.md).
export default defineConfig(({ command }) => {
  // Vite and the React plugin take NODE_ENV from the environment when one is set, and the test
  // runner sets "test" while the browser tests build the tab: React would then ship its development
  // build and Griffel would drop every makeStaticStyles rule (the print page's size and height among
  // them). What we build is what we serve, so a build is always a production build.
  if (command === 'build') process.env.NODE_ENV = 'production';
  return {
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
  };
});
