// The process environment where the runtime has one (Node, Deno, Bun); edge runtimes may have no `process`.

export function runtimeEnv(): Record<string, string | undefined> {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {}
}

/** An operator's switch: `ISRKIT_DISABLED=1` renders every request, without a rebuild. */
export function disabledByEnvironment(env = runtimeEnv()): boolean {
  return env.ISRKIT_DISABLED === '1'
}

/** Any text (a commit, a framework's version) as a build id: the characters keys hold, at most 64. */
export function buildIdOf(text: string | undefined): string | undefined {
  const id = text
    ?.trim()
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 64)
  return id || undefined
}
