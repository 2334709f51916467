import type { MemberDetails } from '../../../shared/schemas/member'
import { ApiError, api } from '../api'
import { h } from '../dom'
import { t } from '../i18n'
import { tn } from '../i18n/notifications'
import { errorText } from '../pages/failure'
import { apiForm, choice, type Field, fieldsetField, link, paragraph, showFormProblem, submitButton } from './ui'

export { tn }

const preferences = ['email', 'sms', 'none'] as const

export interface NotificationPrefsOptions {
  /** The member as it is now (its version; other forms on the page change it too). */
  member: () => MemberDetails
  /** `self`: the member's own choice; `other`: a broker choosing for a resident (sent acting for them). */
  audience: 'self' | 'other'
  /** Where the result is shown. */
  result: HTMLElement
  announce: (text: string) => void
  onChanged: (member: MemberDetails, message: string) => void
}

/**
 * How the member gets messages about matches: e-mail, SMS, or none (then a broker phones).
 * Saved with PUT …/notifications; the API refuses a channel without an address for it.
 */
export function notificationForm(options: NotificationPrefsOptions): HTMLFormElement {
  const self = options.audience === 'self'
  const name = options.member().displayName
  const current = options.member().contactPreference
  const choices = preferences.map((value) =>
    choice(
      'radio',
      'notificationPreference',
      value,
      value === 'none' && !self ? tn('np.noneOther', { name }) : tn(`np.${value}`),
      value === current,
    ),
  )
  const field: Field = fieldsetField(
    {
      path: 'contactPreference',
      label: self ? tn('np.legend') : tn('np.legendOther', { name }),
      hint: self ? tn('np.hint') : tn('np.hintOther'),
    },
    () => choices.map((c) => c.input),
    choices.map((c) => c.element),
  )
  const summarySlot = h('div')
  const submit = submitButton(tn('np.submit'))
  return apiForm(
    submit,
    async () => {
      const member = options.member()
      const chosen = choices.find((c) => c.input.checked)?.input.value as MemberDetails['contactPreference']
      try {
        const saved = await api.putNotificationPreference(
          member.communityId,
          member.id,
          { contactPreference: chosen, version: member.version },
          self ? { asSelf: true } : { actFor: member.id },
        )
        field.setError(null)
        summarySlot.replaceChildren()
        options.onChanged(saved, self ? tn(`np.saved.${saved.contactPreference}`) : tn('np.savedOther', { name }))
      } catch (error) {
        const count = showFormProblem(summarySlot, [field], error, errorText(error))
        if (count > 0) options.announce(t('form.errors.announce', { count }))
        if (error instanceof ApiError && error.code === 'MEMBER_CHANGED') {
          summarySlot
            .querySelector('.utrecht-alert__message')
            ?.append(paragraph(link(location.pathname, tn('np.reload'))))
        }
      }
    },
    summarySlot,
    field.element,
    h('div', { class: 'bb-actions' }, submit),
  )
}
