import type { AuditEntry } from '../../../shared/schemas/audit'
import { api } from '../api'
import { getActingFor, setSession } from '../auth'
import { consentText, contactRows, note, screeningText } from '../components/member-info'
import { postSummary } from '../components/post-summary'
import {
  alert,
  apiForm,
  choice,
  controlField,
  dataList,
  errorSummary,
  type Field,
  fieldsetField,
  heading,
  link,
  pageHeading,
  paragraph,
  showFormProblem,
  submitButton,
  textarea,
} from '../components/ui'
import { type Child, h } from '../dom'
import { capitalize, formatDate, formatDateTime, todayIso } from '../format'
import { t } from '../i18n'
import { navigate, type Page } from '../router'
import { areaName, loadContext } from '../session'
import { errorText } from './failure'
import { downloadButton } from './privacy'

/** A table of who did what with the member's data. */
export function auditTable(
  entries: AuditEntry[],
  caption: string,
  actorLabel: (entry: AuditEntry) => Child,
): HTMLElement {
  return h(
    'table',
    { class: 'bb-table bb-table--stack' },
    h('caption', null, caption),
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, t('audit.col.at')),
        h('th', { scope: 'col' }, t('audit.col.actor')),
        h('th', { scope: 'col' }, t('audit.col.action')),
        h('th', { scope: 'col' }, t('audit.col.reason')),
      ),
    ),
    h(
      'tbody',
      null,
      entries.map((entry) =>
        h(
          'tr',
          null,
          h('td', { 'data-label': t('audit.col.at') }, formatDateTime(entry.at)),
          h('td', { 'data-label': t('audit.col.actor') }, actorLabel(entry)),
          h('td', { 'data-label': t('audit.col.action') }, t(`audit.action.${entry.action}`)),
          h('td', { 'data-label': t('audit.col.reason') }, entry.reason ?? '–'),
        ),
      ),
    ),
  )
}

const section = (id: string, title: string, ...children: Child[]) =>
  h('section', { class: 'bb-section', 'aria-labelledby': id }, heading(2, title, { id }), children)

/** `/privacy/mijn-gegevens`: the export, readable: everything Buurtbeurs keeps about the member. */
export const myDataPage: Page = async ({ announce }) => {
  const { user, community } = await loadContext()
  if (getActingFor()) return navigate('/privacy').then(() => ({ title: '', content: h('div') }))
  const data = await api.exportMember(community.id, user.id)
  const { member, contact } = data
  const today = todayIso()
  const result = h('div')
  const none = paragraph(t('myData.none'))

  const content = h(
    'div',
    null,
    h('p', { class: 'bb-back' }, link('/privacy', t('myData.back'))),
    pageHeading(t('myData.title')),
    paragraph(t('myData.lead', { date: formatDateTime(data.exportedAt) }), { lead: true }),
    h('div', { class: 'bb-actions' }, downloadButton(announce, result)),
    result,
    section(
      'profile-title',
      t('myData.profile'),
      dataList([
        [t(member.kind === 'organisation' ? 'member.orgName' : 'member.firstName'), member.displayName],
        [t('member.area'), areaName(community, member.areaId)],
        [t('member.kind'), t(`kind.member.${member.kind}`)],
        [t('member.role'), capitalize(t(`role.${member.role}`))],
        [t('member.managedByBroker'), member.managedByBroker ? t('common.yes') : t('common.no')],
        [t('member.contactPreference'), t(`contact.preference.${member.contactPreference}`)],
        [t('member.language'), t(`contact.language.${member.language}`)],
        [t('member.createdAt'), formatDate(member.createdAt)],
        [t('member.lastActiveAt'), formatDate(member.lastActiveAt)],
      ]),
    ),
    section('contact-data-title', t('myData.contact'), contact ? dataList(contactRows(contact)) : none.cloneNode(true)),
    section(
      'consent-data-title',
      t('myData.consents'),
      member.consents.length + member.screenings.length > 0
        ? h(
            'ul',
            { class: 'utrecht-unordered-list' },
            member.consents.map((c) => h('li', { class: 'utrecht-unordered-list__item' }, consentText(c))),
            member.screenings.map((s) => h('li', { class: 'utrecht-unordered-list__item' }, screeningText(s, today))),
          )
        : none.cloneNode(true),
    ),
    section(
      'posts-data-title',
      t('myData.posts', { count: data.posts.length }),
      data.posts.length > 0
        ? h(
            'ul',
            { class: 'bb-post-list', role: 'list' },
            data.posts.map((post) => postSummary(community, post)),
          )
        : none.cloneNode(true),
    ),
    section(
      'log-data-title',
      t('myData.log'),
      note(t('myData.logText')),
      data.audit.length > 0
        ? auditTable(data.audit, t('myData.log'), (entry) => t(`role.${entry.actorRole}`))
        : none.cloneNode(true),
    ),
  )
  return { title: t('myData.title'), content }
}

/** `/privacy/verwijderen`: erase the account, after a clear confirmation; then signed out. */
export const erasePage: Page = async ({ announce }) => {
  const { user, community } = await loadContext()
  if (getActingFor()) return navigate('/privacy').then(() => ({ title: '', content: h('div') }))
  const summarySlot = h('div')
  const understood = choice('checkbox', 'confirm', 'yes', t('erase.confirm.label'))
  const confirmField = fieldsetField(
    { path: 'confirm', label: t('erase.confirm.legend') },
    () => [understood.input],
    understood.element,
  )
  const reason = textarea({ name: 'reason', rows: 3, maxlength: 300 })
  const reasonField = controlField({ path: 'reason', label: t('erase.reason.label'), optional: true }, reason)
  const fields: Field[] = [confirmField, reasonField]
  const submit = submitButton(t('erase.submit'))
  submit.classList.add('bb-danger')

  const form = apiForm(
    submit,
    async () => {
      if (!understood.input.checked) {
        // The API needs `confirm: true`; ask here, where the person can answer it.
        const message = t('erase.confirm.missing')
        reasonField.setError(null)
        confirmField.setError(message)
        const summary = errorSummary('', [{ field: confirmField, message }])
        summarySlot.replaceChildren(summary)
        summary.focus()
        return
      }
      try {
        await api.eraseMember(community.id, user.id, reason.value.trim() || undefined)
        try {
          await api.signOut()
        } catch {
          // The session may already have ended with the account.
        }
        setSession(null)
        await navigate('/', { state: { flash: 'erase.done' } })
      } catch (error) {
        const count = showFormProblem(summarySlot, fields, error, errorText(error))
        if (count > 0) announce(t('form.errors.announce', { count }))
      }
    },
    fields.map((field) => field.element),
    h('div', { class: 'bb-actions' }, submit, link('/privacy', t('erase.cancel'))),
  )

  const content = h(
    'div',
    { class: 'bb-narrow-page' },
    h('p', { class: 'bb-back' }, link('/privacy', t('myData.back'))),
    pageHeading(t('erase.title')),
    alert(
      'warning',
      paragraph(h('strong', null, t('erase.warning'))),
      h(
        'ul',
        { class: 'utrecht-unordered-list' },
        h('li', { class: 'utrecht-unordered-list__item' }, t('erase.what.contact')),
        h('li', { class: 'utrecht-unordered-list__item' }, t('erase.what.posts')),
        h('li', { class: 'utrecht-unordered-list__item' }, t('erase.what.signIn')),
      ),
    ),
    paragraph(t('erase.download')),
    summarySlot,
    form,
  )
  return { title: t('erase.title'), content }
}
