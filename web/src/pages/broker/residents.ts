import type { Community } from '../../../../shared/schemas/community'
import type { MemberDetails } from '../../../../shared/schemas/member'
import { api } from '../../api'
import { loadMore } from '../../components/load-more'
import { activeConsents } from '../../components/member-info'
import { buttonLink, link, pageHeading, paragraph } from '../../components/ui'
import { h } from '../../dom'
import { capitalize, formatDate } from '../../format'
import { t } from '../../i18n'
import type { Page } from '../../router'
import { areaName, loadContext } from '../../session'
import { memberUrl, roleFilter, roleFromQuery } from './members-list'

const path = '/makelaar/bewoners'

function row(community: Community, member: MemberDetails): HTMLTableRowElement {
  const consent = activeConsents(member)[0]
  const cell = (label: string, ...content: (Node | string)[]) => h('td', { 'data-label': label }, ...content)
  return h(
    'tr',
    null,
    h('th', { scope: 'row' }, link(memberUrl(member), member.displayName)),
    cell(t('member.area'), areaName(community, member.areaId)),
    cell(t('member.role'), capitalize(t(`role.${member.role}`))),
    cell(t('members.col.managed'), member.managedByBroker ? t('common.yes') : t('common.no')),
    cell(
      t('members.col.consent'),
      consent ? t('members.consentSince', { date: formatDate(consent.givenOn) }) : t('common.no'),
    ),
    cell(t('member.lastActiveAt'), formatDate(member.lastActiveAt)),
  )
}

/** `/makelaar/bewoners`: the broker's list of members, filtered by role (residents first). */
export const residentsPage: Page = async ({ query, announce }) => {
  const { community } = await loadContext()
  const role = roleFromQuery(query, 'resident')
  const first = await api.listMembers(community.id, role)
  let hasMore = first.nextCursor !== null
  let shown = first.items.length

  const caption = h('caption', { id: 'members-caption', tabindex: '-1' })
  const setCaption = () => {
    caption.textContent = t(hasMore ? 'members.caption.more' : 'members.caption', {
      what: role ? t(`roles.${role}`) : t('members.filter.all'),
      count: shown,
    })
  }
  setCaption()
  const body = h(
    'tbody',
    null,
    first.items.map((member) => row(community, member)),
  )
  const table = h(
    'table',
    { class: 'bb-table bb-table--stack' },
    caption,
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        h('th', { scope: 'col' }, t('member.name')),
        h('th', { scope: 'col' }, t('member.area')),
        h('th', { scope: 'col' }, t('member.role')),
        h('th', { scope: 'col' }, t('members.col.managed')),
        h('th', { scope: 'col' }, t('members.col.consent')),
        h('th', { scope: 'col' }, t('member.lastActiveAt')),
      ),
    ),
    body,
  )
  const paging = loadMore({
    cursor: first.nextCursor,
    fetchPage: (cursor) => api.listMembers(community.id, role, cursor),
    render: (member) => row(community, member),
    into: body,
    loadedText: (count) => t('members.loadedMore', { count }),
    announce,
    onPage: ({ added, hasMore: more }) => {
      shown += added
      hasMore = more
      setCaption()
    },
  })

  const content = h(
    'div',
    null,
    pageHeading(t('residents.title')),
    paragraph(t('residents.lead'), { lead: true }),
    h('p', { class: 'bb-actions' }, buttonLink('/makelaar/nieuw', t('residents.new'))),
    roleFilter(path, role),
    first.items.length > 0 ? table : paragraph(t('members.empty')),
    ...paging,
  )
  return { title: t('residents.title'), content, announcement: caption.textContent ?? '' }
}
