// Options of the SvelteKit hook: core's, plus what only the hook knows.
import type { ISROptions } from '@isrkit/core'

export interface ISRSvelteKitOptions extends Omit<ISROptions, 'buildId'> {
  /**
   * Entries of another build are never served. `'auto'` (the default): Kit's app version (`version.name`),
   * new per build.
   */
  buildId?: string | 'auto' | false
}
