/**
 * Lambda bundle sizes and module initialisation times, and the web front end's sizes.
 *
 *   npm run bench:bundles
 *
 * Each function (HTTP functions from functions/routes.ts, workers from functions/workers.ts) is
 * bundled with esbuild twice, the way CDK's NodejsFunction bundles it
 * (infra/constructs/buurtbeurs-function.ts), into temporary folders:
 *
 * - before the AWS SDK: `@aws-sdk/*` external. Its minified `index.mjs` is the app's own code and
 *   other dependencies, what the 250 KB budget is about.
 * - deployed: nothing external, the AWS SDK bundled too, as `BuurtbeursFunction` deploys it. Its
 *   module init is the figure the 100 ms budget is about.
 *
 * Module init is a cold `await import()` of the bundle in a fresh `node` process with
 * `TABLE_NAME` set, median of 5. The SDK-external bundle's imports resolve to this repository's
 * node_modules (as they would resolve to the runtime's SDK if we still left it out): its init
 * figure is printed next to the deployed one, for comparison. The deployed bundles are imported
 * from a folder without node_modules, so they cannot lean on anything outside the bundle.
 */
import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises'
import { isBuiltin } from 'node:module'
import { availableParallelism, tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import * as esbuild from 'esbuild'
import { httpFunctions } from '../functions/routes'
import { eventWorkers } from '../functions/workers'
import { isMain, kb, loadAverage, markdownTable, median, ms, repoRoot, textTable, verdict } from './lib/format'

const execFileAsync = promisify(execFile)

export const bundleBudgetBytes = 250 * 1024
export const initBudgetMs = 100
export const webJsBudgetBytes = 60 * 1024

/** What `BuurtbeursFunction` passes to esbuild (keep in step with infra/constructs/buurtbeurs-function.ts). */
const esmRequireBanner =
  "import { createRequire as topLevelCreateRequire } from 'node:module';const require = topLevelCreateRequire(import.meta.url);"

const cdkBundling = {
  absWorkingDir: repoRoot,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // As deployed: the AWS SDK is bundled (`externalModules: []`).
  external: [],
  banner: { js: esmRequireBanner },
  logLevel: 'warning',
  metafile: true,
} as const satisfies esbuild.BuildOptions

/** The two builds of each function: the budgeted code before the SDK, and what is deployed. */
const variants = {
  beforeSdk: { external: ['@aws-sdk/*'] },
  deployed: { external: [] },
} as const satisfies Record<string, Pick<esbuild.BuildOptions, 'external'>>
type Variant = keyof typeof variants

/** The environment of a deployed function, as far as module init can see it (CDK sets NODE_OPTIONS). */
const lambdaLikeEnv: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  TABLE_NAME: 'buurtbeurs-bench',
  AWS_REGION: 'eu-west-1',
  BUURTBEURS_DEV_IDENTITY: 'on',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  NODE_OPTIONS: '--enable-source-maps',
}

/** Runs in the child: time the import, check that it exports a handler, print JSON. */
const importProbe = `
const started = performance.now()
const module = await import(process.env.BENCH_IMPORT_URL)
const elapsed = performance.now() - started
process.stdout.write(JSON.stringify({ ms: elapsed, handler: typeof module.handler === 'function' }))
`

export interface InputSize {
  input: string
  bytes: number
}

/** One esbuild output of a function and its cold imports. */
export interface BuiltBundle {
  minifiedBytes: number
  gzippedBytes: number
  /** Cold import in a fresh process with `NODE_OPTIONS=--enable-source-maps`, as deployed. */
  initMs: number[]
  /** Why the module could not be imported (init not measured). */
  initError?: string
  /** The external packages it imports at runtime (the AWS SDK packages before the SDK; none deployed). */
  externals: string[]
  topInputs: InputSize[]
  topPackages: InputSize[]
}

export interface FunctionBundle {
  name: string
  kind: 'http' | 'worker'
  entry: string
  /** `@aws-sdk/*` external: the app's code and other dependencies, against the 250 KB budget. */
  beforeSdk: BuiltBundle
  /** The AWS SDK bundled too, as deployed: its init is against the 100 ms budget. */
  deployed: BuiltBundle
}

export interface WebFile {
  file: string
  kind: 'js' | 'css'
  /** Loaded by index.html (JS counted against the initial JS budget). */
  initial: boolean
  rawBytes: number
  gzippedBytes: number
}

export interface WebReport {
  /** Where the files were measured, and how they got there. */
  source: string
  note?: string
  files: WebFile[]
  initialJsGzippedBytes: number
}

export interface BundleReport {
  node: string
  cpus: number
  /** The machine's 1-minute load average when the init timings began: other work skews them. */
  loadAverage: number
  runs: number
  functions: FunctionBundle[]
  /** Functions that did not bundle (for example an entry that is still being written). */
  failed: { name: string; entry: string; error: string }[]
  web: WebReport
}

const gzipSize = (contents: Uint8Array): number => gzipSync(contents, { level: 9 }).byteLength

/** `node_modules/@scope/name/…` → `@scope/name`; project files → `(project code)`. */
const packageOf = (input: string): string => {
  const parts = input.split('/')
  const at = parts.lastIndexOf('node_modules')
  if (at === -1) return '(project code)'
  const name = parts[at + 1] ?? '?'
  return name.startsWith('@') ? `${name}/${parts[at + 2] ?? '?'}` : name
}

const largestFirst = (sizes: Map<string, number>, count: number): InputSize[] =>
  [...sizes]
    .map(([input, bytes]) => ({ input, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count)

/** The line of a child's stderr that names the error, not its stack. */
const errorLine = (error: unknown): string => {
  const stderr = (error as { stderr?: string }).stderr ?? ''
  const line = stderr.split('\n').find((l) => /^\w*Error\b/.test(l))
  return line ?? (error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error))
}

/** Cold import of `file` in a fresh node process, in milliseconds. */
const timeImport = async (file: string): Promise<number> => {
  const { stdout } = await execFileAsync(process.execPath, ['--input-type=module', '--eval', importProbe], {
    cwd: path.dirname(file),
    env: { ...lambdaLikeEnv, BENCH_IMPORT_URL: pathToFileURL(file).href },
    timeout: 30_000,
  })
  const result = JSON.parse(stdout) as { ms: number; handler: boolean }
  if (!result.handler) throw new Error('the module exports no handler function')
  return result.ms
}

interface ImportTiming {
  samples: number[]
  /** Set when an import failed; the file is not timed again. */
  error?: string
}

/**
 * `runs` cold imports of each file, one process at a time (parallel runs on a small machine
 * would measure each other) and round-robin, so that a burst of other load on the machine
 * falls on all files alike rather than on one.
 */
const timeImports = async (files: readonly string[], runs: number): Promise<ImportTiming[]> => {
  const timings = files.map((): ImportTiming => ({ samples: [] }))
  for (let run = 0; run < runs; run++) {
    for (const [index, file] of files.entries()) {
      const timing = timings[index]
      if (!timing || timing.error !== undefined) continue
      try {
        timing.samples.push(await timeImport(file))
      } catch (error) {
        timing.error = errorLine(error)
      }
    }
  }
  return timings
}

type Built = Omit<BuiltBundle, 'initMs' | 'initError'> & { file: string }

const bundleFunction = async (name: string, entry: string, outDir: string, variant: Variant): Promise<Built> => {
  const outfile = path.join(outDir, name, 'index.mjs')
  // Silent: a failed build is reported in the table; warnings are printed here, as CDK prints them.
  const result = await esbuild.build({
    ...cdkBundling,
    ...variants[variant],
    logLevel: 'silent',
    entryPoints: [path.join(repoRoot, entry)],
    outfile,
  })
  if (result.warnings.length > 0) {
    const messages = await esbuild.formatMessages(result.warnings, { kind: 'warning' })
    console.warn(`esbuild warnings for ${name} (${variant}):\n${messages.join('')}`)
  }
  const contents = await readFile(outfile)
  const output = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('index.mjs'))?.[1]
  if (!output) throw new Error(`esbuild wrote no index.mjs for ${name}`)

  const inputs = new Map<string, number>()
  const packages = new Map<string, number>()
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    inputs.set(input, bytesInOutput)
    const pkg = packageOf(input)
    packages.set(pkg, (packages.get(pkg) ?? 0) + bytesInOutput)
  }

  const externals = output.imports.filter((i) => i.external && !isBuiltin(i.path)).map((i) => i.path)
  return {
    file: outfile,
    minifiedBytes: contents.byteLength,
    gzippedBytes: gzipSize(contents),
    externals: [...new Set(externals)].sort(),
    topInputs: largestFirst(inputs, 5),
    topPackages: largestFirst(packages, 5),
  }
}

/** Measures the JS and CSS files (not source maps) in a built web folder. */
const measureWebFolder = async (folder: string): Promise<WebFile[]> => {
  const names = await readdir(folder).catch(() => [] as string[])
  const html = await readFile(path.join(folder, 'index.html'), 'utf8').catch(() => '')
  const files: WebFile[] = []
  for (const file of names.sort()) {
    const kind = file.endsWith('.js') ? 'js' : file.endsWith('.css') ? 'css' : undefined
    if (!kind) continue
    const contents = await readFile(path.join(folder, file))
    files.push({
      file,
      kind,
      // Without an index.html every script counts as initial: the stricter reading.
      initial: html === '' || html.includes(`/${file}"`) || html.includes(`"${file}"`),
      rawBytes: contents.byteLength,
      gzippedBytes: gzipSize(contents),
    })
  }
  return files
}

type BuildWeb = (options: { outDir?: string; quiet?: boolean }) => Promise<unknown>

/**
 * Builds the front end into a temporary folder with `scripts/build-web.ts` (so web/dist is left
 * alone) and measures it; when the build is not available or fails, measures web/dist as it is.
 */
const measureWeb = async (tempDir: string): Promise<WebReport> => {
  const outDir = path.join(tempDir, 'web')
  let source = 'built fresh by scripts/build-web.ts into a temporary folder'
  let note: string | undefined
  let files: WebFile[] = []
  try {
    const { buildWeb } = (await import('../scripts/build-web')) as { buildWeb?: BuildWeb }
    if (typeof buildWeb !== 'function') throw new Error('scripts/build-web.ts exports no buildWeb()')
    await buildWeb({ outDir, quiet: true })
    files = await measureWebFolder(outDir)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    // build-web writes its files before it checks the budget: measure them if they are there.
    files = await measureWebFolder(outDir)
    if (files.length > 0) note = `the build reported: ${reason}`
    else {
      source = 'web/dist as found (the build did not run)'
      note = `the build failed: ${reason}`
      files = await measureWebFolder(path.join(repoRoot, 'web/dist'))
    }
  }
  if (files.length === 0) {
    source = 'nothing to measure'
    note = `${note ? `${note}; ` : ''}web/dist has no JS or CSS: run \`npm run build:web\``
  }
  const initialJsGzippedBytes = files
    .filter((f) => f.kind === 'js' && f.initial)
    .reduce((sum, f) => sum + f.gzippedBytes, 0)
  return { source, ...(note ? { note } : {}), files, initialJsGzippedBytes }
}

/** Every function the CDK app deploys: the HTTP functions, then the event workers. */
const allFunctions = (): { name: string; kind: FunctionBundle['kind']; entry: string }[] => [
  ...Object.entries(httpFunctions).map(([name, { entry }]) => ({ name, kind: 'http' as const, entry })),
  ...Object.entries(eventWorkers).map(([name, { entry }]) => ({ name, kind: 'worker' as const, entry })),
]

export const measureBundles = async (options: { runs?: number } = {}): Promise<BundleReport> => {
  const runs = options.runs ?? 5
  const tempDir = await mkdtemp(path.join(tmpdir(), 'buurtbeurs-bundles-'))
  try {
    // The SDK-external bundles import `@aws-sdk/*`: a node_modules link lets the child resolve it.
    // The deployed bundles sit in a sibling folder that has none (nor has any folder above it).
    const outDirs: Record<Variant, string> = {
      beforeSdk: path.join(tempDir, 'sdk-external'),
      deployed: path.join(tempDir, 'deployed'),
    }
    await mkdir(outDirs.beforeSdk, { recursive: true })
    await mkdir(outDirs.deployed, { recursive: true })
    await symlink(path.join(repoRoot, 'node_modules'), path.join(outDirs.beforeSdk, 'node_modules'), 'dir')

    const built: { name: string; kind: FunctionBundle['kind']; entry: string; beforeSdk: Built; deployed: Built }[] = []
    const failed: BundleReport['failed'] = []
    for (const { name, kind, entry } of allFunctions()) {
      try {
        const beforeSdk = await bundleFunction(name, entry, outDirs.beforeSdk, 'beforeSdk')
        const deployed = await bundleFunction(name, entry, outDirs.deployed, 'deployed')
        built.push({ name, kind, entry, beforeSdk, deployed })
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        failed.push({ name, entry, error: message.split('\n').find((line) => line.startsWith('error:')) ?? message })
      }
    }

    const loadBefore = loadAverage()
    // Alternating the two builds of each function, so both see the same load.
    const timings = await timeImports(
      built.flatMap((b) => [b.beforeSdk.file, b.deployed.file]),
      runs,
    )
    const withTiming = ({ file: _file, ...bundle }: Built, timing: ImportTiming | undefined): BuiltBundle => ({
      ...bundle,
      initMs: timing?.samples ?? [],
      ...(timing?.error ? { initError: timing.error } : {}),
    })
    const functions = built.map(
      ({ beforeSdk, deployed, ...rest }, index): FunctionBundle => ({
        ...rest,
        beforeSdk: withTiming(beforeSdk, timings[2 * index]),
        deployed: withTiming(deployed, timings[2 * index + 1]),
      }),
    )
    const web = await measureWeb(tempDir)
    return {
      node: process.version,
      cpus: availableParallelism(),
      loadAverage: loadBefore,
      runs,
      functions,
      failed,
      web,
    }
  } finally {
    await rm(tempDir, { recursive: true, force: true })
  }
}

/** The 250 KB budget is for the code before the AWS SDK. */
export const bundleWithinBudget = (f: FunctionBundle): boolean => f.beforeSdk.minifiedBytes <= bundleBudgetBytes
/** The 100 ms budget is for module init as deployed (SDK bundled). */
export const initWithinBudget = (f: FunctionBundle): boolean =>
  f.deployed.initError === undefined && median(f.deployed.initMs) < initBudgetMs

/** The median init time, or why there is none. */
export const initFigure = (timing: { initMs: number[]; initError?: string }): string =>
  timing.initError !== undefined ? 'failed' : ms(median(timing.initMs))
export const webWithinBudget = (web: WebReport): boolean => web.initialJsGzippedBytes <= webJsBudgetBytes

export interface WebGroup {
  label: string
  files: number
  rawBytes: number
  gzippedBytes: number
  /** The group the initial JS budget applies to. */
  budgeted: boolean
}

/** The web files summed as initial JS, JS loaded on demand, and CSS (groups without files left out). */
export const webGroups = (web: WebReport): WebGroup[] => {
  const group = (label: string, files: WebFile[], budgeted = false): WebGroup => ({
    label,
    files: files.length,
    rawBytes: files.reduce((sum, f) => sum + f.rawBytes, 0),
    gzippedBytes: files.reduce((sum, f) => sum + f.gzippedBytes, 0),
    budgeted,
  })
  return [
    group(
      'initial JS (entry + preloaded chunks)',
      web.files.filter((f) => f.kind === 'js' && f.initial),
      true,
    ),
    group(
      'JS loaded on demand',
      web.files.filter((f) => f.kind === 'js' && !f.initial),
    ),
    group(
      'CSS',
      web.files.filter((f) => f.kind === 'css'),
    ),
  ].filter((g) => g.files > 0)
}

const functionLabel = (f: FunctionBundle): string => (f.kind === 'worker' ? `${f.name} (worker)` : f.name)

const functionHeader = [
  'function',
  'minified, before SDK',
  `≤ ${bundleBudgetBytes / 1024} KB`,
  'minified, deployed',
  'gzipped, deployed',
  'init, SDK external',
  'init, deployed',
  `< ${initBudgetMs} ms`,
]

const functionRow = (f: FunctionBundle): string[] => [
  functionLabel(f),
  kb(f.beforeSdk.minifiedBytes),
  verdict(bundleWithinBudget(f)),
  kb(f.deployed.minifiedBytes),
  kb(f.deployed.gzippedBytes),
  initFigure(f.beforeSdk),
  initFigure(f.deployed),
  verdict(initWithinBudget(f)),
]

/** `a–b` of the medians (or one figure when they round alike). */
const range = (values: number[], format: (value: number) => string): string => {
  const low = format(Math.min(...values))
  const high = format(Math.max(...values))
  return low === high ? low : `${low.replace(/ (ms|KB)$/, '')}–${high}`
}

/** One sentence on what bundling the SDK did, from the medians of this run. */
export const sdkBundlingSummary = (report: BundleReport): string | undefined => {
  const timed = report.functions.filter(
    (f) => f.beforeSdk.initError === undefined && f.deployed.initError === undefined,
  )
  if (timed.length === 0) return undefined
  const before = timed.map((f) => median(f.beforeSdk.initMs))
  const after = timed.map((f) => median(f.deployed.initMs))
  return (
    `Bundling the AWS SDK (\`externalModules: []\`) took module init from ${range(before, ms)} (SDK external, loaded ` +
    `from node_modules) to ${range(after, ms)} in the same run; the deployed bundles are ` +
    `${range(
      timed.map((f) => f.deployed.minifiedBytes),
      kb,
    )} minified (${range(
      timed.map((f) => f.deployed.gzippedBytes),
      kb,
    )} gzipped).`
  )
}

export const formatBundleReport = (report: BundleReport): string => {
  const lines: string[] = []
  lines.push(
    'Lambda bundles (esbuild as CDK bundles them: node22, esm, minified; HTTP functions and workers)',
    textTable(functionHeader, report.functions.map(functionRow)),
    `before SDK: @aws-sdk/* external, the code the ${bundleBudgetBytes / 1024} KB budget is about. deployed: AWS SDK bundled,`,
    '  nothing external, as BuurtbeursFunction deploys it.',
    `init: cold \`await import()\` of the bundle in a fresh node ${report.node} process (TABLE_NAME set,`,
    `  NODE_OPTIONS=--enable-source-maps as deployed), median of ${report.runs} runs. "SDK external" imports the SDK from`,
    `  node_modules (for comparison); "deployed" is the one against the ${initBudgetMs} ms budget.`,
    `  Machine: ${report.cpus} CPUs, load average ${report.loadAverage.toFixed(1)} when the timings began.`,
  )
  const summary = sdkBundlingSummary(report)
  if (summary) lines.push(summary.replaceAll('`', ''))
  for (const f of report.failed) lines.push(`NOT MEASURED: ${f.name} (${f.entry}) did not bundle: ${f.error}`)
  for (const f of report.functions) {
    if (f.beforeSdk.initError !== undefined)
      lines.push(`INIT FAILED: ${f.name} (SDK external): ${f.beforeSdk.initError}`)
    if (f.deployed.initError !== undefined) lines.push(`INIT FAILED: ${f.name} (deployed): ${f.deployed.initError}`)
    if (f.deployed.externals.length > 0) {
      lines.push(`NOT SELF-CONTAINED: ${f.name} (deployed) imports ${f.deployed.externals.join(', ')} at runtime`)
    }
  }
  const largest = [...report.functions].sort((a, b) => b.beforeSdk.minifiedBytes - a.beforeSdk.minifiedBytes)[0]
  if (largest) {
    lines.push(
      '',
      `Largest bundle before the SDK: ${largest.name} (${kb(largest.beforeSdk.minifiedBytes)}); top inputs by bytes in the output`,
    )
    lines.push(
      textTable(
        ['input', 'bytes in output'],
        largest.beforeSdk.topInputs.map((i) => [i.input, kb(i.bytes)]),
      ),
    )
    lines.push('', 'by package, before the SDK')
    lines.push(
      textTable(
        ['package', 'bytes in output'],
        largest.beforeSdk.topPackages.map((i) => [i.input, kb(i.bytes)]),
      ),
    )
    lines.push('', `by package, deployed (${kb(largest.deployed.minifiedBytes)})`)
    lines.push(
      textTable(
        ['package', 'bytes in output'],
        largest.deployed.topPackages.map((i) => [i.input, kb(i.bytes)]),
      ),
    )
  }
  const { web } = report
  lines.push('', `Web front end: ${web.source}`)
  if (web.note) lines.push(`  note: ${web.note}`)
  if (web.files.length > 0) {
    // Initial files first (those index.html loads or preloads), then what pages load on demand.
    const ordered = [...web.files].sort((a, b) => Number(b.initial) - Number(a.initial) || b.kind.localeCompare(a.kind))
    lines.push(
      textTable(
        ['file', 'raw', 'gzipped', 'loaded'],
        ordered.map((f) => [f.file, kb(f.rawBytes), kb(f.gzippedBytes), f.initial ? 'initial' : 'on demand']),
      ),
      '',
      textTable(
        ['', 'files', 'raw', 'gzipped'],
        webGroups(web).map((g) => [g.label, String(g.files), kb(g.rawBytes), kb(g.gzippedBytes)]),
      ),
      `initial JS ${kb(web.initialJsGzippedBytes)} gzipped of ${kb(webJsBudgetBytes)}: ${verdict(webWithinBudget(web))}`,
    )
  }
  return lines.join('\n')
}

/** The first line of the README's figures block. */
export const figuresComment = (command: string, report: BundleReport, date = new Date()): string =>
  `<!-- Figures from \`${command}\` on ${date.toISOString().slice(0, 10)}: Node ${report.node}, ${report.cpus} CPUs, load average ${report.loadAverage.toFixed(1)}. -->`

/** The bundle and web part of the README's figures (Markdown). */
export const markdownBundleReport = (report: BundleReport): string => {
  const largest = [...report.functions].sort((a, b) => b.beforeSdk.minifiedBytes - a.beforeSdk.minifiedBytes)[0]
  const { web } = report
  const summary = sdkBundlingSummary(report)
  const lines = [
    '**Lambda bundles**: esbuild as CDK bundles them (node22, ESM, minified), HTTP functions and workers. "Before SDK"',
    `leaves \`@aws-sdk/*\` external: the code the ${bundleBudgetBytes / 1024} KB budget is about. "Deployed" bundles the AWS SDK too,`,
    `as \`BuurtbeursFunction\` deploys it. Init: cold \`import()\` of the bundle in a fresh Node process, median of ${report.runs};`,
    `"SDK external" loads the SDK from node_modules, for comparison; "deployed" is the one against the ${initBudgetMs} ms budget.`,
    '',
    markdownTable(functionHeader, report.functions.map(functionRow)),
    ...(summary ? ['', summary] : []),
    ...report.failed.map((f) => `\nNot measured: \`${f.name}\` (${f.entry}) did not bundle: ${f.error}`),
    ...report.functions.flatMap((f) => [
      ...(f.beforeSdk.initError !== undefined
        ? [`\nModule init of \`${f.name}\` (SDK external) failed: ${f.beforeSdk.initError}`]
        : []),
      ...(f.deployed.initError !== undefined
        ? [`\nModule init of \`${f.name}\` (deployed) failed: ${f.deployed.initError}`]
        : []),
    ]),
    '',
    ...(largest
      ? [
          `Largest bundle before the SDK, \`${largest.name}\`, by package: ${largest.beforeSdk.topPackages.map((p) => `${p.input} ${kb(p.bytes)}`).join(', ')}.`,
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
  ]
  return lines.join('\n')
}

if (isMain(import.meta.url)) {
  measureBundles()
    .then((report) => {
      console.log(formatBundleReport(report))
      console.log('\nFor the README (`npm run bench` adds the API figures):\n')
      console.log('```markdown')
      console.log(`${figuresComment('npm run bench:bundles', report)}\n\n${markdownBundleReport(report)}`)
      console.log('```')
    })
    .catch((error: unknown) => {
      console.error(error)
      process.exitCode = 1
    })
}
