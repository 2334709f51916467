import { h } from '../dom'
import { t } from '../i18n'
import { errorText } from '../pages/failure'
import { alert, busy, button, paragraph } from './ui'

/**
 * "Meer laden" for a cursor-paged list: fetches the next page, appends its elements to `into`,
 * moves focus to the first new link and announces how many came. `onPage` updates counts and
 * captions. Returns the elements to place under the list: a problem slot and the button.
 */
export function loadMore<T>(options: {
  cursor: string | null
  fetchPage: (cursor: string) => Promise<{ items: T[]; nextCursor: string | null }>
  render: (item: T) => HTMLElement
  into: HTMLElement
  loadedText: (count: number) => string
  announce: (text: string) => void
  onPage: (page: { added: number; hasMore: boolean }) => void
}): HTMLElement[] {
  let cursor = options.cursor
  const problem = h('div')
  const more = button(t('browse.loadMore'), {}, 'secondary')
  const moreWrap = h('div', { class: 'bb-actions', hidden: !cursor }, more)
  more.addEventListener('click', () => {
    void busy(more, async () => {
      if (!cursor) return
      try {
        const next = await options.fetchPage(cursor)
        const elements = next.items.map(options.render)
        options.into.append(...elements)
        cursor = next.nextCursor
        options.onPage({ added: next.items.length, hasMore: cursor !== null })
        moreWrap.hidden = !cursor
        problem.replaceChildren()
        options.announce(options.loadedText(next.items.length))
        elements[0]?.querySelector('a')?.focus()
      } catch (error) {
        problem.replaceChildren(alert('error', paragraph(errorText(error))))
      }
    })
  })
  return [problem, moreWrap]
}
