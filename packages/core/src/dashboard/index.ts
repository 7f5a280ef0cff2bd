// docs/architecture.md "Seeing the cache": GET {endpoint}/ — the dashboard — and its sign-in. Signing in with the
// secret sets a session cookie (HttpOnly, SameSite=Strict, Secure on https, 12 h, signed with the secret),
// which the dashboard's reads and POSTs then carry; a POST made with it must come from the same origin
// (Sec-Fetch-Site, else Origin), so another site cannot make a signed-in browser revalidate or purge.

import type { Credentials } from '../auth.ts'
import { readCookies } from '../request.ts'
import { DASHBOARD_SCRIPT, DASHBOARD_STYLE, dashboardPage, signInPage } from './pages.ts'
import { UPLOT_SCRIPT, UPLOT_STYLE } from './uplot.ts'

export const SESSION_COOKIE = 'isr_session'
const SESSION_MS = 12 * 3600 * 1000
const FORM_BYTES = 4096

const ASSETS: Record<string, [string, string]> = {
  '/assets/uplot.js': [UPLOT_SCRIPT, 'text/javascript; charset=utf-8'],
  '/assets/uplot.css': [UPLOT_STYLE, 'text/css; charset=utf-8'],
  '/assets/dashboard.js': [DASHBOARD_SCRIPT, 'text/javascript; charset=utf-8'],
  '/assets/dashboard.css': [DASHBOARD_STYLE, 'text/css; charset=utf-8'],
}

export interface DashboardDeps {
  prefix: string
  secret: string
  credentials: Credentials
  now(): number
}

/** The dashboard's own paths: the page, sign-in and out, its assets. */
export function isDashboardAction(action: string): boolean {
  return action === '' || action === '/' || action === '/login' || action === '/logout' || action in ASSETS
}

export async function signedIn(request: Request, deps: Pick<DashboardDeps, 'credentials' | 'now'>): Promise<boolean> {
  return deps.credentials.verifySession(
    readCookies(request.headers.get('cookie') ?? '').get(SESSION_COOKIE),
    deps.now(),
  )
}

/**
 * Whether a browser request comes from a page of this very origin: `Sec-Fetch-Site` where the browser sends it,
 * else `Origin`. A request with neither is refused: browsers that carry the cookie send one or the other.
 */
export function sameOrigin(request: Request, url: URL): boolean {
  const site = request.headers.get('sec-fetch-site')
  if (site) return site === 'same-origin'
  return request.headers.get('origin') === url.origin
}

export async function handleDashboard(
  request: Request,
  url: URL,
  action: string,
  deps: DashboardDeps,
): Promise<Response> {
  if (action === '/login') return login(request, url, deps)
  if (action === '/logout') {
    if (request.method !== 'POST' || !sameOrigin(request, url))
      return text(403, 'Sign out with the dashboard’s button.')
    return redirect(`${deps.prefix}/`, `${SESSION_COOKIE}=; Path=${deps.prefix}; Max-Age=0; HttpOnly; SameSite=Strict`)
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') return text(405, 'Use GET.', { allow: 'GET, HEAD' })
  const session = await signedIn(request, deps)
  const asset = ASSETS[action]
  if (asset) return session ? new Response(asset[0], { headers: assetHeaders(asset[1]) }) : text(401, 'Sign in first.')
  if (!session) return html(401, signInPage(deps.prefix))
  return html(200, dashboardPage(deps.prefix))
}

async function login(request: Request, url: URL, deps: DashboardDeps): Promise<Response> {
  if (request.method !== 'POST') return redirect(`${deps.prefix}/`)
  if (!sameOrigin(request, url)) return html(403, signInPage(deps.prefix, 'Sign in from this site’s own page.'))
  const form = new URLSearchParams(new TextDecoder().decode(await bounded(request)))
  const given = form.get('secret') ?? ''
  if (!(await deps.credentials.verifyBearer(`Bearer ${given}`, deps.secret))) {
    return html(401, signInPage(deps.prefix, 'That is not the secret this site was started with.'))
  }
  const expires = deps.now() + SESSION_MS
  const secure = url.protocol === 'https:' ? '; Secure' : ''
  const cookie = `${SESSION_COOKIE}=${await deps.credentials.session(expires)}; Path=${deps.prefix}; Max-Age=${SESSION_MS / 1000}; HttpOnly; SameSite=Strict${secure}`
  return redirect(`${deps.prefix}/`, cookie)
}

async function bounded(request: Request): Promise<Uint8Array> {
  const body = new Uint8Array(await request.arrayBuffer())
  return body.byteLength > FORM_BYTES ? new Uint8Array(0) : body
}

/** The dashboard is never cached, framed, or sniffed; its scripts and styles come from itself only. */
const SECURITY = {
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
}

function assetHeaders(type: string): Record<string, string> {
  return { ...SECURITY, 'content-type': type }
}

function html(status: number, body: string): Response {
  const csp = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'"
  return new Response(body, {
    status,
    headers: { ...SECURITY, 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp },
  })
}

function text(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { ...SECURITY, 'content-type': 'text/plain; charset=utf-8', ...headers },
  })
}

function redirect(location: string, cookie?: string): Response {
  const headers: Record<string, string> = { ...SECURITY, location }
  if (cookie) headers['set-cookie'] = cookie
  return new Response(null, { status: 303, headers })
}
