// /rules/lang greets in the visitor's language: a page that reads a request header its key does not hold,
// which isrkit must never share (it renders it for each visitor instead).
export function load({ params, request }) {
  return { language: params.path === 'lang' ? (request.headers.get('accept-language') ?? 'none') : undefined }
}
