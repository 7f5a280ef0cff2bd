// Requests a Vite dev or preview server answers itself: its client and HMR, module and file URLs, and
// assets. isrkit never caches or even looks at them.

const PREFIXES = ['/@vite/', '/@fs/', '/@id/', '/__vite', '/node_modules/', '/@react-refresh', '/__open-in-editor']
/** Vite's module query flags (`?import`, `?t=…`, `?raw`, `?url`, `?worker`, `?inline`, `?v=…`, `?direct`, `?html-proxy`). */
const MODULE_QUERY = /[?&](?:import|t|raw|url|worker|sharedworker|inline|v|direct|html-proxy)(?:[=&]|$)/
/** A last segment with the extension of a module, a style, an image, a font or media is a file, not a page. */
const FILE =
  /\.(?:[cm]?[jt]sx?|css|less|s[ac]ss|styl|map|json|wasm|vue|svelte|astro|svg|png|jpe?g|gif|webp|avif|ico|bmp|woff2?|ttf|otf|eot|mp[34]|webm|ogg|wav|flac|aac|pdf|txt|xml|webmanifest|zip)$/i

export function isViteInternal(url: string): boolean {
  const query = url.indexOf('?')
  const path = query === -1 ? url : url.slice(0, query)
  if (PREFIXES.some((prefix) => path.startsWith(prefix))) return true
  if (query !== -1 && MODULE_QUERY.test(url.slice(query))) return true
  return FILE.test(path)
}
