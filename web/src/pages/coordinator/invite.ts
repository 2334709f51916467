import type { CreateMemberBody } from '../../../../shared/schemas/member'
import { api } from '../../api'
import {
  apiForm,
  choice,
  controlField,
  errorSummary,
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
import { h } from '../../dom'
import { t } from '../../i18n'
import type { Page } from '../../router'
import { areaTree, loadContext } from '../../session'
import { memberUrl } from '../broker/members-list'
import { areaChoices } from '../browse'
import { errorText } from '../failure'

/** `/coordinator/uitnodigen`: invite a colleague as broker or coordinator; they sign in with the e-mail given. */
export const invitePage: Page = async ({ announce }) => {
  const { community } = await loadContext()
  const summarySlot = h('div')
  const resultSlot = h('div')
  const displayName = textbox({ name: 'displayName', autocomplete: 'off', maxlength: 80 })
  const fullName = textbox({ name: 'fullName', autocomplete: 'off', maxlength: 120 })
  const email = textbox({ name: 'email', type: 'email', autocomplete: 'off', spellcheck: 'false', maxlength: 200 })
  const roleChoices = (['broker', 'coordinator'] as const).map((role) =>
    choice('radio', 'role', role, t(`role.${role}`), role === 'broker'),
  )
  // Colleagues work for the whole gemeente: that area comes first.
  const top = areaTree(community).find((entry) => entry.depth === 0)?.area.id
  const area = select([], { name: 'areaId' })
  area.append(...areaChoices(community, top))

  const emailField = controlField(
    { path: 'contact.email', label: t('contact.email'), hint: t('invite.email.hint') },
    email,
  )
  const fields: Field[] = [
    controlField({ path: 'displayName', label: t('intake.firstName') }, displayName),
    controlField({ path: 'contact.fullName', label: t('contact.fullName') }, fullName),
    emailField,
    fieldsetField(
      { path: 'role', label: t('invite.role') },
      () => roleChoices.map((c) => c.input),
      roleChoices.map((c) => c.element),
    ),
    controlField({ path: 'areaId', label: t('invite.area') }, area),
  ]

  const submit = submitButton(t('invite.submit'))
  const form = apiForm(
    submit,
    async () => {
      const address = email.value.trim()
      const role = roleChoices.find((c) => c.input.checked)?.input.value as CreateMemberBody['role']
      if (!address) {
        // Without an e-mail address a colleague cannot sign in: ask for it here.
        const message = t('invite.email.missing')
        for (const field of fields) field.setError(null)
        emailField.setError(message)
        const summary = errorSummary('', [{ field: emailField, message }])
        summarySlot.replaceChildren(summary)
        summary.focus()
        return
      }
      try {
        const created = await api.createMember(community.id, {
          kind: 'resident',
          role,
          displayName: displayName.value.trim(),
          areaId: area.value,
          contact: {
            fullName: fullName.value.trim(),
            email: address,
            phone: null,
            address: null,
            representatives: [],
          },
          contactPreference: 'email',
          language: 'nl',
        })
        form.reset()
        for (const field of fields) field.setError(null)
        summarySlot.replaceChildren()
        const text = t('invite.done', {
          name: created.displayName,
          email: address,
          role: t(`role.${created.role}`),
        })
        const box = h(
          'div',
          { class: 'utrecht-alert utrecht-alert--ok', tabindex: '-1' },
          h(
            'div',
            { class: 'utrecht-alert__content' },
            h(
              'div',
              { class: 'utrecht-alert__message' },
              paragraph(text),
              paragraph(link(memberUrl(created), t('invite.view', { name: created.displayName }))),
            ),
          ),
        )
        resultSlot.replaceChildren(box)
        box.focus()
        announce(text)
      } catch (error) {
        const count = showFormProblem(summarySlot, fields, error, errorText(error))
        if (count > 0) announce(t('form.errors.announce', { count }))
      }
    },
    summarySlot,
    fields.map((field) => field.element),
    h('div', { class: 'bb-actions' }, submit),
  )

  const content = h(
    'div',
    { class: 'bb-narrow-page' },
    pageHeading(t('invite.title')),
    paragraph(t('invite.lead'), { lead: true }),
    resultSlot,
    form,
  )
  return { title: t('invite.title'), content }
}
