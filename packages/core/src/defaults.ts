// Defaults users can spread into their own lists, e.g. `ignoreCookies: [...DEFAULT_IGNORED_COOKIES, 'theme_seen']`.

/** Query parameters added by ad and mail tools; they never change a page, so they never make a variant. */
export const TRACKING_PARAMS: readonly string[] = [
  'utm_*',
  'fbclid',
  'gclid',
  'gclsrc',
  'gbraid',
  'wbraid',
  'dclid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'li_fat_id',
  'igshid',
  'srsltid',
  'mc_cid',
  'mc_eid',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  '__hssc',
  '__hstc',
  '__hsfp',
  'mkt_tok',
  'epik',
  'irclickid',
  'rb_clickid',
  's_cid',
  'sc_cid',
  'vero_id',
  'wickedid',
]

/**
 * Cookies set by analytics and ad scripts in the browser. A server render never reads them, so a request
 * carrying only these may be answered from the shared cache (Varnish's long-standing default).
 */
export const DEFAULT_IGNORED_COOKIES: readonly string[] = [
  '_ga',
  '_ga_*',
  '_gid',
  '_gat*',
  '_gcl_*',
  '__utm*',
  '_fbp',
  '_fbc',
  '_hj*',
  '_clck',
  '_clsk',
  '_uet*',
  '_pk_*',
  '_rdt_uuid',
  '_scid',
  '_tt_*',
  '_ttp',
  'ajs_*',
  'mp_*',
  'AMP_*',
  '__hs*',
  'hubspotutk',
  '__cf_bm',
  'cf_clearance',
  '_dd_s',
]

export const DEFAULT_EXPIRE = 31_536_000
export const DEFAULT_STALE_IF_ERROR = 86_400
export const DEFAULT_NOT_FOUND_REVALIDATE = 60
/** Seconds a render may take (to its last byte) before it counts as failed. */
export const DEFAULT_RENDER_TIMEOUT = 30
export const DEFAULT_MAX_VARIANTS = 64
export const DEFAULT_MEMORY_BYTES = 64 * 1024 * 1024
export const DEFAULT_MAX_ENTRY_BYTES = 10 * 1024 * 1024
export const DEFAULT_COMPRESS = ['br', 'gzip'] as const
export const DEFAULT_ENDPOINT = '/__isr'
export const DEFAULT_NAMESPACE = 'isr'
export const DEFAULT_BROWSER_CACHE_CONTROL = 'public, max-age=0, must-revalidate'
export const DEFAULT_STORAGE_TIMEOUT_MS = 500
export const DEFAULT_LEASE_TTL = 10
export const DEFAULT_LEASE_WAIT = 30
export const DEFAULT_INVALIDATION_POLL = 1
/** Seconds between sweeps of storage that ignores TTLs (janitor.ts). */
export const DEFAULT_JANITOR = 600
/** Seconds `close()` waits for background renders before it closes the storage anyway. */
export const DEFAULT_CLOSE_GRACE = 5

/** Draft mode's query parameter: isrkit's own, never part of a key (a wrong token is answered from the cache). */
export const BYPASS_PARAM = '__isr_bypass'
