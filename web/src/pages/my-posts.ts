import type { Post } from '../../../shared/schemas/post'
import { api } from '../api'
import { postSummary } from '../components/post-summary'
import { alert, busy, button, buttonLink, heading, pageHeading, paragraph } from '../components/ui'
import { h } from '../dom'
import { t } from '../i18n'
import type { Page } from '../router'
import { loadContext } from '../session'
import { errorText } from './failure'

/** `/mijn-berichten`: the member's own requests and offers, open and closed; while acting, the resident's. */
export const myPostsPage: Page = async ({ state, announce }) => {
  const { me, community, actingFor } = await loadContext()
  const first = await api.memberPosts(community.id, me.id)
  const posts: Post[] = [...first.items]
  let cursor = first.nextCursor

  const title = actingFor ? t('myPosts.titleFor', { name: actingFor.displayName }) : t('myPosts.title')
  const lists = h('div')
  const problem = h('div')
  const more = button(t('browse.loadMore'), {}, 'secondary')
  const moreWrap = h('div', { class: 'bb-actions', hidden: !cursor }, more)

  const section = (id: string, label: string, items: Post[], empty: string) =>
    h(
      'section',
      { class: 'bb-section', 'aria-labelledby': id },
      heading(2, `${label} (${items.length})`, { id, tabindex: '-1' }),
      items.length > 0
        ? h(
            'ul',
            { class: 'bb-post-list', role: 'list' },
            items.map((post) => postSummary(community, post)),
          )
        : paragraph(empty),
    )
  const render = () => {
    const open = posts.filter((post) => post.status === 'open')
    const closed = posts.filter((post) => post.status !== 'open')
    lists.replaceChildren(
      section('open-title', t('myPosts.open'), open, t('myPosts.noneOpen')),
      section('closed-title', t('myPosts.closed'), closed, t('myPosts.noneClosed')),
    )
  }
  render()

  more.addEventListener('click', () => {
    void busy(more, async () => {
      if (!cursor) return
      try {
        const next = await api.memberPosts(community.id, me.id, cursor)
        posts.push(...next.items)
        cursor = next.nextCursor
        moreWrap.hidden = !cursor
        render()
        problem.replaceChildren()
        announce(t('browse.loadedMore', { count: next.items.length }))
        lists.querySelector<HTMLElement>('h2')?.focus()
      } catch (error) {
        problem.replaceChildren(alert('error', paragraph(errorText(error))))
      }
    })
  })

  const content = h(
    'div',
    null,
    pageHeading(title),
    state.flash && alert('ok', paragraph(t(state.flash, { name: actingFor?.displayName ?? '' }))),
    paragraph(actingFor ? t('myPosts.leadFor', { name: actingFor.displayName }) : t('myPosts.lead'), { lead: true }),
    h(
      'p',
      { class: 'bb-actions' },
      buttonLink('/plaatsen', actingFor ? t('myPosts.newFor', { name: actingFor.displayName }) : t('myPosts.new')),
    ),
    lists,
    problem,
    moreWrap,
  )
  return {
    title,
    content,
    announcement: state.flash ? t(state.flash, { name: actingFor?.displayName ?? '' }) : undefined,
  }
}
