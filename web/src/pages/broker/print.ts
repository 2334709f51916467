import type { Post } from '../../../../shared/schemas/post'
import { api } from '../../api'
import { button, dataList, heading, link } from '../../components/ui'
import { h } from '../../dom'
import { availabilityLines, formatDate } from '../../format'
import { t } from '../../i18n'
import type { Page } from '../../router'
import { areaName, categoryName, loadContext } from '../../session'

/** At most this many posts fit on the page next to everything else. */
const maxPosts = 6

function postLine(post: Post, community: Parameters<typeof categoryName>[0]): HTMLLIElement {
  const when = [t(`recurrence.${post.availability.recurrence}`), ...availabilityLines(post.availability)].join(', ')
  return h(
    'li',
    { class: 'bb-print__post' },
    h('strong', null, `${t(`kind.${post.kind}`)}: ${post.title}`),
    h('br'),
    `${categoryName(community, post.categoryId)} · ${when}`,
    h('br'),
    t('print.postedOn', { date: formatDate(post.createdAt) }),
  )
}

/**
 * `/makelaar/leden/{memberId}/print`: one A4 page a broker prints (or saves as PDF) for a
 * resident who is not online: their requests and offers, their appointments, whom to call.
 */
export const printPage: Page = async ({ params }) => {
  const { community } = await loadContext()
  const memberId = params.memberId ?? ''
  const summary = await api.memberSummary(community.id, memberId)
  const { member, contact, helpdesk, broker } = summary
  const open = summary.posts.filter((post) => post.status === 'open')
  const shown = open.slice(0, maxPosts)
  const name = contact.fullName || member.displayName

  const print = button(t('print.print'))
  print.addEventListener('click', () => window.print())

  const content = h(
    'div',
    { class: 'bb-print-page' },
    h(
      'div',
      { class: 'bb-print-tools bb-no-print' },
      h(
        'p',
        { class: 'bb-back' },
        link(`/makelaar/leden/${encodeURIComponent(member.id)}`, t('print.back', { name: member.displayName })),
      ),
      h('p', { class: 'utrecht-paragraph' }, t('print.hint')),
      h('div', { class: 'bb-actions' }, print),
    ),
    h(
      'article',
      { class: 'bb-print', 'aria-labelledby': 'print-title' },
      h(
        'header',
        { class: 'bb-print__header' },
        h('p', { class: 'bb-print__brand' }, community.name),
        h('h1', { class: 'utrecht-heading-1', id: 'print-title', tabindex: '-1' }, t('print.title', { name })),
        h('p', { class: 'bb-print__date' }, t('print.made', { date: formatDate(new Date().toISOString()) })),
      ),
      h(
        'section',
        { class: 'bb-print__section', 'aria-labelledby': 'print-posts' },
        heading(2, t('print.posts'), { id: 'print-posts' }),
        shown.length > 0
          ? h(
              'ul',
              { class: 'bb-print__list' },
              shown.map((post) => postLine(post, community)),
            )
          : h('p', null, t('print.noPosts')),
        open.length > shown.length && h('p', null, t('print.morePosts', { count: open.length - shown.length })),
      ),
      h(
        'section',
        { class: 'bb-print__section', 'aria-labelledby': 'print-matches' },
        heading(2, t('print.matches'), { id: 'print-matches' }),
        h('p', null, t('print.noMatches')),
      ),
      h(
        'section',
        { class: 'bb-print__section bb-print__call', 'aria-labelledby': 'print-call' },
        heading(2, t('print.call'), { id: 'print-call' }),
        dataList([
          broker && [t('print.broker'), broker.displayName],
          helpdesk && [helpdesk.name, helpdesk.phone],
          helpdesk?.email ? [t('contact.email'), helpdesk.email] : false,
        ]),
        !helpdesk && !broker && h('p', null, t('print.callNobody')),
      ),
      h(
        'section',
        { class: 'bb-print__section', 'aria-labelledby': 'print-you' },
        heading(2, t('print.you'), { id: 'print-you' }),
        dataList([
          [t('member.firstName'), member.displayName],
          [t('member.area'), areaName(community, member.areaId)],
          contact.phone ? [t('contact.phone'), contact.phone] : false,
          contact.address ? [t('contact.address'), contact.address] : false,
        ]),
        h('p', null, t('print.change')),
      ),
      h('footer', { class: 'bb-print__footer' }, t('print.footer')),
    ),
  )
  return { title: t('print.documentTitle', { name: member.displayName }), content }
}
