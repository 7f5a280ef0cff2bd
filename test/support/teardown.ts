// A setup file of every vitest project whose tests start processes: after each test file, whatever its
// outcome, nothing it started is left running (test/support/processes.ts).
import { afterAll } from 'vitest'
import { stopOwned } from './processes.ts'

afterAll(stopOwned)
