// isrkit options read when the server starts (astro.config is evaluated at build time): embedded fs storage
// unless ISR_REDIS_URL is set, the control endpoint's secret from ISR_SECRET, and ISR_ORIGIN, the site's
// public origin (unset: each Host a request names has entries of its own, so localhost and 127.0.0.1 both work).

import { redisFromEnv, webhooksFromEnv } from '@isrkit/astro'

export default {
  // ISR_REDIS_URL, or ISR_REDIS_SENTINELS + ISR_REDIS_NAME: Redis; else fs.
  storage: redisFromEnv() ?? { driver: 'fs', base: process.env.ISR_CACHE_DIR || '.isr-cache' },
  secret: process.env.ISR_SECRET || undefined,
  // CMS webhooks at /__isr/hooks/<vendor>: ISR_HOOK_<VENDOR>_SECRET turns each on (e.g. ISR_HOOK_SANITY_SECRET).
  webhooks: webhooksFromEnv(),
  // Draft mode: the isr_draft cookie (set by /api/draft) or ?__isr_bypass=<ISR_BYPASS_TOKEN> renders fresh, never stored.
  bypass: { cookies: ['isr_draft'], token: process.env.ISR_BYPASS_TOKEN || undefined },
  // ISR_CDN=standard|vercel|netlify|cloudflare|fastly: tell a CDN in front the same policy.
  cdn: process.env.ISR_CDN || false,
  origin: process.env.ISR_ORIGIN || undefined,
}
