import type { FollowUpPage, MatchSummary } from '../../../../shared/schemas/match'
import { api } from '../../api'
import { loadMore } from '../../components/load-more'
import { matchUrl, statusBadge } from '../../components/match-parts'
import { dataList, heading, link, pageHeading, paragraph } from '../../components/ui'
import { h } from '../../dom'
import { formatDate, formatDateTime } from '../../format'
import { tb } from '../../i18n/broker-matches'
import { tx } from '../../i18n/match'
import type { Page } from '../../router'
import { loadContext } from '../../session'

export const brokerMatchesPath = '/makelaar/matches'

type View = 'proposed' | 'accepted' | 'follow-ups'
// Dutch names in the address bar, like the queue: brokers share these links.
const viewNames: Record<View, string> = { proposed: 'voorstellen', accepted: 'lopend', 'follow-ups': 'nazorg' }
const views: View[] = ['proposed', 'accepted', 'follow-ups']
const pageSize = 20

type FollowUpItem = FollowUpPage['items'][number]

const viewUrl = (view: View) =>
  view === 'proposed' ? brokerMatchesPath : `${brokerMatchesPath}?weergave=${viewNames[view]}`

function readView(query: URLSearchParams): View {
  const name = query.get('weergave')
  return views.find((view) => viewNames[view] === name) ?? 'proposed'
}

function viewSwitch(current: View): HTMLElement {
  return h(
    'nav',
    { class: 'bb-tabs', 'aria-label': tb('bm.views') },
    h(
      'ul',
      { class: 'bb-tabs__list' },
      views.map((view) =>
        h(
          'li',
          { class: 'bb-tabs__item' },
          h(
            'a',
            {
              href: viewUrl(view),
              class: `bb-tabs__link${view === current ? ' bb-tabs__link--current' : ''}`,
              'aria-current': view === current ? 'page' : null,
            },
            tb(`bm.view.${view}`),
          ),
        ),
      ),
    ),
  )
}

/** One match: whose answer is missing (or since when it runs), and a way to the match page. */
function matchItem(summary: MatchSummary): HTMLLIElement {
  const titleId = `bm-${summary.id}`
  const waitingName =
    summary.waitingFor === 'request' ? summary.requestName : summary.waitingFor === 'offer' ? summary.offerName : null
  return h(
    'li',
    { class: 'bb-task bb-match-task' },
    h(
      'h3',
      { class: 'utrecht-heading-3 bb-task__title', id: titleId },
      link(matchUrl(summary.id), tx('mm.between', { request: summary.requestName, offer: summary.offerName })),
    ),
    h('p', { class: 'bb-post__meta' }, statusBadge(summary.status)),
    paragraph(tx('mm.posts', { request: summary.requestTitle, offer: summary.offerTitle })),
    dataList([
      waitingName !== null && [tb('bm.waitingFor'), h('strong', null, waitingName)],
      summary.status === 'proposed' && [tb('bm.since'), formatDate(summary.updatedAt)],
      summary.acceptedAt !== null && [tb('bm.acceptedOn'), formatDate(summary.acceptedAt)],
      summary.status !== 'proposed' && [tb('bm.lastChange'), formatDate(summary.updatedAt)],
    ]),
    summary.status === 'proposed' &&
      h(
        'p',
        { class: 'bb-actions' },
        h(
          'a',
          {
            href: matchUrl(summary.id),
            class: 'utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action',
            'aria-describedby': titleId,
          },
          tb('bm.open'),
        ),
      ),
  )
}

/** One follow-up question: the step, where it stands, who answered. */
function followUpItem(item: FollowUpItem): HTMLLIElement {
  const { summary } = item
  const titleId = `fu-${item.id.replace(/\W/g, '-')}`
  const state = (() => {
    switch (item.status) {
      case 'scheduled':
        return tb('bm.fu.scheduled', { date: formatDateTime(item.dueAt) })
      case 'sent':
        return tb('bm.fu.sent', { date: formatDateTime(item.sentAt ?? item.updatedAt) })
      case 'reminded':
        return tb('bm.fu.reminded', { date: formatDateTime(item.remindedAt ?? item.updatedAt) })
      default:
        return tb(`bm.fu.${item.status}`)
    }
  })()
  const reply = (name: string, side: 'request' | 'offer') => {
    const given = item.replies[side]
    return h(
      'li',
      null,
      given ? tb('bm.fu.reply', { name, answer: tb(`bm.answer.${given.answer}`) }) : tb('bm.fu.noReply', { name }),
    )
  }
  const active = item.status === 'scheduled' || item.status === 'sent' || item.status === 'reminded'
  return h(
    'li',
    { class: `bb-task${item.status === 'escalated' ? ' bb-task--overdue' : ''}` },
    h('p', { class: 'bb-task__kind' }, h('strong', null, `${tb('bm.step')}: `), tb(`bm.step.${item.step}`)),
    h(
      'h3',
      { class: 'utrecht-heading-3 bb-task__title', id: titleId },
      link(matchUrl(summary.id), tx('mm.between', { request: summary.requestName, offer: summary.offerName })),
    ),
    paragraph(tx('mm.posts', { request: summary.requestTitle, offer: summary.offerTitle })),
    dataList([
      [
        tb('bm.fu.state'),
        item.status === 'escalated'
          ? h(
              'strong',
              { class: 'bb-overdue' },
              h('span', { class: 'bb-overdue__icon', 'aria-hidden': 'true' }, '!'),
              state,
            )
          : state,
      ],
      active && item.status !== 'scheduled' && [tb('bm.fu.next'), formatDateTime(item.dueAt)],
      [
        tb('bm.fu.replies'),
        h('ul', { class: 'bb-plain-list' }, reply(summary.requestName, 'request'), reply(summary.offerName, 'offer')),
      ],
    ]),
  )
}

function countText(view: View, count: number, more: boolean): string {
  const prefix = view === 'follow-ups' ? 'bm.fu.count' : 'bm.count'
  if (more) return tb(`${prefix}.more`, { count })
  return count === 1 ? tb(`${prefix}.one`) : tb(prefix, { count })
}

/** `/makelaar/matches`: proposals waiting for an answer, matches under way, and follow-ups due. */
export const brokerMatchesPage: Page = async ({ query, announce }) => {
  const { community } = await loadContext()
  const view = readView(query)

  const build = async <T>(
    fetchPage: (cursor: string | null) => Promise<{ items: T[]; nextCursor: string | null }>,
    render: (item: T) => HTMLLIElement,
  ) => {
    const first = await fetchPage(null)
    let shown = first.items.length
    const title = heading(2, countText(view, shown, first.nextCursor !== null), {
      id: 'matches-results',
      tabindex: '-1',
    })
    const list = h(
      'ul',
      { class: 'bb-task-list', role: 'list', 'aria-labelledby': 'matches-results' },
      first.items.map(render),
    )
    const paging = loadMore({
      cursor: first.nextCursor,
      fetchPage: (cursor) => fetchPage(cursor),
      render,
      into: list,
      loadedText: (count) => tb('bm.loadedMore', { count }),
      announce,
      onPage: ({ added, hasMore }) => {
        shown += added
        title.textContent = countText(view, shown, hasMore)
      },
    })
    return {
      count: first.items.length,
      section: h(
        'section',
        { class: 'bb-results', 'aria-labelledby': 'matches-results' },
        title,
        first.items.length > 0 ? list : paragraph(tb(`bm.empty.${view}`)),
        ...paging,
      ),
      announcement: first.items.length > 0 ? (title.textContent ?? '') : tb(`bm.empty.${view}`),
    }
  }

  const results =
    view === 'follow-ups'
      ? await build((cursor) => api.listFollowUps(community.id, cursor, pageSize), followUpItem)
      : await build((cursor) => api.listMatches(community.id, view, cursor, pageSize), matchItem)

  const content = h(
    'div',
    null,
    pageHeading(tb('bm.title')),
    paragraph(tb('bm.lead'), { lead: true }),
    viewSwitch(view),
    results.section,
  )
  return { title: `${tb('bm.title')}: ${tb(`bm.view.${view}`)}`, content, announcement: results.announcement }
}
