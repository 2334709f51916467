import type { Community } from '../../../shared/schemas/community'
import type { Interest, Match, PostMatch } from '../../../shared/schemas/match'
import type { SuggestedPost, Suggestion, SuggestionList } from '../../../shared/schemas/matching'
import type { MemberProfile } from '../../../shared/schemas/member'
import type { Post } from '../../../shared/schemas/post'
import { ApiError, api } from '../api'
import { isBroker } from '../auth'
import { append, h, uid } from '../dom'
import { availabilityLines, formatDate } from '../format'
import { localized, t } from '../i18n'
import { ts } from '../i18n/suggestions'
import { errorText } from '../pages/failure'
import { areaName, categoryName } from '../session'
import { isFinalStatus, matchUrl, statusBadge } from './match-parts'
import {
  badge,
  busy,
  button,
  controlField,
  heading,
  link,
  notice,
  paragraph,
  showFormProblem,
  showNotice,
  textarea,
} from './ui'

/**
 * Suggestions and interest on a post: loaded on demand, only for the people who may see them
 * (the author, a broker acting for the author, brokers and coordinators).
 */
export interface PostMatchingOptions {
  community: Community
  post: Post
  /** Whose pages these are: the signed-in member, or the resident a broker acts for. */
  me: MemberProfile
  /** Who signed in. */
  user: MemberProfile
  announce: (text: string) => void
}

const otherKind = (kind: Post['kind']) => (kind === 'request' ? 'offer' : 'request')
const postUrl = (id: string) => `/berichten/${encodeURIComponent(id)}`

/** "Anna uit De Akkers": first name and buurt, the most anyone learns from a suggestion. */
const byline = (community: Community, other: SuggestedPost) =>
  t('post.byline', { name: other.author.displayName, area: areaName(community, other.author.areaId) })

const whenText = (other: SuggestedPost) =>
  [t(`recurrence.${other.availability.recurrence}`), ...availabilityLines(other.availability)].join(' · ')

/** The two sections (suggestions, interest) for a post, with their data loaded. */
export async function postMatching(options: PostMatchingOptions): Promise<HTMLElement> {
  const { community, post, me, user, announce } = options
  const own = post.author.memberId === me.id
  // Only the author (or a broker acting for them) can say "I'm interested" for the post.
  const canAnswer = own && post.status === 'open'
  const showScore = isBroker(user)
  const authorName = post.author.displayName

  let suggestions: SuggestionList | null = null
  let suggestionsError: unknown = null
  let proposals: PostMatch[] = []
  let proposalsError: unknown = null

  const load = async () => {
    const [s, p] = await Promise.allSettled([
      post.status === 'open' ? api.suggestions(community.id, post.id) : Promise.resolve(null),
      api.postMatches(community.id, post.id),
    ])
    suggestions = s.status === 'fulfilled' ? s.value : null
    suggestionsError = s.status === 'rejected' ? s.reason : null
    proposals = p.status === 'fulfilled' ? p.value.items : []
    proposalsError = p.status === 'rejected' ? p.reason : null
  }

  const proposalWith = (otherId: string) =>
    proposals.find((view) => view.other?.id === otherId || proposalOther(view.match) === otherId)
  const proposalOther = (match: Match) => (post.kind === 'request' ? match.offerId : match.requestId)

  const suggestionsSection = h('section', {
    class: 'bb-section bb-matching bb-suggestions-section',
    'aria-labelledby': 'suggestions-title',
  })
  const proposalsSection = h('section', { class: 'bb-section bb-matching', 'aria-labelledby': 'proposals-title' })
  const suggestionsHeading = heading(2, ts('match.suggestions.title'), { id: 'suggestions-title', tabindex: '-1' })
  const proposalsHeading = heading(2, ts('match.proposals.title'), { id: 'proposals-title', tabindex: '-1' })

  /** Load both again and redraw; `focus` moves focus to the suggestions heading afterwards. */
  const reload = async (focus: boolean) => {
    await load()
    renderSuggestions()
    renderProposals()
    if (focus) suggestionsHeading.focus()
  }

  const refreshButton = () => {
    const again = button(ts('match.refresh'), {}, 'secondary')
    again.addEventListener('click', () => {
      void busy(again, async () => {
        await reload(true)
        const count = suggestions?.items.length ?? 0
        announce(
          suggestions?.computedAt === null
            ? ts('match.pending')
            : `${ts('match.refreshed')} ${count > 0 ? ts('match.found', { count }) : ''}`.trim(),
        )
      })
    })
    return again
  }

  const fitText = (item: Suggestion) => {
    // The broker's own threshold for "good" decides the plain words, so they agree with the queue.
    const percent = (item.score * 100) / item.maxScore
    const good = percent >= community.matching.goodScorePercent
    return h(
      'p',
      { class: `bb-fit bb-fit--${good ? 'good' : 'fair'}` },
      h('strong', null, ts(good ? 'match.fit.good' : 'match.fit.fair')),
      showScore && ` (${ts('match.fit.score', { score: item.score, max: item.maxScore })})`,
    )
  }

  const interestLine = (who: string, interest: Interest) =>
    h(
      'li',
      null,
      ts('match.proposal.line', { who, date: formatDate(interest.at) }),
      interest.viaBroker && ` (${ts('match.proposal.viaBroker')})`,
      interest.message && [
        '. ',
        h('span', { class: 'bb-quote' }, ts('match.proposal.message', { message: interest.message })),
      ],
    )

  /**
   * The "I'm interested" control for `other`: an optional message and one button. `from` says
   * where it is: an answer in the interest list redraws both lists.
   */
  const interestControl = (
    other: SuggestedPost,
    label: string,
    describedBy: string,
    from: 'suggestion' | 'proposal',
  ): HTMLElement => {
    const wrap = h('div', { class: 'bb-interest' })
    const result = h('div', { class: 'bb-result' })
    const message = textarea({ name: 'message', rows: 2, maxlength: 500 })
    const messageField = controlField(
      {
        path: 'message',
        label: ts('match.interest.messageLabel'),
        hint: ts('match.interest.messageHint'),
        optional: true,
      },
      message,
    )
    const send = button(label, { 'aria-describedby': describedBy })
    send.addEventListener('click', () => {
      void busy(send, async () => {
        const text = message.value.trim()
        try {
          await api.expressInterest(community.id, post.id, {
            otherPostId: other.id,
            ...(text ? { message: text } : {}),
          })
          const done = ts('match.interest.done', { name: other.author.displayName })
          const box = notice('ok', done)
          await load().catch(() => {})
          renderProposals()
          if (from === 'suggestion') {
            wrap.replaceChildren(box)
          } else {
            // The answered item is drawn anew; the confirmation goes into the new one.
            renderSuggestions()
            const item = [...proposalsSection.querySelectorAll<HTMLElement>('[data-other]')].find(
              (element) => element.dataset.other === other.id,
            )
            ;(item ?? proposalsSection).append(box)
          }
          box.focus()
          announce(done)
        } catch (error) {
          if (error instanceof ApiError && (error.code === 'NOT_SUGGESTIBLE' || error.code === 'POST_CLOSED')) {
            // The pair no longer fits: say so, and offer the fresh suggestions.
            const box = notice('error', errorText(error))
            box.querySelector('.utrecht-alert__message')?.append(h('div', { class: 'bb-actions' }, refreshButton()))
            showNotice(result, box)
            return
          }
          showFormProblem(result, [messageField], error, errorText(error))
        }
      })
    })
    wrap.append(
      result,
      h(
        'details',
        { class: 'bb-disclosure' },
        h('summary', { class: 'bb-disclosure__summary' }, ts('match.interest.message')),
        messageField.element,
      ),
      h('div', { class: 'bb-actions' }, send),
    )
    return wrap
  }

  /** "Don't match me with this person", with a confirmation in place. */
  const blockControl = (other: SuggestedPost, item: HTMLElement): HTMLElement => {
    const wrap = h('div', { class: 'bb-block' })
    const name = other.author.displayName
    const ask = h('button', { type: 'button', class: 'bb-link-button bb-quiet' }, ts('match.block'))
    const showAsk = () => wrap.replaceChildren(ask)
    ask.addEventListener('click', () => {
      const textId = uid('block-confirm')
      const result = h('div', { class: 'bb-result' })
      const yes = button(ts('match.block.yes'), {}, 'secondary')
      const no = button(t('common.cancel'), {}, 'subtle')
      const question = h(
        'p',
        { class: 'utrecht-paragraph', id: textId, tabindex: '-1' },
        ts('match.block.confirm', { name }),
      )
      no.addEventListener('click', () => {
        showAsk()
        ask.focus()
      })
      yes.addEventListener('click', () => {
        void busy(yes, async () => {
          try {
            await blockAuthorOf(other.id)
            const text = ts('match.block.done', { name })
            const box = notice('ok', text)
            item.replaceChildren(box)
            box.focus()
            announce(text)
          } catch (error) {
            showNotice(result, notice('error', errorText(error)))
          }
        })
      })
      wrap.replaceChildren(
        h(
          'div',
          { class: 'bb-confirm', role: 'group', 'aria-labelledby': textId },
          question,
          result,
          h('div', { class: 'bb-actions' }, yes, no),
        ),
      )
      question.focus()
    })
    showAsk()
    return wrap
  }

  /** Blocks the author of `postId` for the member, with the member's current version. */
  const blockAuthorOf = async (postId: string) => {
    for (let attempt = 0; ; attempt++) {
      const member = await api.getMember(community.id, me.id)
      try {
        await api.addBlock(community.id, me.id, { postId, version: member.version })
        return
      } catch (error) {
        // A block only adds to the list: after a concurrent change, add it to the fresh version.
        if (!(error instanceof ApiError && error.code === 'MEMBER_CHANGED') || attempt > 0) throw error
      }
    }
  }

  const suggestionItem = (item: Suggestion): HTMLLIElement => {
    const other = item.post
    const titleId = uid('suggestion')
    const reasonsId = uid('reasons')
    const view = proposalWith(other.id)
    const mine = view?.match.interest[post.kind] ?? null
    const theirs = view?.match.interest[otherKind(post.kind)] ?? null
    const li = h('li', { class: `bb-post bb-post--${other.kind} bb-suggestion` })
    append(li, [
      h('h3', { class: 'utrecht-heading-3 bb-post__title', id: titleId }, link(postUrl(other.id), other.title)),
      h(
        'p',
        { class: 'bb-post__meta' },
        badge(t(`kind.${other.kind}`), other.kind),
        ' ',
        h('span', null, categoryName(community, other.categoryId)),
        ' · ',
        h('span', null, byline(community, other)),
      ),
      other.description && h('p', { class: 'utrecht-paragraph bb-suggestion__description' }, other.description),
      h('p', { class: 'bb-post__when' }, whenText(other)),
      fitText(item),
      item.reasons.length > 0 && [
        h('p', { class: 'bb-reasons__title', id: reasonsId }, ts('match.reasons')),
        h(
          'ul',
          { class: 'bb-reasons', 'aria-labelledby': reasonsId },
          item.reasons.map((reason) =>
            h(
              'li',
              null,
              localized(reason.text),
              showScore &&
                h('span', { class: 'bb-note' }, ` (${ts('match.reason.points', { points: reason.points })})`),
            ),
          ),
        ),
      ],
      theirs && !mine && paragraph(ts('match.interest.theirs', { name: other.author.displayName })),
      mine
        ? h('p', { class: 'bb-done' }, ts('match.interest.doneOn', { date: formatDate(mine.at) }))
        : canAnswer &&
          interestControl(other, ts(theirs ? 'match.interestToo' : 'match.interest'), titleId, 'suggestion'),
      canAnswer && !mine && blockControl(other, li),
      view &&
        h(
          'p',
          { class: 'bb-match-link' },
          link(matchUrl(view.match.id), ts('match.proposal.view'), { 'aria-describedby': titleId }),
        ),
    ])
    return li
  }

  const renderSuggestions = () => {
    const body: (Node | false | null)[] = []
    const lead = own
      ? ts(post.kind === 'request' ? 'match.suggestions.lead.request' : 'match.suggestions.lead.offer')
      : ts('match.suggestions.leadOther', { name: authorName })
    body.push(paragraph(lead))
    if (!own && isBroker(user))
      body.push(
        paragraph([
          ts('match.actToAnswer', { name: authorName }),
          ' ',
          link(
            `/makelaar/leden/${encodeURIComponent(post.author.memberId)}`,
            ts('match.actToAnswer.link', { name: authorName }),
          ),
        ]),
      )
    if (suggestionsError) {
      body.push(notice('error', errorText(suggestionsError)))
    } else if (suggestions === null || suggestions.computedAt === null) {
      body.push(
        h(
          'div',
          { class: 'bb-pending' },
          paragraph(ts('match.pending')),
          h('div', { class: 'bb-actions' }, refreshButton()),
        ),
      )
    } else if (suggestions.items.length === 0) {
      body.push(
        paragraph(
          own ? ts(post.kind === 'request' ? 'match.empty.request' : 'match.empty.offer') : ts('match.empty.other'),
        ),
      )
    } else {
      body.push(
        h(
          'ul',
          { class: 'bb-post-list bb-suggestions', role: 'list', 'aria-labelledby': 'suggestions-title' },
          suggestions.items.map(suggestionItem),
        ),
      )
    }
    suggestionsSection.replaceChildren(suggestionsHeading, ...body.filter((node): node is Node => Boolean(node)))
  }

  const proposalItem = (view: PostMatch): HTMLLIElement => {
    const { match, other } = view
    const mine = match.interest[post.kind]
    const theirs = match.interest[otherKind(post.kind)]
    const otherName = other?.author.displayName ?? ''
    const status = isFinalStatus(match.status)
      ? ts('match.proposal.ended')
      : match.status === 'accepted'
        ? ts('match.proposal.both')
        : theirs
          ? ts('match.proposal.theirs', { name: otherName })
          : ts('match.proposal.mine', { name: otherName })
    const titleId = uid('proposal')
    return h(
      'li',
      {
        class: `bb-post bb-post--${other?.kind ?? otherKind(post.kind)} bb-proposal`,
        'data-other': proposalOther(match),
      },
      other
        ? [
            h('h3', { class: 'utrecht-heading-3 bb-post__title', id: titleId }, link(postUrl(other.id), other.title)),
            h(
              'p',
              { class: 'bb-post__meta' },
              badge(t(`kind.${other.kind}`), other.kind),
              ' ',
              h('span', null, byline(community, other)),
            ),
          ]
        : h('p', { class: 'bb-post__title', id: titleId }, ts('match.proposal.gone')),
      h('p', { class: 'bb-post__meta' }, statusBadge(match.status), ' ', h('strong', null, status)),
      h(
        'ul',
        { class: 'bb-plain-list bb-interest-lines' },
        mine && interestLine(own ? ts('match.proposal.you') : ts('match.proposal.of', { name: authorName }), mine),
        theirs && interestLine(ts('match.proposal.of', { name: otherName }), theirs),
      ),
      other &&
        theirs &&
        !mine &&
        canAnswer &&
        match.status === 'proposed' &&
        interestControl(other, ts('match.interestToo'), titleId, 'proposal'),
      h(
        'p',
        { class: 'bb-match-link' },
        link(matchUrl(match.id), ts('match.proposal.view'), { 'aria-describedby': titleId }),
      ),
    )
  }

  const renderProposals = () => {
    proposalsSection.replaceChildren(
      proposalsHeading,
      proposalsError
        ? notice('error', errorText(proposalsError))
        : proposals.length === 0
          ? paragraph(ts('match.proposals.none'))
          : h(
              'ul',
              { class: 'bb-post-list', role: 'list', 'aria-labelledby': 'proposals-title' },
              proposals.map(proposalItem),
            ),
    )
  }

  await load()
  renderSuggestions()
  renderProposals()
  return h('div', { class: 'bb-post-matching' }, post.status === 'open' && suggestionsSection, proposalsSection)
}
