// Requests a Vite dev or preview server answers itself: its client and HMR, module and file URLs, and
// assets. isrkit never caches or even looks at them.

const PREFIXES = ['/@vite/', '/@fs/', '/@id/', '/__vite', '/node_modules/', '/@react-refresh', '/__open-in-editor']
/** Vite's module query flags (`?import`, `?t=…`, `?raw`, `?url`, `?worker`, `?inline`, `?v=…`, `?direct`, `?html-proxy`). */
const MODULE_QUERY = /[?&](?:import|t|raw|url|worker|sharedworker|inline|v|direct|html-proxy)(?:[=&]|$)/
/** A last segment with an extension other than .html is a file, not a page. */
const FILE = /\/[^/]*\.(?!html?$)[A-Za-z0-9]+$/

export function isViteInternal(url: string): boolean {
  const query = url.indexOf('?')
  const path = query === -1 ? url : url.slice(0, query)
  if (PREFIXES.some((prefix) => path.startsWith(prefix))) return true
  if (query !== -1 && MODULE_QUERY.test(url.slice(query))) return true
  return FILE.test(path)
}
