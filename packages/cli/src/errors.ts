// Every failure the CLI reports is an IsrkitError: one line, prefixed `[isrkit]`, and an exit code that
// tells scripts whether the command line was wrong (2) or the site said no / could not be reached (1).
export const PREFIX = '[isrkit]'

/** Exit codes: documented in the README; scripts branch on them. */
export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_USAGE = 2

export class IsrkitError extends Error {
  override readonly name = 'IsrkitError'
  constructor(
    message: string,
    readonly exitCode: typeof EXIT_FAILED | typeof EXIT_USAGE,
    options?: ErrorOptions,
  ) {
    super(`${PREFIX} ${message}`, options)
  }
}

/** `revalidate --wait`: the invalidation was recorded, but not every instance said it applied it. */
export function notAcknowledged(detail: string): IsrkitError {
  return new IsrkitError(`not acknowledged by every instance: ${detail}`, EXIT_FAILED)
}

/** Bad input found before any request is sent. */
export function usageError(message: string): IsrkitError {
  return new IsrkitError(message, EXIT_USAGE)
}

export function missingSecret(): IsrkitError {
  return usageError('no secret: pass --secret <secret> or set ISR_SECRET to the secret the site was started with')
}

export function wrongSecret(url: string, detail: string | undefined): IsrkitError {
  return new IsrkitError(
    `${url} answered 401: the secret was refused${detail ? ` (${detail})` : ''}; pass the site's secret with --secret or ISR_SECRET`,
    EXIT_FAILED,
  )
}

/** The signature was right but its time was not: this machine's clock and the site's are apart. */
export function clockSkew(url: string, detail: string): IsrkitError {
  return new IsrkitError(
    `${url} answered 401: the clocks of this machine and of the site differ (${detail}); set them right (NTP) and try again`,
    EXIT_FAILED,
  )
}

export function badRequest(url: string, detail: string | undefined): IsrkitError {
  return new IsrkitError(`${url} refused the request (400): ${detail ?? 'no reason given'}`, EXIT_FAILED)
}

export function endpointMissing(url: string, endpoint: string): IsrkitError {
  return new IsrkitError(
    `${url} answered 404: the control endpoint is not enabled at ${endpoint}. The site needs a secret in its isrkit options (secret: process.env.ISR_SECRET), or uses another endpoint prefix (pass it with --endpoint)`,
    EXIT_FAILED,
  )
}

export function unexpectedStatus(url: string, status: number, detail: string | undefined): IsrkitError {
  return new IsrkitError(`${url} answered ${status}${detail ? `: ${detail}` : ''}`, EXIT_FAILED)
}

export function notIsrkit(url: string): IsrkitError {
  return new IsrkitError(`${url} answered 200 without isrkit's JSON: is --url the isrkit site?`, EXIT_FAILED)
}

export function unreachable(url: string, reason: string, cause?: unknown): IsrkitError {
  return new IsrkitError(`cannot reach ${url} (${reason}): is the site running at that address?`, EXIT_FAILED, {
    cause,
  })
}

export function badSitemap(url: string, reason: string): IsrkitError {
  return new IsrkitError(`sitemap ${url}: ${reason}`, EXIT_FAILED)
}
