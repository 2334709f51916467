import type { Area, Community } from '../../../shared/schemas/community'
import type { PostPage } from '../../../shared/schemas/post'
import { type PostKind, postKinds } from '../../../shared/schemas/vocabulary'
import { api, type PostFilter } from '../api'
import { postSummary } from '../components/post-summary'
import {
  alert,
  button,
  buttonLink,
  controlField,
  heading,
  link,
  pageHeading,
  paragraph,
  select,
} from '../components/ui'
import { h } from '../dom'
import { localized, t } from '../i18n'
import { navigate, type Page } from '../router'
import { areaTree, loadContext } from '../session'
import { errorText } from './failure'

export const browsePath = '/vragen-en-aanbod'

// Dutch names in the address bar: people share and read these links.
const queryNames = { kind: 'soort', category: 'categorie', area: 'gebied' } as const
const pageSize = 20

/** The filter in the address, keeping only values this community knows. */
function readFilter(query: URLSearchParams, community: Community): PostFilter {
  const kind = query.get(queryNames.kind)
  const category = query.get(queryNames.category)
  const area = query.get(queryNames.area)
  return {
    kind: postKinds.includes(kind as PostKind) ? (kind as PostKind) : undefined,
    category: community.categories.some((c) => c.id === category) ? (category ?? undefined) : undefined,
    area: community.areas.some((a) => a.id === area) ? (area ?? undefined) : undefined,
  }
}

/** The address of the browse page for a filter. */
export function browseUrl(filter: PostFilter): string {
  const query = new URLSearchParams()
  if (filter.kind) query.set(queryNames.kind, filter.kind)
  if (filter.category) query.set(queryNames.category, filter.category)
  if (filter.area) query.set(queryNames.area, filter.area)
  const search = query.toString()
  return search ? `${browsePath}?${search}` : browsePath
}

/**
 * Area choices as a select's children: the gemeente first, then a group per wijk holding the
 * wijk itself and everything inside it. A select cannot nest deeper, and groups read better
 * than indented names.
 */
export function areaChoices(community: Community, selected: string | undefined): HTMLElement[] {
  const tree = areaTree(community)
  const option = (area: Area, label = area.name) =>
    h('option', { value: area.id, selected: area.id === selected }, label)
  const result: HTMLElement[] = []
  tree.forEach(({ area, depth }, index) => {
    if (depth === 0) result.push(option(area))
    if (depth !== 1) return
    const inside: Area[] = []
    for (const next of tree.slice(index + 1)) {
      if (next.depth <= 1) break
      inside.push(next.area)
    }
    if (inside.length === 0) result.push(option(area))
    else
      result.push(
        h(
          'optgroup',
          { label: area.name },
          option(area, t('area.whole', { name: area.name })),
          inside.map((a) => option(a)),
        ),
      )
  })
  return result
}

function filterForm(community: Community, filter: PostFilter): HTMLFormElement {
  const kind = select(
    [
      { value: '', label: t('kind.all') },
      { value: 'request', label: t('kind.requests'), selected: filter.kind === 'request' },
      { value: 'offer', label: t('kind.offers'), selected: filter.kind === 'offer' },
    ],
    { name: queryNames.kind },
  )
  const category = select(
    [
      { value: '', label: t('browse.filter.categoryAll') },
      ...community.categories
        .map((c) => ({ value: c.id, label: localized(c.name), selected: c.id === filter.category }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    ],
    { name: queryNames.category },
  )
  const area = select([{ value: '', label: t('browse.filter.areaAll') }], { name: queryNames.area })
  area.append(...areaChoices(community, filter.area))
  const titleId = 'filter-title'
  const form = h(
    'form',
    {
      class: 'bb-filter',
      role: 'search',
      'aria-labelledby': titleId,
      method: 'get',
      action: browsePath,
      onsubmit: (event: Event) => {
        event.preventDefault()
        void navigate(
          browseUrl({
            kind: (kind.value || undefined) as PostKind | undefined,
            category: category.value || undefined,
            area: area.value || undefined,
          }),
          { state: { focusId: 'results-title' } },
        )
      },
    },
    heading(2, t('browse.filter.title'), { id: titleId }),
    h(
      'div',
      { class: 'bb-filter__fields' },
      controlField({ path: 'kind', label: t('browse.filter.kind') }, kind).element,
      controlField({ path: 'category', label: t('browse.filter.category') }, category).element,
      controlField({ path: 'area', label: t('browse.filter.area') }, area).element,
    ),
    h(
      'div',
      { class: 'bb-actions' },
      h(
        'button',
        { type: 'submit', class: 'utrecht-button utrecht-button--primary-action' },
        t('browse.filter.submit'),
      ),
      (filter.kind || filter.category || filter.area) && link(browsePath, t('browse.filter.reset')),
    ),
  )
  return form
}

function countText(count: number, more: boolean): string {
  const found = count === 1 ? t('browse.results.one') : t('browse.results.other', { count })
  return more ? `${found} ${t('browse.results.more')}` : found
}

/** `/vragen-en-aanbod`: open requests and offers, filtered by kind, category and area. */
export const browsePage: Page = async ({ query, announce }) => {
  const { community } = await loadContext()
  const filter = readFilter(query, community)
  const first: PostPage = await api.listPosts(community.id, filter, null, pageSize)

  let cursor = first.nextCursor
  let shown = first.items.length
  const list = h(
    'ul',
    { class: 'bb-post-list', role: 'list' },
    first.items.map((post) => postSummary(community, post)),
  )
  const count = h('p', { class: 'utrecht-paragraph bb-results__count' }, countText(shown, Boolean(cursor)))
  const problem = h('div', { class: 'bb-results__problem' })
  const more = button(t('browse.loadMore'), {}, 'secondary')
  const moreWrap = h('div', { class: 'bb-actions', hidden: !cursor }, more)

  more.addEventListener('click', async () => {
    if (!cursor || more.getAttribute('aria-disabled') === 'true') return
    more.setAttribute('aria-disabled', 'true')
    announce(t('browse.loadingMore'))
    try {
      const next = await api.listPosts(community.id, filter, cursor, pageSize)
      const items = next.items.map((post) => postSummary(community, post))
      list.append(...items)
      cursor = next.nextCursor
      shown += next.items.length
      count.textContent = countText(shown, Boolean(cursor))
      moreWrap.hidden = !cursor
      problem.replaceChildren()
      announce(t('browse.loadedMore', { count: next.items.length }))
      // Continue where the new items start, not at the (possibly hidden) button.
      items[0]?.querySelector('a')?.focus()
    } catch (error) {
      problem.replaceChildren(alert('error', paragraph(errorText(error))))
    } finally {
      more.removeAttribute('aria-disabled')
    }
  })

  const results =
    first.items.length > 0
      ? [count, list, problem, moreWrap]
      : [
          h(
            'div',
            { class: 'bb-empty' },
            heading(3, t('browse.empty.title')),
            paragraph(t('browse.empty.text')),
            buttonLink('/plaatsen', t('browse.empty.post'), 'secondary'),
          ),
        ]

  const content = h(
    'div',
    null,
    pageHeading(t('browse.title')),
    paragraph(t('browse.lead'), { lead: true }),
    filterForm(community, filter),
    h(
      'section',
      { class: 'bb-results', 'aria-labelledby': 'results-title' },
      heading(2, t('browse.results.title'), { id: 'results-title' }),
      results,
    ),
  )
  return {
    title: t('browse.title'),
    content,
    announcement: first.items.length > 0 ? (count.textContent ?? '') : t('browse.empty.title'),
  }
}
