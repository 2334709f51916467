import { agreementToIcs } from '../../../shared/domain/calendar'
import type {
  Agreement,
  Match,
  MatchContact,
  MatchSide,
  MatchTransition,
  MatchView,
  Outcome,
} from '../../../shared/schemas/match'
import type { SuggestedPost } from '../../../shared/schemas/matching'
import { recurrences } from '../../../shared/schemas/vocabulary'
import { ApiError, api } from '../api'
import { getActingFor, isBroker } from '../auth'
import {
  durationText,
  hoursText,
  isFinalStatus,
  matchSides,
  memberOfSide,
  otherSide,
  sideOfMember,
  statusBadge,
} from '../components/match-parts'
import { outcomeExtrasFields } from '../components/outcome-fields'
import {
  alert,
  apiForm,
  badge,
  busy,
  button,
  choice,
  controlField,
  dataList,
  type Field,
  fieldsetField,
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
} from '../components/ui'
import { type Child, h, replaceChildren, uid } from '../dom'
import { availabilityLines, formatDate, formatDateTime, todayIso } from '../format'
import { t } from '../i18n'
import { tx } from '../i18n/match'
import { navigate, type Page, type PageView } from '../router'
import { areaName, loadContext } from '../session'
import { errorText } from './failure'

/** Codes after which the page as shown is out of date: offer the fresh match. */
const staleCodes = new Set([
  'MATCH_CHANGED',
  'TRANSITION_NOT_ALLOWED',
  'AGREEMENT_MISSING',
  'OFFER_FULL',
  'REQUEST_FULL',
  'HELPER_AT_CAPACITY',
  'POST_CLOSED',
])

const durations = [15, 30, 45, 60, 90, 120, 150, 180, 240, 300, 360, 480, 600, 720]

const section = (id: string, title: string, ...children: Child[]) =>
  h('section', { class: 'bb-section bb-match-section', 'aria-labelledby': id }, heading(2, title, { id }), children)

const disclosure = (summary: string, ...children: Child[]) =>
  h('details', { class: 'bb-disclosure' }, h('summary', { class: 'bb-disclosure__summary' }, summary), children)

function simplePage(title: string, text: string, back: Node): PageView {
  return { title, content: h('div', null, pageHeading(title), paragraph(text), paragraph(back)) }
}

/** `/matches/{matchId}`: a match as a party (or a broker) sees it, with what they can do now. */
export const matchPage: Page = async ({ params, announce }) => {
  const { me, user, community } = await loadContext()
  const matchId = params.matchId ?? ''
  let view: MatchView
  try {
    view = await api.getMatch(community.id, matchId)
  } catch (error) {
    const back = link('/mijn-matches', tx('mp.back'))
    if (error instanceof ApiError && (error.code === 'MATCH_NOT_FOUND' || error.code === 'VALIDATION_FAILED'))
      return simplePage(tx('mp.notFound.title'), error.message, back)
    if (error instanceof ApiError && (error.code === 'NOT_A_PARTY' || error.code === 'CONSENT_REQUIRED'))
      return simplePage(tx('mp.notParty.title'), error.message, back)
    throw error
  }

  const container = h('div', { class: 'bb-match bb-narrow-page' })
  let calendarUrl: string | null = null
  let title = ''

  const draw = (message?: HTMLElement) => {
    const { match } = view
    const mySide = sideOfMember(match, me.id)
    const nameOf = (side: MatchSide) =>
      view[side]?.author.displayName ?? view.contacts[side]?.displayName ?? tx('mp.system')
    const otherName = mySide ? nameOf(otherSide(mySide)) : ''
    /** "U" for the viewer's own side, else the first name. */
    const who = (side: MatchSide | null) =>
      side === null ? tx('mp.system') : side === mySide ? tx('mp.you') : nameOf(side)
    /** The signed-in person is this side themselves (not a broker speaking for them). */
    const isSelf = (side: MatchSide) => memberOfSide(match, side) === user.id
    const actFor = (side: MatchSide) => (isSelf(side) ? {} : { actFor: memberOfSide(match, side) })
    const top = h('div', { class: 'bb-result' })

    title = mySide
      ? tx('mp.title.party', { name: otherName })
      : tx('mp.title.other', { request: nameOf('request'), offer: nameOf('offer') })

    /** After a change: the match as it is now (with contacts), drawn with `text` focused and said. */
    const changed = async (next: Match, text: string) => {
      view = await api.getMatch(community.id, match.id).catch(() => ({ ...view, match: next }))
      draw(notice('ok', text))
      announce(text)
    }

    /** A refused action: the API's message; for a match that moved on, a way to load it again. */
    const refused = (slot: HTMLElement, fields: Field[], error: unknown) => {
      if (error instanceof ApiError && staleCodes.has(error.code)) {
        const box = notice('error', errorText(error))
        const reload = button(tx('mp.reload'), {}, 'secondary')
        reload.addEventListener('click', () => void navigate(location.pathname, { replace: true }))
        box.querySelector('.utrecht-alert__message')?.append(h('div', { class: 'bb-actions' }, reload))
        showNotice(slot, box)
        return
      }
      const count = showFormProblem(slot, fields, error, errorText(error))
      if (count > 0) announce(t('form.errors.announce', { count }))
    }

    const back =
      mySide || !isBroker(user)
        ? link(
            '/mijn-matches',
            getActingFor() ? tx('mp.backFor', { name: getActingFor()?.displayName ?? '' }) : tx('mp.back'),
          )
        : link('/makelaar/matches', tx('mp.backBroker'))

    const lastStep = match.history[match.history.length - 1]
    const nowText = (): string => {
      switch (match.status) {
        case 'proposed': {
          const waiting = match.interest.request === null ? 'request' : 'offer'
          if (mySide === waiting) return tx('mp.now.yourTurn', { name: otherName })
          if (mySide) return tx('mp.now.theirTurn', { name: otherName })
          return tx('mp.now.waitingFor', { name: nameOf(waiting) })
        }
        case 'accepted':
          return mySide
            ? tx('mp.now.accepted')
            : tx('mp.now.acceptedOther', { request: nameOf('request'), offer: nameOf('offer') })
        case 'declined':
        case 'cancelled':
          return tx(`mp.now.${match.status}`, { who: who(lastStep?.side ?? null) })
        default:
          return tx(`mp.now.${match.status}`)
      }
    }

    replaceChildren(
      container,
      h('p', { class: 'bb-back' }, back),
      pageHeading(title),
      h(
        'p',
        { class: 'bb-post__meta' },
        h('span', { class: 'bb-visually-hidden' }, `${tx('mp.status')}: `),
        statusBadge(match.status),
      ),
      alert(match.status === 'proposed' && view.yourSides.length > 0 ? 'warning' : 'info', paragraph(nowText())),
      top,
      answerSection(),
      contactSection(),
      agreementSection(),
      outcomeSection(),
      postsSection(),
      historySection(),
      cancelSection(),
    )
    if (message) showNotice(top, message)

    // ---- Sections ----

    function answerSection(): Node | null {
      if (match.status !== 'proposed') return null
      const sides = view.yourSides.filter((side) => match.interest[side] === null)
      if (sides.length === 0) return null
      return h(
        'div',
        null,
        sides.map((side) => {
          const self = isSelf(side)
          const name = nameOf(side)
          const other = nameOf(otherSide(side))
          const id = uid('answer-title')
          const slot = h('div', { class: 'bb-result' })
          const message = textarea({ name: 'message', rows: 2, maxlength: 500 })
          const messageField = controlField(
            {
              path: 'message',
              label: tx('mp.accept.messageLabel'),
              hint: tx('mp.accept.messageHint', { name: other }),
              optional: true,
            },
            message,
          )
          const accept = button(self ? tx('mp.accept') : tx('mp.acceptFor', { name }))
          accept.addEventListener('click', () => {
            void busy(accept, async () => {
              const text = message.value.trim()
              try {
                const next = await api.acceptMatch(
                  community.id,
                  match.id,
                  { version: match.version, ...(text ? { message: text } : {}) },
                  actFor(side),
                )
                const done =
                  next.status === 'accepted'
                    ? self
                      ? tx('mp.accepted')
                      : tx('mp.acceptedFor', { name })
                    : tx('mp.acceptedWaiting', { name: other })
                await changed(next, done)
              } catch (error) {
                refused(slot, [messageField], error)
              }
            })
          })
          const reason = textarea({ name: 'reason', rows: 2, maxlength: 300 })
          const reasonField = controlField(
            {
              path: 'reason',
              label: tx('mp.decline.reason'),
              hint: tx('mp.decline.reasonHint', { name: other }),
              optional: true,
            },
            reason,
          )
          const declineSlot = h('div')
          const decline = submitButton(tx('mp.decline.submit'), 'secondary')
          const declineForm = apiForm(
            decline,
            async () => {
              const text = reason.value.trim()
              try {
                const next = await api.declineMatch(
                  community.id,
                  match.id,
                  { version: match.version, ...(text ? { reason: text } : {}) },
                  actFor(side),
                )
                await changed(next, self ? tx('mp.declined') : tx('mp.declinedFor', { name }))
              } catch (error) {
                refused(declineSlot, [reasonField], error)
              }
            },
            declineSlot,
            reasonField.element,
            h('div', { class: 'bb-actions' }, decline),
          )
          return h(
            'section',
            { class: 'bb-section bb-card bb-match-answer', 'aria-labelledby': id },
            heading(2, self ? tx('mp.answer.title') : tx('mp.answer.titleFor', { name }), { id }),
            paragraph(self ? tx('mp.answer.lead') : tx('mp.answer.leadFor', { name })),
            slot,
            disclosure(tx('mp.accept.message'), messageField.element),
            h('div', { class: 'bb-actions' }, accept),
            disclosure(self ? tx('mp.decline') : tx('mp.declineFor', { name }), declineForm),
          )
        }),
      )
    }

    function contactSection(): Node {
      const visible =
        match.status === 'accepted' ||
        match.status === 'carried-out' ||
        match.status === 'partly' ||
        match.status === 'not-carried-out'
      const shown = matchSides.filter((side) => view.contacts[side] !== null)
      let body: Child
      if (visible && shown.length > 0) {
        // A party sees the other's details; a broker sees both, each under its own heading.
        body = mySide
          ? shown.map((side) => [
              paragraph(tx('mp.contact.lead', { name: nameOf(side) })),
              contactCard(nameOf(side), view.contacts[side] as MatchContact, false),
            ])
          : [
              paragraph(h('span', { class: 'bb-note' }, tx('mp.contact.audited'))),
              shown.map((side) => contactCard(nameOf(side), view.contacts[side] as MatchContact, true)),
            ]
      } else if (match.status === 'proposed') {
        body = paragraph(mySide ? tx('mp.contact.later', { name: otherName }) : tx('mp.contact.laterOther'))
      } else if (!visible) {
        body = paragraph(tx('mp.contact.ended'))
      } else {
        body = paragraph(tx('mp.contact.missing'))
      }
      return section('match-contact-title', tx('mp.contact.title'), body)
    }

    function contactCard(name: string, contact: MatchContact, titled: boolean): Node {
      return h(
        'div',
        { class: 'bb-match-contact' },
        titled && h('h3', { class: 'utrecht-heading-3' }, tx('mp.contact.of', { name })),
        dataList([
          [tx('mp.contact.name'), contact.fullName || contact.displayName],
          [
            tx('mp.contact.email'),
            contact.email
              ? link(`mailto:${contact.email}`, contact.email, { rel: 'external' })
              : tx('mp.contact.missing'),
          ],
          [
            tx('mp.contact.phone'),
            contact.phone
              ? link(`tel:${contact.phone.replace(/[^\d+]/g, '')}`, contact.phone, { rel: 'external' })
              : tx('mp.contact.missing'),
          ],
          [tx('mp.contact.prefers'), tx(`mp.contact.prefers.${contact.preference}`)],
        ]),
      )
    }

    function agreementSection(): Node | null {
      const agreement = match.agreement
      if (match.status !== 'accepted' && !agreement) return null
      const running = match.status === 'accepted'
      const slot = h('div', { class: 'bb-result' })
      const writers = view.yourSides
      const confirmSides = agreement ? view.yourSides.filter((side) => agreement.confirmed[side] === null) : []
      return section(
        'match-agreement-title',
        tx('mp.agreement.title'),
        slot,
        agreement
          ? [
              agreementFacts(agreement),
              h(
                'ul',
                { class: 'bb-plain-list bb-agreement-status' },
                h(
                  'li',
                  null,
                  tx('mp.agreement.setBy', { who: writerName(agreement), date: formatDateTime(agreement.setAt) }),
                ),
                matchSides.map((side) => {
                  const at = agreement.confirmed[side]
                  if (side === mySide)
                    return h(
                      'li',
                      null,
                      at ? tx('mp.agreement.agreedYou', { date: formatDateTime(at) }) : tx('mp.agreement.waitingYou'),
                    )
                  return h(
                    'li',
                    null,
                    at
                      ? tx('mp.agreement.agreed', { name: nameOf(side), date: formatDateTime(at) })
                      : tx('mp.agreement.waiting', { name: nameOf(side) }),
                  )
                }),
              ),
              calendarLink(agreement),
              running &&
                confirmSides.length > 0 &&
                h(
                  'div',
                  { class: 'bb-actions' },
                  confirmSides.map((side) => {
                    const self = isSelf(side)
                    const confirm = button(
                      self ? tx('mp.agreement.confirm') : tx('mp.agreement.confirmFor', { name: nameOf(side) }),
                    )
                    confirm.addEventListener('click', () => {
                      void busy(confirm, async () => {
                        try {
                          const next = await api.confirmAgreement(community.id, match.id, match.version, actFor(side))
                          await changed(
                            next,
                            self
                              ? tx('mp.agreement.confirmed')
                              : tx('mp.agreement.confirmedFor', { name: nameOf(side) }),
                          )
                        } catch (error) {
                          refused(slot, [], error)
                        }
                      })
                    })
                    return confirm
                  }),
                ),
            ]
          : paragraph(tx('mp.agreement.none')),
        running &&
          writers.length > 0 &&
          disclosure(
            agreement ? tx('mp.agreement.change') : tx('mp.agreement.write'),
            agreement && paragraph(tx('mp.agreement.changeNote', { name: nameOf(otherSide(writers[0] as MatchSide)) })),
            agreementForm(agreement, writers[0] as MatchSide),
          ),
      )
    }

    function writerName(agreement: Agreement): string {
      if (agreement.setBy === user.id) return tx('mp.you')
      const side = sideOfMember(match, agreement.setBy)
      if (side) return who(side)
      // A broker wrote it for a side: the side that agreed first is the one it was written for.
      const forSide = matchSides.find((s) => agreement.confirmed[s] === agreement.setAt) ?? null
      return forSide ? `${who(forSide)} (${tx('mp.viaBroker')})` : tx('mp.viaBroker')
    }

    function agreementFacts(agreement: Agreement): Node {
      return dataList([
        [tx('mp.agreement.what'), h('span', { class: 'bb-description' }, agreement.what)],
        [tx('mp.agreement.startsOn'), formatDate(agreement.startsOn)],
        [tx('mp.agreement.startTime'), agreement.startTime ?? tx('mp.agreement.noTime')],
        [tx('mp.agreement.duration'), durationText(agreement.durationMinutes)],
        [tx('mp.agreement.recurrence'), t(`recurrence.${agreement.recurrence}`)],
        agreement.recurrence !== 'once' && [
          tx('mp.agreement.endsOn'),
          agreement.endsOn ? formatDate(agreement.endsOn) : tx('mp.agreement.noEnd'),
        ],
        [tx('mp.agreement.place'), agreement.place || tx('mp.agreement.noPlace')],
      ])
    }

    function calendarLink(agreement: Agreement): Node {
      if (calendarUrl) URL.revokeObjectURL(calendarUrl)
      const requestTitle = view.request?.title ?? view.offer?.title ?? ''
      const ics = agreementToIcs(agreement, {
        title: tx('mp.calendar.title', { title: requestTitle }),
        uid: `${match.id}@buurtbeurs`,
        now: new Date(),
      })
      calendarUrl = URL.createObjectURL(new Blob([ics], { type: 'text/calendar;charset=utf-8' }))
      const hintId = uid('calendar-hint')
      return h(
        'p',
        { class: 'bb-calendar' },
        h(
          'a',
          {
            href: calendarUrl,
            download: `buurtbeurs-afspraak-${agreement.startsOn}.ics`,
            type: 'text/calendar',
            class: 'utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action',
            'aria-describedby': hintId,
          },
          tx('mp.calendar'),
        ),
        ' ',
        h('span', { class: 'bb-note', id: hintId }, tx('mp.calendar.hint')),
      )
    }

    function agreementForm(agreement: Agreement | null, side: MatchSide): HTMLFormElement {
      const summarySlot = h('div')
      const what = textarea({ name: 'what', rows: 3, maxlength: 500 })
      what.value = agreement?.what ?? ''
      const startsOn = textbox({ name: 'startsOn', type: 'date', value: agreement?.startsOn ?? '', min: todayIso() })
      startsOn.classList.add('bb-narrow')
      const startTime = textbox({ name: 'startTime', type: 'time', value: agreement?.startTime ?? '' })
      startTime.classList.add('bb-narrow')
      const current = agreement?.durationMinutes ?? 60
      const duration = select(
        [...new Set([...durations, current])]
          .sort((a, b) => a - b)
          .map((minutes) => ({ value: String(minutes), label: durationText(minutes), selected: minutes === current })),
        { name: 'durationMinutes' },
      )
      const recurrence =
        agreement?.recurrence ?? view.request?.availability.recurrence ?? view.offer?.availability.recurrence ?? 'once'
      const recurrenceChoices = recurrences.map((value) =>
        choice('radio', 'recurrence', value, t(`recurrence.${value}`), value === recurrence),
      )
      const endsOn = textbox({ name: 'endsOn', type: 'date', value: agreement?.endsOn ?? '' })
      endsOn.classList.add('bb-narrow')
      const place = textbox({ name: 'place', maxlength: 200, value: agreement?.place ?? '', autocomplete: 'off' })
      const fields: Field[] = [
        controlField(
          { path: 'what', label: tx('mp.agreement.form.what'), hint: tx('mp.agreement.form.whatHint') },
          what,
        ),
        controlField({ path: 'startsOn', label: tx('mp.agreement.form.startsOn') }, startsOn),
        controlField(
          {
            path: 'startTime',
            label: tx('mp.agreement.form.startTime'),
            hint: tx('mp.agreement.form.startTimeHint'),
            optional: true,
          },
          startTime,
        ),
        controlField({ path: 'durationMinutes', label: tx('mp.agreement.form.duration') }, duration),
        fieldsetField(
          { path: 'recurrence', label: tx('mp.agreement.form.recurrence') },
          () => recurrenceChoices.map((c) => c.input),
          recurrenceChoices.map((c) => c.element),
        ),
        controlField(
          {
            path: 'endsOn',
            label: tx('mp.agreement.form.endsOn'),
            hint: tx('mp.agreement.form.endsOnHint'),
            optional: true,
          },
          endsOn,
        ),
        controlField(
          {
            path: 'place',
            label: tx('mp.agreement.form.place'),
            hint: tx('mp.agreement.form.placeHint'),
            optional: true,
          },
          place,
        ),
      ]
      const submit = submitButton(tx('mp.agreement.form.submit'))
      return apiForm(
        submit,
        async () => {
          const chosen = recurrenceChoices.find((c) => c.input.checked)?.input.value as Agreement['recurrence']
          try {
            const next = await api.putAgreement(
              community.id,
              match.id,
              {
                what: what.value.trim(),
                // Empty goes as missing, so the API names the field.
                ...(startsOn.value ? { startsOn: startsOn.value } : {}),
                startTime: startTime.value ? startTime.value.slice(0, 5) : null,
                durationMinutes: Number(duration.value),
                recurrence: chosen,
                endsOn: chosen === 'once' || !endsOn.value ? null : endsOn.value,
                place: place.value.trim(),
                version: match.version,
              },
              actFor(side),
            )
            await changed(next, tx('mp.agreement.saved', { name: nameOf(otherSide(side)) }))
          } catch (error) {
            refused(summarySlot, fields, error)
          }
        },
        summarySlot,
        fields.map((field) => field.element),
        h('div', { class: 'bb-actions' }, submit),
      )
    }

    function outcomeSection(): Node | null {
      if (match.outcome) return section('match-outcome-title', tx('mp.outcome.shown'), outcomeFacts(match.outcome))
      if (match.status !== 'accepted') return null
      const side = view.yourSides[0]
      if (!side) return null
      const summarySlot = h('div')
      const answers = (['carried-out', 'partly', 'not-carried-out'] as const).map((value) =>
        choice('radio', 'answer', value, tx(`mp.outcome.${value}`)),
      )
      const extras = outcomeExtrasFields()
      const fields: Field[] = [
        fieldsetField(
          { path: 'answer', label: tx('mp.outcome.answer') },
          () => answers.map((c) => c.input),
          answers.map((c) => c.element),
        ),
        ...extras.fields,
      ]
      const submit = submitButton(tx('mp.outcome.submit'))
      const form = apiForm(
        submit,
        async () => {
          try {
            const next = await api.recordOutcome(
              community.id,
              match.id,
              {
                version: match.version,
                answer: answers.find((c) => c.input.checked)?.input.value,
                ...extras.read(),
              },
              actFor(side),
            )
            await changed(next, tx('mp.outcome.saved'))
          } catch (error) {
            refused(summarySlot, fields, error)
          }
        },
        summarySlot,
        fields.map((field) => field.element),
        h('div', { class: 'bb-actions' }, submit),
      )
      return section(
        'match-outcome-title',
        tx('mp.outcome.title'),
        paragraph(tx('mp.outcome.lead')),
        disclosure(tx('mp.outcome.title'), form),
      )
    }

    function outcomeFacts(outcome: Outcome): Node {
      const via =
        outcome.via === 'broker' ? ` (${tx('mp.viaBroker')})` : outcome.via === 'link' ? ` (${tx('mp.viaLink')})` : ''
      return h(
        'div',
        null,
        dataList([
          [tx('mp.outcome.result'), tx(`mp.outcome.${outcome.answer}`)],
          outcome.hours !== null && [tx('mp.outcome.hoursShown'), hoursText(outcome.hours)],
          outcome.knewEachOther !== null && [
            tx('mp.outcome.knewShown'),
            outcome.knewEachOther ? t('common.yes') : t('common.no'),
          ],
          outcome.story !== null && [
            tx('mp.outcome.storyShown'),
            h('span', { class: 'bb-description' }, outcome.story),
          ],
          outcome.story !== null && [
            tx('mp.outcome.consentShown'),
            outcome.storyConsent ? t('common.yes') : t('common.no'),
          ],
        ]),
        paragraph(tx('mp.outcome.by', { who: `${who(outcome.side)}${via}`, date: formatDateTime(outcome.at) })),
      )
    }

    function postCard(side: MatchSide, post: SuggestedPost | null): Node {
      const label = side === 'request' ? tx('mp.request') : tx('mp.offer')
      if (!post)
        return h(
          'div',
          { class: `bb-post bb-post--${side}` },
          h('h3', { class: 'utrecht-heading-3 bb-post__title' }, label),
          paragraph(tx('mp.postGone')),
        )
      return h(
        'div',
        { class: `bb-post bb-post--${side}` },
        h(
          'h3',
          { class: 'utrecht-heading-3 bb-post__title' },
          h('span', { class: 'bb-post__label' }, `${label}: `),
          link(`/berichten/${encodeURIComponent(post.id)}`, post.title),
        ),
        h(
          'p',
          { class: 'bb-post__meta' },
          badge(t(`kind.${post.kind}`), post.kind),
          ' ',
          t('post.byline', { name: post.author.displayName, area: areaName(community, post.author.areaId) }),
        ),
        post.description && h('p', { class: 'utrecht-paragraph bb-description' }, post.description),
        h(
          'p',
          { class: 'bb-post__when' },
          [t(`recurrence.${post.availability.recurrence}`), ...availabilityLines(post.availability)].join(' · '),
        ),
      )
    }

    function postsSection(): Node {
      return section(
        'match-posts-title',
        tx('mp.posts.title'),
        h('div', { class: 'bb-match-posts' }, postCard('request', view.request), postCard('offer', view.offer)),
      )
    }

    function historyLine(step: MatchTransition): Node {
      const by =
        step.side === null
          ? tx('mp.system')
          : `${who(step.side)}${step.viaBroker ? ` (${tx('mp.viaBroker')})` : step.by === null ? ` (${tx('mp.viaLink')})` : ''}`
      const text =
        step.from === step.to ? tx('mp.history.changed', { who: by }) : tx(`mp.history.${step.to}`, { who: by })
      // The message said with a yes belongs to that yes.
      const message =
        (step.to === 'proposed' || step.to === 'accepted') && step.side ? match.interest[step.side]?.message : ''
      return h(
        'li',
        { class: 'bb-history__item' },
        h('time', { datetime: step.at, class: 'bb-history__time' }, formatDateTime(step.at)),
        ' ',
        h('span', null, text),
        step.reason && [' ', h('span', { class: 'bb-quote' }, tx('mp.history.reason', { reason: step.reason }))],
        message && [' ', h('span', { class: 'bb-quote' }, tx('mp.history.message', { message }))],
      )
    }

    function historySection(): Node {
      return section(
        'match-history-title',
        tx('mp.history.title'),
        match.history.length > 0
          ? h('ol', { class: 'bb-history', 'aria-labelledby': 'match-history-title' }, match.history.map(historyLine))
          : paragraph(tx('mp.history.empty')),
      )
    }

    function cancelSection(): Node | null {
      if (isFinalStatus(match.status)) return null
      // Before acceptance only the side that said yes withdraws; the other side says no instead.
      const side = view.yourSides.find((s) => match.status === 'accepted' || match.interest[s] !== null)
      if (!side) return null
      const summarySlot = h('div')
      const reason = textarea({ name: 'reason', rows: 2, maxlength: 300 })
      const other = nameOf(otherSide(side))
      const fields: Field[] = [
        controlField(
          { path: 'reason', label: tx('mp.cancel.reason'), hint: tx('mp.cancel.reasonHint', { name: other }) },
          reason,
        ),
      ]
      const submit = submitButton(tx('mp.cancel.submit'), 'secondary')
      const form = apiForm(
        submit,
        async () => {
          try {
            const next = await api.cancelMatch(
              community.id,
              match.id,
              { version: match.version, reason: reason.value.trim() },
              actFor(side),
            )
            await changed(next, tx('mp.cancelled'))
          } catch (error) {
            refused(summarySlot, fields, error)
          }
        },
        summarySlot,
        paragraph(tx('mp.cancel.lead', { name: other })),
        fields.map((field) => field.element),
        h('div', { class: 'bb-actions' }, submit),
      )
      return h(
        'section',
        { class: 'bb-section bb-close', 'aria-labelledby': 'match-cancel-title' },
        heading(2, tx('mp.cancel.title'), { id: 'match-cancel-title' }),
        disclosure(tx('mp.cancel.title'), form),
      )
    }
  }

  draw()
  return { title, content: container }
}
