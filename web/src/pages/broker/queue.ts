import type { Community } from '../../../../shared/schemas/community'
import type { QueueItem } from '../../../../shared/schemas/matching'
import type { MemberProfile } from '../../../../shared/schemas/member'
import { type QueueItemKind, queueItemKinds } from '../../../../shared/schemas/vocabulary'
import { ApiError, api, type QueueFilter } from '../../api'
import { loadMore } from '../../components/load-more'
import {
  apiForm,
  busy,
  button,
  controlField,
  dataList,
  type Field,
  heading,
  link,
  notice,
  pageHeading,
  paragraph,
  select,
  showFormProblem,
  showNotice,
  submitButton,
  textarea,
  textbox,
} from '../../components/ui'
import { type Child, h, replaceChildren, uid } from '../../dom'
import { formatDateTime } from '../../format'
import { localized, t } from '../../i18n'
import { tq } from '../../i18n/queue'
import { navigate, type Page } from '../../router'
import { areaName, categoryName, loadContext } from '../../session'
import { areaChoices } from '../browse'
import { errorText } from '../failure'
import { memberUrl } from './members-list'

export const queuePath = '/makelaar/taken'

// Dutch names in the address bar, like the browse page: brokers share these links.
const queryNames = { view: 'weergave', kind: 'soort', area: 'gebied', category: 'categorie' } as const
const viewNames = { all: 'alle', mine: 'mijn' } as const
const pageSize = 20
const day = 24 * 60 * 60 * 1000

function readFilter(query: URLSearchParams, community: Community): QueueFilter {
  const kind = query.get(queryNames.kind)
  const area = query.get(queryNames.area)
  const category = query.get(queryNames.category)
  return {
    view: query.get(queryNames.view) === viewNames.mine ? 'mine' : 'all',
    kind: queueItemKinds.includes(kind as QueueItemKind) ? (kind as QueueItemKind) : undefined,
    area: community.areas.some((a) => a.id === area) ? (area ?? undefined) : undefined,
    category: community.categories.some((c) => c.id === category) ? (category ?? undefined) : undefined,
  }
}

export function queueUrl(filter: QueueFilter): string {
  const query = new URLSearchParams()
  if (filter.view === 'mine') query.set(queryNames.view, viewNames.mine)
  if (filter.kind) query.set(queryNames.kind, filter.kind)
  if (filter.area) query.set(queryNames.area, filter.area)
  if (filter.category) query.set(queryNames.category, filter.category)
  const search = query.toString()
  return search ? `${queuePath}?${search}` : queuePath
}

/** "Wacht al 3 dagen", counted in whole days. */
function waitingText(since: string, now: number): string {
  const days = Math.max(0, Math.floor((now - Date.parse(since)) / day))
  if (days === 0) return tq('queue.waiting.today')
  if (days === 1) return tq('queue.waiting.one')
  return tq('queue.waiting.days', { days })
}

/** A date field's day at 9:00 in the broker's own time zone, as the API's ISO moment. */
function morningOf(date: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined
  const [year, month, dayOfMonth] = date.split('-').map(Number) as [number, number, number]
  return new Date(year, month - 1, dayOfMonth, 9, 0, 0).toISOString()
}

function isoDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

/** All / mine: two links, the current one marked, keeping the filters. */
function viewSwitch(filter: QueueFilter): HTMLElement {
  const item = (view: QueueFilter['view'], key: 'queue.view.all' | 'queue.view.mine') =>
    h(
      'li',
      { class: 'bb-tabs__item' },
      h(
        'a',
        {
          href: queueUrl({ ...filter, view }),
          class: `bb-tabs__link${filter.view === view ? ' bb-tabs__link--current' : ''}`,
          'aria-current': filter.view === view ? 'page' : null,
        },
        tq(key),
      ),
    )
  return h(
    'nav',
    { class: 'bb-tabs', 'aria-label': tq('queue.views') },
    h('ul', { class: 'bb-tabs__list' }, item('all', 'queue.view.all'), item('mine', 'queue.view.mine')),
  )
}

function filterForm(community: Community, filter: QueueFilter): HTMLFormElement {
  const area = select([{ value: '', label: tq('queue.filter.areaAll') }], { name: queryNames.area })
  area.append(...areaChoices(community, filter.area))
  const category = select(
    [
      { value: '', label: tq('queue.filter.categoryAll') },
      ...community.categories
        .map((c) => ({ value: c.id, label: localized(c.name), selected: c.id === filter.category }))
        .sort((a, b) => a.label.localeCompare(b.label)),
    ],
    { name: queryNames.category },
  )
  const kind = select(
    [
      { value: '', label: tq('queue.filter.kindAll') },
      ...queueItemKinds.map((value) => ({ value, label: tq(`queue.kind.${value}`), selected: value === filter.kind })),
    ],
    { name: queryNames.kind },
  )
  return h(
    'form',
    {
      class: 'bb-filter',
      role: 'search',
      'aria-labelledby': 'queue-filter-title',
      method: 'get',
      action: queuePath,
      onsubmit: (event: Event) => {
        event.preventDefault()
        void navigate(
          queueUrl({
            view: filter.view,
            area: area.value || undefined,
            category: category.value || undefined,
            kind: (kind.value || undefined) as QueueItemKind | undefined,
          }),
          { state: { focusId: 'queue-results' } },
        )
      },
    },
    heading(2, tq('queue.filter.title'), { id: 'queue-filter-title' }),
    h(
      'div',
      { class: 'bb-filter__fields' },
      controlField({ path: 'area', label: tq('queue.filter.area') }, area).element,
      controlField({ path: 'category', label: tq('queue.filter.category') }, category).element,
      controlField({ path: 'kind', label: tq('queue.filter.kind') }, kind).element,
    ),
    h(
      'div',
      { class: 'bb-actions' },
      h(
        'button',
        { type: 'submit', class: 'utrecht-button utrecht-button--primary-action' },
        tq('queue.filter.submit'),
      ),
      (filter.area || filter.category || filter.kind) &&
        link(queueUrl({ view: filter.view }), t('browse.filter.reset')),
    ),
  )
}

const disclosure = (summary: string, ...children: Child[]) =>
  h('details', { class: 'bb-disclosure' }, h('summary', { class: 'bb-disclosure__summary' }, summary), children)

/** One task: why it is here, whose request, how long they have waited, and what a broker can do. */
function taskItem(
  community: Community,
  user: MemberProfile,
  initial: QueueItem,
  announce: (text: string) => void,
): HTMLLIElement {
  let item = initial
  const li = h('li', { class: 'bb-task' })

  /** A refused action: a changed task needs the fresh list; a done task has nothing left to do. */
  const refused = (slot: HTMLElement, fields: Field[], error: unknown) => {
    if (error instanceof ApiError && error.code === 'QUEUE_ITEM_CHANGED') {
      const box = notice('error', errorText(error))
      const reload = button(tq('queue.reload'), {}, 'secondary')
      // The list as it is now, with focus on its count (the task itself may have moved or gone).
      reload.addEventListener(
        'click',
        () =>
          void navigate(`${location.pathname}${location.search}`, {
            replace: true,
            state: { focusId: 'queue-results' },
          }),
      )
      box.querySelector('.utrecht-alert__message')?.append(h('div', { class: 'bb-actions' }, reload))
      showNotice(slot, box)
      return
    }
    if (error instanceof ApiError && error.code === 'QUEUE_ITEM_DONE') {
      item = { ...item, status: 'done' }
      draw(notice('error', errorText(error)))
      return
    }
    const count = showFormProblem(slot, fields, error, errorText(error))
    if (count > 0) announce(t('form.errors.announce', { count }))
  }

  /** After a change: draw the task again with `box` at the top, focused and said. */
  const changed = (next: QueueItem, text: string) => {
    item = next
    draw(notice('ok', text))
    announce(text)
  }

  const takeButton = (slot: HTMLElement) => {
    const take = button(tq('queue.take'), { 'aria-describedby': `${li.id}-title` })
    take.addEventListener('click', () => {
      void busy(take, async () => {
        try {
          changed(await api.takeQueueItem(community.id, item.id, item.version), tq('queue.taken'))
        } catch (error) {
          refused(slot, [], error)
        }
      })
    })
    return take
  }

  const snoozeForm = () => {
    const summarySlot = h('div')
    const tomorrow = new Date(Date.now() + day)
    const until = textbox({
      name: 'until',
      type: 'date',
      min: isoDay(tomorrow),
      max: isoDay(new Date(Date.now() + 90 * day)),
      value: isoDay(new Date(Date.now() + 7 * day)),
    })
    until.classList.add('bb-narrow')
    const reason = textarea({ name: 'reason', rows: 2, maxlength: 300 })
    const fields: Field[] = [
      controlField({ path: 'until', label: tq('queue.snooze.until'), hint: tq('queue.snooze.untilHint') }, until),
      controlField({ path: 'reason', label: tq('queue.snooze.reason'), hint: tq('queue.snooze.reasonHint') }, reason),
    ]
    const submit = submitButton(tq('queue.snooze.submit'), 'secondary')
    return apiForm(
      submit,
      async () => {
        try {
          const next = await api.snoozeQueueItem(community.id, item.id, {
            version: item.version,
            until: morningOf(until.value),
            reason: reason.value,
          })
          changed(next, tq('queue.snoozed', { date: formatDateTime(next.snooze?.until ?? next.dueAt) }))
        } catch (error) {
          refused(summarySlot, fields, error)
        }
      },
      summarySlot,
      fields.map((field) => field.element),
      h('div', { class: 'bb-actions' }, submit),
    )
  }

  const finishForm = () => {
    const summarySlot = h('div')
    const noteInput = textarea({ name: 'note', rows: 2, maxlength: 500 })
    const fields: Field[] = [
      controlField(
        { path: 'note', label: tq('queue.finish.note'), hint: tq('queue.finish.noteHint'), optional: true },
        noteInput,
      ),
    ]
    const submit = submitButton(tq('queue.finish.submit'), 'secondary')
    return apiForm(
      submit,
      async () => {
        try {
          changed(
            await api.finishQueueItem(community.id, item.id, { version: item.version, note: noteInput.value.trim() }),
            tq('queue.finished'),
          )
        } catch (error) {
          refused(summarySlot, fields, error)
        }
      },
      summarySlot,
      fields.map((field) => field.element),
      h('div', { class: 'bb-actions' }, submit),
    )
  }

  /** Closes the request itself with a referral (the post's own version), then finishes the task. */
  const referForm = () => {
    const summarySlot = h('div')
    const referral = textbox({ name: 'referral', maxlength: 200, autocomplete: 'off' })
    const noteInput = textarea({ name: 'note', rows: 2, maxlength: 500 })
    const fields: Field[] = [
      controlField({ path: 'referral', label: tq('queue.refer.to'), hint: tq('queue.refer.toHint') }, referral),
      controlField({ path: 'note', label: tq('queue.refer.note'), optional: true }, noteInput),
    ]
    const submit = submitButton(tq('queue.refer.submit'), 'secondary')
    return apiForm(
      submit,
      async () => {
        const to = referral.value.trim()
        const text = noteInput.value.trim()
        try {
          const post = await api.getPost(community.id, item.postId)
          await api.closePost(community.id, item.postId, {
            version: post.version,
            reason: 'referred',
            // Empty goes as missing, so the API names the field.
            ...(to ? { referral: to } : {}),
            ...(text ? { note: text } : {}),
          })
        } catch (error) {
          refused(summarySlot, fields, error)
          return
        }
        // The request is closed; record who finished the task and how. The matching worker may
        // have closed the task already, which is fine.
        let next: QueueItem = { ...item, status: 'done' }
        try {
          next = await api.finishQueueItem(community.id, item.id, {
            version: item.version,
            note: tq('queue.referNote', { referral: to }),
          })
        } catch (error) {
          if (!(error instanceof ApiError && (error.code === 'QUEUE_ITEM_DONE' || error.code === 'QUEUE_ITEM_CHANGED')))
            console.warn('The task could not be finished after the referral', error)
        }
        changed(next, tq('queue.referred', { referral: to }))
      },
      summarySlot,
      paragraph(tq('queue.refer.lead')),
      fields.map((field) => field.element),
      h('div', { class: 'bb-actions' }, submit),
    )
  }

  const draw = (message?: HTMLElement) => {
    const now = Date.now()
    const done = item.status === 'done'
    const overdue = !done && item.answerBy !== null && Date.parse(item.answerBy) < now
    const takenByMe = item.takenBy?.memberId === user.id
    const slot = h('div', { class: 'bb-result' })
    li.id ||= uid('task')
    li.className = `bb-task bb-task--${item.status}${overdue ? ' bb-task--overdue' : ''}`
    replaceChildren(
      li,
      h(
        'p',
        { class: 'bb-task__kind' },
        h('strong', null, tq(`queue.kind.${item.kind}`)),
        ' – ',
        tq(`queue.why.${item.kind}`),
      ),
      h(
        'h3',
        { class: 'utrecht-heading-3 bb-task__title', id: `${li.id}-title` },
        link(`/berichten/${encodeURIComponent(item.postId)}`, item.postTitle),
      ),
      dataList([
        [
          tq('queue.person'),
          [link(memberUrl({ id: item.memberId }), item.memberName), ` (${areaName(community, item.areaId)})`],
        ],
        [tq('queue.category'), categoryName(community, item.categoryId)],
        item.matchId !== null && [
          tq('queue.match'),
          link(`/matches/${encodeURIComponent(item.matchId)}`, tq('queue.match.open'), {
            'aria-describedby': `${li.id}-title`,
          }),
        ],
        [tq('queue.waiting'), waitingText(item.waitingSince, now)],
        item.answerBy !== null && [
          tq('queue.answerBy'),
          [
            formatDateTime(item.answerBy),
            overdue && [
              ' ',
              h(
                'strong',
                { class: 'bb-overdue' },
                h('span', { class: 'bb-overdue__icon', 'aria-hidden': 'true' }, '!'),
                tq('queue.overdue'),
              ),
            ],
          ],
        ],
        [
          tq('queue.takenBy'),
          item.takenBy
            ? takenByMe
              ? tq('queue.takenBy.you', { name: item.takenBy.displayName })
              : item.takenBy.displayName
            : tq('queue.takenBy.nobody'),
        ],
        item.snooze !== null &&
          !done && [
            tq('queue.status'),
            tq('queue.snoozedUntil', { date: formatDateTime(item.snooze.until), reason: item.snooze.reason }),
          ],
        done && [tq('queue.status'), tq('queue.status.done')],
      ]),
      message ?? null,
      slot,
      !done && [
        h('div', { class: 'bb-actions' }, !takenByMe && takeButton(slot)),
        disclosure(tq('queue.snooze'), snoozeForm()),
        disclosure(tq('queue.finish'), finishForm()),
        item.postKind === 'request' && disclosure(tq('queue.refer'), referForm()),
      ],
    )
    if (message) {
      message.tabIndex = -1
      message.focus()
    }
  }
  draw()
  return li
}

function countText(count: number, more: boolean): string {
  if (more) return tq('queue.count.more', { count })
  return count === 1 ? tq('queue.count.one') : tq('queue.count', { count })
}

/** `/makelaar/taken`: the brokers' work queue, all or mine, filtered by wijk, category and kind. */
export const queuePage: Page = async ({ query, announce }) => {
  const { community, user } = await loadContext()
  const filter = readFilter(query, community)
  const first = await api.listQueue(community.id, filter, null, pageSize)
  let shown = first.items.length
  let hasMore = first.nextCursor !== null

  const title = heading(2, countText(shown, hasMore), { id: 'queue-results', tabindex: '-1' })
  const list = h(
    'ul',
    { class: 'bb-task-list', role: 'list', 'aria-labelledby': 'queue-results' },
    first.items.map((item) => taskItem(community, user, item, announce)),
  )
  const paging = loadMore({
    cursor: first.nextCursor,
    fetchPage: (cursor) => api.listQueue(community.id, filter, cursor, pageSize),
    render: (item) => taskItem(community, user, item, announce),
    into: list,
    loadedText: (count) => tq('queue.loadedMore', { count }),
    announce,
    onPage: ({ added, hasMore: more }) => {
      shown += added
      hasMore = more
      title.textContent = countText(shown, hasMore)
    },
  })

  const empty = filter.view === 'mine' && !filter.area && !filter.category && !filter.kind
  const content = h(
    'div',
    null,
    pageHeading(tq('queue.title')),
    paragraph(tq('queue.lead'), { lead: true }),
    viewSwitch(filter),
    filterForm(community, filter),
    h(
      'section',
      { class: 'bb-results', 'aria-labelledby': 'queue-results' },
      title,
      first.items.length > 0 ? list : paragraph(empty ? tq('queue.emptyMine') : tq('queue.empty')),
      ...paging,
    ),
  )
  const view = tq(filter.view === 'mine' ? 'queue.view.mine' : 'queue.view.all')
  return {
    title: `${tq('queue.title')}: ${view}`,
    content,
    announcement: first.items.length > 0 ? (title.textContent ?? '') : tq('queue.empty'),
  }
}
