// Errors of the Astro integration, from core's factory: a stable name and the `[isrkit]` prefix.
import { adapterError as error } from '@isrkit/core/adapter'

/** astro.config options end up in the build manifest as JSON: functions and class instances cannot. */
export function notSerializableError(path: string, what: string): Error {
  return error(
    'ISRAstroConfigError',
    `Option \`${path}\` is ${what}, but options given to isr() in astro.config must be serializable (they are ` +
      "stored in the build manifest). Move it to a module and name that module in `runtimeOptions: './src/isr.runtime.ts'`; " +
      'its default export (e.g. { onEvent, logger, storage }) is merged in when the server starts.',
  )
}

/**
 * A credential in astro.config would be stored in the build manifest, readable by anyone holding the build.
 * Names the option, never its value.
 */
export function secretInConfigError(path: string, holds: 'a credential' | 'a URL with credentials'): Error {
  return error(
    'ISRAstroConfigError',
    `Option \`${path}\` holds ${holds}, but options given to isr() in astro.config are stored in the build manifest, ` +
      "readable by anyone with the build output. Set it in the module named in `runtimeOptions: './src/isr.runtime.ts'` " +
      '(e.g. from process.env there): its default export is read when the server starts, never stored in the build.',
  )
}

export function runtimeOptionsError(path: string, expected: string): Error {
  return error('ISRAstroConfigError', `Invalid option \`${path}\`: expected ${expected}.`)
}

/** The runtime-options module exported something isrkit cannot use. */
export function runtimeModuleError(message: string): Error {
  return error('ISRAstroConfigError', `The runtimeOptions module ${message}.`)
}

/**
 * @astrojs/node's standalone server is not as isrkit knows it (at build time its server entry, at start its
 * server): it runs as built, caching through the provider, without the fast path in front.
 */
export function fastPathUnavailableError(reason: string): Error {
  return error(
    'ISRAstroFastPathError',
    `The Node fast path could not be put in front of @astrojs/node's standalone server: ${reason}. Pages are ` +
      "still cached, but fresh hits go through Astro's pipeline. A server file of your own puts it in front (see " +
      '"The Node fast path" in @isrkit/astro\'s README); `fastPath: false` in isr() leaves the server alone.',
  )
}
