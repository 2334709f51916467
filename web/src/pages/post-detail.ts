import type { Community } from '../../../shared/schemas/community'
import type { MemberProfile } from '../../../shared/schemas/member'
import type { Post } from '../../../shared/schemas/post'
import { type CloseReason, closeReasons } from '../../../shared/schemas/vocabulary'
import { ApiError, api } from '../api'
import { isBroker } from '../auth'
import { byline, viaBroker } from '../components/post-summary'
import {
  alert,
  badge,
  choice,
  controlField,
  type Field,
  fieldsetField,
  heading,
  link,
  notice,
  pageHeading,
  paragraph,
  showFormProblem,
  textarea,
} from '../components/ui'
import { type Child, h, replaceChildren } from '../dom'
import { availabilityLines, formatDate } from '../format'
import { t } from '../i18n'
import type { Page } from '../router'
import { areaName, categoryName, loadContext, resourceTypeName } from '../session'
import { browsePath } from './browse'
import { errorText } from './failure'

function facts(community: Community, post: Post): HTMLDListElement {
  const row = (key: string, value: Child) =>
    h(
      'div',
      { class: 'bb-facts__row' },
      h('dt', { class: 'utrecht-data-list__item-key' }, key),
      h('dd', { class: 'utrecht-data-list__item-value utrecht-data-list__item-value--html-dd' }, value),
    )
  const when = availabilityLines(post.availability)
  return h(
    'dl',
    { class: 'utrecht-data-list bb-facts' },
    row(t('detail.kind'), t(`kind.${post.kind}`)),
    post.status === 'closed' && row(t('detail.status'), t('status.closed')),
    row(t('detail.category'), categoryName(community, post.categoryId)),
    row(t('detail.resourceType'), resourceTypeName(community, post.resourceType)),
    row(t('detail.area'), areaName(community, post.areaId)),
    row(
      t('detail.when'),
      h(
        'ul',
        { class: 'bb-plain-list' },
        when.map((line) => h('li', null, line)),
      ),
    ),
    row(t('detail.recurrence'), t(`recurrence.${post.availability.recurrence}`)),
    post.tags.length > 0 && row(t('detail.tags'), post.tags.join(', ')),
    row(post.kind === 'request' ? t('detail.quantity.request') : t('detail.quantity.offer'), String(post.quantity)),
    row(t('detail.endDate'), post.endDate ? formatDate(post.endDate) : t('detail.noEndDate')),
    row(t('detail.author'), [byline(community, post), post.viaBroker && [' · ', viaBroker()]]),
    row(t('detail.createdAt'), formatDate(post.createdAt)),
  )
}

function mayClose(me: MemberProfile, post: Post): boolean {
  if (post.status !== 'open') return false
  return post.author.memberId === me.id || me.role === 'broker' || me.role === 'coordinator'
}

/** `/berichten/{postId}`: one request or offer, and closing it for its author. */
export const postDetailPage: Page = async ({ params, state, announce }) => {
  const { me, user, community } = await loadContext()
  let post: Post
  try {
    post = await api.getPost(community.id, params.postId ?? '')
  } catch (error) {
    // A malformed id is as unknown as a deleted one to the person who followed the link.
    if (error instanceof ApiError && (error.code === 'POST_NOT_FOUND' || error.code === 'VALIDATION_FAILED')) {
      return {
        title: t('detail.notFound.title'),
        content: h(
          'div',
          null,
          pageHeading(t('detail.notFound.title')),
          paragraph(error.message),
          paragraph(link(browsePath, t('detail.back'))),
        ),
      }
    }
    throw error
  }

  const container = h('div', { class: 'bb-detail' })
  const own = post.author.memberId === me.id
  // Suggestions and interest are for the author (or a broker acting for them) and for brokers;
  // their code loads only for them.
  const matching =
    own || isBroker(user)
      ? await import('../components/post-matching')
          .then(({ postMatching }) => postMatching({ community, post, me, user, announce }))
          .catch((error: unknown) => notice('error', errorText(error)))
      : null

  const render = (current: Post, message?: { type: 'ok' | 'error'; text: string }) => {
    post = current
    // A closed post gets no more suggestions; the interest already shown stays visible.
    if (post.status !== 'open') matching?.querySelector('.bb-suggestions-section')?.remove()
    const notice = message ? alert(message.type, paragraph(message.text)) : null
    if (notice) notice.tabIndex = -1
    replaceChildren(
      container,
      h('p', { class: 'bb-back' }, link(browsePath, t('detail.back'))),
      notice,
      pageHeading(post.title),
      h(
        'p',
        { class: 'bb-post__meta' },
        badge(t(`kind.${post.kind}`), post.kind),
        post.status === 'closed' && [' ', badge(t('status.closed'), 'closed')],
      ),
      post.status === 'closed' &&
        alert(
          'info',
          paragraph(t('detail.closedNotice', { reason: post.closeReason ? t(`closeReason.${post.closeReason}`) : '' })),
        ),
      post.description && h('p', { class: 'utrecht-paragraph bb-description' }, post.description),
      heading(2, t('detail.facts'), { class: 'utrecht-heading-2 bb-visually-hidden' }),
      facts(community, post),
      matching,
      post.status === 'open' &&
        !own &&
        h(
          'section',
          { class: 'bb-card bb-section' },
          heading(2, t('detail.respond.title')),
          paragraph(t('detail.respond.text')),
        ),
      mayClose(me, post) && closeForm(),
    )
    return notice
  }

  const closeForm = (): HTMLElement => {
    const summarySlot = h('div')
    const reasonChoices = closeReasons.map((reason) => choice('radio', 'reason', reason, t(`closeReason.${reason}`)))
    const reasonField = fieldsetField(
      { path: 'reason', label: t('detail.close.reason') },
      () => reasonChoices.map((c) => c.input),
      reasonChoices.map((c) => c.element),
    )
    const note = textarea({ name: 'note', rows: 3, maxlength: 500 })
    const noteField = controlField({ path: 'note', label: t('detail.close.note'), optional: true }, note)
    const fields: Field[] = [reasonField, noteField]
    const submit = h(
      'button',
      { type: 'submit', class: 'utrecht-button utrecht-button--secondary-action' },
      t('detail.close.submit'),
    )
    const form = h(
      'form',
      {
        novalidate: true,
        class: 'bb-form',
        onsubmit: async (event: Event) => {
          event.preventDefault()
          if (submit.getAttribute('aria-disabled') === 'true') return
          submit.setAttribute('aria-disabled', 'true')
          const reason = reasonChoices.find((c) => c.input.checked)?.input.value as CloseReason | undefined
          const text = note.value.trim()
          try {
            const closed = await api.closePost(community.id, post.id, {
              version: post.version,
              // An unchosen reason goes to the API as missing, so its 422 names the field.
              reason: reason as CloseReason,
              ...(text ? { note: text } : {}),
            })
            render(closed, { type: 'ok', text: t('detail.close.done') })?.focus()
            announce(t('detail.close.done'))
          } catch (error) {
            if (error instanceof ApiError && (error.code === 'POST_CHANGED' || error.code === 'POST_CLOSED')) {
              // Someone changed the post meanwhile: show the fresh version with the API's explanation.
              const fresh = await api.getPost(community.id, post.id).catch(() => post)
              render(fresh, { type: 'error', text: error.message })?.focus()
            } else {
              showFormProblem(summarySlot, fields, error, errorText(error))
            }
          } finally {
            submit.removeAttribute('aria-disabled')
          }
        },
      },
      summarySlot,
      fields.map((field) => field.element),
      h('div', { class: 'bb-actions' }, submit),
    )
    return h(
      'section',
      { class: 'bb-section bb-close', 'aria-labelledby': 'close-title' },
      heading(2, t('detail.close.title'), { id: 'close-title' }),
      paragraph(t('detail.close.lead')),
      form,
    )
  }

  render(post, state.flash ? { type: 'ok', text: t(state.flash) } : undefined)
  return { title: post.title, content: container, announcement: state.flash ? t(state.flash) : undefined }
}
