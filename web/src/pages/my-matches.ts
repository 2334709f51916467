import type { MatchSide, MatchSummary } from '../../../shared/schemas/match'
import { api } from '../api'
import { loadMore } from '../components/load-more'
import { isFinalStatus, matchUrl, statusBadge } from '../components/match-parts'
import { heading, link, pageHeading, paragraph } from '../components/ui'
import { h } from '../dom'
import { formatDate } from '../format'
import { tx } from '../i18n/match'
import type { Page } from '../router'
import { loadContext } from '../session'

type Group = 'yourTurn' | 'waiting' | 'running' | 'ended'
const groups: Group[] = ['yourTurn', 'waiting', 'running', 'ended']

/** `/mijn-matches`: the member's matches (while acting, the resident's), grouped by what is needed now. */
export const myMatchesPage: Page = async ({ announce }) => {
  const { me, community, actingFor } = await loadContext()
  // The member's own posts tell which side of each match is theirs (a summary has no member ids).
  const [first, posts] = await Promise.all([
    api.memberMatches(community.id, me.id),
    api.memberPosts(community.id, me.id).catch(() => null),
  ])
  const ownPosts = new Set(posts?.items.map((post) => post.id) ?? [])
  const sideOf = (item: MatchSummary): MatchSide | null =>
    ownPosts.has(item.requestId)
      ? 'request'
      : ownPosts.has(item.offerId)
        ? 'offer'
        : item.requestName === me.displayName
          ? 'request'
          : item.offerName === me.displayName
            ? 'offer'
            : null
  const groupOf = (item: MatchSummary): Group => {
    if (item.status === 'accepted') return 'running'
    if (isFinalStatus(item.status)) return 'ended'
    return item.waitingFor !== null && item.waitingFor === sideOf(item) ? 'yourTurn' : 'waiting'
  }

  const name = actingFor?.displayName ?? ''
  const title = actingFor ? tx('mm.titleFor', { name }) : tx('mm.title')
  const items: MatchSummary[] = [...first.items]
  const lists = h('div')

  const item = (summary: MatchSummary): HTMLLIElement => {
    const side = sideOf(summary)
    const other = side === 'request' ? summary.offerName : side === 'offer' ? summary.requestName : null
    const titleId = `match-${summary.id}`
    return h(
      'li',
      { class: `bb-post bb-match-item bb-match-item--${summary.status}` },
      h(
        'h3',
        { class: 'utrecht-heading-3 bb-post__title', id: titleId },
        link(
          matchUrl(summary.id),
          other
            ? tx('mm.with', { name: other })
            : tx('mm.between', { request: summary.requestName, offer: summary.offerName }),
        ),
      ),
      h('p', { class: 'bb-post__meta' }, statusBadge(summary.status)),
      h('p', { class: 'bb-post__when' }, tx('mm.posts', { request: summary.requestTitle, offer: summary.offerTitle })),
      h('p', { class: 'bb-post__author' }, tx('mm.updated', { date: formatDate(summary.updatedAt) })),
    )
  }

  const render = () => {
    const sections = groups
      .map((group) => ({ group, members: items.filter((summary) => groupOf(summary) === group) }))
      .filter(({ members }) => members.length > 0)
    lists.replaceChildren(
      ...sections.map(({ group, members }) =>
        h(
          'section',
          { class: 'bb-section', 'aria-labelledby': `matches-${group}` },
          heading(2, `${tx(`mm.section.${group}`)} (${members.length})`, { id: `matches-${group}`, tabindex: '-1' }),
          h('ul', { class: 'bb-post-list', role: 'list' }, members.map(item)),
        ),
      ),
    )
  }
  render()

  // Newer pages may change the groups: draw them again instead of appending to one list.
  const sink = h('div')
  const paging = loadMore({
    cursor: first.nextCursor,
    fetchPage: (cursor) => api.memberMatches(community.id, me.id, cursor),
    render: (summary) => {
      items.push(summary)
      return h('span')
    },
    into: sink,
    loadedText: (count) => tx('mm.loadedMore', { count }),
    announce,
    onPage: () => {
      sink.replaceChildren()
      render()
      lists.querySelector<HTMLElement>('h2')?.focus()
    },
  })

  const content = h(
    'div',
    null,
    pageHeading(title),
    paragraph(actingFor ? tx('mm.leadFor', { name }) : tx('mm.lead'), { lead: true }),
    items.length > 0 ? lists : paragraph(actingFor ? tx('mm.noneFor', { name }) : tx('mm.none')),
    ...paging,
  )
  return { title, content }
}
