// Kit's `building` flag and app version, from `$app/environment` (exported by Kit 2 and Kit 3 alike). The
// package's `svelte` export condition makes Kit bundle it into the app, where that module resolves; anywhere
// else (unit tests, an external load) the import fails and neither is known.

export interface KitEnvironment {
  building: boolean
  /** `vite dev`: nothing is cached unless the hook is given `dev: false`. */
  dev?: boolean
  version: string | undefined
}

let environment: Promise<KitEnvironment> | undefined

export function kitEnvironment(): Promise<KitEnvironment> {
  environment ??= import('$app/environment').then(
    (env: { building?: boolean; dev?: boolean; version?: string }) => ({
      building: env.building === true,
      dev: env.dev === true,
      version: env.version,
    }),
    () => ({ building: false, dev: false, version: undefined }),
  )
  return environment
}

/** For tests: what `$app/environment` would say. */
export function setKitEnvironment(value: KitEnvironment | undefined): void {
  environment = value && Promise.resolve(value)
}
