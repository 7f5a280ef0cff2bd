// SvelteKit's virtual module, resolved only inside an app's build.
declare module '$app/environment' {
  export const building: boolean
  export const dev: boolean
  export const version: string
}
