import { centsFor } from '../../../../shared/domain/valuation-cents'
import type {
  BeursEvent,
  DealSideBody,
  EventBoard,
  EventItem,
  RecordEventMatchBody,
} from '../../../../shared/schemas/event'
import type { ValuationInput, ValuationRule } from '../../../../shared/schemas/valuation'
import { ApiError } from '../../api'
import { signedInMember } from '../../auth'
import { formatEuros } from '../../components/event-parts'
import {
  alert,
  apiForm,
  button,
  choice,
  controlField,
  type Field,
  fieldsetField,
  link,
  pageHeading,
  paragraph,
  select,
  showFormProblem,
  submitButton,
  textbox,
} from '../../components/ui'
import { h, uid } from '../../dom'
import { eventApi } from '../../event-api'
import { tf } from '../../i18n/events-floor'
import { localized } from '../../i18n/index'
import type { Page } from '../../router'
import { loadContext } from '../../session'
import { errorText } from '../failure'
import { backToEvent, eventPath } from './list'

/** Refused because someone else was first: the board is read again so the taken item disappears. */
const takenCodes = new Set(['OFFER_FULL', 'NEED_MATCHED', 'EVENT_MATCH_EXISTS'])
const newItem = '__new__'

/** The value of one give, as the server will count it (same arithmetic), with its inputs. */
interface GiveInputs {
  element: HTMLElement
  fields: Field[]
  read: () => { what: string; valuation: ValuationInput }
  setCorner: (cornerId: string) => void
  setWhat: (text: string) => void
  cents: () => number | null
}

function giveInputs(event: BeursEvent, prefix: string, legend: string, onChange: () => void): GiveInputs {
  const key = uid(prefix)
  const what = textbox({ name: `${key}-what`, autocomplete: 'off', maxlength: 300 })
  const rules = select(
    event.valuationRules.map((r) => ({ value: r.id, label: localized(r.name) })),
    { name: `${key}-rule` },
  )
  const hours = textbox({ name: `${key}-hours`, inputmode: 'decimal', autocomplete: 'off', value: '1' })
  const people = textbox({ name: `${key}-people`, inputmode: 'numeric', autocomplete: 'off', value: '1' })
  const stated = textbox({ name: `${key}-stated`, inputmode: 'decimal', autocomplete: 'off' })
  const output = h('output', { class: 'bb-ev-value', 'aria-live': 'polite' })
  const number = (input: HTMLInputElement) => {
    const value = Number(input.value.replace(',', '.'))
    return input.value.trim() === '' || !Number.isFinite(value) ? undefined : value
  }
  const rule = (): ValuationRule | undefined => event.valuationRules.find((r) => r.id === rules.value)
  const inputs = (): Omit<ValuationInput, 'ruleId'> => {
    const method = rule()?.method
    const h1 = number(hours)
    const p1 = number(people)
    const s1 = number(stated)
    return method === 'hours'
      ? { ...(h1 === undefined ? {} : { hours: h1 }), ...(p1 === undefined ? {} : { people: Math.round(p1) }) }
      : method === 'stated'
        ? s1 === undefined
          ? {}
          : { statedCents: Math.round(s1 * 100) }
        : {}
  }
  const fields = [
    controlField({ path: `${prefix}.what`, label: tf('ef.floor.what') }, what),
    controlField({ path: `${prefix}.valuation.ruleId`, label: tf('ef.floor.rule') }, rules),
    controlField({ path: `${prefix}.valuation.hours`, label: tf('ef.floor.hours') }, hours),
    controlField({ path: `${prefix}.valuation.people`, label: tf('ef.floor.people') }, people),
    controlField({ path: `${prefix}.valuation.statedCents`, label: tf('ef.floor.stated') }, stated),
  ]
  const [, , hoursField, peopleField, statedField] = fields
  const cents = () => {
    const r = rule()
    return r ? centsFor(r, inputs()) : null
  }
  const refresh = () => {
    const method = rule()?.method
    hoursField?.element.toggleAttribute('hidden', method !== 'hours')
    peopleField?.element.toggleAttribute('hidden', method !== 'hours')
    statedField?.element.toggleAttribute('hidden', method !== 'stated')
    const value = cents()
    output.textContent =
      value === null ? tf('ef.floor.valueMissing') : tf('ef.floor.value', { trace: formatEuros(value) })
    onChange()
  }
  for (const control of [rules, hours, people, stated]) control.addEventListener('input', refresh)
  rules.addEventListener('change', refresh)
  refresh()
  return {
    element: h('fieldset', { class: 'bb-fieldset' }, h('legend', {}, legend), ...fields.map((f) => f.element), output),
    fields,
    read: () => ({ what: what.value, valuation: { ruleId: rules.value, ...inputs() } }),
    setCorner: (cornerId) => {
      const preferred =
        event.valuationRules.find((r) => r.resourceType === cornerId) ??
        event.valuationRules.find((r) => r.resourceType === null)
      if (preferred) rules.value = preferred.id
      refresh()
    },
    setWhat: (text) => {
      what.value = text
    },
    cents,
  }
}

export const floorPage: Page = async ({ params, query, announce }) => {
  const { community } = await loadContext()
  const eventId = params.eventId ?? ''
  const [event, firstBoard] = await Promise.all([
    eventApi.get(community.id, eventId),
    eventApi.board(community.id, eventId),
  ])
  let board: EventBoard = firstBoard
  const title = tf('ef.floor.title')
  const container = h('div', { class: 'bb-narrow-page bb-ev-floor' }, backToEvent(event), pageHeading(title))
  if (event.status !== 'live' && event.status !== 'closed') {
    container.append(paragraph(tf('ef.floor.closed')))
    return { title, content: container }
  }
  const me = signedInMember()
  // The hoekman's own corners first.
  const corners = [...event.corners].sort(
    (a, b) => Number(b.hoekmannen.includes(me?.id ?? '')) - Number(a.hoekmannen.includes(me?.id ?? '')),
  )
  const itemById = () => new Map(board.items.map((i) => [i.id, i]))
  const wantedNeed = query.get('need')
  const wantedOffer = query.get('offer')
  const startCorner = itemById().get(wantedNeed ?? '')?.cornerId ?? corners[0]?.id ?? ''

  const summarySlot = h('div')
  const resultSlot = h('div', { 'aria-live': 'polite' })
  const corner = select(
    corners.map((c) => ({
      value: c.id,
      label: c.hoekmannen.includes(me?.id ?? '') ? `${localized(c.name)} (${tf('ef.floor.mine')})` : localized(c.name),
    })),
    { name: 'corner' },
  )
  corner.value = startCorner
  const participantName = (id: string) => board.participants.find((p) => p.id === id)?.name ?? ''
  const sidePicker = (kind: 'need' | 'offer') => {
    const list = select([], { name: kind })
    const participant = select([], { name: `${kind}-participant` })
    const typed = textbox({ name: `${kind}-title`, autocomplete: 'off', maxlength: 120 })
    const listField = controlField(
      { path: kind, label: tf(kind === 'need' ? 'ef.floor.need' : 'ef.floor.offer') },
      list,
    )
    const participantField = controlField(
      { path: `${kind}.participantId`, label: tf('ef.floor.participant') },
      participant,
    )
    const typedField = controlField({ path: `${kind}.title`, label: tf('ef.floor.newTitle') }, typed)
    const fill = () => {
      const open = board.items.filter((i) => i.kind === kind && i.cornerId === corner.value && i.matched < i.quantity)
      const keep = list.value
      list.replaceChildren(
        h('option', { value: '' }, tf('ef.floor.choose')),
        ...open.map((i) =>
          h(
            'option',
            { value: i.id },
            tf('ef.floor.left', { name: participantName(i.participantId), title: i.title, n: i.quantity - i.matched }),
          ),
        ),
        h('option', { value: newItem }, tf('ef.floor.typeNew')),
      )
      if ([...list.options].some((o) => o.value === keep)) list.value = keep
      participant.replaceChildren(
        h('option', { value: '' }, tf('ef.floor.choose')),
        ...[...board.participants]
          .sort((a, b) => a.name.localeCompare(b.name))
          .map((p) => h('option', { value: p.id }, p.name)),
      )
      toggle()
    }
    const toggle = () => {
      const typing = list.value === newItem
      participantField.element.toggleAttribute('hidden', !typing)
      typedField.element.toggleAttribute('hidden', !typing)
    }
    list.addEventListener('change', toggle)
    const read = (): DealSideBody | null => {
      if (list.value === newItem) return { participantId: participant.value, title: typed.value }
      return list.value ? { itemId: list.value } : null
    }
    return {
      fields: [listField, participantField, typedField],
      list,
      fill,
      read,
      item: (): EventItem | undefined => itemById().get(list.value),
    }
  }
  const need = sidePicker('need')
  const offer = sidePicker('offer')
  const total = h('p', { class: 'bb-ev-total' })
  // The gives call back while they are being built: the total waits until both exist.
  let ready = false
  const showTotal = () => {
    if (!ready) return
    const a = offerGives.cents()
    const b = backYes.input.checked ? backGives.cents() : 0
    total.textContent = a === null || b === null ? '' : `${tf('ef.form.total')}: ${formatEuros(a + b)}`
  }
  const offerGives = giveInputs(event, 'offerGives', tf('ef.floor.offerGives'), () => showTotal())
  const backGives = giveInputs(event, 'needGives', tf('ef.floor.backGives'), () => showTotal())
  const backKey = uid('back')
  const backYes = choice('radio', backKey, 'yes', tf('ef.floor.back.yes'), false)
  const backNo = choice('radio', backKey, 'no', tf('ef.floor.back.no'), false)
  ready = true
  const backField = fieldsetField(
    { path: 'needGives', label: tf('ef.floor.back'), hint: tf('ef.floor.back.hint') },
    () => [backYes.input, backNo.input],
    [backYes.element, backNo.element],
  )
  const showBack = () => {
    backGives.element.toggleAttribute('hidden', !backYes.input.checked)
    showTotal()
  }
  backYes.input.addEventListener('change', showBack)
  backNo.input.addEventListener('change', showBack)
  const when = textbox({ name: 'when', autocomplete: 'off', maxlength: 200 })
  const whenField = controlField({ path: 'when', label: tf('ef.floor.when'), hint: tf('ef.floor.when.hint') }, when)
  const agree = choice('checkbox', 'agree', 'yes', tf('ef.floor.agree'), false)
  const agreeField = fieldsetField({ path: 'confirmedByBoth', label: tf('ef.floor.agree') }, () => [agree.input], [
    agree.element,
  ])
  const cornerField = controlField({ path: 'cornerId', label: tf('ef.floor.corner') }, corner)

  const onCorner = () => {
    need.fill()
    offer.fill()
    offerGives.setCorner(corner.value)
    backGives.setCorner(corner.value)
  }
  corner.addEventListener('change', onCorner)
  offer.list.addEventListener('change', () => {
    const item = offer.item()
    if (item) offerGives.setWhat(item.title)
  })
  onCorner()
  if (wantedNeed && board.items.some((i) => i.id === wantedNeed)) need.list.value = wantedNeed
  if (wantedOffer && board.items.some((i) => i.id === wantedOffer)) {
    offer.list.value = wantedOffer
    offerGives.setWhat(offer.item()?.title ?? '')
  }
  showBack()

  const fields: Field[] = [
    cornerField,
    ...need.fields,
    ...offer.fields,
    ...offerGives.fields,
    backField,
    ...backGives.fields,
    whenField,
    agreeField,
  ]
  const reload = async () => {
    board = await eventApi.board(community.id, eventId)
    need.fill()
    offer.fill()
  }
  const submit = submitButton(tf('ef.floor.submit'))
  const form = apiForm(
    submit,
    async () => {
      resultSlot.replaceChildren()
      const body = {
        need: need.read(),
        offer: offer.read(),
        cornerId: corner.value,
        offerGives: offerGives.read(),
        needGives: backYes.input.checked ? backGives.read() : backNo.input.checked ? null : undefined,
        when: when.value,
        confirmedByBoth: agree.input.checked ? true : undefined,
      }
      try {
        const summary = await eventApi.recordMatch(community.id, eventId, body as RecordEventMatchBody)
        summarySlot.replaceChildren()
        for (const field of fields) field.setError(null)
        const done = tf('ef.floor.done', {
          need: summary.deal.need.name,
          offer: summary.deal.offer.name,
          euros: formatEuros(summary.deal.totalCents),
        })
        const next = button(
          tf('ef.floor.next'),
          {
            onclick: () => {
              form.reset()
              corner.value = summary.deal.cornerId
              onCorner()
              showBack()
              resultSlot.replaceChildren()
              need.list.focus()
            },
          },
          'secondary',
        )
        resultSlot.replaceChildren(
          alert(
            'ok',
            paragraph(done),
            h(
              'p',
              { class: 'bb-actions' },
              link(
                eventPath(eventId, `matches/${encodeURIComponent(summary.matchId)}/formulier`),
                tf('ef.floor.print'),
              ),
              ' ',
              next,
            ),
          ),
        )
        announce(done)
        await reload()
      } catch (error) {
        if (error instanceof ApiError && takenCodes.has(error.code)) {
          const box = alert('error', paragraph(tf('ef.floor.taken', { message: error.message })))
          box.tabIndex = -1
          summarySlot.replaceChildren(box)
          box.focus()
          await reload()
          return
        }
        showFormProblem(summarySlot, fields, error, errorText(error))
      }
    },
    cornerField.element,
    ...need.fields.map((f) => f.element),
    ...offer.fields.map((f) => f.element),
    offerGives.element,
    backField.element,
    backGives.element,
    whenField.element,
    agreeField.element,
    total,
    h('p', { class: 'bb-actions' }, submit),
  )
  container.append(
    paragraph(tf('ef.floor.lead'), { lead: true }),
    summarySlot,
    resultSlot,
    form,
    h(
      'p',
      { class: 'bb-actions' },
      link(eventPath(eventId, 'voorstellen'), tf('ef.floor.toProposals')),
      ' ',
      link(eventPath(eventId, 'matches'), tf('ef.floor.toMatches')),
    ),
  )
  return { title, content: container }
}
