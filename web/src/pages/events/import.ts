import type { BeursEvent, ImportField, ImportRow, ImportRowResult } from '../../../../shared/schemas/event'
import {
  batches,
  columnCount,
  duplicateFields,
  guessMapping,
  headerRowIndex,
  importFieldList,
  importIdFor,
  maxRows,
  readSheetFile,
  reportCsv,
  sheetKind,
  type Table,
  templateCsv,
  toImportRows,
} from '../../components/event-import'
import {
  alert,
  button,
  choice,
  controlField,
  heading,
  link,
  notice,
  pageHeading,
  paragraph,
  select,
  showNotice,
} from '../../components/ui'
import { append, type Child, h, replaceChildren, uid } from '../../dom'
import { eventApi } from '../../event-api'
import { tes } from '../../i18n/events-setup'
import { localized } from '../../i18n/index'
import type { Page } from '../../router'
import { loadContext } from '../../session'
import { errorText } from '../failure'
import { backToEvent, eventPath } from './list'

type ImportError = ImportRowResult['errors'][number]

/** "A", "B", … "AA": the column letters a spreadsheet shows. */
function columnLetter(index: number): string {
  let n = index + 1
  let letters = ''
  while (n > 0) {
    const rest = (n - 1) % 26
    letters = String.fromCharCode(65 + rest) + letters
    n = Math.floor((n - 1) / 26)
  }
  return letters
}

export function fieldLabel(field: string): string {
  return (importFieldList as string[]).includes(field) ? tes(`es.field.${field as ImportField}`) : tes('es.field.row')
}

/** Why a row cannot be imported, in the interface language (the API's message when the code is new to us). */
function problemText(error: ImportError, event: BeursEvent): string {
  switch (error.code) {
    case 'required':
    case 'too_short':
    case 'too_long':
    case 'unknown_type':
    case 'invalid_email':
    case 'invalid_phone':
    case 'invalid_yes_no':
    case 'invalid_quantity':
    case 'need_or_offer_required':
    case 'address_of_other_member':
    case 'invalid_address':
    case 'type_not_for_member':
      return tes(`es.problem.${error.code}`)
    case 'unknown_corner':
      return tes('es.problem.unknown_corner', {
        corners: event.corners.map((corner) => localized(corner.name)).join(', '),
      })
    default:
      return error.message || error.code
  }
}

/** A cell in the preview: enough to recognise it. */
function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text
}

function downloadLink(text: string, fileName: string, label: string): HTMLAnchorElement {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }))
  return h('a', { href: url, download: fileName, class: 'utrecht-link utrecht-link--html-a' }, label)
}

function progressBlock(label: string) {
  const labelId = uid('progress-label')
  const bar = h('progress', { class: 'bb-ev-progress', max: 1, value: 0, 'aria-labelledby': labelId })
  const status = h('p', { class: 'bb-ev-progress__text', role: 'status' })
  return {
    element: h(
      'div',
      { class: 'bb-ev-progress-block' },
      h('p', { id: labelId, class: 'bb-ev-progress__label' }, label),
      bar,
      status,
    ),
    set: (done: number, total: number, text: string) => {
      bar.max = Math.max(total, 1)
      bar.value = done
      status.textContent = text
    },
  }
}

function section(id: string, title: string, ...children: Child[]): HTMLElement {
  return h(
    'section',
    { class: 'bb-section bb-ev-step', 'aria-labelledby': id },
    heading(2, title, { id, tabindex: '-1' }),
    children,
  )
}

/**
 * `/beursvloer/<eventId>/importeren`: organisations and volunteers from a spreadsheet (CSV or
 * Excel). Choose a file, say which column is what, check every row (nothing is written), read
 * the report, and import: everything, or only the correct rows when the organiser says so.
 * Batches of 100 with one import id, so a batch sent twice writes nothing twice.
 */
export const importPage: Page = async ({ params, announce }) => {
  const { community } = await loadContext()
  const event = await eventApi.get(community.id, params.eventId ?? '')

  let table: Table = []
  let headerIndex = 0
  let mapping: (ImportField | null)[] = []
  let fileName = ''

  const fileSlot = h('div')
  const mappingSlot = h('div')
  const checkSlot = h('div')
  const commitSlot = h('div')
  const clearFrom = (slot: HTMLElement) => {
    const slots: HTMLElement[] = [mappingSlot, checkSlot, commitSlot]
    for (const other of slots.slice(slots.indexOf(slot))) other.replaceChildren()
  }
  const focusStep = (slot: HTMLElement) => slot.querySelector<HTMLElement>('h2')?.focus()

  // --- step 1: the file ---
  const fileInput = h('input', {
    type: 'file',
    id: uid('import-file'),
    name: 'file',
    accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    class: 'bb-ev-file',
  })
  const fileField = controlField(
    { path: 'file', label: tes('es.import.file'), hint: tes('es.import.file.hint') },
    fileInput,
  )
  const template = templateCsv((field) => tes(`es.field.${field}`), tes('es.import.template.example').split('|'))
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0]
    if (!file) return
    void readFile(file)
  })

  const readFile = async (file: File) => {
    clearFrom(mappingSlot)
    fileField.setError(null)
    fileSlot.replaceChildren()
    if (!sheetKind(file)) {
      fileField.setError(tes('es.import.file.kind'))
      fileInput.focus()
      announce(tes('es.import.file.kind'))
      return
    }
    try {
      table = await readSheetFile(file)
    } catch {
      fileField.setError(tes('es.import.file.unreadable'))
      fileInput.focus()
      announce(tes('es.import.file.unreadable'))
      return
    }
    headerIndex = headerRowIndex(table)
    const dataRows = toImportRows(table, [], headerIndex).length
    if (dataRows === 0) {
      fileField.setError(tes('es.import.file.empty'))
      fileInput.focus()
      return
    }
    if (dataRows > maxRows) {
      fileField.setError(tes('es.import.file.tooMany', { max: maxRows }))
      fileInput.focus()
      return
    }
    fileName = file.name
    const headers = Array.from({ length: columnCount(table) }, (_, i) => (table[headerIndex]?.[i] ?? '').trim())
    mapping = guessMapping(headers)
    const text = tes('es.import.read', { file: file.name, rows: dataRows, columns: headers.length })
    fileSlot.replaceChildren(alert('ok', paragraph(text)))
    renderMapping(headers)
    announce(text)
    focusStep(mappingSlot)
  }

  // --- step 2: which column is what ---
  const renderMapping = (headers: string[]) => {
    const previewSlot = h('div')
    const problemSlot = h('div')
    const selects = headers.map((header, index) => {
      const control = select(
        [
          { value: '', label: tes('es.import.notUsed'), selected: mapping[index] === null },
          ...importFieldList.map((field) => ({
            value: field,
            label: tes(`es.field.${field}`),
            selected: mapping[index] === field,
          })),
        ],
        { name: `column-${index}` },
      )
      const field = controlField(
        {
          path: `column.${index}`,
          label: header
            ? tes('es.import.column', { letter: columnLetter(index), header })
            : tes('es.import.columnEmpty', { letter: columnLetter(index) }),
        },
        control,
      )
      control.addEventListener('change', () => {
        mapping[index] = (control.value || null) as ImportField | null
        clearFrom(checkSlot)
        renderPreview()
        checkMapping(false)
      })
      return { control, field }
    })
    const checkMapping = (announceIt: boolean): boolean => {
      const twice = new Set(duplicateFields(mapping))
      for (const [index, { field }] of selects.entries()) {
        const chosen = mapping[index]
        field.setError(
          chosen && twice.has(chosen) ? tes('es.import.twice', { field: tes(`es.field.${chosen}`) }) : null,
        )
      }
      const problems: string[] = []
      if (twice.size > 0) problems.push(tes('es.import.twiceSummary'))
      if (!mapping.includes('name')) problems.push(tes('es.import.noName'))
      problemSlot.replaceChildren(
        ...(problems.length > 0
          ? [
              alert(
                'warning',
                problems.map((text) => paragraph(text)),
              ),
            ]
          : []),
      )
      if (announceIt && problems.length > 0) announce(problems.join(' '))
      return problems.length === 0
    }
    const renderPreview = () => {
      const rows = toImportRows(table, mapping, headerIndex).slice(0, 5)
      const used = importFieldList.filter((field) => mapping.includes(field))
      const captionId = uid('preview-caption')
      previewSlot.replaceChildren(
        used.length === 0
          ? paragraph(tes('es.import.preview.none'))
          : h(
              'div',
              { class: 'bb-ev-scroll', role: 'region', 'aria-labelledby': captionId, tabindex: '0' },
              h(
                'table',
                { class: 'bb-table bb-ev-preview' },
                h('caption', { id: captionId }, tes('es.import.preview', { count: rows.length })),
                h(
                  'thead',
                  null,
                  h(
                    'tr',
                    null,
                    h('th', { scope: 'col' }, tes('es.import.row')),
                    used.map((field) => h('th', { scope: 'col' }, tes(`es.field.${field}`))),
                  ),
                ),
                h(
                  'tbody',
                  null,
                  rows.map((row) =>
                    h(
                      'tr',
                      null,
                      h('th', { scope: 'row' }, String(row.row)),
                      used.map((field) => h('td', null, shorten(row[field]))),
                    ),
                  ),
                ),
              ),
            ),
      )
    }
    const start = button(tes('es.import.check'))
    start.addEventListener('click', () => {
      if (!checkMapping(true)) {
        problemSlot.querySelector<HTMLElement>('.utrecht-alert')?.setAttribute('tabindex', '-1')
        problemSlot.querySelector<HTMLElement>('.utrecht-alert')?.focus()
        return
      }
      void runCheck()
    })
    mappingSlot.replaceChildren(
      section(
        'import-step-2',
        tes('es.import.step2'),
        paragraph(tes('es.import.step2.lead')),
        h(
          'div',
          { class: 'bb-ev-mapping' },
          selects.map((s) => s.field.element),
        ),
        problemSlot,
        previewSlot,
        h('div', { class: 'bb-actions' }, start),
      ),
    )
    renderPreview()
    checkMapping(false)
  }

  // --- step 3: check every row ---
  const send = async (
    rows: ImportRow[],
    mode: 'check' | 'commit',
    importId: string,
    progress: ReturnType<typeof progressBlock>,
    results: Map<number, ImportRowResult>,
  ) => {
    const parts = batches(rows)
    let done = 0
    const progressText = (count: number) =>
      tes(mode === 'check' ? 'es.import.checked' : 'es.import.imported', { done: count, total: rows.length })
    progress.set(0, rows.length, progressText(0))
    for (const part of parts) {
      // Batches that already have an answer are not sent again (after "try again").
      if (part.every((row) => results.has(row.row))) {
        done += part.length
        continue
      }
      const report = await eventApi.importRows(community.id, event.id, { importId, mode, rows: part })
      for (const result of report.rows) results.set(result.row, result)
      done += part.length
      progress.set(done, rows.length, progressText(done))
    }
  }

  const runCheck = async () => {
    clearFrom(checkSlot)
    const rows = toImportRows(table, mapping, headerIndex)
    const importId = await importIdFor(event.id, rows)
    const progress = progressBlock(tes('es.import.checking'))
    const reportSlot = h('div')
    checkSlot.replaceChildren(section('import-step-3', tes('es.import.step3'), progress.element, reportSlot))
    focusStep(checkSlot)
    const results = new Map<number, ImportRowResult>()
    const attempt = async () => {
      reportSlot.replaceChildren()
      try {
        await send(rows, 'check', importId, progress, results)
      } catch (error) {
        const retry = button(tes('es.import.retry'))
        retry.addEventListener('click', () => void attempt())
        const box = notice('error', errorText(error))
        reportSlot.replaceChildren(box, h('div', { class: 'bb-actions' }, retry))
        box.focus()
        return
      }
      renderReport(rows, results, importId, reportSlot)
    }
    await attempt()
  }

  const reportTable = (failed: ImportRowResult[]) => {
    const captionId = uid('report-caption')
    const columnOf = (field: string) => {
      const index = mapping.indexOf(field as ImportField)
      return index === -1
        ? fieldLabel(field)
        : `${fieldLabel(field)} (${tes('es.import.columnShort', { letter: columnLetter(index) })})`
    }
    return h(
      'table',
      { class: 'bb-table bb-table--stack bb-ev-report' },
      h('caption', { id: captionId }, tes('es.import.report.caption')),
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          h('th', { scope: 'col' }, tes('es.import.row')),
          h('th', { scope: 'col' }, tes('es.import.report.column')),
          h('th', { scope: 'col' }, tes('es.import.report.problem')),
        ),
      ),
      h(
        'tbody',
        null,
        failed.flatMap((result) =>
          result.errors.map((error) =>
            h(
              'tr',
              null,
              h('td', { 'data-label': tes('es.import.row') }, String(result.row)),
              h('td', { 'data-label': tes('es.import.report.column') }, columnOf(error.field)),
              h('td', { 'data-label': tes('es.import.report.problem') }, problemText(error, event)),
            ),
          ),
        ),
      ),
    )
  }

  const reportDownload = (results: ImportRowResult[]) =>
    downloadLink(
      reportCsv(results, {
        headers: [tes('es.import.row'), tes('es.import.report.column'), tes('es.import.report.problem')],
        column: fieldLabel,
        problem: (error) => problemText(error, event),
      }),
      `${fileName.replace(/\.[^.]+$/, '') || 'import'}-fouten.csv`,
      tes('es.import.report.download'),
    )

  const renderReport = (
    rows: ImportRow[],
    results: Map<number, ImportRowResult>,
    importId: string,
    slot: HTMLElement,
  ) => {
    const all = rows.map((row) => results.get(row.row)).filter((r): r is ImportRowResult => r !== undefined)
    const failed = all.filter((r) => r.status === 'failed')
    const validRows = rows.filter((row) => results.get(row.row)?.status === 'valid')
    if (failed.length === 0) {
      const text = tes('es.import.allValid', { count: rows.length })
      const go = button(tes('es.import.commitAll'))
      go.addEventListener('click', () => void runCommit(rows, importId))
      slot.replaceChildren(notice('ok', text), h('div', { class: 'bb-actions' }, go))
      announce(text)
      slot.querySelector<HTMLElement>('.utrecht-alert')?.focus()
      return
    }
    const text = tes('es.import.someFailed', { valid: validRows.length, failed: failed.length })
    const box = notice('warning', text)
    const confirm = choice(
      'checkbox',
      'only-valid',
      'yes',
      tes('es.import.onlyValid.confirm', { valid: validRows.length, failed: failed.length }),
    )
    const confirmMessage = h('div', { role: 'alert', class: 'bb-ev-inline-alert' })
    const partial = button(tes('es.import.commitValid'), {}, 'secondary')
    partial.addEventListener('click', () => {
      if (!confirm.input.checked) {
        confirmMessage.replaceChildren(paragraph(tes('es.import.onlyValid.tick')))
        confirm.input.focus()
        return
      }
      void runCommit(validRows, importId)
    })
    replaceChildren(
      slot,
      box,
      reportTable(failed),
      paragraph(reportDownload(all)),
      heading(3, tes('es.import.next')),
      paragraph(tes('es.import.fix')),
      validRows.length > 0 &&
        h(
          'div',
          { class: 'bb-ev-only-valid' },
          paragraph(tes('es.import.onlyValid')),
          confirm.element,
          confirmMessage,
          h('div', { class: 'bb-actions' }, partial),
        ),
    )
    announce(text)
    box.focus()
  }

  // --- step 4: import ---
  const runCommit = async (rows: ImportRow[], importId: string) => {
    clearFrom(commitSlot)
    const progress = progressBlock(tes('es.import.importing'))
    const resultSlot = h('div')
    commitSlot.replaceChildren(section('import-step-4', tes('es.import.step4'), progress.element, resultSlot))
    focusStep(commitSlot)
    const results = new Map<number, ImportRowResult>()
    const attempt = async () => {
      resultSlot.replaceChildren()
      try {
        await send(rows, 'commit', importId, progress, results)
      } catch (error) {
        const retry = button(tes('es.import.retry'))
        retry.addEventListener('click', () => void attempt())
        const box = notice('error', `${errorText(error)} ${tes('es.import.retryHint')}`)
        resultSlot.replaceChildren(box, h('div', { class: 'bb-actions' }, retry))
        box.focus()
        return
      }
      const all = [...results.values()]
      const imported = all.filter((r) => r.status === 'imported')
      const failed = all.filter((r) => r.status === 'failed')
      const participants = new Set(imported.map((r) => r.participantId)).size
      const text = tes('es.import.done', { rows: imported.length, participants })
      const box = notice(failed.length > 0 ? 'warning' : 'ok', text)
      showNotice(resultSlot, box)
      append(resultSlot, [
        failed.length > 0 && [
          paragraph(tes('es.import.doneFailed', { count: failed.length })),
          reportTable(failed),
          paragraph(reportDownload(all)),
        ],
        h(
          'ul',
          { class: 'bb-ev-links', role: 'list' },
          h('li', null, link(eventPath(event.id, 'deelnemers'), tes('es.hub.participants'))),
          h('li', null, link(eventPath(event.id), tes('es.backTo', { name: event.name }))),
        ),
      ])
      announce(text)
    }
    await attempt()
  }

  const content = h(
    'div',
    { class: 'bb-ev-import' },
    backToEvent(event),
    pageHeading(tes('es.import.title')),
    paragraph(tes('es.import.lead'), { lead: true }),
    section(
      'import-step-1',
      tes('es.import.step1'),
      paragraph(tes('es.import.step1.lead')),
      paragraph(downloadLink(template, tes('es.import.template.file'), tes('es.import.template'))),
      h('div', { class: 'bb-form bb-narrow-page' }, fileField.element),
      fileSlot,
    ),
    mappingSlot,
    checkSlot,
    commitSlot,
  )
  return { title: tes('es.import.title'), content }
}
