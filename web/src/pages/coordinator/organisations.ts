import type { Community } from '../../../../shared/schemas/community'
import type { CreateMemberBody, MemberDetails, Representative } from '../../../../shared/schemas/member'
import { api } from '../../api'
import {
  apiForm,
  button,
  controlField,
  type Field,
  heading,
  notice,
  pageHeading,
  paragraph,
  select,
  showFormProblem,
  showNotice,
  submitButton,
  textarea,
  textbox,
} from '../../components/ui'
import { h } from '../../dom'
import { t } from '../../i18n'
import type { Page } from '../../router'
import { areaName, loadContext } from '../../session'
import { memberUrl } from '../broker/members-list'
import { areaChoices } from '../browse'
import { errorText } from '../failure'

const maxRepresentatives = 10

interface RepresentativeRow {
  element: HTMLElement
  fields: Field[]
  read: () => Representative | null
}

function representativeRow(index: number): RepresentativeRow {
  const name = textbox({ name: `rep-${index}-name`, autocomplete: 'off', maxlength: 120 })
  const email = textbox({
    name: `rep-${index}-email`,
    type: 'email',
    autocomplete: 'off',
    spellcheck: 'false',
    maxlength: 200,
  })
  const phone = textbox({ name: `rep-${index}-phone`, type: 'tel', autocomplete: 'off', maxlength: 20 })
  const fields = [
    controlField({ path: `rep.${index}.name`, label: t('orgs.rep.name') }, name),
    controlField({ path: `rep.${index}.email`, label: t('contact.email'), optional: true }, email),
    controlField({ path: `rep.${index}.phone`, label: t('contact.phone'), optional: true }, phone),
  ]
  const element = h(
    'fieldset',
    { class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset bb-group' },
    h(
      'legend',
      { class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend bb-group__legend' },
      t('orgs.rep.legend', { number: index + 1 }),
    ),
    fields.map((field) => field.element),
  )
  const value = (input: HTMLInputElement) => (input.value.trim() === '' ? null : input.value.trim())
  return {
    element,
    fields,
    read: () => {
      const rep = { name: name.value.trim(), email: value(email), phone: value(phone) }
      return rep.name || rep.email || rep.phone ? rep : null
    },
  }
}

function orgItem(community: Community, member: MemberDetails): HTMLLIElement {
  return h(
    'li',
    { class: 'bb-member-item' },
    h(
      'p',
      { class: 'bb-member-item__name' },
      h('a', { href: memberUrl(member), class: 'utrecht-link utrecht-link--html-a' }, member.displayName),
    ),
    h('p', { class: 'bb-member-item__meta' }, areaName(community, member.areaId)),
  )
}

/** `/coordinator/organisaties`: the organisations, and adding one with the people who sign in for it. */
export const organisationsPage: Page = async ({ announce }) => {
  const { community } = await loadContext()
  const first = await api.listMembers(community.id, 'organisation', null, 100)
  const list = h(
    'ul',
    { class: 'bb-member-list', role: 'list', 'aria-labelledby': 'orgs-list-title' },
    first.items.map((member) => orgItem(community, member)),
  )

  const summarySlot = h('div')
  const name = textbox({ name: 'displayName', autocomplete: 'organization', maxlength: 80 })
  const area = select([{ value: '', label: t('form.area.choose') }], { name: 'areaId' })
  area.append(...areaChoices(community, undefined))
  const email = textbox({ name: 'email', type: 'email', autocomplete: 'off', spellcheck: 'false', maxlength: 200 })
  const phone = textbox({ name: 'phone', type: 'tel', autocomplete: 'off', maxlength: 20 })
  const address = textarea({ name: 'address', rows: 2, maxlength: 300 })
  const baseFields: Field[] = [
    controlField({ path: 'displayName', label: t('orgs.name') }, name),
    controlField({ path: 'areaId', label: t('member.area') }, area),
    controlField({ path: 'contact.email', label: t('orgs.email'), optional: true }, email),
    controlField({ path: 'contact.phone', label: t('contact.phone'), optional: true }, phone),
    controlField({ path: 'contact.address', label: t('contact.address'), optional: true }, address),
  ]
  const rows: RepresentativeRow[] = [representativeRow(0)]
  const rowsBox = h('div', null, rows[0]?.element)
  const addRow = button(t('orgs.rep.add'), {}, 'secondary')
  addRow.addEventListener('click', () => {
    if (rows.length >= maxRepresentatives) return
    const row = representativeRow(rows.length)
    rows.push(row)
    rowsBox.append(row.element)
    row.fields[0]?.focusTarget().focus()
    if (rows.length >= maxRepresentatives) addRow.hidden = true
  })
  const nullIfEmpty = (input: HTMLInputElement | HTMLTextAreaElement) =>
    input.value.trim() === '' ? null : input.value.trim()

  const submit = submitButton(t('orgs.submit'))
  const form = apiForm(
    submit,
    async () => {
      // Empty rows are left out; each filled row's fields get the API's path for its place.
      const filled: Representative[] = []
      const fields = [...baseFields]
      for (const row of rows) {
        const rep = row.read()
        const place = filled.length
        const [nameField, emailField, phoneField] = row.fields
        if (nameField) nameField.path = `contact.representatives.${rep ? place : 'none'}.name`
        if (emailField) emailField.path = `contact.representatives.${rep ? place : 'none'}.email`
        if (phoneField) phoneField.path = `contact.representatives.${rep ? place : 'none'}.phone`
        fields.push(...row.fields)
        if (rep) filled.push(rep)
      }
      const body: Partial<CreateMemberBody> = {
        kind: 'organisation',
        role: 'organisation',
        displayName: name.value.trim(),
        contact: {
          fullName: name.value.trim(),
          email: nullIfEmpty(email),
          phone: nullIfEmpty(phone),
          address: nullIfEmpty(address),
          representatives: filled,
        },
        contactPreference: email.value.trim() ? 'email' : 'none',
        language: 'nl',
      }
      if (area.value) body.areaId = area.value
      try {
        const created = await api.createMember(community.id, body)
        list.prepend(orgItem(community, created))
        form.reset()
        for (const field of fields) field.setError(null)
        const text = t('orgs.done', { name: created.displayName })
        showNotice(summarySlot, notice('ok', text))
        announce(text)
      } catch (error) {
        const count = showFormProblem(summarySlot, fields, error, errorText(error))
        if (count > 0) announce(t('form.errors.announce', { count }))
      }
    },
    summarySlot,
    baseFields.map((field) => field.element),
    h(
      'div',
      { class: 'bb-section' },
      heading(3, t('orgs.rep.title')),
      paragraph(t('orgs.rep.hint')),
      rowsBox,
      h('div', { class: 'bb-actions' }, addRow),
    ),
    h('div', { class: 'bb-actions' }, submit),
  )

  const content = h(
    'div',
    null,
    pageHeading(t('orgs.title')),
    paragraph(t('orgs.lead'), { lead: true }),
    h(
      'section',
      { class: 'bb-section bb-narrow-page', 'aria-labelledby': 'orgs-new-title' },
      heading(2, t('orgs.new'), { id: 'orgs-new-title' }),
      form,
    ),
    h(
      'section',
      { class: 'bb-section', 'aria-labelledby': 'orgs-list-title' },
      heading(2, t('orgs.list'), { id: 'orgs-list-title' }),
      first.items.length > 0 ? list : paragraph(t('members.empty')),
      first.nextCursor && paragraph(t('orgs.more')),
    ),
  )
  return { title: t('orgs.title'), content }
}
