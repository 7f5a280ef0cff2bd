import type { APIRoute } from 'astro'

// Draft mode: /api/draft?token=<ISR_BYPASS_TOKEN> sets the isr_draft cookie (isrkit then renders every page
// fresh for this browser and stores none); /api/draft?leave clears it.
export const GET: APIRoute = ({ url, cookies, redirect }) => {
  if (url.searchParams.has('leave')) {
    cookies.delete('isr_draft', { path: '/' })
    return redirect('/', 303)
  }
  const token = process.env.ISR_BYPASS_TOKEN
  if (!token || url.searchParams.get('token') !== token) return new Response('Wrong draft token', { status: 401 })
  cookies.set('isr_draft', '1', { path: '/', httpOnly: true, sameSite: 'lax' })
  return redirect('/', 303)
}
