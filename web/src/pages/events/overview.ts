import type { BeursEvent, EventBoard } from '../../../../shared/schemas/event'

type BoardParticipant = EventBoard['participants'][number]

import { ApiError } from '../../api'
import { signedInMember } from '../../auth'
import { participantTypeLabel } from '../../components/event-parts'
import { alert, buttonLink, heading, link, pageHeading, paragraph } from '../../components/ui'
import { type Child, h } from '../../dom'
import { eventApi } from '../../event-api'
import { tes } from '../../i18n/events-setup'
import type { Page } from '../../router'
import { loadContext } from '../../session'
import { eventFacts, eventPath, isEventCoordinator, isEventStaff } from './list'

interface HubLink {
  href: string
  text: string
  hint: string
  /** Opens in a new window (the big screen goes to the beamer). */
  newWindow?: boolean
}

function hubList(links: (HubLink | false)[]): HTMLUListElement {
  return h(
    'ul',
    { class: 'bb-ev-hub', role: 'list' },
    links.map(
      (item) =>
        item &&
        h(
          'li',
          { class: 'bb-ev-hub__item' },
          h(
            'a',
            {
              href: item.href,
              class: 'utrecht-link utrecht-link--html-a bb-ev-hub__link',
              ...(item.newWindow ? { target: '_blank', rel: 'noopener' } : {}),
            },
            item.text,
            item.newWindow && h('span', { class: 'bb-visually-hidden' }, ` ${tes('es.newWindow')}`),
          ),
          h('span', { class: 'bb-ev-hub__hint' }, item.hint),
        ),
    ),
  )
}

function section(id: string, title: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'bb-section', 'aria-labelledby': id }, heading(2, title, { id }), children)
}

/** What staff should do now, by status. */
function staffNextStep(event: BeursEvent): string {
  return tes(`es.next.staff.${event.status}`)
}

function counts(board: EventBoard): string {
  const checkedIn = board.participants.filter((p) => p.checkedInAt).length
  const needs = board.items.filter((i) => i.kind === 'need').length
  return tes('es.hub.counts', {
    participants: board.participants.length,
    checkedIn,
    needs,
    offers: board.items.length - needs,
  })
}

function staffView(event: BeursEvent, communityId: string, board: EventBoard | null): Child[] {
  const sub = (path: string) => eventPath(event.id, path)
  return [
    section(
      'ev-next',
      tes('es.next.title'),
      alert('info', paragraph(staffNextStep(event))),
      board && paragraph(counts(board)),
    ),
    section(
      'ev-before',
      tes('es.hub.before'),
      hubList([
        isEventCoordinator() && { href: sub('instellen'), text: tes('es.hub.setup'), hint: tes('es.hub.setup.hint') },
        { href: sub('aanmelden'), text: tes('es.hub.register'), hint: tes('es.hub.register.hint') },
        { href: sub('importeren'), text: tes('es.hub.import'), hint: tes('es.hub.import.hint') },
      ]),
    ),
    section(
      'ev-day',
      tes('es.hub.day'),
      hubList([
        { href: sub('deelnemers'), text: tes('es.hub.participants'), hint: tes('es.hub.participants.hint') },
        { href: sub('vloer'), text: tes('es.hub.floor'), hint: tes('es.hub.floor.hint') },
        { href: sub('voorstellen'), text: tes('es.hub.proposals'), hint: tes('es.hub.proposals.hint') },
        { href: sub('matches'), text: tes('es.hub.matches'), hint: tes('es.hub.matches.hint') },
        {
          href: `/scherm/${encodeURIComponent(communityId)}/${encodeURIComponent(event.id)}`,
          text: tes('es.hub.screen'),
          hint: tes(event.status === 'draft' ? 'es.hub.screen.draft' : 'es.hub.screen.hint'),
          newWindow: true,
        },
      ]),
    ),
    section(
      'ev-after',
      tes('es.hub.after'),
      hubList([{ href: sub('verslag'), text: tes('es.hub.report'), hint: tes('es.hub.report.hint') }]),
    ),
  ]
}

function memberView(event: BeursEvent, own: BoardParticipant | null): Child[] {
  const sub = (path: string) => eventPath(event.id, path)
  const canRegister = event.status === 'open' || event.status === 'live'
  if (!own) {
    return [
      section(
        'ev-next',
        tes('es.next.title'),
        canRegister
          ? [
              paragraph(tes('es.member.invite')),
              h('div', { class: 'bb-actions' }, buttonLink(sub('aanmelden'), tes('es.member.register'))),
            ]
          : paragraph(tes(event.status === 'closed' ? 'es.member.closed' : 'es.member.notYet')),
      ),
    ]
  }
  return [
    section(
      'ev-next',
      tes('es.next.title'),
      alert(
        'ok',
        paragraph(tes('es.member.registered', { name: own.name, type: participantTypeLabel(own.type) })),
        own.checkedInAt && paragraph(tes('es.member.checkedIn')),
      ),
      paragraph(tes(`es.next.member.${event.status}`)),
    ),
    section(
      'ev-mine',
      tes('es.member.links'),
      hubList([
        {
          href: eventPath(event.id, `deelnemers/${encodeURIComponent(own.id)}/badge`),
          text: tes('es.member.badge'),
          hint: tes('es.member.badge.hint'),
        },
        canRegister && { href: sub('aanmelden'), text: tes('es.member.more'), hint: tes('es.member.more.hint') },
        event.status === 'live' && { href: sub('vloer'), text: tes('es.hub.floor'), hint: tes('es.member.floor.hint') },
        { href: sub('matches'), text: tes('es.member.matches'), hint: tes('es.member.matches.hint') },
      ]),
    ),
  ]
}

/**
 * `/beursvloer/<eventId>`: the hub of one Beursvloer. Staff see what to do now and every page of
 * the day; an organisation or volunteer sees whether it is registered, its badge, and the floor.
 */
export const eventOverviewPage: Page = async ({ params }) => {
  const { community } = await loadContext()
  const eventId = params.eventId ?? ''
  const event = await eventApi.get(community.id, eventId)
  const staff = isEventStaff()
  let board: EventBoard | null = null
  try {
    board = await eventApi.board(community.id, event.id)
  } catch (error) {
    // A member that does not take part may not read the board: then it is not registered yet.
    if (!(error instanceof ApiError && error.code === 'FORBIDDEN')) throw error
  }
  const me = signedInMember()
  const own = staff ? null : (board?.participants.find((p) => p.memberId === me?.id) ?? null)
  const content = h(
    'div',
    null,
    h('p', { class: 'bb-back' }, link('/beursvloer', tes('es.toList'))),
    pageHeading(event.name),
    eventFacts(event),
    staff ? staffView(event, community.id, board) : memberView(event, own),
  )
  return { title: event.name, content }
}
