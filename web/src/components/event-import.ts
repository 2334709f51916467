/**
 * Reading an organiser's spreadsheet for a Beursvloer import: CSV (papaparse) and Excel .xlsx
 * (read-excel-file), each loaded with `import()` only when a file of that kind is chosen; the
 * column guess from the headers people write (Dutch and English); and the rows as the API takes
 * them (`ImportRow`), numbered as the spreadsheet numbers them, so a report says "row 7" and the
 * organiser finds row 7. Everything but the two loaders is pure, for the unit tests.
 */
import type { ImportField, ImportRow, ImportRowResult } from '../../../shared/schemas/event'
import { csvCell, csvDocument } from './csv'

/** A sheet as text: rows of cells, the first row usually the headers. Row i is spreadsheet row i + 1. */
export type Table = string[][]

/**
 * Every column of an import row, in the order of the template (the API's `importFields`; the
 * schema module is not imported here, because it would bring zod into the browser bundle). The
 * values are the longest text the API accepts per cell: longer cells are cut to that length, so
 * one over-long cell gives that row an error ("too long") instead of refusing the whole batch.
 */
const fieldMax: Record<ImportField, number> = {
  name: 500,
  type: 200,
  contactName: 500,
  email: 500,
  phone: 200,
  showName: 50,
  needCorner: 200,
  needTitle: 500,
  needDescription: 2000,
  needQuantity: 50,
  offerCorner: 200,
  offerTitle: 500,
  offerDescription: 2000,
  offerQuantity: 50,
  wantsInReturn: 500,
}
export const importFieldList = Object.keys(fieldMax) as ImportField[]

/** Rows per request: the API's maximum. */
export const batchSize = 100

/** The most data rows one import takes (the API numbers rows up to 100 000). */
export const maxRows = 5000

// --- reading files -----------------------------------------------------------------------------

/**
 * A file's bytes as text. Excel's "CSV UTF-8" starts with a byte order mark; Excel's plain "CSV"
 * is Windows-1252, so text that is not valid UTF-8 is read as that (é and ë stay right).
 */
export function decodeText(bytes: Uint8Array): string {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    text = new TextDecoder('windows-1252').decode(bytes)
  }
  return text.replace(/^\uFEFF/, '')
}

/**
 * CSV text as a table. The separator (`;` from a Dutch Excel, `,` elsewhere, or a tab) is
 * detected; quoted cells may hold separators, quotes ("") and line breaks. Empty lines stay as
 * empty rows, so the row numbers keep matching the file.
 */
export async function parseCsv(text: string): Promise<Table> {
  const { default: Papa } = await import('papaparse')
  const result = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
    delimiter: '',
    delimitersToGuess: [';', ',', '\t', '|'],
    skipEmptyLines: false,
  })
  const rows = result.data.map((row) => row.map((cell) => String(cell ?? '')))
  // The line break after the last line makes one empty record.
  while (rows.length > 0 && isEmptyRow(rows[rows.length - 1] ?? [])) rows.pop()
  return rows
}

/** A cell of a spreadsheet as the text a person sees in it. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10)
  if (typeof value === 'boolean') return value ? 'ja' : 'nee'
  return String(value)
}

/** The first sheet of an .xlsx file as a table. Numbers stay as written, so a phone number keeps its 0. */
export async function parseXlsx(input: Blob | ArrayBuffer): Promise<Table> {
  const { readSheet } = await import('read-excel-file/browser')
  const data = await readSheet<string>(input, { parseNumber: (text: string) => text })
  const rows = data.map((row) => row.map(cellText))
  while (rows.length > 0 && isEmptyRow(rows[rows.length - 1] ?? [])) rows.pop()
  return rows
}

export type SheetKind = 'csv' | 'xlsx'

/** What kind of sheet a file is, by its name and type; null: neither. */
export function sheetKind(file: { name: string; type: string }): SheetKind | null {
  const name = file.name.toLowerCase()
  if (name.endsWith('.xlsx') || file.type === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') {
    return 'xlsx'
  }
  if (name.endsWith('.csv') || name.endsWith('.txt') || file.type === 'text/csv') return 'csv'
  return null
}

/** Read a chosen file (CSV or .xlsx) as a table. */
export async function readSheetFile(file: File): Promise<Table> {
  const kind = sheetKind(file)
  if (kind === 'xlsx') return parseXlsx(file)
  if (kind === 'csv') return parseCsv(decodeText(new Uint8Array(await file.arrayBuffer())))
  throw new Error('unsupported_file')
}

// --- columns -----------------------------------------------------------------------------------

export function isEmptyRow(row: readonly string[]): boolean {
  return row.every((cell) => cell.trim() === '')
}

/** The index of the header row: the first row with anything in it. */
export function headerRowIndex(table: Table): number {
  const index = table.findIndex((row) => !isEmptyRow(row))
  return index === -1 ? 0 : index
}

/** How many columns the sheet has (the widest row). */
export function columnCount(table: Table): number {
  return table.reduce((max, row) => Math.max(max, row.length), 0)
}

/** "E-mailadres " → "emailadres", "Wat wil je terug?" → "wat wil je terug": accents, case and punctuation gone. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\be[-\s]?mail/g, 'email')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

const needWords = ['vraag', 'vragen', 'vraagt', 'hulpvraag', 'gevraagd', 'zoekt', 'zoeken', 'need', 'needs', 'request']
const offerWords = ['aanbod', 'aanbieden', 'aangeboden', 'biedt', 'bieden', 'bied', 'offer', 'offers', 'offered']
const cornerWords = ['hoek', 'corner', 'categorie', 'category', 'soort vraag', 'soort aanbod']
const descriptionWords = ['toelichting', 'omschrijving', 'beschrijving', 'uitleg', 'description', 'details', 'detail']
const quantityWords = ['aantal', 'hoeveel', 'quantity', 'keer']

type HeaderTest = (words: string[], phrase: string) => boolean
const anyWord =
  (list: string[]): HeaderTest =>
  (words, phrase) =>
    list.some((w) => (w.includes(' ') ? ` ${phrase} `.includes(` ${w} `) : words.includes(w)))
const all =
  (...tests: HeaderTest[]): HeaderTest =>
  (words, phrase) =>
    tests.every((test) => test(words, phrase))
const startsWith =
  (...prefixes: string[]): HeaderTest =>
  (words) =>
    words.some((w) => prefixes.some((p) => w.startsWith(p)))
const need = anyWord(needWords)
const offer = anyWord(offerWords)

/** In this order: the first rule a header meets names its field ("Hoek vraag" is the need's corner, not the need). */
const headerRules: [ImportField, HeaderTest][] = [
  ['needCorner', all(anyWord(cornerWords), need)],
  ['offerCorner', all(anyWord(cornerWords), offer)],
  ['needDescription', all(anyWord(descriptionWords), need)],
  ['offerDescription', all(anyWord(descriptionWords), offer)],
  ['needQuantity', all(anyWord(quantityWords), need)],
  ['offerQuantity', anyWord(quantityWords)],
  ['wantsInReturn', anyWord(['terug', 'return', 'tegenprestatie', 'in ruil', 'ruil', 'wederdienst'])],
  ['email', (words) => words.some((w) => w.startsWith('email') || w === 'mail' || w === 'mailadres')],
  [
    'phone',
    (words) =>
      words.some(
        (w) =>
          w.startsWith('telefoon') ||
          w.startsWith('phone') ||
          w.startsWith('mobiel') ||
          ['tel', 'telnr', 'telephone', 'mobile', 'gsm'].includes(w),
      ),
  ],
  ['contactName', startsWith('contact')],
  [
    'showName',
    anyWord(['naam tonen', 'toon naam', 'op scherm', 'op het scherm', 'show name', 'toestemming', 'consent', 'scherm']),
  ],
  ['type', anyWord(['type', 'soort', 'sector', 'kind', 'categorie', 'category', 'organisatievorm'])],
  ['needTitle', need],
  ['offerTitle', offer],
  [
    'name',
    anyWord([
      'naam',
      'name',
      'organisatie',
      'organisation',
      'organization',
      'organisatienaam',
      'bedrijfsnaam',
      'deelnemer',
      'participant',
    ]),
  ],
]

/** The field a header most likely names, or null. */
export function guessField(header: string): ImportField | null {
  const phrase = normalizeHeader(header)
  if (!phrase) return null
  const words = phrase.split(' ')
  return headerRules.find(([, test]) => test(words, phrase))?.[0] ?? null
}

/** A field per column, from the header row; each field for one column at most (the first that names it). */
export function guessMapping(headers: readonly string[]): (ImportField | null)[] {
  const taken = new Set<ImportField>()
  return headers.map((header) => {
    const field = guessField(header)
    if (!field || taken.has(field)) return null
    taken.add(field)
    return field
  })
}

/** Fields chosen for more than one column: the page asks to choose again. */
export function duplicateFields(mapping: readonly (ImportField | null)[]): ImportField[] {
  const seen = new Set<ImportField>()
  const twice = new Set<ImportField>()
  for (const field of mapping) {
    if (!field) continue
    if (seen.has(field)) twice.add(field)
    seen.add(field)
  }
  return [...twice]
}

// --- rows --------------------------------------------------------------------------------------

const emptyRow = (row: number): ImportRow => {
  const result = { row } as ImportRow
  for (const field of importFieldList) result[field] = ''
  return result
}

/**
 * The data rows (below the header row) as import rows: each mapped column's cell, trimmed;
 * empty rows left out but counted, so `row` is the row number in the spreadsheet.
 */
export function toImportRows(table: Table, mapping: readonly (ImportField | null)[], headerIndex = 0): ImportRow[] {
  const rows: ImportRow[] = []
  for (let index = headerIndex + 1; index < table.length; index++) {
    const cells = table[index] ?? []
    if (isEmptyRow(cells)) continue
    const row = emptyRow(index + 1)
    mapping.forEach((field, column) => {
      if (!field) return
      const value = (cells[column] ?? '').trim()
      if (!value) return
      row[field] = (row[field] ? `${row[field]} ${value}` : value).slice(0, fieldMax[field])
    })
    rows.push(row)
  }
  return rows
}

/** Rows in batches of `size` (the API takes at most 100 per request). */
export function batches<T>(items: readonly T[], size = batchSize): T[][] {
  const result: T[][] = []
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size))
  return result
}

/**
 * An import id for these rows of this event: the same rows give the same id, so importing the
 * same file again (or a batch again after a lost answer) writes nothing twice.
 */
export async function importIdFor(eventId: string, rows: readonly ImportRow[]): Promise<string> {
  const subtle = globalThis.crypto?.subtle
  if (!subtle) {
    const random = globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`
    return `imp-${random.replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 40)
  }
  const bytes = new TextEncoder().encode(JSON.stringify([eventId, rows]))
  const digest = new Uint8Array(await subtle.digest('SHA-256', bytes))
  let binary = ''
  for (const byte of digest) binary += String.fromCharCode(byte)
  const base64url = btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
  return `imp-${base64url.slice(0, 32)}`
}

// --- the report --------------------------------------------------------------------------------

export { csvCell }

/**
 * The failed rows as a CSV an organiser opens in Excel (`;`, UTF-8 with a byte order mark):
 * one line per error, with the row number, the column and what is wrong.
 */
export function reportCsv(
  results: readonly ImportRowResult[],
  texts: {
    headers: [row: string, column: string, problem: string]
    column: (field: string) => string
    problem: (error: ImportRowResult['errors'][number]) => string
  },
): string {
  const lines = [texts.headers.map(csvCell).join(';')]
  for (const result of results) {
    if (result.status !== 'failed') continue
    for (const error of result.errors) {
      lines.push([String(result.row), texts.column(error.field), texts.problem(error)].map(csvCell).join(';'))
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`
}

/** A sample file with every column, headed as `header` names them (the organiser's own language). */
export function templateCsv(header: (field: ImportField) => string, example: string[]): string {
  return csvDocument([importFieldList.map(header), example])
}
