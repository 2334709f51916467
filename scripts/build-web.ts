/**
 * Build the web front end: bundle `web/src/main.ts` and `web/src/styles.css` with esbuild into
 * `web/dist/` under content-hashed names, copy the fonts the CSS uses, write `index.html`
 * pointing at them, print the sizes and fail when the JavaScript is over its budget.
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
  js: BuiltFile
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
    assetNames: 'assets/[name].[hash]',
    publicPath: '/',
    minify: true,
    sourcemap: 'linked',
    metafile: true,
    write: true,
  })

  const outputs = Object.entries(result.metafile.outputs)
  const outputFor = (entry: string) => {
    const found = outputs.find(([, meta]) => meta.entryPoint === entry)
    if (!found) throw new Error(`esbuild wrote no output for ${entry}`)
    return path.resolve(repoRoot, found[0])
  }
  const jsFile = outputFor(mainEntry)
  const cssFile = outputFor(stylesEntry)
  const assets = outputs
    .map(([file]) => path.resolve(repoRoot, file))
    .filter((file) => file !== jsFile && file !== cssFile && !file.endsWith('.map'))
  // The stylesheet is also an entry of its own; esbuild emits an empty JS stub for none, but be sure.
  if (assets.some((file) => file.endsWith('.js'))) throw new Error('Unexpected extra JavaScript output')

  const measure = async (file: string, entry: string): Promise<BuiltFile> => {
    const contents = await readFile(file)
    return {
      file: path.relative(outDir, file),
      raw: await rawSize(entry),
      minified: contents.byteLength,
      gzipped: gzipSync(contents, { level: 9 }).byteLength,
    }
  }
  const [js, css] = await Promise.all([measure(jsFile, mainEntry), measure(cssFile, stylesEntry)])

  const template = await readFile(path.join(webRoot, 'index.html'), 'utf8')
  const html = template.replace('%MAIN%', `/${js.file}`).replace('%STYLES%', `/${css.file}`)
  if (html.includes('%MAIN%') || html.includes('%STYLES%')) throw new Error('index.html placeholders left over')
  await writeFile(path.join(outDir, 'index.html'), html)

  if (!options.quiet) {
    const row = (label: string, f: BuiltFile) =>
      `  ${label.padEnd(5)} ${f.file.padEnd(28)} raw ${kb(f.raw).padStart(9)}  min ${kb(f.minified).padStart(9)}  gzip ${kb(f.gzipped).padStart(8)}`
    console.log(`web build → ${path.relative(repoRoot, outDir) || '.'}`)
    console.log(row('JS', js))
    console.log(row('CSS', css))
    console.log(`  assets ${assets.map((file) => path.relative(outDir, file)).join(', ') || 'none'}`)
    console.log(`  JS budget ${kb(js.gzipped)} of ${kb(jsBudgetBytes)} gzipped`)
  }
  if (js.gzipped > jsBudgetBytes) {
    throw new Error(`Initial JavaScript is ${kb(js.gzipped)} gzipped, over the budget of ${kb(jsBudgetBytes)}`)
  }
  return { outDir, js, css, assets: assets.map((file) => path.relative(outDir, file)) }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildWeb().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
