import type { Consent, MemberContact, MemberDetails, Screening } from '../../../shared/schemas/member'
import { h } from '../dom'
import { formatDate } from '../format'
import { getLanguage, t } from '../i18n'
import { choice, controlField, type Field, fieldsetField, paragraph, textbox } from './ui'

export const consentMethods = ['phone', 'door', 'paper', 'online'] as const
export const consentScopes = ['posts', 'matches', 'contact'] as const

/** Consents in force. */
export const activeConsents = (member: Pick<MemberDetails, 'consents'>): Consent[] =>
  member.consents.filter((consent) => consent.withdrawnAt === null)

/** Whether a broker may work for the member now: consent in force that covers posting. */
export const mayActFor = (member: MemberDetails): boolean =>
  member.status === 'active' &&
  member.kind === 'resident' &&
  member.role === 'resident' &&
  activeConsents(member).some((consent) => consent.covers.includes('posts'))

/** "Given on 3 May 2026 by phone, for: posting, matches" in words. */
export function consentText(consent: Consent): string {
  const list = new Intl.ListFormat(getLanguage(), { type: 'conjunction' })
  const covers = list.format(consent.covers.map((scope) => t(`consent.scope.${scope}`).toLocaleLowerCase()))
  const text = t('consent.text', {
    date: formatDate(consent.givenOn),
    method: t(`consent.method.${consent.method}`).toLocaleLowerCase(),
    covers,
  })
  return consent.withdrawnAt ? `${text} ${t('consent.withdrawnOn', { date: formatDate(consent.withdrawnAt) })}` : text
}

export function screeningText(screening: Screening, today: string): string {
  const text = t('screening.text', {
    kind: t(`screening.kind.${screening.kind}`),
    checked: formatDate(screening.checkedOn),
    until: formatDate(screening.validUntil),
  })
  const valid = screening.checkedOn <= today && screening.validUntil >= today
  return `${text} ${valid ? t('screening.valid') : t('screening.expired')}${screening.note ? ` ${screening.note}` : ''}`
}

/** The contact details as a list: what is known, and a dash for what is not. */
export function contactRows(contact: MemberContact): [string, string | HTMLElement][] {
  const none = t('contact.none')
  const rows: [string, string | HTMLElement][] = [
    [t('contact.fullName'), contact.fullName || none],
    [t('contact.email'), contact.email ?? none],
    [t('contact.phone'), contact.phone ?? none],
    [t('contact.address'), contact.address ?? none],
  ]
  if (contact.representatives.length > 0)
    rows.push([
      t('contact.representatives'),
      h(
        'ul',
        { class: 'bb-plain-list' },
        contact.representatives.map((r) =>
          h('li', null, [r.name, r.email, r.phone].filter((part): part is string => Boolean(part)).join(' · ')),
        ),
      ),
    ])
  return rows
}

export interface ConsentFields {
  fields: Field[]
  element: HTMLElement
  /** `method` is undefined when none is chosen, so the API names it as missing. */
  read: () => { givenOn: string; method: string; covers: string[] }
}

/**
 * Recording a resident's consent: when, how, and for what. `prefix` is the API's path of the
 * consent in the body (`consent` at intake, empty when recording it on its own).
 */
export function consentFields(prefix: string, today: string): ConsentFields {
  const path = (name: string) => (prefix ? `${prefix}.${name}` : name)
  const givenOn = textbox({ name: 'givenOn', type: 'date', value: today, max: today })
  givenOn.classList.add('bb-narrow')
  const dateField = controlField({ path: path('givenOn'), label: t('consent.givenOn.label') }, givenOn)
  const methods = consentMethods.map((method) =>
    choice('radio', 'consentMethod', method, t(`consent.method.${method}`)),
  )
  const methodField = fieldsetField(
    { path: path('method'), label: t('consent.method.legend') },
    () => methods.map((c) => c.input),
    methods.map((c) => c.element),
  )
  const scopes = consentScopes.map((scope) => choice('checkbox', 'consentCovers', scope, t(`consent.scope.${scope}`)))
  const coversField = fieldsetField(
    { path: path('covers'), label: t('consent.covers.legend'), hint: t('consent.covers.hint') },
    () => scopes.map((c) => c.input),
    scopes.map((c) => c.element),
  )
  const fields = [dateField, methodField, coversField]
  // Errors about the consent as a whole (e.g. missing) land on the date, its first field.
  if (prefix) fields.push({ ...dateField, path: prefix })
  return {
    fields,
    element: h(
      'div',
      null,
      fields.slice(0, 3).map((field) => field.element),
    ),
    read: () => ({
      givenOn: givenOn.value,
      method: methods.find((c) => c.input.checked)?.input.value as string,
      covers: scopes.filter((c) => c.input.checked).map((c) => c.input.value),
    }),
  }
}

/** A note under a heading: plain, smaller text. */
export function note(text: string): HTMLParagraphElement {
  const p = paragraph(text)
  p.classList.add('bb-note')
  return p
}
