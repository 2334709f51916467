/**
 * Runs every bench and prints their figures, then one Markdown block for the README.
 *
 *   npm run bench
 */
import { type ApiLoadReport, formatApiLoadReport, runApiLoad } from './api-load'
import { type BundleReport, figuresComment, formatBundleReport, markdownBundleReport, measureBundles } from './bundles'
import { markdownTable, ms } from './lib/format'

export const markdownReport = (bundles: BundleReport, api: ApiLoadReport, date = new Date()): string => {
  const lines = [
    figuresComment('npm run bench', bundles, date),
    '',
    markdownBundleReport(bundles),
    '',
    `**Local API under load**: autocannon, ${api.connections} connections, ${api.durationSeconds} s per route after a`,
    `${api.warmupSeconds} s warm-up, loopback; the handlers behind the local gateway, DynamoDB Local in memory, all on the`,
    `same ${api.cpus} CPUs. The last row is the raw DynamoDB Local round trip of the same run.`,
    '',
    markdownTable(
      ['what', 'requests/s', 'p50', 'p99', 'errors', 'non-2xx'],
      [
        ...api.scenarios.map((s) => [
          `${s.method} ${s.path}`,
          s.requestsPerSecond.toFixed(0),
          ms(s.latency.p50Ms),
          ms(s.latency.p99Ms),
          String(s.errors),
          String(s.non2xx),
        ]),
        [
          `DynamoDB Local GetItem, raw (${api.dynamoGetItem.count} sequential; requests/s = 1 / mean)`,
          (1000 / api.dynamoGetItem.meanMs).toFixed(0),
          ms(api.dynamoGetItem.p50Ms),
          ms(api.dynamoGetItem.p99Ms),
          '0',
          '–',
        ],
      ],
    ),
  ]
  return lines.join('\n')
}

const main = async () => {
  const bundles = await measureBundles()
  console.log(formatBundleReport(bundles))
  console.log()
  const api = await runApiLoad()
  console.log(formatApiLoadReport(api))
  console.log('\nFor the README:\n')
  console.log('```markdown')
  console.log(markdownReport(bundles, api))
  console.log('```')
}

main().catch((error: unknown) => {
  console.error(error)
  process.exitCode = 1
})
