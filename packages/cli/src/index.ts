// The CLI's pieces for scripts that would rather call them than spawn `isrkit`.
export { MODES, type Mode } from './args.ts'
export {
  type ControlSite,
  type RevalidateInput,
  type RevalidateResult,
  revalidate,
  type SiteStatus,
  status,
} from './client.ts'
export { EXIT_FAILED, EXIT_OK, EXIT_USAGE, IsrkitError } from './errors.ts'
export { main } from './main.ts'
export { parsePathsFile, readPathsFile } from './paths-file.ts'
export { parseSitemap, sitemapPages } from './sitemap.ts'
export { type Outcome, type PageResult, type WarmOptions, type WarmReport, warm } from './warm.ts'
