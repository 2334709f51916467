import type { CreateMemberBody } from '../../../../shared/schemas/member'
import { api } from '../../api'
import { consentFields } from '../../components/member-info'
import {
  apiForm,
  choice,
  controlField,
  type Field,
  fieldsetField,
  pageHeading,
  paragraph,
  select,
  showFormProblem,
  submitButton,
  textarea,
  textbox,
} from '../../components/ui'
import { h } from '../../dom'
import { todayIso } from '../../format'
import { t } from '../../i18n'
import { navigate, type Page } from '../../router'
import { loadContext } from '../../session'
import { areaChoices } from '../browse'
import { errorText } from '../failure'
import { memberUrl } from './members-list'

const group = (legend: string, hint: string | null, ...fields: Field[]) =>
  h(
    'fieldset',
    { class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset bb-group' },
    h(
      'legend',
      { class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend bb-group__legend' },
      legend,
    ),
    hint && h('p', { class: 'utrecht-form-field-description' }, hint),
    fields.map((field) => field.element),
  )

/**
 * `/makelaar/nieuw`: a broker registers a resident who is not online, by phone or at the door,
 * with the resident's consent. Short: a first name, a buurt and the consent are enough.
 */
export const intakePage: Page = async ({ announce }) => {
  const { community } = await loadContext()
  const summarySlot = h('div')

  const displayName = textbox({ name: 'displayName', autocomplete: 'off', maxlength: 80 })
  const fullName = textbox({ name: 'fullName', autocomplete: 'off', maxlength: 120 })
  const area = select([{ value: '', label: t('form.area.choose') }], { name: 'areaId' })
  area.append(...areaChoices(community, undefined))
  const phone = textbox({ name: 'phone', type: 'tel', autocomplete: 'off', maxlength: 20 })
  const email = textbox({ name: 'email', type: 'email', autocomplete: 'off', spellcheck: 'false', maxlength: 200 })
  const address = textarea({ name: 'address', rows: 2, maxlength: 300 })
  const preferences = (['sms', 'email', 'none'] as const).map((value) =>
    choice('radio', 'contactPreference', value, t(`contact.preference.${value}`), value === 'none'),
  )

  const nameField = controlField(
    { path: 'displayName', label: t('intake.firstName'), hint: t('intake.firstName.hint') },
    displayName,
  )
  const fullNameField = controlField({ path: 'contact.fullName', label: t('contact.fullName') }, fullName)
  const areaField = controlField({ path: 'areaId', label: t('member.area') }, area)
  const phoneField = controlField(
    { path: 'contact.phone', label: t('contact.phone'), hint: t('intake.phone.hint'), optional: true },
    phone,
  )
  const emailField = controlField({ path: 'contact.email', label: t('contact.email'), optional: true }, email)
  const addressField = controlField({ path: 'contact.address', label: t('contact.address'), optional: true }, address)
  const preferenceField = fieldsetField(
    { path: 'contactPreference', label: t('contact.preference.legendOther') },
    () => preferences.map((c) => c.input),
    preferences.map((c) => c.element),
  )
  const consent = consentFields('consent', todayIso())
  const fields: Field[] = [
    nameField,
    fullNameField,
    areaField,
    phoneField,
    emailField,
    addressField,
    preferenceField,
    ...consent.fields,
  ]

  const nullIfEmpty = (value: string) => (value.trim() === '' ? null : value.trim())
  const submit = submitButton(t('intake.submit'))
  const form = apiForm(
    submit,
    async () => {
      const given = consent.read()
      const body: Partial<CreateMemberBody> = {
        kind: 'resident',
        role: 'resident',
        displayName: displayName.value.trim(),
        contact: {
          fullName: fullName.value.trim(),
          email: nullIfEmpty(email.value),
          phone: nullIfEmpty(phone.value),
          address: nullIfEmpty(address.value),
          representatives: [],
        },
        contactPreference: preferences.find((c) => c.input.checked)?.input
          .value as CreateMemberBody['contactPreference'],
        language: 'nl',
        // Sent as filled in: the API names what is missing.
        consent: given as CreateMemberBody['consent'],
      }
      if (area.value) body.areaId = area.value
      try {
        const member = await api.createMember(community.id, body)
        await navigate(memberUrl(member), { state: { flash: 'intake.done' } })
      } catch (error) {
        const count = showFormProblem(summarySlot, fields, error, errorText(error))
        if (count > 0) announce(t('form.errors.announce', { count }))
      }
    },
    group(t('intake.about'), null, nameField, fullNameField, areaField),
    group(t('intake.contact'), t('intake.contact.hint'), phoneField, emailField, addressField, preferenceField),
    group(t('intake.consent'), t('intake.consent.hint'), ...consent.fields.slice(0, 3)),
    h('div', { class: 'bb-actions' }, submit),
  )

  const content = h(
    'div',
    { class: 'bb-narrow-page' },
    pageHeading(t('intake.title')),
    paragraph(t('intake.lead'), { lead: true }),
    summarySlot,
    form,
  )
  return { title: t('intake.title'), content }
}
