import type { BeursEvent, CreateEventBody } from '../../../../shared/schemas/event'
import { isBroker, isCoordinator, signedInMember } from '../../auth'
import { eventStatusLabel } from '../../components/event-parts'
import {
  apiForm,
  buttonLink,
  controlField,
  dataList,
  type Field,
  link,
  pageHeading,
  paragraph,
  showFormProblem,
  submitButton,
  textbox,
} from '../../components/ui'
import { type Child, h } from '../../dom'
import { eventApi } from '../../event-api'
import { formatDate } from '../../format'
import { t } from '../../i18n'
import { tes } from '../../i18n/events-setup'
import { navigate, type Page } from '../../router'
import { loadContext } from '../../session'
import { errorText } from '../failure'

// --- small pieces the set-up pages share (this module is loaded with each of them) -----------------

/** `/beursvloer/<id>` and the pages under it. */
export function eventPath(eventId: string, sub?: string): string {
  return `/beursvloer/${encodeURIComponent(eventId)}${sub ? `/${sub}` : ''}`
}

/** Staff work on events as themselves: a broker or coordinator (also while acting for a resident, calls go as self). */
export function isEventStaff(): boolean {
  return isBroker(signedInMember())
}

export function isEventCoordinator(): boolean {
  return isCoordinator(signedInMember())
}

/** A fieldset with a legend and a hint, as the other forms group their fields. */
export function group(legend: string, hint: string | null, ...children: Child[]): HTMLFieldSetElement {
  return h(
    'fieldset',
    { class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset bb-group' },
    h(
      'legend',
      { class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend bb-group__legend' },
      legend,
    ),
    hint && h('p', { class: 'utrecht-form-field-description' }, hint),
    children,
  )
}

/** "14:00 – 17:00" */
export function floorTimes(event: Pick<BeursEvent, 'floorStart' | 'floorEnd'>): string {
  return tes('es.times', { start: event.floorStart, end: event.floorEnd })
}

/** The status as a word on a calm colour. */
export function statusBadge(event: Pick<BeursEvent, 'status'>): HTMLSpanElement {
  return h('span', { class: `bb-badge bb-ev-status bb-ev-status--${event.status}` }, eventStatusLabel(event.status))
}

/** Date, time, place and status. */
export function eventFacts(event: BeursEvent): HTMLDListElement {
  return dataList([
    [tes('es.date'), formatDate(event.date)],
    [tes('es.floor'), floorTimes(event)],
    [tes('es.place'), event.place],
    [tes('es.status'), statusBadge(event)],
  ])
}

/** "Terug naar de Beursvloer" above a sub-page. */
export function backToEvent(event: Pick<BeursEvent, 'id' | 'name'>): HTMLParagraphElement {
  return h('p', { class: 'bb-back' }, link(eventPath(event.id), tes('es.backTo', { name: event.name })))
}

/** The text inputs of an event's details, shared by "new" and the set-up page. */
export function detailFields(values: Partial<Pick<BeursEvent, 'name' | 'date' | 'place' | 'floorStart' | 'floorEnd'>>) {
  const name = textbox({ name: 'name', autocomplete: 'off', maxlength: 120, value: values.name ?? '' })
  const date = textbox({ name: 'date', type: 'date', value: values.date ?? '' })
  date.classList.add('bb-narrow')
  const place = textbox({ name: 'place', autocomplete: 'off', maxlength: 200, value: values.place ?? '' })
  const floorStart = textbox({ name: 'floorStart', type: 'time', value: values.floorStart ?? '' })
  const floorEnd = textbox({ name: 'floorEnd', type: 'time', value: values.floorEnd ?? '' })
  floorStart.classList.add('bb-narrow')
  floorEnd.classList.add('bb-narrow')
  const fields: Field[] = [
    controlField({ path: 'name', label: tes('es.name'), hint: tes('es.name.hint') }, name),
    controlField({ path: 'date', label: tes('es.date') }, date),
    controlField({ path: 'place', label: tes('es.place'), hint: tes('es.place.hint') }, place),
    controlField({ path: 'floorStart', label: tes('es.floorStart') }, floorStart),
    controlField({ path: 'floorEnd', label: tes('es.floorEnd') }, floorEnd),
  ]
  const read = () => ({
    name: name.value.trim(),
    date: date.value,
    place: place.value.trim(),
    floorStart: floorStart.value,
    floorEnd: floorEnd.value,
  })
  return { fields, read }
}

// --- the pages ---------------------------------------------------------------------------------

function eventItem(event: BeursEvent): HTMLLIElement {
  return h(
    'li',
    { class: 'bb-ev-item' },
    h('h2', { class: 'utrecht-heading-3 bb-ev-item__name' }, link(eventPath(event.id), event.name)),
    h('p', { class: 'bb-ev-item__meta' }, `${formatDate(event.date)}, ${floorTimes(event)}`),
    h('p', { class: 'bb-ev-item__meta' }, event.place),
    h('p', { class: 'bb-ev-item__meta' }, statusBadge(event)),
  )
}

/** `/beursvloer`: the community's Beursvloer events, newest first. */
export const eventsPage: Page = async () => {
  const { community } = await loadContext()
  const { items } = await eventApi.list(community.id)
  const events = [...items].sort((a, b) => b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt))
  const content = h(
    'div',
    null,
    pageHeading(tes('es.title')),
    paragraph(tes('es.list.lead'), { lead: true }),
    isEventCoordinator() && h('div', { class: 'bb-actions' }, buttonLink('/beursvloer/nieuw', tes('es.new.title'))),
    events.length > 0
      ? h('ul', { class: 'bb-ev-list', role: 'list' }, events.map(eventItem))
      : h(
          'div',
          { class: 'bb-empty' },
          paragraph(tes('es.list.empty')),
          isEventCoordinator() && paragraph(tes('es.list.emptyCoordinator')),
        ),
  )
  return {
    title: tes('es.title'),
    content,
    announcement: tes('es.list.count', { count: events.length }),
  }
}

/** `/beursvloer/nieuw`: a coordinator starts a Beursvloer; the set-up page comes next. */
export const newEventPage: Page = async ({ announce }) => {
  const { community } = await loadContext()
  const summarySlot = h('div')
  const details = detailFields({ floorStart: '16:00', floorEnd: '18:30' })
  const submit = submitButton(tes('es.new.submit'))
  const form = apiForm(
    submit,
    async () => {
      const body: Partial<CreateEventBody> = details.read()
      try {
        const event = await eventApi.create(community.id, body)
        await navigate(`${eventPath(event.id, 'instellen')}?nieuw=1`)
      } catch (error) {
        const count = showFormProblem(summarySlot, details.fields, error, errorText(error))
        if (count > 0) announce(t('form.errors.announce', { count }))
      }
    },
    summarySlot,
    details.fields.map((field) => field.element),
    h('div', { class: 'bb-actions' }, submit),
  )
  const content = h(
    'div',
    { class: 'bb-narrow-page' },
    h('p', { class: 'bb-back' }, link('/beursvloer', tes('es.toList'))),
    pageHeading(tes('es.new.title')),
    paragraph(tes('es.new.lead'), { lead: true }),
    form,
  )
  return { title: tes('es.new.title'), content }
}
