import type { AuditAction, AuditEntry } from '../../../../shared/schemas/audit'
import { auditActions } from '../../../../shared/schemas/vocabulary'
import { type AuditFilter, api } from '../../api'
import { loadMore } from '../../components/load-more'
import {
  controlField,
  type Field,
  heading,
  link,
  pageHeading,
  paragraph,
  select,
  showFormProblem,
  textbox,
} from '../../components/ui'
import { h } from '../../dom'
import { formatDateTime, formatMonth } from '../../format'
import { t } from '../../i18n'
import { navigate, type Page } from '../../router'
import { loadContext } from '../../session'
import { memberUrl } from '../broker/members-list'
import { errorText } from '../failure'

const path = '/coordinator/logboek'
const queryNames = { month: 'maand', action: 'actie', memberId: 'lid' } as const
const pageSize = 50

function currentMonth(): string {
  const now = new Date()
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`
}

function readFilter(query: URLSearchParams): Required<Pick<AuditFilter, 'month'>> & AuditFilter {
  const month = query.get(queryNames.month) ?? ''
  const action = query.get(queryNames.action) ?? ''
  const memberId = query.get(queryNames.memberId)?.trim() ?? ''
  return {
    month: /^\d{4}-\d{2}$/.test(month) ? month : currentMonth(),
    action: (auditActions as readonly string[]).includes(action) ? (action as AuditAction) : undefined,
    memberId: memberId || undefined,
  }
}

function filterUrl(filter: AuditFilter): string {
  const query = new URLSearchParams()
  if (filter.month) query.set(queryNames.month, filter.month)
  if (filter.action) query.set(queryNames.action, filter.action)
  if (filter.memberId) query.set(queryNames.memberId, filter.memberId)
  return `${path}?${query}`
}

function entryRow(entry: AuditEntry): HTMLTableRowElement {
  const cell = (label: string, ...content: (Node | string)[]) => h('td', { 'data-label': label }, ...content)
  return h(
    'tr',
    null,
    cell(t('audit.col.at'), formatDateTime(entry.at)),
    cell(
      t('audit.col.actor'),
      link(memberUrl({ id: entry.actorId }), entry.actorId),
      ` (${t(`role.${entry.actorRole}`)})`,
    ),
    cell(t('audit.col.action'), t(`audit.action.${entry.action}`)),
    cell(t('audit.col.member'), entry.memberId ? link(memberUrl({ id: entry.memberId }), entry.memberId) : '–'),
    cell(
      t('audit.col.post'),
      entry.postId ? link(`/berichten/${encodeURIComponent(entry.postId)}`, t('audit.viewPost')) : '–',
    ),
    cell(t('audit.col.reason'), entry.reason ?? '–'),
  )
}

/** `/coordinator/logboek`: who did what to whose data, one month at a time, with filters. */
export const auditPage: Page = async ({ query, announce }) => {
  const { community } = await loadContext()
  const filter = readFilter(query)

  const month = textbox({ name: queryNames.month, type: 'month', value: filter.month, pattern: '\\d{4}-\\d{2}' })
  month.classList.add('bb-narrow')
  const action = select(
    [
      { value: '', label: t('audit.filter.allActions') },
      ...auditActions.map((value) => ({ value, label: t(`audit.action.${value}`), selected: value === filter.action })),
    ],
    { name: queryNames.action },
  )
  const member = textbox({
    name: queryNames.memberId,
    value: filter.memberId ?? '',
    autocomplete: 'off',
    spellcheck: 'false',
  })
  const fields: Field[] = [
    controlField({ path: 'month', label: t('audit.filter.month'), hint: t('audit.filter.month.hint') }, month),
    controlField({ path: 'action', label: t('audit.filter.action') }, action),
    controlField(
      { path: 'memberId', label: t('audit.filter.member'), hint: t('audit.filter.member.hint'), optional: true },
      member,
    ),
  ]
  const summarySlot = h('div')
  const form = h(
    'form',
    {
      class: 'bb-filter',
      role: 'search',
      'aria-labelledby': 'audit-filter-title',
      method: 'get',
      action: path,
      novalidate: true,
      onsubmit: (event: Event) => {
        event.preventDefault()
        void navigate(
          filterUrl({
            month: month.value || undefined,
            action: (action.value || undefined) as AuditAction | undefined,
            memberId: member.value.trim() || undefined,
          }),
          { state: { focusId: 'audit-results' } },
        )
      },
    },
    heading(2, t('audit.filter.title'), { id: 'audit-filter-title' }),
    summarySlot,
    h(
      'div',
      { class: 'bb-filter__fields' },
      fields.map((field) => field.element),
    ),
    h(
      'div',
      { class: 'bb-actions' },
      h('button', { type: 'submit', class: 'utrecht-button utrecht-button--primary-action' }, t('audit.filter.submit')),
      (filter.action || filter.memberId) && link(filterUrl({ month: filter.month }), t('browse.filter.reset')),
    ),
  )

  const results = h('section', { class: 'bb-results', 'aria-labelledby': 'audit-results' })
  const title = heading(2, t('audit.results', { month: formatMonth(filter.month) }), {
    id: 'audit-results',
    tabindex: '-1',
  })
  let announcement = ''
  try {
    const first = await api.listAudit(community.id, filter, null, pageSize)
    let hasMore = first.nextCursor !== null
    let shown = first.items.length
    const caption = h('caption', null)
    const setCaption = () => {
      caption.textContent = t(hasMore ? 'audit.caption.more' : 'audit.caption', {
        month: formatMonth(filter.month),
        count: shown,
      })
    }
    setCaption()
    const body = h('tbody', null, first.items.map(entryRow))
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
          (['at', 'actor', 'action', 'member', 'post', 'reason'] as const).map((col) =>
            h('th', { scope: 'col' }, t(`audit.col.${col}`)),
          ),
        ),
      ),
      body,
    )
    const paging = loadMore({
      cursor: first.nextCursor,
      fetchPage: (cursor) => api.listAudit(community.id, filter, cursor, pageSize),
      render: entryRow,
      into: body,
      loadedText: (count) => t('audit.loadedMore', { count }),
      announce,
      onPage: ({ added, hasMore: more }) => {
        shown += added
        hasMore = more
        setCaption()
      },
    })
    results.append(title, first.items.length > 0 ? table : paragraph(t('audit.empty')), ...paging)
    announcement = first.items.length > 0 ? (caption.textContent ?? '') : t('audit.empty')
  } catch (error) {
    // A filter the API refuses (e.g. a month written wrongly) is shown at the field.
    showFormProblem(summarySlot, fields, error, errorText(error))
    results.append(title)
    announcement = errorText(error)
  }

  const content = h(
    'div',
    null,
    pageHeading(t('audit.title')),
    paragraph(t('audit.lead'), { lead: true }),
    form,
    results,
  )
  return { title: t('audit.title'), content, announcement }
}
