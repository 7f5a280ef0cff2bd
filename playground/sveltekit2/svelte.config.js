import adapter from '@sveltejs/adapter-node'

// The very routes, hooks and template of playground/sveltekit (SvelteKit 3), built with SvelteKit 2.
const site = '../sveltekit/src'

/** @type {import('@sveltejs/kit').Config} */
export default {
  kit: {
    adapter: adapter(),
    files: {
      routes: `${site}/routes`,
      lib: `${site}/lib`,
      hooks: { server: `${site}/hooks.server` },
      appTemplate: `${site}/app.html`,
    },
  },
}
