import isr from '@isrkit/vite'
import { defineConfig } from 'vite'

export default defineConfig({
  // In `vite dev` (server.js --dev) isrkit runs only with ISR_DEV=1: a page is cached there only when asked.
  plugins: [
    isr({
      dev: process.env.ISR_DEV === '1',
      routes: { '/': { revalidate: 30 }, '/rules/**': { revalidate: 60, tags: ['rules'] }, '/admin': false },
    }),
  ],
  build: {
    rollupOptions: { input: { main: 'index.html', about: 'about.html' } },
  },
})
