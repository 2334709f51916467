/**
 * Build the web front end: bundle `web/src/main.ts` and `web/src/styles.css` with esbuild into
 * `web/dist/` under content-hashed names, copy the fonts the CSS uses, write `index.html`
 * pointing at them, print the sizes and fail when the initial JavaScript is over its budget.
 * Pages loaded with `import()` (the broker and coordinator pages) become chunks of their own:
 * only the chunks the entry imports statically count as initial, and index.html preloads them.
 *
 *   npm run build:web
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import * as esbuild from 'esbuild'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const webRoot = path.join(repoRoot, 'web')

/** The most initial JavaScript (gzipped) a visitor downloads before the first page shows. */
export const jsBudgetBytes = 60 * 1024

export interface BuildWebOptions {
  /** Where to write; default `web/dist`. Emptied first. */
  outDir?: string
  /** No size table on stdout. */
  quiet?: boolean
}

export interface BuiltFile {
  file: string
  raw: number
  minified: number
  gzipped: number
}

export interface BuildWebResult {
  outDir: string
  /** The entry script (`raw` is the whole app unminified, for comparison). */
  js: BuiltFile
  /** What a visitor downloads before the first page: the entry and the chunks it imports statically. */
  initialJs: { files: string[]; minified: number; gzipped: number }
  /** Chunks loaded later, on demand. */
  lazyJs: BuiltFile[]
  css: BuiltFile
  /** Fonts and other files referenced from the CSS. */
  assets: string[]
}

const shared: esbuild.BuildOptions = {
  absWorkingDir: repoRoot,
  bundle: true,
  target: 'es2020',
  format: 'esm',
  platform: 'browser',
  charset: 'utf8',
  legalComments: 'none',
  logLevel: 'silent',
  loader: { '.woff2': 'file', '.woff': 'file', '.svg': 'dataurl', '.png': 'file' },
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`

/** Bundle without minifying, only to report the raw size next to the minified one. */
async function rawSize(entry: string): Promise<number> {
  const result = await esbuild.build({ ...shared, entryPoints: [entry], write: false, outdir: 'out', minify: false })
  return result.outputFiles
    .filter((file) => file.path.endsWith('.js') || file.path.endsWith('.css'))
    .reduce((sum, file) => sum + file.contents.byteLength, 0)
}

/** Build the front end into `outDir` (default `web/dist`) and return what was written. */
export async function buildWeb(options: BuildWebOptions = {}): Promise<BuildWebResult> {
  const outDir = path.resolve(repoRoot, options.outDir ?? 'web/dist')
  await rm(outDir, { recursive: true, force: true })
  await mkdir(outDir, { recursive: true })

  const mainEntry = 'web/src/main.ts'
  const stylesEntry = 'web/src/styles.css'
  const result = await esbuild.build({
    ...shared,
    entryPoints: { main: mainEntry, styles: stylesEntry },
    outdir: outDir,
    entryNames: '[name].[hash]',
    // Top level, next to the entry: every script is served from the same folder.
    chunkNames: 'chunk.[hash]',
    assetNames: 'assets/[name].[hash]',
    publicPath: '/',
    splitting: true,
    minify: true,
    sourcemap: 'linked',
    metafile: true,
    write: true,
  })

  const outputs = Object.entries(result.metafile.outputs)
  const outputOf = (entry: string, extension: string) => {
    const found = outputs.find(([file, meta]) => meta.entryPoint === entry && file.endsWith(extension))
    if (!found) throw new Error(`esbuild wrote no ${extension} for ${entry}`)
    return found[0]
  }
  const jsOut = outputOf(mainEntry, '.js')
  // The stylesheet entry may also get an empty JS stub; the CSS file is the one that matters.
  const cssOut = outputOf(stylesEntry, '.css')

  // The entry's static imports, followed through: everything needed before the first page.
  const initial = new Set<string>()
  const visit = (file: string) => {
    if (initial.has(file)) return
    initial.add(file)
    for (const imported of result.metafile.outputs[file]?.imports ?? [])
      if (imported.kind === 'import-statement' && !imported.external) visit(imported.path)
  }
  visit(jsOut)
  const scripts = outputs.map(([file]) => file).filter((file) => file.endsWith('.js'))
  const stub = outputs.find(([file, meta]) => meta.entryPoint === stylesEntry && file.endsWith('.js'))?.[0]
  const lazyFiles = scripts.filter((file) => !initial.has(file) && file !== stub)
  const assets = outputs
    .map(([file]) => file)
    .filter((file) => !file.endsWith('.js') && !file.endsWith('.map') && file !== cssOut)
    .map((file) => path.resolve(repoRoot, file))

  const measure = async (file: string, entry?: string): Promise<BuiltFile> => {
    const contents = await readFile(path.resolve(repoRoot, file))
    return {
      file: path.relative(outDir, path.resolve(repoRoot, file)),
      raw: entry ? await rawSize(entry) : contents.byteLength,
      minified: contents.byteLength,
      gzipped: gzipSync(contents, { level: 9 }).byteLength,
    }
  }
  const [js, css] = await Promise.all([measure(jsOut, mainEntry), measure(cssOut, stylesEntry)])
  const initialFiles = await Promise.all([...initial].map((file) => measure(file)))
  const lazyJs = await Promise.all(lazyFiles.map((file) => measure(file)))
  const initialJs = {
    files: initialFiles.map((f) => f.file),
    minified: initialFiles.reduce((sum, f) => sum + f.minified, 0),
    gzipped: initialFiles.reduce((sum, f) => sum + f.gzipped, 0),
  }

  const template = await readFile(path.join(webRoot, 'index.html'), 'utf8')
  // Preloading the entry's chunks saves a round trip: the browser fetches them alongside it.
  const preload = initialJs.files
    .filter((file) => file !== js.file)
    .map((file) => `<link rel="modulepreload" href="/${file}" />`)
    .join('\n    ')
  const html = template
    .replace('%MAIN%', `/${js.file}`)
    .replace('%STYLES%', `/${css.file}`)
    .replace('%PRELOAD%', preload)
  if (/%(MAIN|STYLES|PRELOAD)%/.test(html)) throw new Error('index.html placeholders left over')
  await writeFile(path.join(outDir, 'index.html'), html)

  if (!options.quiet) {
    const row = (label: string, f: BuiltFile) =>
      `  ${label.padEnd(5)} ${f.file.padEnd(28)} raw ${kb(f.raw).padStart(9)}  min ${kb(f.minified).padStart(9)}  gzip ${kb(f.gzipped).padStart(8)}`
    console.log(`web build → ${path.relative(repoRoot, outDir) || '.'}`)
    console.log(row('JS', js))
    for (const file of initialFiles.filter((f) => f.file !== js.file)) console.log(row('  +', file))
    for (const file of lazyJs) console.log(row('lazy', file))
    console.log(row('CSS', css))
    console.log(`  assets ${assets.map((file) => path.relative(outDir, file)).join(', ') || 'none'}`)
    const lazyTotal = lazyJs.reduce((sum, f) => sum + f.gzipped, 0)
    console.log(
      `  initial JS ${kb(initialJs.gzipped)} of ${kb(jsBudgetBytes)} gzipped; on demand ${kb(lazyTotal)} more`,
    )
  }
  if (initialJs.gzipped > jsBudgetBytes) {
    throw new Error(`Initial JavaScript is ${kb(initialJs.gzipped)} gzipped, over the budget of ${kb(jsBudgetBytes)}`)
  }
  return { outDir, js, initialJs, lazyJs, css, assets: assets.map((file) => path.relative(outDir, file)) }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildWeb().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
