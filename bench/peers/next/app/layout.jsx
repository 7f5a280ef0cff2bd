import { BODY_CLASS, STYLE, TITLE } from '../../content.mjs'

export const metadata = { title: TITLE }

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <head>
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the bench page's own stylesheet, as written */}
        <style dangerouslySetInnerHTML={{ __html: STYLE }} />
      </head>
      <body className={BODY_CLASS}>{children}</body>
    </html>
  )
}
