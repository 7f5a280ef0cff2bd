import adapter from '@sveltejs/adapter-node'
import { sveltekit } from '@sveltejs/kit/vite'
import { defineConfig } from 'vite'

// SvelteKit 3: the whole Kit config lives here.
export default defineConfig({
  plugins: [sveltekit({ adapter: adapter() })],
})
