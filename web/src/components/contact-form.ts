import type { MemberContact, MemberDetails } from '../../../shared/schemas/member'
import { ApiError, api } from '../api'
import { h } from '../dom'
import { t } from '../i18n'
import { errorText } from '../pages/failure'
import {
  apiForm,
  choice,
  controlField,
  type Field,
  fieldsetField,
  inLanguage,
  link,
  notice,
  paragraph,
  showFormProblem,
  showNotice,
  submitButton,
  textarea,
  textbox,
} from './ui'

const preferences = ['email', 'sms', 'none'] as const
const languages = ['nl', 'en'] as const

export interface ContactFormOptions {
  member: MemberDetails
  contact: MemberContact
  /** `self`: "your" details; `other`: a broker or coordinator edits someone else's. */
  audience: 'self' | 'other'
  announce: (text: string) => void
  onSaved: (member: MemberDetails, contact: MemberContact) => void
  /** The member as it is now, when other forms on the page change it too (its version). */
  current?: () => MemberDetails
  /**
   * Ask how the member wants messages here too (default). False where the page has its own
   * form for that (My details, a member's page): this form then keeps the current choice.
   */
  withPreference?: boolean
}

/**
 * Contact details and how someone wants to hear from us. An e-mail address or mobile number
 * added here also becomes a way to sign in: that is how a resident helped by a broker takes
 * over their own account.
 */
export function contactForm(options: ContactFormOptions): HTMLFormElement {
  let { member, contact } = options
  const { audience } = options
  const self = audience === 'self'
  const summarySlot = h('div')

  const fullName = textbox({
    name: 'fullName',
    autocomplete: self ? 'name' : 'off',
    maxlength: 120,
    value: contact.fullName,
  })
  const email = textbox({
    name: 'email',
    type: 'email',
    autocomplete: self ? 'email' : 'off',
    spellcheck: 'false',
    maxlength: 200,
    value: contact.email ?? '',
  })
  const phone = textbox({
    name: 'phone',
    type: 'tel',
    autocomplete: self ? 'tel' : 'off',
    maxlength: 20,
    value: contact.phone ?? '',
  })
  const address = textarea({ name: 'address', rows: 3, maxlength: 300, autocomplete: self ? 'street-address' : 'off' })
  address.value = contact.address ?? ''

  const preferenceChoices = preferences.map((value) =>
    choice('radio', 'contactPreference', value, t(`contact.preference.${value}`), member.contactPreference === value),
  )
  const languageChoices = languages.map((value) =>
    choice('radio', 'language', value, t(`contact.language.${value}`), member.language === value),
  )
  for (const c of languageChoices) inLanguage(c.element, c.input.value)

  const withPreference = options.withPreference ?? true
  const fields: Field[] = [
    controlField({ path: 'fullName', label: t('contact.fullName'), optional: true }, fullName),
    controlField(
      {
        path: 'email',
        label: t('contact.email'),
        hint: t(self ? 'contact.email.hint' : 'contact.email.hintOther'),
        optional: true,
      },
      email,
    ),
    controlField(
      {
        path: 'phone',
        label: t('contact.phone'),
        hint: t(self ? 'contact.phone.hint' : 'contact.phone.hintOther'),
        optional: true,
      },
      phone,
    ),
    controlField({ path: 'address', label: t('contact.address'), optional: true }, address),
    withPreference &&
      fieldsetField(
        { path: 'contactPreference', label: t(self ? 'contact.preference.legend' : 'contact.preference.legendOther') },
        () => preferenceChoices.map((c) => c.input),
        preferenceChoices.map((c) => c.element),
      ),
    fieldsetField(
      { path: 'language', label: t(self ? 'contact.language.legend' : 'contact.language.legendOther') },
      () => languageChoices.map((c) => c.input),
      languageChoices.map((c) => c.element),
    ),
  ].filter((field): field is Field => Boolean(field))

  const nullIfEmpty = (value: string) => (value.trim() === '' ? null : value.trim())
  const submit = submitButton(t('contact.submit'))
  return apiForm(
    submit,
    async () => {
      const body = {
        fullName: fullName.value.trim(),
        email: nullIfEmpty(email.value),
        phone: nullIfEmpty(phone.value),
        address: nullIfEmpty(address.value),
        contactPreference: withPreference
          ? (preferenceChoices.find((c) => c.input.checked)?.input.value as MemberDetails['contactPreference'])
          : (options.current?.() ?? member).contactPreference,
        language: languageChoices.find((c) => c.input.checked)?.input.value as MemberDetails['language'],
        version: (options.current?.() ?? member).version,
      }
      try {
        member = await api.putContact(member.communityId, member.id, body)
        for (const field of fields) field.setError(null)
        showNotice(summarySlot, notice('ok', t(self ? 'contact.saved' : 'contact.savedOther')))
        options.announce(t(self ? 'contact.saved' : 'contact.savedOther'))
        contact = {
          ...contact,
          fullName: body.fullName,
          email: body.email,
          phone: body.phone,
          address: body.address,
        }
        options.onSaved(member, contact)
      } catch (error) {
        const count = showFormProblem(summarySlot, fields, error, errorText(error))
        if (count > 0) options.announce(t('form.errors.announce', { count }))
        if (error instanceof ApiError && error.code === 'MEMBER_CHANGED') {
          // Saving again would overwrite the other change: offer the fresh version instead.
          summarySlot
            .querySelector('.utrecht-alert__message')
            ?.append(paragraph(link(location.pathname, t('contact.reload'))))
        }
        if (error instanceof ApiError && error.code === 'ADDRESS_IN_USE') {
          // Not a field error the API can name: mark the sign-in field(s) that changed.
          if (body.email !== contact.email) fields[1]?.setError(error.message)
          if (body.phone !== contact.phone) fields[2]?.setError(error.message)
        }
      }
    },
    summarySlot,
    fields.map((field) => field.element),
    h('div', { class: 'bb-actions' }, submit),
  )
}
