// Reads metrics text with a Prometheus text-format parser (a port of the Python client's), so a test
// fails on output a Prometheus server would reject, not only on wrong numbers.
/// <reference path="./prometheus-parser.d.ts" />
import parse, { type ParsedFamily } from 'parse-prometheus-text-format'

export interface Parsed {
  families: Map<string, ParsedFamily>
  /** Every sample line as the parser read it when told no types: histograms keep their labels so. */
  samples: Map<string, ParsedFamily['metrics']>
}

/** Parses the whole text (the parser throws on a line the format does not allow). */
export function parseMetrics(text: string): Parsed {
  const families = new Map(parse(text).map((family) => [family.name, family]))
  // The parser folds a histogram's labelled series into one and drops their labels; read untyped, each
  // `_bucket`, `_sum` and `_count` line stays a sample with its labels.
  const untyped = text
    .split('\n')
    .filter((line) => !line.startsWith('# TYPE'))
    .join('\n')
  const samples = new Map<string, ParsedFamily['metrics']>()
  // Read so, one series's `_bucket` lines and the next's are separate runs of the same name.
  for (const run of parse(untyped)) samples.set(run.name, [...(samples.get(run.name) ?? []), ...run.metrics])
  return { families, samples }
}

const matches = (labels: Record<string, string>, wanted: Record<string, string>) =>
  Object.entries(wanted).every(([k, v]) => labels[k] === v)

/** The value of the first sample of `name` whose labels include `labels`, as a number (0 when absent). */
export function sample(parsed: Parsed, name: string, labels: Record<string, string> = {}): number {
  const found = parsed.samples.get(name)?.find((m) => matches(m.labels ?? {}, labels))
  return Number(found?.value ?? 0)
}

/** A histogram series: cumulative bucket counts by `le`, its count and sum. */
export function histogram(parsed: Parsed, name: string, labels: Record<string, string> = {}) {
  const buckets: Record<string, number> = {}
  for (const m of parsed.samples.get(`${name}_bucket`) ?? []) {
    const { le, ...rest } = m.labels ?? {}
    if (le !== undefined && matches(rest, labels)) buckets[le] = Number(m.value)
  }
  return { buckets, count: sample(parsed, `${name}_count`, labels), sum: sample(parsed, `${name}_sum`, labels) }
}
