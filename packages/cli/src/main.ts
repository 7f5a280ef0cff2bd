// The command tree and its exit codes. citty parses and prints help; this file decides what a failure
// prints and returns, so every error is one `[isrkit]` line on stderr and the exit code tells its kind.
import { stripVTControlCharacters } from 'node:util'
import { type ArgsDef, type CommandDef, defineCommand, renderUsage, runCommand } from 'citty'
import explain from './commands/explain.ts'
import hooks from './commands/hooks.ts'
import inspect from './commands/inspect.ts'
import revalidate from './commands/revalidate.ts'
import warm from './commands/warm.ts'
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, IsrkitError, PREFIX, usageError } from './errors.ts'
import { VERSION } from './version.ts'

const commands: Record<string, CommandDef<ArgsDef>> = {
  revalidate: revalidate as CommandDef<ArgsDef>,
  warm: warm as CommandDef<ArgsDef>,
  inspect: inspect as CommandDef<ArgsDef>,
  explain: explain as CommandDef<ArgsDef>,
  hooks: hooks as CommandDef<ArgsDef>,
}

export const isrkit = defineCommand({
  meta: {
    name: 'isrkit',
    version: VERSION,
    description: 'Revalidate, warm and inspect the cache of a site running isrkit, and test its CMS webhooks',
  },
  subCommands: commands,
})

/** Runs the command line `rawArgs` (without `node isrkit`) and returns the exit code. */
export async function main(rawArgs: string[]): Promise<number> {
  const options = rawArgs.includes('--') ? rawArgs.slice(0, rawArgs.indexOf('--')) : rawArgs
  const name = options.find((arg) => !arg.startsWith('-'))
  const command = name ? commands[name] : undefined
  if (options.includes('--help') || options.includes('-h')) {
    await usage(command)
    return EXIT_OK
  }
  if (options.length === 1 && (options[0] === '--version' || options[0] === '-v')) {
    console.log(VERSION)
    return EXIT_OK
  }
  if (!command) {
    await usage(undefined)
    console.error(
      `${PREFIX} ${name ? `unknown command "${name}"` : 'no command given'}: use one of ${Object.keys(commands).join(', ')}`,
    )
    return EXIT_USAGE
  }
  try {
    rejectUnknownOptions(options.slice(options.indexOf(name as string) + 1), command.args as ArgsDef, name as string)
    await runCommand(isrkit, { rawArgs })
    return EXIT_OK
  } catch (error) {
    if (error instanceof IsrkitError) {
      console.error(error.message)
      if (error.exitCode === EXIT_USAGE) console.error(`Run \`isrkit ${name} --help\` for its options.`)
      return error.exitCode
    }
    // citty's own argument errors.
    if (error instanceof Error && error.name === 'CLIError') {
      console.error(`${PREFIX} ${error.message}\nRun \`isrkit ${name} --help\` for its options.`)
      return EXIT_USAGE
    }
    console.error(`${PREFIX} unexpected error:`, error)
    return EXIT_FAILED
  }
}

const FOOTER = `
EXAMPLES
  ISR_SECRET=… isrkit revalidate --url http://127.0.0.1:3000 --tag posts --path /
  isrkit warm --url http://127.0.0.1:3000 --sitemap /sitemap.xml --concurrency 4 --rate 10
  ISR_SECRET=… isrkit inspect --url http://127.0.0.1:3000

EXIT CODES
  0  done
  1  the site refused the request or could not be reached, or a warmed page failed
  2  bad command line (nothing was sent)`

/** citty's help, without its colours when it goes to a pipe or a file. */
async function usage(command: CommandDef<ArgsDef> | undefined): Promise<void> {
  const text = command ? await renderUsage(command, isrkit) : `${await renderUsage(isrkit)}\n${FOOTER}`
  console.log(process.stdout.isTTY ? text : stripVTControlCharacters(text))
}

/** citty ignores options it does not know, so a typo such as `--tags` would otherwise be dropped silently. */
function rejectUnknownOptions(args: string[], defs: ArgsDef, command: string): void {
  const known = new Set(Object.keys(defs).flatMap((key) => [key, `no-${key}`]))
  for (const arg of args) {
    if (!arg.startsWith('--')) continue
    const option = arg.slice(2).split('=')[0] as string
    if (!known.has(option)) throw usageError(`unknown option --${option} for isrkit ${command}`)
  }
}
