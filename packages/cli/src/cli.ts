#!/usr/bin/env node
import { main } from './main.ts'

// exitCode rather than exit(): output written to a pipe is flushed before the process ends.
process.exitCode = await main(process.argv.slice(2))
