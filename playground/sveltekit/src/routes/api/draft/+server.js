import { redirect } from '@sveltejs/kit'

// Draft mode: /api/draft?token=<ISR_BYPASS_TOKEN> sets the isr_draft cookie (isrkit then renders every page
// fresh for this browser and stores none); /api/draft?leave clears it.
export function GET({ url, cookies }) {
  if (url.searchParams.has('leave')) {
    cookies.delete('isr_draft', { path: '/' })
    redirect(303, '/')
  }
  const token = process.env.ISR_BYPASS_TOKEN
  if (!token || url.searchParams.get('token') !== token) return new Response('Wrong draft token', { status: 401 })
  cookies.set('isr_draft', '1', { path: '/', httpOnly: true, sameSite: 'lax' })
  redirect(303, '/')
}
