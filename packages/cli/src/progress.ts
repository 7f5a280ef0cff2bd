// A progress bar for warms run by hand. Piped or redirected output (CI logs, cron mail) gets no per-page
// lines at all, only the summary, so a warm of 10,000 pages does not write 10,000 lines.
import { progress } from '@clack/prompts'

export interface Progress {
  advance(message: string): void
  stop(message: string): void
}

const silent: Progress = { advance() {}, stop() {} }

export function progressBar(total: number, output: NodeJS.WriteStream = process.stdout): Progress {
  if (!output.isTTY || total === 0) return silent
  // While the bar runs clack listens for SIGINT itself (to redraw it as cancelled), which takes Node's
  // default exit away: Ctrl-C must still stop a warm.
  const bar = progress({ max: total, output, style: 'heavy', onCancel: () => process.exit(130) })
  let done = 0
  bar.start(`0/${total}`)
  return {
    advance(message) {
      done++
      bar.advance(1, `${done}/${total} ${message}`)
    },
    stop(message) {
      bar.stop(message)
    },
  }
}
