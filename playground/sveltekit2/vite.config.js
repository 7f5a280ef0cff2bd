import { sveltekit } from '@sveltejs/kit/vite'
import { defineConfig } from 'vite'

export default defineConfig({
  plugins: [sveltekit()],
  // The shared routes import these by name: they must be this app's (Kit 2), not the Kit 3 playground's.
  resolve: { dedupe: ['@sveltejs/kit', 'svelte', '@isrkit/sveltekit', 'unstorage'] },
})
