// Frameworks that render their own error page around a page's body-less 404 or 500 after isrkit answers
// (Astro's REROUTABLE_STATUS_CODES: `return new Response(null, { status: 404 })` in a page, as Astro's docs
// teach). isrkit stores the page's own empty answer and hands it back empty, so the framework renders that
// page for every visitor as it did for the first (docs/architecture.md "Entries").

/** A 404 or 500 with no body of the page's own. */
export function isBodylessError(status: number, empty: boolean): boolean {
  return (status === 404 || status === 500) && empty
}

/** The answer as the framework expects it: body-less, without the validators of the empty body stored. */
export function aroundErrorPage(response: Response): Response {
  if (!isBodylessError(response.status, response.headers.get('content-length') === '0')) return response
  response.body?.cancel().catch(() => {})
  const headers = new Headers(response.headers)
  // The page the framework renders is not the empty body the entry's validator names.
  headers.delete('etag')
  headers.delete('content-length')
  return new Response(null, { status: response.status, statusText: response.statusText, headers })
}
