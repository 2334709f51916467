import type {
  BeursEvent,
  EventItemBody,
  ParticipantWithItems,
  RegisterParticipantBody,
} from '../../../../shared/schemas/event'
import { type EventItemKind, type ParticipantType, participantTypes } from '../../../../shared/schemas/vocabulary'
import { signedInMember } from '../../auth'
import { numberInput, readNumber } from '../../components/community-settings'
import { cornerName, participantTypeLabel } from '../../components/event-parts'
import {
  apiForm,
  button,
  choice,
  controlField,
  dataList,
  type Field,
  fieldsetField,
  heading,
  link,
  notice,
  pageHeading,
  paragraph,
  select,
  showFormProblem,
  submitButton,
  textarea,
  textbox,
} from '../../components/ui'
import { h, uid } from '../../dom'
import { eventApi } from '../../event-api'
import { t } from '../../i18n'
import { tes } from '../../i18n/events-setup'
import { localized } from '../../i18n/index'
import type { Page } from '../../router'
import { loadContext } from '../../session'
import { errorText } from '../failure'
import { backToEvent, eventPath, group, isEventStaff } from './list'

const maxItems = 20

interface ItemRow {
  element: HTMLElement
  fields: Field[]
  /** The need or offer as filled in; null when the row was left empty. */
  read: () => Partial<EventItemBody> | null
  setPaths: (prefix: string) => void
  number: (n: number) => void
}

function itemRow(event: BeursEvent, onRemove: (row: ItemRow) => void): ItemRow {
  const key = uid('item')
  const kinds = (['need', 'offer'] as EventItemKind[]).map((kind) =>
    choice('radio', `${key}-kind`, kind, tes(`es.item.kind.${kind}`), kind === 'need'),
  )
  const corner = select(
    [
      { value: '', label: tes('es.item.corner.choose') },
      ...event.corners.map((c) => ({ value: c.id, label: localized(c.name) })),
    ],
    { name: `${key}-corner` },
  )
  const title = textbox({ name: `${key}-title`, autocomplete: 'off', maxlength: 120 })
  const description = textarea({ name: `${key}-description`, rows: 3, maxlength: 500 })
  const quantity = numberInput(`${key}-quantity`, 1, 1, 99)
  const wantsInReturn = textbox({ name: `${key}-return`, autocomplete: 'off', maxlength: 200 })
  const kindField = fieldsetField(
    { path: 'kind', label: tes('es.item.kind') },
    () => kinds.map((k) => k.input),
    kinds.map((k) => k.element),
  )
  const fields = [
    kindField,
    controlField({ path: 'cornerId', label: tes('es.item.corner'), hint: tes('es.item.corner.hint') }, corner),
    controlField({ path: 'title', label: tes('es.item.title'), hint: tes('es.item.title.hint') }, title),
    controlField({ path: 'description', label: tes('es.item.description'), optional: true }, description),
    controlField({ path: 'quantity', label: tes('es.item.quantity'), hint: tes('es.item.quantity.hint') }, quantity),
    controlField(
      { path: 'wantsInReturn', label: tes('es.item.return'), hint: tes('es.item.return.hint'), optional: true },
      wantsInReturn,
    ),
  ]
  const legend = h('legend', {
    class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend bb-group__legend',
  })
  const remove = button(tes('es.item.remove'), {}, 'secondary')
  const element = h(
    'fieldset',
    { class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset bb-group bb-ev-item-row' },
    legend,
    fields.map((field) => field.element),
    h('div', { class: 'bb-actions' }, remove),
  )
  const names = ['kind', 'cornerId', 'title', 'description', 'quantity', 'wantsInReturn']
  const row: ItemRow = {
    element,
    fields,
    number: (n) => {
      legend.textContent = tes('es.item.legend', { number: n })
      remove.textContent = tes('es.item.removeNumber', { number: n })
    },
    setPaths: (prefix) => {
      fields.forEach((field, index) => {
        field.path = `${prefix}.${names[index]}`
      })
    },
    read: () => {
      if (!title.value.trim() && !description.value.trim() && !wantsInReturn.value.trim() && !corner.value) return null
      const item: Partial<EventItemBody> = {
        kind: (kinds.find((k) => k.input.checked)?.input.value ?? 'need') as EventItemKind,
        title: title.value.trim(),
        description: description.value.trim(),
        wantsInReturn: wantsInReturn.value.trim(),
      }
      // Sent as filled in: the API names a missing corner or a quantity that is not a number.
      if (corner.value) item.cornerId = corner.value
      const amount = readNumber(quantity)
      if (amount !== undefined) item.quantity = amount
      return item
    },
  }
  remove.addEventListener('click', () => onRemove(row))
  return row
}

function itemsEditor(event: BeursEvent, announce: (text: string) => void) {
  const rows: ItemRow[] = []
  const list = h('div', { class: 'bb-ev-items' })
  const add = button(tes('es.item.add'), {}, 'secondary')
  // The action row carries `hidden` (a button's own display would show it anyway).
  const addBox = h('div', { class: 'bb-actions' }, add)
  const renumber = () => {
    rows.forEach((row, index) => {
      row.number(index + 1)
    })
    addBox.hidden = rows.length >= maxItems
  }
  const remove = (row: ItemRow) => {
    const index = rows.indexOf(row)
    if (index === -1) return
    rows.splice(index, 1)
    row.element.remove()
    renumber()
    add.focus()
    announce(tes('es.item.removed'))
  }
  const append = () => {
    const row = itemRow(event, remove)
    rows.push(row)
    list.append(row.element)
    renumber()
    return row
  }
  append()
  add.addEventListener('click', () => {
    const row = append()
    row.fields[0]?.focusTarget().focus()
  })
  return {
    element: h('div', null, list, addBox),
    /** The filled-in items, each row's fields with the API's path for its place (empty rows are left out). */
    read: () => {
      const items: Partial<EventItemBody>[] = []
      const fields: Field[] = []
      for (const row of rows) {
        const item = row.read()
        row.setPaths(item ? `items.${items.length}` : 'items.none')
        fields.push(...row.fields)
        if (item) items.push(item)
      }
      return { items, fields }
    },
  }
}

function resultView(event: BeursEvent, participant: ParticipantWithItems, staff: boolean): HTMLElement {
  const needs = participant.items.filter((i) => i.kind === 'need')
  const offers = participant.items.filter((i) => i.kind === 'offer')
  const line = (item: ParticipantWithItems['items'][number]) =>
    h('li', null, `${item.title} (${cornerName(event, item.cornerId)})`)
  const badge = eventPath(event.id, `deelnemers/${encodeURIComponent(participant.id)}/badge`)
  const text = tes(staff ? 'es.register.done' : 'es.register.doneSelf', { name: participant.name })
  const box = notice('ok', text)
  return h(
    'div',
    { class: 'bb-ev-result' },
    box,
    dataList([
      [tes('es.register.name'), participant.name],
      [tes('es.register.type'), participantTypeLabel(participant.type)],
      [tes('es.code'), h('span', { class: 'bb-ev-code' }, participant.checkInCode)],
      [tes('es.kind.needs'), needs.length > 0 ? h('ul', { class: 'bb-plain-list' }, needs.map(line)) : tes('es.none')],
      [
        tes('es.kind.offers'),
        offers.length > 0 ? h('ul', { class: 'bb-plain-list' }, offers.map(line)) : tes('es.none'),
      ],
    ]),
    paragraph(tes('es.register.codeHint')),
    h(
      'ul',
      { class: 'bb-ev-links', role: 'list' },
      h('li', null, link(badge, tes('es.register.badge'))),
      staff && h('li', null, link(eventPath(event.id, 'aanmelden'), tes('es.register.another'))),
      staff && h('li', null, link(eventPath(event.id, 'deelnemers'), tes('es.hub.participants'))),
      h('li', null, link(eventPath(event.id), tes('es.backTo', { name: event.name }))),
    ),
  )
}

/**
 * `/beursvloer/<eventId>/aanmelden`: staff register an organisation or volunteer with its needs
 * and offers; a signed-in organisation or volunteer registers itself (its own account and
 * contact details are used, so there are no address fields). Afterwards: the check-in code and
 * the badge.
 */
export const registerParticipantPage: Page = async ({ params, announce }) => {
  const { community } = await loadContext()
  const event = await eventApi.get(community.id, params.eventId ?? '')
  const staff = isEventStaff()
  const me = signedInMember()
  const title = tes('es.register.title')
  const container = h('div', { class: 'bb-narrow-page' })
  const head = [backToEvent(event), pageHeading(title)]

  if (!staff && event.status !== 'open' && event.status !== 'live') {
    container.append(...head, paragraph(tes(event.status === 'closed' ? 'es.member.closed' : 'es.member.notYet')))
    return { title, content: container }
  }

  const summarySlot = h('div')
  const name = textbox({
    name: 'name',
    autocomplete: staff ? 'off' : 'organization',
    maxlength: 120,
    value: staff ? '' : (me?.displayName ?? ''),
  })
  const volunteerSelf = !staff && me?.kind === 'resident'
  const types: ParticipantType[] = staff
    ? [...participantTypes]
    : participantTypes.filter((type) => (volunteerSelf ? type === 'vrijwilliger' : type !== 'vrijwilliger'))
  const type = select(
    [
      ...(types.length > 1 ? [{ value: '', label: tes('es.register.type.choose') }] : []),
      ...types.map((value) => ({ value, label: participantTypeLabel(value) })),
    ],
    { name: 'type' },
  )
  const contactName = textbox({ name: 'contactName', autocomplete: staff ? 'off' : 'name', maxlength: 120 })
  const email = textbox({ name: 'email', type: 'email', autocomplete: 'off', spellcheck: 'false', maxlength: 200 })
  const phone = textbox({ name: 'phone', type: 'tel', autocomplete: 'off', maxlength: 20 })
  const showName = choice('checkbox', 'showName', 'yes', tes('es.register.showName'))
  const showNameHintId = uid('show-name-hint')
  showName.input.setAttribute('aria-describedby', showNameHintId)
  showName.element.append(
    h('p', { class: 'utrecht-form-field-description', id: showNameHintId }, tes('es.register.showName.hint')),
  )

  const baseFields: Field[] = [
    controlField(
      {
        path: 'name',
        label: tes('es.register.name'),
        hint: tes(staff ? 'es.register.name.hint' : 'es.register.name.self'),
      },
      name,
    ),
    controlField({ path: 'type', label: tes('es.register.type') }, type),
    controlField(
      {
        path: 'contactName',
        label: tes('es.register.contactName'),
        hint: tes('es.register.contactName.hint'),
        optional: true,
      },
      contactName,
    ),
  ]
  const contactFields: Field[] = staff
    ? [
        controlField({ path: 'email', label: tes('es.register.email'), optional: true }, email),
        controlField({ path: 'phone', label: tes('es.register.phone'), optional: true }, phone),
      ]
    : []
  const showNameField: Field = {
    path: 'showName',
    label: tes('es.register.showName'),
    element: showName.element,
    focusTarget: () => showName.input,
    setError: () => {},
  }
  const items = itemsEditor(event, announce)

  const nullIfEmpty = (input: HTMLInputElement) => (input.value.trim() === '' ? null : input.value.trim())
  const submit = submitButton(tes(staff ? 'es.register.submit' : 'es.register.submitSelf'))
  const form = apiForm(
    submit,
    async () => {
      const filled = items.read()
      const fields = [...baseFields, ...contactFields, showNameField, ...filled.fields]
      const body: Partial<RegisterParticipantBody> = {
        name: name.value.trim(),
        contactName: contactName.value.trim(),
        showName: showName.input.checked,
        items: filled.items as EventItemBody[],
      }
      if (type.value) body.type = type.value as ParticipantType
      if (staff) {
        body.email = nullIfEmpty(email)
        body.phone = nullIfEmpty(phone)
      }
      try {
        const participant = await eventApi.register(community.id, event.id, body)
        const result = resultView(event, participant, staff)
        container.replaceChildren(...head, result)
        const box = result.querySelector<HTMLElement>('.utrecht-alert')
        box?.focus()
        announce(box?.textContent ?? '')
      } catch (error) {
        const count = showFormProblem(summarySlot, fields, error, errorText(error))
        if (count > 0) announce(t('form.errors.announce', { count }))
      }
    },
    summarySlot,
    group(
      tes(staff ? 'es.register.who' : 'es.register.whoSelf'),
      staff ? null : tes(volunteerSelf ? 'es.register.self.volunteer' : 'es.register.self.organisation'),
      baseFields.map((field) => field.element),
    ),
    staff &&
      group(
        tes('es.register.contact'),
        tes('es.register.contact.hint'),
        contactFields.map((field) => field.element),
      ),
    group(tes('es.register.screen'), null, showName.element),
    h(
      'section',
      { class: 'bb-section', 'aria-labelledby': 'register-items' },
      heading(2, tes('es.register.items'), { id: 'register-items' }),
      paragraph(tes('es.register.items.hint')),
      items.element,
    ),
    h('div', { class: 'bb-actions' }, submit),
  )
  container.append(
    ...head,
    paragraph(tes(staff ? 'es.register.lead' : 'es.register.leadSelf', { name: event.name }), { lead: true }),
    form,
  )
  return { title, content: container }
}
