import type { Community } from '../../../shared/schemas/community'
import type { Post } from '../../../shared/schemas/post'
import { h } from '../dom'
import { availabilityLines } from '../format'
import { t } from '../i18n'
import { areaName, categoryName } from '../session'
import { badge, link } from './ui'

/** The author as others may see them: first name (or organisation) and buurt, nothing more. */
export function byline(community: Community, post: Post): string {
  return t('post.byline', { name: post.author.displayName, area: areaName(community, post.author.areaId) })
}

/** Said of a post a broker placed for a resident, so everyone knows whom to ask about it. */
export function viaBroker(): HTMLSpanElement {
  return h('span', { class: 'bb-via-broker' }, t('post.viaBroker'))
}

/** One post in a result list. */
export function postSummary(community: Community, post: Post): HTMLLIElement {
  const when = [t(`recurrence.${post.availability.recurrence}`), ...availabilityLines(post.availability)].join(' · ')
  return h(
    'li',
    { class: `bb-post bb-post--${post.kind}` },
    h(
      'h3',
      { class: 'utrecht-heading-3 bb-post__title' },
      link(`/berichten/${encodeURIComponent(post.id)}`, post.title),
    ),
    h(
      'p',
      { class: 'bb-post__meta' },
      badge(t(`kind.${post.kind}`), post.kind),
      ' ',
      h('span', null, categoryName(community, post.categoryId)),
      ' · ',
      h('span', null, areaName(community, post.areaId)),
    ),
    h('p', { class: 'bb-post__when' }, when),
    h('p', { class: 'bb-post__author' }, byline(community, post), post.viaBroker && [' · ', viaBroker()]),
  )
}
