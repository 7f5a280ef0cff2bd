// Options every command that talks to the control endpoint takes.
import type { ArgsDef } from 'citty'

export const siteArgs = {
  url: {
    type: 'string',
    valueHint: 'origin',
    description: "The site's origin, e.g. http://127.0.0.1:3000 (required)",
  },
} as const satisfies ArgsDef

/** Where the site's control endpoint is (and its webhooks, under it). */
export const endpointArg = {
  endpoint: {
    type: 'string',
    valueHint: 'path',
    description: "The site's control endpoint prefix",
    default: '/__isr',
  },
} as const satisfies ArgsDef

export const controlArgs = {
  ...siteArgs,
  secret: {
    type: 'string',
    description: 'The secret the site was started with (default: $ISR_SECRET, which keeps it out of `ps`)',
  },
  ...endpointArg,
} as const satisfies ArgsDef
