/**
 * Lambda bundle sizes and module initialisation times, and the web front end's sizes.
 *
 *   npm run bench:bundles
 *
 * Each HTTP function is bundled with esbuild the way CDK's NodejsFunction bundles it
 * (infra/constructs/buurtbeurs-function.ts) into a temporary folder; its size is the minified
 * `index.mjs` (the AWS SDK is external, so it is not counted). Module init is a cold
 * `await import()` of that file in a fresh `node` process with `TABLE_NAME` set, median of 5.
 * The external `@aws-sdk/*` imports resolve to this repository's node_modules, as they resolve
 * to the SDK of the Lambda runtime in AWS; their load time is part of the figure.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { isBuiltin } from 'node:module'
import { availableParallelism, tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import * as esbuild from 'esbuild'
import { httpFunctions } from '../functions/routes'
import { isMain, kb, loadAverage, median, ms, repoRoot, textTable, verdict } from './lib/format'

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
  external: ['@aws-sdk/*'],
  banner: { js: esmRequireBanner },
  logLevel: 'warning',
  metafile: true,
} as const satisfies esbuild.BuildOptions

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

export interface FunctionBundle {
  name: string
  entry: string
  minifiedBytes: number
  gzippedBytes: number
  /** Cold import in a fresh process with `NODE_OPTIONS=--enable-source-maps`, as deployed. */
  initMs: number[]
  /** Why the module could not be imported (init not measured). */
  initError?: string
  /** The external modules it imports (the AWS SDK packages). */
  externals: string[]
  topInputs: InputSize[]
  topPackages: InputSize[]
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
  /** Import of the bundles' external `@aws-sdk/*` packages alone: the part of init that is the SDK's. */
  sdkOnly: { externals: string[]; initMs: number[]; initError?: string }
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
const timeImport = async (file: string, expectHandler: boolean): Promise<number> => {
  const { stdout } = await execFileAsync(process.execPath, ['--input-type=module', '--eval', importProbe], {
    cwd: path.dirname(file),
    env: { ...lambdaLikeEnv, BENCH_IMPORT_URL: pathToFileURL(file).href },
    timeout: 30_000,
  })
  const result = JSON.parse(stdout) as { ms: number; handler: boolean }
  if (expectHandler && !result.handler) throw new Error('the module exports no handler function')
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
const timeImports = async (
  files: readonly { file: string; expectHandler: boolean }[],
  runs: number,
): Promise<ImportTiming[]> => {
  const timings = files.map((): ImportTiming => ({ samples: [] }))
  for (let run = 0; run < runs; run++) {
    for (const [index, { file, expectHandler }] of files.entries()) {
      const timing = timings[index]
      if (!timing || timing.error !== undefined) continue
      try {
        timing.samples.push(await timeImport(file, expectHandler))
      } catch (error) {
        timing.error = errorLine(error)
      }
    }
  }
  return timings
}

type Bundle = Omit<FunctionBundle, 'initMs'> & { file: string }

const bundleFunction = async (name: string, entry: string, outDir: string): Promise<Bundle> => {
  const outfile = path.join(outDir, name, 'index.mjs')
  // Silent: a failed build is reported in the table; warnings are printed here, as CDK prints them.
  const result = await esbuild.build({
    ...cdkBundling,
    logLevel: 'silent',
    entryPoints: [path.join(repoRoot, entry)],
    outfile,
  })
  if (result.warnings.length > 0) {
    const messages = await esbuild.formatMessages(result.warnings, { kind: 'warning' })
    console.warn(`esbuild warnings for ${name}:\n${messages.join('')}`)
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
    name,
    entry,
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

export const measureBundles = async (options: { runs?: number } = {}): Promise<BundleReport> => {
  const runs = options.runs ?? 5
  const tempDir = await mkdtemp(path.join(tmpdir(), 'buurtbeurs-bundles-'))
  try {
    // The bundles leave `@aws-sdk/*` external; a node_modules link lets the child resolve it.
    await symlink(path.join(repoRoot, 'node_modules'), path.join(tempDir, 'node_modules'), 'dir')
    const bundles: Bundle[] = []
    const failed: BundleReport['failed'] = []
    for (const [name, { entry }] of Object.entries(httpFunctions)) {
      try {
        bundles.push(await bundleFunction(name, entry, tempDir))
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        failed.push({ name, entry, error: message.split('\n').find((line) => line.startsWith('error:')) ?? message })
      }
    }
    // The SDK packages the bundles import, loaded alone the same way.
    const externals = [...new Set(bundles.flatMap((b) => b.externals))].sort()
    const sdkProbe = path.join(tempDir, 'sdk-only.mjs')
    await writeFile(sdkProbe, externals.map((specifier) => `import '${specifier}'\n`).join(''))

    const loadBefore = loadAverage()
    const timings = await timeImports(
      [...bundles.map((b) => ({ file: b.file, expectHandler: true })), { file: sdkProbe, expectHandler: false }],
      runs,
    )
    const functions = bundles.map(({ file: _file, ...bundle }, index): FunctionBundle => {
      const timing = timings[index]
      return { ...bundle, initMs: timing?.samples ?? [], ...(timing?.error ? { initError: timing.error } : {}) }
    })
    const sdkTiming = timings[bundles.length]
    const sdkOnly = {
      externals,
      initMs: sdkTiming?.samples ?? [],
      ...(sdkTiming?.error ? { initError: sdkTiming.error } : {}),
    }
    const web = await measureWeb(tempDir)
    return {
      node: process.version,
      cpus: availableParallelism(),
      loadAverage: loadBefore,
      runs,
      functions,
      failed,
      sdkOnly,
      web,
    }
  } finally {
    await rm(tempDir, { recursive: true, force: true })
  }
}

export const bundleWithinBudget = (f: FunctionBundle): boolean => f.minifiedBytes <= bundleBudgetBytes
export const initWithinBudget = (f: FunctionBundle): boolean =>
  f.initError === undefined && median(f.initMs) < initBudgetMs

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

export const formatBundleReport = (report: BundleReport): string => {
  const lines: string[] = []
  lines.push(`Lambda bundles (esbuild as CDK bundles them: node22, esm, minified, @aws-sdk/* external)`)
  lines.push(
    textTable(
      ['function', 'minified', 'gzipped', `≤ ${kb(bundleBudgetBytes)}`, 'module init', `< ${initBudgetMs} ms`],
      [
        ...report.functions.map((f) => [
          f.name,
          kb(f.minifiedBytes),
          kb(f.gzippedBytes),
          verdict(bundleWithinBudget(f)),
          initFigure(f),
          verdict(initWithinBudget(f)),
        ]),
        ['(AWS SDK imports alone)', '–', '–', '', initFigure(report.sdkOnly), ''],
      ],
    ),
  )
  lines.push(
    `module init: cold \`await import()\` of the bundle in a fresh node ${report.node} process (TABLE_NAME set,`,
    `  NODE_OPTIONS=--enable-source-maps as deployed), median of ${report.runs} runs. The bundles leave @aws-sdk/* out and`,
    `  import it from node_modules at init, as in Lambda, where the runtime provides the SDK: its load is included.`,
    `  "(AWS SDK imports alone)": ${report.sdkOnly.externals.join(', ')} imported the same way, without the bundle.`,
    `  Machine: ${report.cpus} CPUs, load average ${report.loadAverage.toFixed(1)} when the timings began.`,
  )
  for (const f of report.failed) lines.push(`NOT MEASURED: ${f.name} (${f.entry}) did not bundle: ${f.error}`)
  for (const f of [...report.functions, { name: 'AWS SDK imports alone', ...report.sdkOnly }]) {
    if (f.initError !== undefined) lines.push(`INIT FAILED: ${f.name}: ${f.initError}`)
  }
  const largest = [...report.functions].sort((a, b) => b.minifiedBytes - a.minifiedBytes)[0]
  if (largest) {
    lines.push('', `Largest bundle: ${largest.name} (${kb(largest.minifiedBytes)}); top inputs by bytes in the output`)
    lines.push(
      textTable(
        ['input', 'bytes in output'],
        largest.topInputs.map((i) => [i.input, kb(i.bytes)]),
      ),
    )
    lines.push('', 'by package')
    lines.push(
      textTable(
        ['package', 'bytes in output'],
        largest.topPackages.map((i) => [i.input, kb(i.bytes)]),
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

if (isMain(import.meta.url)) {
  measureBundles()
    .then((report) => console.log(formatBundleReport(report)))
    .catch((error: unknown) => {
      console.error(error)
      process.exitCode = 1
    })
}
