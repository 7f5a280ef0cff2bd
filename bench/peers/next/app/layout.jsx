import { TITLE } from '../../content.mjs'

export const metadata = { title: TITLE }

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
