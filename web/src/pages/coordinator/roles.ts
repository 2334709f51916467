import type { Community } from '../../../../shared/schemas/community'
import type { MemberDetails, MemberProfile, Role } from '../../../../shared/schemas/member'
import { ApiError, api } from '../../api'
import { loadMore } from '../../components/load-more'
import {
  apiForm,
  controlField,
  type Field,
  notice,
  pageHeading,
  paragraph,
  select,
  showFormProblem,
  showNotice,
  submitButton,
  textarea,
} from '../../components/ui'
import { h } from '../../dom'
import { t } from '../../i18n'
import type { Page } from '../../router'
import { areaName, loadContext } from '../../session'
import { memberUrl, roleFilter, roleFromQuery, roles } from '../broker/members-list'
import { errorText } from '../failure'

const path = '/coordinator/leden'

/** One member with a disclosure to change their role, with a reason for the audit log. */
function memberItem(
  community: Community,
  user: MemberProfile,
  initial: MemberDetails,
  announce: (text: string) => void,
): HTMLLIElement {
  let member = initial
  const self = member.id === user.id
  const roleText = h('span', null, t(`role.${member.role}`))
  const summarySlot = h('div')
  const roleSelect = select(
    roles.map((value) => ({ value, label: t(`role.${value}`), selected: value === member.role })),
    { name: 'role' },
  )
  const reason = textarea({ name: 'reason', rows: 2, maxlength: 300 })
  const fields: Field[] = [
    controlField({ path: 'role', label: t('roles.new') }, roleSelect),
    controlField({ path: 'reason', label: t('roles.reason'), hint: t('roles.reason.hint') }, reason),
  ]
  const submit = submitButton(t('roles.submit'), 'secondary')
  const form = apiForm(
    submit,
    async () => {
      try {
        member = await api.setRole(community.id, member.id, {
          role: roleSelect.value as Role,
          version: member.version,
          reason: reason.value.trim(),
        })
        roleText.textContent = t(`role.${member.role}`)
        reason.value = ''
        for (const field of fields) field.setError(null)
        const text = t('roles.done', { name: member.displayName, role: t(`role.${member.role}`) })
        showNotice(summarySlot, notice('ok', text))
        announce(text)
      } catch (error) {
        showFormProblem(summarySlot, fields, error, errorText(error))
        if (error instanceof ApiError && error.code === 'MEMBER_CHANGED') {
          // Take the fresh version, so a second try can work.
          member = await api.getMember(community.id, member.id).catch(() => member)
          roleText.textContent = t(`role.${member.role}`)
        }
      }
    },
    summarySlot,
    fields.map((field) => field.element),
    h('div', { class: 'bb-actions' }, submit),
  )
  return h(
    'li',
    { class: 'bb-member-item' },
    h(
      'p',
      { class: 'bb-member-item__name' },
      h('a', { href: memberUrl(member), class: 'utrecht-link utrecht-link--html-a' }, member.displayName),
      self && ` ${t('roles.you')}`,
    ),
    h(
      'p',
      { class: 'bb-member-item__meta' },
      t('member.role'),
      ': ',
      roleText,
      ' · ',
      areaName(community, member.areaId),
    ),
    h(
      'details',
      { class: 'bb-disclosure' },
      h('summary', { class: 'bb-disclosure__summary' }, t('roles.change', { name: member.displayName })),
      self && paragraph(t('roles.ownHint')),
      form,
    ),
  )
}

/** `/coordinator/leden`: members and their roles; a coordinator changes a role with a reason. */
export const rolesPage: Page = async ({ query, announce }) => {
  const { community, user } = await loadContext()
  const role = roleFromQuery(query, undefined)
  const first = await api.listMembers(community.id, role)
  let hasMore = first.nextCursor !== null
  const list = h(
    'ul',
    { class: 'bb-member-list', role: 'list', 'aria-labelledby': 'members-caption' },
    first.items.map((member) => memberItem(community, user, member, announce)),
  )
  const count = h('h2', { class: 'utrecht-heading-2', id: 'members-caption', tabindex: '-1' })
  let shown = first.items.length
  const setCount = () => {
    count.textContent = t(hasMore ? 'members.caption.more' : 'members.caption', {
      what: role ? t(`roles.${role}`) : t('members.filter.all'),
      count: shown,
    })
  }
  setCount()
  const paging = loadMore({
    cursor: first.nextCursor,
    fetchPage: (cursor) => api.listMembers(community.id, role, cursor),
    render: (member) => memberItem(community, user, member, announce),
    into: list,
    loadedText: (count) => t('members.loadedMore', { count }),
    announce,
    onPage: ({ added, hasMore: more }) => {
      shown += added
      hasMore = more
      setCount()
    },
  })

  const content = h(
    'div',
    null,
    pageHeading(t('roles.title')),
    paragraph(t('roles.lead'), { lead: true }),
    roleFilter(path, role),
    h('section', { class: 'bb-section' }, count, first.items.length > 0 ? list : paragraph(t('members.empty'))),
    ...paging,
  )
  return { title: t('roles.title'), content, announcement: count.textContent ?? '' }
}
