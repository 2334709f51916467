/**
 * Runs every bench and prints their figures, then one Markdown block for the README.
 *
 *   npm run bench
 */
import { type ApiLoadReport, formatApiLoadReport, runApiLoad } from './api-load'
import {
  type BundleReport,
  bundleBudgetBytes,
  bundleWithinBudget,
  formatBundleReport,
  initBudgetMs,
  initFigure,
  initWithinBudget,
  measureBundles,
  webGroups,
  webJsBudgetBytes,
  webWithinBudget,
} from './bundles'
import { kb, markdownTable, ms, verdict } from './lib/format'

export const markdownReport = (bundles: BundleReport, api: ApiLoadReport, date = new Date()): string => {
  const largest = [...bundles.functions].sort((a, b) => b.minifiedBytes - a.minifiedBytes)[0]
  const { web } = bundles
  const lines = [
    `<!-- Figures from \`npm run bench\` on ${date.toISOString().slice(0, 10)}: Node ${bundles.node}, ${bundles.cpus} CPUs. -->`,
    '',
    '**Lambda bundles**: esbuild as CDK bundles them (node22, ESM, minified, `@aws-sdk/*` external). Module init:',
    `cold \`import()\` of the bundle in a fresh Node process, median of ${bundles.runs}; the AWS SDK is loaded from`,
    'node_modules, as Lambda loads the one its runtime provides, so its load is included.',
    '',
    markdownTable(
      ['function', 'minified', 'gzipped', `≤ ${bundleBudgetBytes / 1024} KB`, 'module init', `< ${initBudgetMs} ms`],
      [
        ...bundles.functions.map((f) => [
          f.name,
          kb(f.minifiedBytes),
          kb(f.gzippedBytes),
          verdict(bundleWithinBudget(f)),
          initFigure(f),
          verdict(initWithinBudget(f)),
        ]),
        ['AWS SDK imports alone', '–', '–', '', initFigure(bundles.sdkOnly), ''],
      ],
    ),
    ...bundles.failed.map((f) => `\nNot measured: \`${f.name}\` (${f.entry}) did not bundle: ${f.error}`),
    ...bundles.functions
      .filter((f) => f.initError !== undefined)
      .map((f) => `\nModule init of \`${f.name}\` failed: ${f.initError}`),
    '',
    ...(largest
      ? [
          `Largest bundle, \`${largest.name}\`, by package: ${largest.topPackages.map((p) => `${p.input} ${kb(p.bytes)}`).join(', ')}.`,
          '',
        ]
      : []),
    `**Web front end**, ${web.source}${web.note ? ` (${web.note})` : ''}:`,
    '',
    markdownTable(
      ['what', 'files', 'raw', 'gzipped', 'budget'],
      webGroups(web).map((g) => [
        g.label,
        String(g.files),
        kb(g.rawBytes),
        kb(g.gzippedBytes),
        g.budgeted ? `≤ ${webJsBudgetBytes / 1024} KB gzipped: ${verdict(webWithinBudget(web))}` : '–',
      ]),
    ),
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
