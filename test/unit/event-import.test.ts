import { describe, expect, it } from 'vitest'
import writeExcelFile from 'write-excel-file/node'
import { importFields, importRowSchema } from '../../shared/schemas/event'
import {
  batches,
  cellText,
  columnCount,
  csvCell,
  decodeText,
  duplicateFields,
  guessField,
  guessMapping,
  headerRowIndex,
  importFieldList,
  importIdFor,
  normalizeHeader,
  parseCsv,
  parseXlsx,
  reportCsv,
  sheetKind,
  templateCsv,
  toImportRows,
} from '../../web/src/components/event-import'

describe('reading CSV', () => {
  it('reads a Dutch Excel CSV: semicolons, a byte order mark, quoted cells with separators, quotes and line breaks', async () => {
    const text =
      '\uFEFFNaam organisatie;E-mail;Vraag\r\n' +
      '"Stichting De Brug; Lindeveen";info@debrug.nl;"Hulp bij ""verhuizen"""\r\n' +
      'Buurthuis;;"Twee regels\r\ntekst"\r\n'
    const table = await parseCsv(text)
    expect(table).toEqual([
      ['Naam organisatie', 'E-mail', 'Vraag'],
      ['Stichting De Brug; Lindeveen', 'info@debrug.nl', 'Hulp bij "verhuizen"'],
      ['Buurthuis', '', 'Twee regels\r\ntekst'],
    ])
  })

  it('reads comma-separated files too, and keeps empty lines so row numbers match the file', async () => {
    const table = await parseCsv('Name,Email,Offer\nRepair Café,"a@b.nl",Tools, and help\n\nBakery,,Bread\n')
    expect(table[0]).toEqual(['Name', 'Email', 'Offer'])
    expect(table[1]).toEqual(['Repair Café', 'a@b.nl', 'Tools', ' and help'])
    expect(table[2]).toEqual([''])
    expect(table[3]).toEqual(['Bakery', '', 'Bread'])
    expect(table).toHaveLength(4)
  })

  it('decodes UTF-8 (with or without byte order mark) and falls back to Windows-1252 for Excel’s plain CSV', () => {
    const utf8 = new TextEncoder().encode('\uFEFFCafé;Één')
    expect(decodeText(utf8)).toBe('Café;Één')
    // "Café" in Windows-1252: é is the single byte 0xE9, which is not valid UTF-8.
    expect(decodeText(new Uint8Array([0x43, 0x61, 0x66, 0xe9]))).toBe('Café')
  })

  it('tells CSV from Excel by name or type', () => {
    expect(sheetKind({ name: 'lijst.CSV', type: '' })).toBe('csv')
    expect(sheetKind({ name: 'lijst.xlsx', type: '' })).toBe('xlsx')
    expect(sheetKind({ name: 'x', type: 'text/csv' })).toBe('csv')
    expect(sheetKind({ name: 'lijst.xls', type: 'application/vnd.ms-excel' })).toBeNull()
    expect(sheetKind({ name: 'foto.png', type: 'image/png' })).toBeNull()
  })
})

describe('reading Excel', () => {
  it('reads the first sheet as text: numbers as written (a phone keeps its 0), yes/no for booleans, empty rows kept', async () => {
    const buffer = await writeExcelFile([
      ['Naam', 'Telefoon', 'Aantal', 'Naam op scherm'],
      ['Bakkerij Bol', '0612345678', 3, true],
      [],
      ['Sportclub', null, 2, false],
    ]).toBuffer()
    const table = await parseXlsx(new Blob([new Uint8Array(buffer)]))
    expect(table[0]).toEqual(['Naam', 'Telefoon', 'Aantal', 'Naam op scherm'])
    expect(table[1]).toEqual(['Bakkerij Bol', '0612345678', '3', 'ja'])
    expect(table[2]?.every((cell) => cell === '')).toBe(true)
    expect(table[3]).toEqual(['Sportclub', '', '2', 'nee'])
  })

  it('writes dates as ISO dates and leaves nothing for empty cells', () => {
    expect(cellText(new Date('2026-03-14T00:00:00Z'))).toBe('2026-03-14')
    expect(cellText(null)).toBe('')
    expect(cellText(12)).toBe('12')
  })
})

describe('guessing columns', () => {
  it('knows the import fields of the API, in its order', () => {
    expect(importFieldList).toEqual(importFields)
  })

  it('reads the headers organisers write, in Dutch and English', () => {
    const cases: [string, string | null][] = [
      ['Naam organisatie', 'name'],
      ['Organisatie', 'name'],
      ['Organisation name', 'name'],
      ['Soort organisatie', 'type'],
      ['Type', 'type'],
      ['Contactpersoon', 'contactName'],
      ['Naam contactpersoon', 'contactName'],
      ['Contact person', 'contactName'],
      ['E-mail', 'email'],
      ['E-mailadres', 'email'],
      ['Email address', 'email'],
      ['E-mail contactpersoon', 'email'],
      ['Telefoon', 'phone'],
      ['Telefoonnummer', 'phone'],
      ['Tel.', 'phone'],
      ['Phone number', 'phone'],
      ['Naam op scherm', 'showName'],
      ['Toestemming naam tonen', 'showName'],
      ['Hoek vraag', 'needCorner'],
      ['Hoek-vraag', 'needCorner'],
      ['Need corner', 'needCorner'],
      ['Hoek aanbod', 'offerCorner'],
      ['Vraag', 'needTitle'],
      ['Wat vraagt u?', 'needTitle'],
      ['Need', 'needTitle'],
      ['Toelichting vraag', 'needDescription'],
      ['Aantal vraag', 'needQuantity'],
      ['Aanbod', 'offerTitle'],
      ['Wat bieden jullie aan?', 'offerTitle'],
      ['Offer', 'offerTitle'],
      ['Omschrijving aanbod', 'offerDescription'],
      ['Aantal', 'offerQuantity'],
      ['Wat wil je terug', 'wantsInReturn'],
      ['Wat wilt u terug?', 'wantsInReturn'],
      ['In return', 'wantsInReturn'],
      ['Opmerkingen', null],
      ['', null],
    ]
    for (const [header, field] of cases) expect(guessField(header), header).toBe(field)
  })

  it('gives each field to one column only, the first', () => {
    expect(guessMapping(['Naam', 'Organisatie', 'Vraag', 'Opmerking', 'E-mail'])).toEqual([
      'name',
      null,
      'needTitle',
      null,
      'email',
    ])
    expect(duplicateFields(['name', 'email', 'name', null, null])).toEqual(['name'])
    expect(duplicateFields(['name', null, 'email'])).toEqual([])
  })

  it('normalises headers: accents, case and punctuation', () => {
    expect(normalizeHeader('  Één E-Mailadres? ')).toBe('een emailadres')
  })
})

describe('rows for the API', () => {
  const table = [
    ['', '', ''],
    ['Naam', 'Hoek aanbod', 'Aanbod', 'Niet gebruikt'],
    [' Bakkerij Bol ', 'Materiaal', 'Brood voor de lunch', 'x'],
    ['', '', '', ''],
    ['Sportclub', '', '', ''],
  ]

  it('numbers rows as the spreadsheet does, leaves out empty rows, trims, and fills the other fields with empty text', () => {
    const header = headerRowIndex(table)
    expect(header).toBe(1)
    expect(columnCount(table)).toBe(4)
    const rows = toImportRows(table, ['name', 'offerCorner', 'offerTitle', null], header)
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatchObject({
      row: 3,
      name: 'Bakkerij Bol',
      offerCorner: 'Materiaal',
      offerTitle: 'Brood voor de lunch',
    })
    expect(rows[1]).toMatchObject({ row: 5, name: 'Sportclub', offerTitle: '' })
    // Exactly what the API takes: every field, as text.
    for (const row of rows) expect(importRowSchema.parse(row)).toEqual(row)
  })

  it('cuts over-long cells to what the API takes, so the row gets an error and not the whole batch', () => {
    const long = 'x'.repeat(3000)
    const [row] = toImportRows(
      [
        ['Naam', 'Toelichting vraag'],
        [long, long],
      ],
      ['name', 'needDescription'],
    )
    expect(row?.name).toHaveLength(500)
    expect(row?.needDescription).toHaveLength(2000)
    expect(() => importRowSchema.parse(row)).not.toThrow()
  })

  it('sends rows in batches of at most 100', () => {
    const parts = batches(Array.from({ length: 250 }, (_, i) => i))
    expect(parts.map((part) => part.length)).toEqual([100, 100, 50])
    expect(parts[2]?.[0]).toBe(200)
  })

  it('gives the same rows the same import id, and other rows another', async () => {
    const rows = toImportRows(table, ['name', 'offerCorner', 'offerTitle', null], 1)
    const first = await importIdFor('event1234', rows)
    expect(first).toMatch(/^[A-Za-z0-9_-]{8,40}$/)
    expect(await importIdFor('event1234', rows)).toBe(first)
    expect(await importIdFor('event5678', rows)).not.toBe(first)
    expect(await importIdFor('event1234', rows.slice(1))).not.toBe(first)
  })
})

describe('the report and the template', () => {
  it('lists each error of each failed row, safe for Excel', () => {
    const csv = reportCsv(
      [
        { row: 2, status: 'valid', participantId: null, errors: [] },
        {
          row: 7,
          status: 'failed',
          participantId: null,
          errors: [
            { field: 'email', code: 'invalid_email', message: '' },
            { field: 'type', code: 'unknown_type', message: '' },
          ],
        },
      ],
      {
        headers: ['Rij', 'Kolom', 'Wat is er mis'],
        column: (field) => (field === 'email' ? 'E-mail' : 'Type'),
        problem: (error) => (error.code === 'invalid_email' ? 'Geen e-mailadres; kijk het na' : '=SOM(A1)'),
      },
    )
    expect(csv.startsWith('\uFEFF')).toBe(true)
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFRij;Kolom;Wat is er mis',
      '7;E-mail;"Geen e-mailadres; kijk het na"',
      "7;Type;'=SOM(A1)",
      '',
    ])
    expect(csvCell('zeg "ja"')).toBe('"zeg ""ja"""')
  })

  it('makes a template whose headers are guessed back to their fields', async () => {
    const labels: Record<string, string> = {
      name: 'Naam',
      type: 'Type',
      contactName: 'Contactpersoon',
      email: 'E-mail',
      phone: 'Telefoon',
      showName: 'Naam op scherm',
      needCorner: 'Hoek vraag',
      needTitle: 'Vraag',
      needDescription: 'Toelichting vraag',
      needQuantity: 'Aantal vraag',
      offerCorner: 'Hoek aanbod',
      offerTitle: 'Aanbod',
      offerDescription: 'Toelichting aanbod',
      offerQuantity: 'Aantal aanbod',
      wantsInReturn: 'Wat wil je terug',
    }
    const text = templateCsv((field) => labels[field] ?? field, ['Bakkerij Bol', 'Bedrijf'])
    const table = await parseCsv(decodeText(new TextEncoder().encode(text)))
    expect(guessMapping(table[0] ?? [])).toEqual(importFieldList)
    expect(table[1]?.slice(0, 2)).toEqual(['Bakkerij Bol', 'Bedrijf'])
  })
})
