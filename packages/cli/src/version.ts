import pkg from '../package.json' with { type: 'json' }

export const VERSION: string = pkg.version
/** Sent with every request, so a site's logs can tell the CLI's traffic (warms especially) from visitors. */
export const USER_AGENT = `isrkit-cli/${VERSION}`
