import { stamp } from '../lib/renders.js'

// Every full render of a page is counted and stamped.
export function load({ url }) {
  return { stamp: stamp(url.pathname) }
}
