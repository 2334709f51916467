import type { LocalizedText } from '../../../../shared/schemas/common'
import type { Community } from '../../../../shared/schemas/community'
import type { BeursEvent, Corner, UpdateEventBody } from '../../../../shared/schemas/event'
import type { MemberDetails } from '../../../../shared/schemas/member'
import type { ValuationRule } from '../../../../shared/schemas/valuation'
import type { EventStatus, ValuationMethod } from '../../../../shared/schemas/vocabulary'
import { ApiError, api } from '../../api'
import { saveCommunitySettings } from '../../components/community-settings'
import { formatEuros } from '../../components/event-parts'
import {
  apiForm,
  applyErrors,
  button,
  choice,
  controlField,
  errorSummary,
  type Field,
  fieldsetField,
  heading,
  link,
  notice,
  pageHeading,
  paragraph,
  select,
  showFormProblem,
  showNotice,
  submitButton,
  textbox,
} from '../../components/ui'
import { type Child, h, uid } from '../../dom'
import { eventApi } from '../../event-api'
import { t } from '../../i18n'
import { tes } from '../../i18n/events-setup'
import { getLanguage, localized } from '../../i18n/index'
import type { Page } from '../../router'
import { loadContext } from '../../session'
import { errorText } from '../failure'
import { backToEvent, detailFields, eventPath, group } from './list'

const statuses: EventStatus[] = ['draft', 'open', 'live', 'closed']
const methods: ValuationMethod[] = ['hours', 'stated', 'fixed']
const maxCorners = 20
const maxRules = 30

/** A slug (`slugSchema`) from a name: "Groen & Duurzaam" → "groen-duurzaam"; `fallback` when nothing is left. */
function slugFrom(text: string, taken: Set<string>, fallback: string): string {
  const base =
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 50) || fallback
  let slug = base
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`
  return slug
}

/** Euros as typed ("25", "12,50", "€ 1.250") in cents; null when empty, NaN when it is not an amount. */
export function readEuros(text: string): number | null {
  const s = text.replace(/€|euro?/gi, '').replace(/\s/g, '')
  if (!s) return null
  let plain = s
  if (s.includes(',')) plain = s.replace(/\./g, '').replace(',', '.')
  else if (/^\d{1,3}(\.\d{3})+$/.test(s)) plain = s.replace(/\./g, '')
  if (!/^\d+(\.\d{1,2})?$/.test(plain)) return Number.NaN
  return Math.round(Number(plain) * 100)
}

/** Cents as people type euros: "25" or "12,50" (English "12.50"). */
function euroInputValue(cents: number | null): string {
  if (cents === null) return ''
  const euros = cents / 100
  const text = cents % 100 === 0 ? String(euros) : euros.toFixed(2)
  return getLanguage() === 'en' ? text : text.replace('.', ',')
}

function euroInput(name: string, cents: number | null): HTMLInputElement {
  const input = textbox({ name, inputmode: 'decimal', autocomplete: 'off', value: euroInputValue(cents) })
  input.classList.add('bb-narrow')
  return input
}

/** A name typed in both languages, as the interface shows it (the other language while one is empty). */
function shownName(nl: HTMLInputElement, en: HTMLInputElement): string {
  const [first, second] = getLanguage() === 'en' ? [en, nl] : [nl, en]
  return first.value.trim() || second.value.trim()
}

/** What went wrong before anything was sent: shown like the API's own errors. */
function showLocalProblems(slot: HTMLElement, fields: Field[], problems: { path: string; message: string }[]) {
  const items = applyErrors(fields, problems)
  const summary = errorSummary(tes('es.form.check'), items)
  slot.replaceChildren(summary)
  summary.focus()
}

// --- the valuation rules editor (the event's rules and the community's) -------------------------------

interface CornerChoice {
  id: string
  name: LocalizedText
}

interface RuleRow {
  id: string | null
  element: HTMLElement
  fields: Field[]
  /** The rule as filled in, or the problems with what was typed. */
  read: (taken: Set<string>) => { rule: ValuationRule; problems: { field: Field; message: string }[] }
  setPaths: (prefix: string) => void
}

function ruleRow(rule: ValuationRule | null, corners: CornerChoice[], onRemove: (row: RuleRow) => void): RuleRow {
  const key = uid('rule')
  const nameNl = textbox({ name: `${key}-nl`, autocomplete: 'off', maxlength: 80, value: rule?.name.nl ?? '' })
  const nameEn = textbox({ name: `${key}-en`, autocomplete: 'off', maxlength: 80, value: rule?.name.en ?? '' })
  nameEn.lang = 'en'
  const method = select(
    methods.map((m) => ({ value: m, label: tes(`es.rule.method.${m}`), selected: (rule?.method ?? 'hours') === m })),
    { name: `${key}-method` },
  )
  const cornerOptions = [{ value: '', label: tes('es.rule.anyCorner'), selected: !rule?.resourceType }]
  for (const corner of corners) {
    cornerOptions.push({ value: corner.id, label: localized(corner.name), selected: rule?.resourceType === corner.id })
  }
  if (rule?.resourceType && !corners.some((c) => c.id === rule.resourceType)) {
    cornerOptions.push({ value: rule.resourceType, label: rule.resourceType, selected: true })
  }
  const corner = select(cornerOptions, { name: `${key}-corner` })
  const rate = euroInput(`${key}-rate`, rule && rule.method !== 'stated' ? rule.rateCents : null)
  const cap = euroInput(`${key}-cap`, rule?.capCents ?? null)
  const source = textbox({ name: `${key}-source`, autocomplete: 'off', maxlength: 200, value: rule?.source ?? '' })

  const nameNlField = controlField({ path: 'name.nl', label: tes('es.rule.nameNl') }, nameNl)
  const nameEnField = controlField({ path: 'name.en', label: tes('es.rule.nameEn') }, nameEn)
  const methodField = controlField({ path: 'method', label: tes('es.rule.method') }, method)
  const cornerField = controlField(
    { path: 'resourceType', label: tes('es.rule.corner'), hint: tes('es.rule.corner.hint') },
    corner,
  )
  const rateField = controlField({ path: 'rateCents', label: tes('es.rule.rate.hours') }, rate)
  const capField = controlField(
    { path: 'capCents', label: tes('es.rule.cap'), hint: tes('es.rule.cap.hint'), optional: true },
    cap,
  )
  const sourceField = controlField(
    { path: 'source', label: tes('es.rule.source'), hint: tes('es.rule.source.hint') },
    source,
  )
  const fields = [nameNlField, nameEnField, methodField, cornerField, rateField, capField, sourceField]

  const example = h('p', { class: 'bb-ev-example' })
  const legend = h('legend', {
    class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend bb-group__legend',
  })
  const rateLabel = rateField.element.querySelector('label')
  const update = () => {
    const m = method.value as ValuationMethod
    rateField.element.hidden = m === 'stated'
    capField.element.hidden = m !== 'stated'
    if (rateLabel) rateLabel.textContent = tes(m === 'fixed' ? 'es.rule.rate.fixed' : 'es.rule.rate.hours')
    const name = shownName(nameNl, nameEn)
    legend.textContent = name ? tes('es.rule.legend', { name }) : tes('es.rule.new')
    const rateCents = readEuros(rate.value)
    const capCents = readEuros(cap.value)
    if (m === 'hours') {
      example.textContent =
        rateCents === null || Number.isNaN(rateCents)
          ? tes('es.rule.example.missing')
          : tes('es.rule.example.hours', { rate: formatEuros(rateCents), total: formatEuros(rateCents * 3) })
    } else if (m === 'fixed') {
      example.textContent =
        rateCents === null || Number.isNaN(rateCents)
          ? tes('es.rule.example.missing')
          : tes('es.rule.example.fixed', { total: formatEuros(rateCents) })
    } else {
      const stated = 20_000
      example.textContent =
        capCents === null || Number.isNaN(capCents)
          ? tes('es.rule.example.stated', { stated: formatEuros(stated), total: formatEuros(stated) })
          : tes('es.rule.example.statedCapped', {
              stated: formatEuros(stated),
              cap: formatEuros(capCents),
              total: formatEuros(Math.min(stated, capCents)),
            })
    }
  }
  for (const control of [nameNl, nameEn, method, rate, cap]) control.addEventListener('input', update)
  method.addEventListener('change', update)

  const remove = button(tes('es.rule.remove'), {}, 'secondary')
  const element = h(
    'fieldset',
    { class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset bb-group bb-ev-rule' },
    legend,
    fields.map((field) => field.element),
    h('p', { class: 'bb-ev-example__label' }, tes('es.rule.example')),
    example,
    h('div', { class: 'bb-actions' }, remove),
  )
  const row: RuleRow = {
    id: rule?.id ?? null,
    element,
    fields,
    setPaths: (prefix) => {
      const names = ['name.nl', 'name.en', 'method', 'resourceType', 'rateCents', 'capCents', 'source']
      fields.forEach((field, index) => {
        field.path = `${prefix}.${names[index]}`
      })
    },
    read: (taken) => {
      const problems: { field: Field; message: string }[] = []
      const m = method.value as ValuationMethod
      let rateCents = 0
      let capCents: number | null = null
      if (m !== 'stated') {
        const value = readEuros(rate.value)
        if (value === null) problems.push({ field: rateField, message: tes('es.rule.rate.required') })
        else if (Number.isNaN(value)) problems.push({ field: rateField, message: tes('es.rule.euros.invalid') })
        else rateCents = value
      } else {
        const value = readEuros(cap.value)
        if (value !== null && Number.isNaN(value)) {
          problems.push({ field: capField, message: tes('es.rule.euros.invalid') })
        } else capCents = value
      }
      const id = row.id ?? slugFrom(nameNl.value, taken, 'regel')
      return {
        rule: {
          id,
          name: { nl: nameNl.value.trim(), en: nameEn.value.trim() },
          method: m,
          resourceType: corner.value || null,
          rateCents,
          capCents,
          source: source.value.trim(),
        },
        problems,
      }
    },
  }
  remove.addEventListener('click', () => onRemove(row))
  update()
  return row
}

export interface RulesEditor {
  element: HTMLElement
  /** The fields as they are now, with the API's paths under `prefix`. */
  fields: () => Field[]
  read: () => { rules: ValuationRule[]; problems: { path: string; message: string }[] }
  /** After saving: new rules keep the ids they were saved with. */
  saved: (rules: ValuationRule[]) => void
}

/** The valuation rules as a list of small forms: add, change, remove; each with a worked example. */
export function rulesEditor(options: {
  rules: ValuationRule[]
  corners: CornerChoice[]
  prefix: string
  announce: (text: string) => void
}): RulesEditor {
  const rows: RuleRow[] = []
  const list = h('div', { class: 'bb-ev-rules' })
  const add = button(tes('es.rule.add'), {}, 'secondary')
  // The action row carries `hidden` (a button's own display would show it anyway).
  const addBox = h('div', { class: 'bb-actions' }, add)
  const remove = (row: RuleRow) => {
    const index = rows.indexOf(row)
    if (index === -1) return
    rows.splice(index, 1)
    row.element.remove()
    addBox.hidden = rows.length >= maxRules
    add.focus()
    options.announce(tes('es.rule.removed'))
  }
  const append = (rule: ValuationRule | null) => {
    const row = ruleRow(rule, options.corners, remove)
    rows.push(row)
    list.append(row.element)
    addBox.hidden = rows.length >= maxRules
    return row
  }
  for (const rule of options.rules) append(rule)
  add.addEventListener('click', () => {
    const row = append(null)
    row.fields[0]?.focusTarget().focus()
  })
  const setPaths = () => {
    rows.forEach((row, index) => {
      row.setPaths(`${options.prefix}.${index}`)
    })
  }
  const listField: Field = {
    path: options.prefix,
    label: tes('es.rules.title'),
    element: list,
    focusTarget: () => rows[0]?.fields[0]?.focusTarget() ?? add,
    setError: () => {},
  }
  return {
    element: h('div', null, list, addBox),
    fields: () => {
      setPaths()
      return [...rows.flatMap((row) => row.fields), listField]
    },
    read: () => {
      setPaths()
      const taken = new Set(rows.flatMap((row) => (row.id ? [row.id] : [])))
      const rules: ValuationRule[] = []
      const problems: { path: string; message: string }[] = []
      for (const row of rows) {
        const result = row.read(taken)
        taken.add(result.rule.id)
        rules.push(result.rule)
        for (const problem of result.problems) problems.push({ path: problem.field.path, message: problem.message })
      }
      if (rules.length === 0) problems.push({ path: options.prefix, message: tes('es.rules.none') })
      return { rules, problems }
    },
    saved: (rules) => {
      rows.forEach((row, index) => {
        row.id = rules[index]?.id ?? row.id
      })
    },
  }
}

// --- corners and hoekmannen ---------------------------------------------------------------------

interface CornerRow {
  id: string | null
  element: HTMLElement
  fields: Field[]
  read: (taken: Set<string>) => Corner
  setPaths: (prefix: string) => void
}

function cornerRow(corner: Corner | null, staff: MemberDetails[], onRemove: (row: CornerRow) => void): CornerRow {
  const key = uid('corner')
  const nameNl = textbox({ name: `${key}-nl`, autocomplete: 'off', maxlength: 80, value: corner?.name.nl ?? '' })
  const nameEn = textbox({ name: `${key}-en`, autocomplete: 'off', maxlength: 80, value: corner?.name.en ?? '' })
  nameEn.lang = 'en'
  const known = new Set(staff.map((m) => m.id))
  const people = [
    ...staff.map((member) => ({
      id: member.id,
      label: tes('es.corner.person', { name: member.displayName, role: tes(`es.role.${member.role}`) }),
    })),
    // Someone listed who is no longer staff stays visible, so saving does not drop them unseen.
    ...(corner?.hoekmannen ?? []).filter((id) => !known.has(id)).map((id) => ({ id, label: id })),
  ]
  const checks = people.map((person) =>
    choice('checkbox', `${key}-hoekman`, person.id, person.label, corner?.hoekmannen.includes(person.id) ?? false),
  )
  const nlField = controlField({ path: 'name.nl', label: tes('es.corner.nameNl') }, nameNl)
  const enField = controlField({ path: 'name.en', label: tes('es.corner.nameEn') }, nameEn)
  const hoekField = fieldsetField(
    { path: 'hoekmannen', label: tes('es.corner.hoekmannen'), hint: tes('es.corner.hoekmannen.hint') },
    () => checks.map((c) => c.input),
    people.length > 0
      ? h(
          'div',
          { class: 'bb-choice-grid' },
          checks.map((c) => c.element),
        )
      : paragraph(tes('es.corner.noStaff')),
  )
  const fields = [nlField, enField, hoekField]
  const legend = h('legend', {
    class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend bb-group__legend',
  })
  const update = () => {
    const name = shownName(nameNl, nameEn)
    legend.textContent = name ? tes('es.corner.legend', { name }) : tes('es.corner.new')
  }
  nameNl.addEventListener('input', update)
  nameEn.addEventListener('input', update)
  update()
  const remove = button(tes('es.corner.remove'), {}, 'secondary')
  const element = h(
    'fieldset',
    { class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset bb-group bb-ev-corner' },
    legend,
    fields.map((field) => field.element),
    h('div', { class: 'bb-actions' }, remove),
  )
  const row: CornerRow = {
    id: corner?.id ?? null,
    element,
    fields,
    setPaths: (prefix) => {
      nlField.path = `${prefix}.name.nl`
      enField.path = `${prefix}.name.en`
      hoekField.path = `${prefix}.hoekmannen`
    },
    read: (taken) => ({
      id: row.id ?? slugFrom(nameNl.value, taken, 'hoek'),
      name: { nl: nameNl.value.trim(), en: nameEn.value.trim() },
      hoekmannen: checks.filter((c) => c.input.checked).map((c) => c.input.value),
    }),
  }
  remove.addEventListener('click', () => onRemove(row))
  return row
}

function cornersEditor(options: {
  corners: Corner[]
  community: Community
  staff: MemberDetails[]
  announce: (text: string) => void
}) {
  const { community, staff } = options
  const standardIds = new Set(community.resourceTypes.map((r) => r.id))
  const rows: CornerRow[] = []
  const list = h('div', { class: 'bb-ev-corners' })
  const restoreBox = h('div', { class: 'bb-actions bb-ev-restore' })
  const add = button(tes('es.corner.add'), {}, 'secondary')
  // The action row carries `hidden` (a button's own display would show it anyway).
  const addBox = h('div', { class: 'bb-actions' }, add)
  const renderRestore = () => {
    const present = new Set(rows.map((row) => row.id))
    const missing = community.resourceTypes.filter((r) => !present.has(r.id))
    restoreBox.replaceChildren(
      ...missing.map((type) => {
        const restore = button(tes('es.corner.restore', { name: localized(type.name) }), {}, 'secondary')
        restore.addEventListener('click', () => {
          const row = append({ id: type.id, name: type.name, hoekmannen: [] })
          renderRestore()
          row.fields[2]?.focusTarget().focus()
        })
        return restore
      }),
    )
    restoreBox.hidden = missing.length === 0 || rows.length >= maxCorners
    addBox.hidden = rows.length >= maxCorners
  }
  const remove = (row: CornerRow) => {
    const index = rows.indexOf(row)
    if (index === -1) return
    rows.splice(index, 1)
    row.element.remove()
    renderRestore()
    add.focus()
    options.announce(tes('es.corner.removed'))
  }
  const append = (corner: Corner | null) => {
    const row = cornerRow(corner, staff, remove)
    rows.push(row)
    list.append(row.element)
    return row
  }
  for (const corner of options.corners) append(corner)
  renderRestore()
  add.addEventListener('click', () => {
    const row = append(null)
    renderRestore()
    row.fields[0]?.focusTarget().focus()
  })
  const setPaths = () => {
    rows.forEach((row, index) => {
      row.setPaths(`corners.${index}`)
    })
  }
  const listField: Field = {
    path: 'corners',
    label: tes('es.corners.title'),
    element: list,
    focusTarget: () => rows[0]?.fields[0]?.focusTarget() ?? add,
    setError: () => {},
  }
  return {
    element: h('div', null, list, addBox, restoreBox),
    fields: (): Field[] => {
      setPaths()
      return [...rows.flatMap((row) => row.fields), listField]
    },
    read: (): Corner[] => {
      setPaths()
      const taken = new Set([...standardIds, ...rows.flatMap((row) => (row.id ? [row.id] : []))])
      return rows.map((row) => {
        const corner = row.read(taken)
        taken.add(corner.id)
        return corner
      })
    },
    saved: (corners: Corner[]) => {
      rows.forEach((row, index) => {
        row.id = corners[index]?.id ?? row.id
      })
    },
  }
}

// --- the pages ---------------------------------------------------------------------------------

function statusField(current: EventStatus): { field: Field; read: () => EventStatus } {
  const choices = statuses.map((status) => {
    const option = choice('radio', 'status', status, tes(`es.status.${status}`), status === current)
    const hintId = uid('status-hint')
    option.input.setAttribute('aria-describedby', hintId)
    option.element.append(
      h(
        'p',
        { class: 'utrecht-form-field-description bb-ev-choice-hint', id: hintId },
        tes(`es.status.${status}.hint`),
      ),
    )
    return option
  })
  const field = fieldsetField(
    { path: 'status', label: tes('es.status.legend'), hint: tes('es.status.hint') },
    () => choices.map((c) => c.input),
    choices.map((c) => c.element),
  )
  return {
    field,
    read: () => (choices.find((c) => c.input.checked)?.input.value as EventStatus | undefined) ?? current,
  }
}

async function staffMembers(communityId: string): Promise<MemberDetails[]> {
  const [brokers, coordinators] = await Promise.all([
    api.listMembers(communityId, 'broker', null, 100),
    api.listMembers(communityId, 'coordinator', null, 100),
  ])
  return [...coordinators.items, ...brokers.items]
    .filter((member) => member.status === 'active')
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'nl'))
}

function section(id: string, title: string, lead: string | null, ...children: Child[]): HTMLElement {
  return h(
    'section',
    { class: 'bb-section', 'aria-labelledby': id },
    heading(2, title, { id }),
    lead && paragraph(lead),
    children,
  )
}

/**
 * `/beursvloer/<eventId>/instellen`: a coordinator sets the details and status, the corners with
 * their hoekmannen, and how the event's matches are valued. One save, with the event's version:
 * when someone else saved in between, nothing is overwritten.
 */
export const eventSetupPage: Page = async ({ params, query, announce }) => {
  const { community: cached } = await loadContext()
  const [event, community, staff] = await Promise.all([
    eventApi.get(cached.id, params.eventId ?? ''),
    api.community(cached.id),
    staffMembers(cached.id),
  ])
  let current: BeursEvent = event
  const path = eventPath(event.id, 'instellen')
  const justCreated = query.get('nieuw') === '1'
  // The notice is for this visit only, not for a reload.
  if (justCreated) history.replaceState(null, '', path)

  const summarySlot = h('div')
  const details = detailFields(event)
  const status = statusField(event.status)
  const corners = cornersEditor({ corners: event.corners, community, staff, announce })
  const rules = rulesEditor({
    rules: event.valuationRules,
    corners: event.corners,
    prefix: 'valuationRules',
    announce,
  })
  const allFields = () => [...details.fields, status.field, ...corners.fields(), ...rules.fields()]

  const submit = submitButton(tes('es.setup.submit'))
  const form = apiForm(
    submit,
    async () => {
      const valuation = rules.read()
      const cornerList = corners.read()
      const fields = allFields()
      if (valuation.problems.length > 0) {
        showLocalProblems(summarySlot, fields, valuation.problems)
        announce(t('form.errors.announce', { count: valuation.problems.length }))
        return
      }
      const body: UpdateEventBody = {
        ...details.read(),
        status: status.read(),
        corners: cornerList,
        valuationRules: valuation.rules,
        version: current.version,
      }
      try {
        current = await eventApi.update(current.communityId, current.id, body)
        corners.saved(current.corners)
        rules.saved(current.valuationRules)
        for (const field of fields) field.setError(null)
        const text = tes('es.setup.saved')
        showNotice(summarySlot, notice('ok', text))
        announce(text)
      } catch (error) {
        const count = showFormProblem(summarySlot, fields, error, errorText(error))
        if (count > 0) announce(t('form.errors.announce', { count }))
        if (error instanceof ApiError && error.code === 'EVENT_CHANGED') {
          summarySlot
            .querySelector('.utrecht-alert__message')
            ?.append(paragraph(tes('es.setup.changed')), paragraph(link(path, tes('es.setup.reload'))))
        }
      }
    },
    summarySlot,
    section(
      'setup-details',
      tes('es.setup.details'),
      null,
      group(
        tes('es.setup.details.legend'),
        null,
        details.fields.map((field) => field.element),
      ),
      status.field.element,
    ),
    section('setup-corners', tes('es.corners.title'), tes('es.corners.lead'), corners.element),
    section('setup-rules', tes('es.rules.title'), tes('es.rules.eventLead'), rules.element),
    h('div', { class: 'bb-actions bb-ev-save' }, submit),
  )

  const content = h(
    'div',
    { class: 'bb-narrow-page bb-ev-setup' },
    backToEvent(event),
    pageHeading(tes('es.setup.title', { name: event.name })),
    justCreated ? notice('ok', tes('es.setup.created')) : paragraph(tes('es.setup.lead'), { lead: true }),
    form,
  )
  return {
    title: tes('es.setup.title', { name: event.name }),
    content,
    announcement: justCreated ? tes('es.setup.created') : undefined,
  }
}

/** `/coordinator/waardering`: the community's valuation rules; each new Beursvloer starts with a copy. */
export const valuationPage: Page = async ({ announce }) => {
  const { community: cached } = await loadContext()
  // The latest version, not the one cached at sign-in: saving needs it.
  let community: Community = await api.community(cached.id)
  const summarySlot = h('div')
  const rules = rulesEditor({
    rules: community.valuationRules,
    corners: community.resourceTypes,
    prefix: 'rules',
    announce,
  })
  const submit = submitButton(tes('es.valuation.submit'))
  const form = apiForm(
    submit,
    async () => {
      const valuation = rules.read()
      const fields = rules.fields()
      if (valuation.problems.length > 0) {
        showLocalProblems(summarySlot, fields, valuation.problems)
        announce(t('form.errors.announce', { count: valuation.problems.length }))
        return
      }
      const saved = await saveCommunitySettings({
        save: () => eventApi.putValuationRules(community.id, valuation.rules, community.version),
        fields,
        summarySlot,
        announce,
        savedText: tes('es.valuation.saved'),
        reload: { path: '/coordinator/waardering', text: tes('es.setup.reload') },
      })
      if (saved) {
        community = saved
        rules.saved(saved.valuationRules)
      }
    },
    summarySlot,
    rules.element,
    h('div', { class: 'bb-actions bb-ev-save' }, submit),
  )
  const content = h(
    'div',
    { class: 'bb-narrow-page' },
    pageHeading(tes('es.valuation.title')),
    paragraph(tes('es.valuation.lead'), { lead: true }),
    paragraph(tes('es.valuation.events')),
    form,
  )
  return { title: tes('es.valuation.title'), content }
}
