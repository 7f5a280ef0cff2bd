import { isr, redisFromEnv, webhooksFromEnv } from '@isrkit/sveltekit'
import { createStorage } from 'unstorage'
import fsDriver from 'unstorage/drivers/fs'

// Redis with ISR_REDIS_URL, or ISR_REDIS_SENTINELS + ISR_REDIS_NAME; else embedded fs storage (a Storage built
// here is bundled with the app, so its driver always resolves). The control endpoint's secret from ISR_SECRET.
const storage =
  redisFromEnv() ?? createStorage({ driver: fsDriver({ base: process.env.ISR_CACHE_DIR || '.isr-cache' }) })

export const handle = isr({
  storage,
  secret: process.env.ISR_SECRET || undefined,
  // CMS webhooks at /__isr/hooks/<vendor>: ISR_HOOK_<VENDOR>_SECRET turns each on (e.g. ISR_HOOK_SANITY_SECRET).
  webhooks: webhooksFromEnv(),
  // Draft mode: the isr_draft cookie (set by /api/draft) or ?__isr_bypass=<ISR_BYPASS_TOKEN> renders fresh, never stored.
  bypass: { cookies: ['isr_draft'], token: process.env.ISR_BYPASS_TOKEN || undefined },
  // ISR_CDN=standard|vercel|netlify|cloudflare|fastly: tell a CDN in front the same policy.
  cdn: process.env.ISR_CDN || false,
  routes: {
    // Route rules use Kit route ids. The index is cached by its rule; post pages call cache() in their load.
    '/': { revalidate: Number(process.env.ISR_INDEX_REVALIDATE || 30), tags: ['posts'] },
    '/rules/[...path]': { revalidate: 60, tags: ['rules'] },
    '/admin': false,
  },
})
