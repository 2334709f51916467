import type { BeursEvent, EventBoard, EventItem, ParticipantWithItems } from '../../../../shared/schemas/event'
import { type ParticipantType, participantTypes } from '../../../../shared/schemas/vocabulary'
import { ApiError } from '../../api'
import { cornerName, participantTypeLabel } from '../../components/event-parts'
import {
  apiForm,
  button,
  controlField,
  dataList,
  heading,
  link,
  notice,
  pageHeading,
  paragraph,
  select,
  submitButton,
  textbox,
} from '../../components/ui'
import { h, replaceChildren, uid } from '../../dom'
import { eventApi } from '../../event-api'
import { formatDate } from '../../format'
import { tes } from '../../i18n/events-setup'
import { getLanguage } from '../../i18n/index'
import type { Page } from '../../router'
import { loadContext } from '../../session'
import { errorText } from '../failure'
import { backToEvent, eventPath, floorTimes, isEventStaff } from './list'

type BoardParticipant = EventBoard['participants'][number]

const codePattern = /^[A-HJ-NP-Z2-9]{6}$/

function timeOf(iso: string): string {
  return new Intl.DateTimeFormat(getLanguage() === 'en' ? 'en-GB' : 'nl-NL', {
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso))
}

function itemCounts(items: Pick<EventItem, 'kind'>[]): string {
  const needs = items.filter((i) => i.kind === 'need').length
  return tes('es.participants.items', { needs, offers: items.length - needs })
}

// The Shape Detection API is not in TypeScript's DOM library yet.
interface DetectedBarcode {
  rawValue: string
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>
}
type BarcodeDetectorClass = new (options: { formats: string[] }) => BarcodeDetectorLike

function barcodeDetector(): BarcodeDetectorClass | null {
  const found = (window as unknown as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector
  return found && typeof navigator.mediaDevices?.getUserMedia === 'function' ? found : null
}

/** The check-in code in a scanned QR code: the code itself, or a link or text that ends with it. */
export function codeFromScan(raw: string): string | null {
  const text = raw.trim().toUpperCase()
  if (codePattern.test(text)) return text
  return text.match(/(?:^|[^A-Z0-9])([A-HJ-NP-Z2-9]{6})$/)?.[1] ?? null
}

/**
 * Scanning with the camera where the browser can read QR codes (BarcodeDetector). The camera
 * stops as soon as a code is read, on "Stop", and when the page is left.
 */
function scanner(onCode: (code: string) => void) {
  const Detector = barcodeDetector()
  const video = h('video', { class: 'bb-ev-video', muted: true, playsinline: true, 'aria-hidden': 'true' })
  const stopButton = button(tes('es.scan.stop'), {}, 'secondary')
  const status = h('p', { class: 'bb-ev-scan__status' })
  const box = h(
    'div',
    { class: 'bb-ev-scan', hidden: true },
    status,
    video,
    h('div', { class: 'bb-actions' }, stopButton),
  )
  const start = button(tes('es.scan.start'), {}, 'secondary')
  let stream: MediaStream | null = null
  let timer = 0
  const stop = () => {
    window.clearTimeout(timer)
    for (const track of stream?.getTracks() ?? []) track.stop()
    stream = null
    video.srcObject = null
    box.hidden = true
  }
  const look = async (detector: BarcodeDetectorLike) => {
    if (!stream) return
    if (!video.isConnected) {
      stop()
      return
    }
    try {
      const found = await detector.detect(video)
      for (const barcode of found) {
        const code = codeFromScan(barcode.rawValue)
        if (code) {
          stop()
          start.focus()
          onCode(code)
          return
        }
      }
    } catch {
      // A frame that cannot be read yet (the camera is starting): try the next one.
    }
    timer = window.setTimeout(() => void look(detector), 250)
  }
  start.addEventListener('click', async () => {
    if (!Detector || stream) return
    box.hidden = false
    status.textContent = tes('es.scan.starting')
    try {
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      video.srcObject = stream
      await video.play()
      status.textContent = tes('es.scan.looking')
      stopButton.focus()
      void look(new Detector({ formats: ['qr_code'] }))
    } catch {
      stop()
      box.hidden = false
      status.textContent = tes('es.scan.noCamera')
    }
  })
  stopButton.addEventListener('click', () => {
    stop()
    start.focus()
  })
  // Without a QR reader in the browser there is no scan button at all: typing the code works everywhere.
  return { start: Detector ? start : null, box }
}

/**
 * `/beursvloer/<eventId>/deelnemers`: who is registered and who is in. Check in by the code on
 * the badge (typed or scanned) or from the list; made for a phone or tablet at the door.
 */
export const participantsPage: Page = async ({ params, announce }) => {
  const { community } = await loadContext()
  const board = await eventApi.board(community.id, params.eventId ?? '')
  const { event } = board
  const participants: BoardParticipant[] = [...board.participants].sort((a, b) => a.name.localeCompare(b.name, 'nl'))
  const itemsOf = new Map<string, EventItem[]>()
  for (const item of board.items) itemsOf.set(item.participantId, [...(itemsOf.get(item.participantId) ?? []), item])

  const countText = h('p', { class: 'bb-ev-count', role: 'status' })
  const updateCount = () => {
    const inside = participants.filter((p) => p.checkedInAt).length
    countText.textContent = tes('es.participants.count', { inside, total: participants.length })
  }

  // --- the list ---
  const rows = new Map<string, { element: HTMLLIElement; render: () => void }>()
  const checkInOpen = event.status !== 'draft'

  const markIn = (id: string, checkedInAt: string) => {
    const index = participants.findIndex((p) => p.id === id)
    const found = participants[index]
    if (found) participants[index] = { ...found, checkedInAt }
    rows.get(id)?.render()
    updateCount()
  }

  const personRow = (participant: BoardParticipant) => {
    const element = h('li', { class: 'bb-ev-person' })
    const render = (state: { busy?: boolean; error?: string } = {}) => {
      const current = participants.find((p) => p.id === participant.id) ?? participant
      const nameId = `person-${current.id}`
      let action: HTMLElement
      if (current.checkedInAt) {
        action = h(
          'p',
          { class: 'bb-ev-person__in', tabindex: '-1' },
          state.busy
            ? tes('es.participants.inSaving')
            : tes('es.participants.inAt', { time: timeOf(current.checkedInAt) }),
        )
      } else if (checkInOpen) {
        const checkIn = button(tes('es.participants.checkIn'), {
          'aria-describedby': nameId,
          class: 'utrecht-button utrecht-button--primary-action bb-ev-big',
        })
        checkIn.addEventListener('click', () => void checkInFromList(current.id))
        action = checkIn
      } else {
        action = h('p', { class: 'bb-ev-person__out' }, tes('es.participants.notIn'))
      }
      replaceChildren(
        element,
        h('p', { class: 'bb-ev-person__name', id: nameId }, current.name),
        h(
          'p',
          { class: 'bb-ev-person__meta' },
          `${participantTypeLabel(current.type)} · ${itemCounts(itemsOf.get(current.id) ?? [])}`,
        ),
        current.contactName &&
          h('p', { class: 'bb-ev-person__meta' }, tes('es.participants.contact', { name: current.contactName })),
        h(
          'div',
          { class: 'bb-ev-person__actions' },
          action,
          link(
            eventPath(event.id, `deelnemers/${encodeURIComponent(current.id)}/badge`),
            tes('es.participants.badge'),
            {
              'aria-describedby': nameId,
            },
          ),
        ),
        state.error && h('p', { class: 'utrecht-form-field-error-message', role: 'alert' }, state.error),
      )
    }
    const checkInFromList = async (id: string) => {
      const before = participants.find((p) => p.id === id)
      if (!before || before.checkedInAt) return
      // Shown at once; the API's answer gives the time (or undoes it).
      const index = participants.indexOf(before)
      participants[index] = { ...before, checkedInAt: new Date().toISOString() }
      render({ busy: true })
      updateCount()
      element.querySelector<HTMLElement>('.bb-ev-person__in')?.focus()
      try {
        const result = await eventApi.checkIn(community.id, event.id, { participantId: id })
        markIn(id, result.participant.checkedInAt ?? new Date().toISOString())
        element.querySelector<HTMLElement>('.bb-ev-person__in')?.focus()
        announce(
          tes(result.alreadyCheckedIn ? 'es.checkIn.already' : 'es.checkIn.done', { name: result.participant.name }),
        )
      } catch (error) {
        participants[index] = before
        render({ error: errorText(error) })
        updateCount()
        element.querySelector<HTMLElement>('button')?.focus()
        announce(errorText(error))
      }
    }
    rows.set(participant.id, { element, render: () => render() })
    render()
    return element
  }

  const list = h(
    'ul',
    { class: 'bb-ev-people', role: 'list', 'aria-labelledby': 'people-title' },
    participants.map(personRow),
  )

  // --- filters ---
  const search = textbox({ name: 'search', type: 'search', autocomplete: 'off' })
  const typeFilter = select(
    [
      { value: '', label: tes('es.participants.allTypes') },
      ...participantTypes.map((type) => ({ value: type, label: participantTypeLabel(type) })),
    ],
    { name: 'type' },
  )
  const stateFilter = select(
    [
      { value: '', label: tes('es.participants.everyone') },
      { value: 'in', label: tes('es.participants.onlyIn') },
      { value: 'out', label: tes('es.participants.onlyOut') },
    ],
    { name: 'state' },
  )
  const found = h('p', { class: 'bb-ev-found', role: 'status' })
  const applyFilter = () => {
    const words = search.value.trim().toLocaleLowerCase('nl')
    let shown = 0
    for (const participant of participants) {
      const row = rows.get(participant.id)?.element
      if (!row) continue
      const match =
        (!words ||
          participant.name.toLocaleLowerCase('nl').includes(words) ||
          participant.contactName.toLocaleLowerCase('nl').includes(words)) &&
        (!typeFilter.value || participant.type === (typeFilter.value as ParticipantType)) &&
        (!stateFilter.value || (stateFilter.value === 'in') === Boolean(participant.checkedInAt))
      row.hidden = !match
      if (match) shown++
    }
    found.textContent =
      shown === participants.length
        ? tes('es.participants.all', { count: shown })
        : tes('es.participants.found', { count: shown })
  }
  let filterTimer = 0
  search.addEventListener('input', () => {
    window.clearTimeout(filterTimer)
    filterTimer = window.setTimeout(applyFilter, 200)
  })
  typeFilter.addEventListener('change', applyFilter)
  stateFilter.addEventListener('change', applyFilter)

  // --- check in by code ---
  const code = textbox({
    name: 'code',
    autocomplete: 'off',
    autocapitalize: 'characters',
    spellcheck: 'false',
    maxlength: 6,
    class: 'utrecht-textbox utrecht-textbox--html-input bb-code-input',
  })
  const codeField = controlField(
    { path: 'code', label: tes('es.checkIn.code'), hint: tes('es.checkIn.code.hint') },
    code,
  )
  const codeResult = h('div', { class: 'bb-ev-checkin-result', role: 'status' })
  const submit = submitButton(tes('es.participants.checkIn'))
  submit.classList.add('bb-ev-big')
  const checkInByCode = async () => {
    const value = code.value.replace(/\s/g, '').toUpperCase()
    codeField.setError(null)
    if (!codePattern.test(value)) {
      codeField.setError(tes('es.checkIn.code.invalid'))
      code.focus()
      return
    }
    try {
      const result = await eventApi.checkIn(community.id, event.id, { code: value })
      const { participant } = result
      if (participant.checkedInAt) markIn(participant.id, participant.checkedInAt)
      applyFilter()
      codeResult.replaceChildren(
        notice(
          result.alreadyCheckedIn ? 'info' : 'ok',
          result.alreadyCheckedIn
            ? tes('es.checkIn.alreadyAt', { name: participant.name, time: timeOf(participant.checkedInAt ?? '') })
            : tes('es.checkIn.welcome', { name: participant.name }),
        ),
      )
      code.value = ''
      code.focus()
    } catch (error) {
      const text =
        error instanceof ApiError && error.code === 'VALIDATION_FAILED'
          ? tes('es.checkIn.code.invalid')
          : errorText(error)
      codeField.setError(text)
      codeResult.replaceChildren()
      code.focus()
      announce(text)
    }
  }
  const scan = scanner((scanned) => {
    code.value = scanned
    void checkInByCode()
  })
  const codeForm = apiForm(
    submit,
    checkInByCode,
    codeField.element,
    h('div', { class: 'bb-actions' }, submit, scan.start),
    scan.box,
  )

  updateCount()
  applyFilter()
  const content = h(
    'div',
    { class: 'bb-ev-participants' },
    backToEvent(event),
    pageHeading(tes('es.participants.title')),
    countText,
    !checkInOpen && paragraph(tes('es.participants.draft')),
    checkInOpen &&
      h(
        'section',
        { class: 'bb-section bb-ev-door', 'aria-labelledby': 'checkin-title' },
        heading(2, tes('es.checkIn.title'), { id: 'checkin-title' }),
        codeForm,
        codeResult,
      ),
    h(
      'section',
      { class: 'bb-section', 'aria-labelledby': 'people-title' },
      heading(2, tes('es.participants.list'), { id: 'people-title' }),
      participants.length === 0
        ? h(
            'div',
            { class: 'bb-empty' },
            paragraph(tes('es.participants.empty')),
            paragraph(link(eventPath(event.id, 'aanmelden'), tes('es.hub.register'))),
          )
        : [
            h(
              'div',
              { class: 'bb-filter bb-ev-filter' },
              h(
                'div',
                { class: 'bb-filter__fields' },
                controlField({ path: 'search', label: tes('es.participants.search') }, search).element,
                controlField({ path: 'type', label: tes('es.participants.type') }, typeFilter).element,
                controlField({ path: 'state', label: tes('es.participants.state') }, stateFilter).element,
              ),
            ),
            found,
            list,
          ],
    ),
  )
  return {
    title: tes('es.participants.title'),
    content,
    announcement: countText.textContent ?? undefined,
  }
}

// --- the badge ---------------------------------------------------------------------------------

async function qrImage(code: string): Promise<HTMLImageElement> {
  const { renderSVG } = await import('uqr')
  const svg = renderSVG(code, { ecc: 'M', border: 2, pixelSize: 10 })
  // As an image: nothing is parsed into the page, and the site's policy allows data: images.
  return h('img', {
    class: 'bb-ev-qr',
    src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`,
    alt: tes('es.badge.qr', { code }),
    width: 160,
    height: 160,
  })
}

function itemLine(event: BeursEvent, item: EventItem): HTMLLIElement {
  return h(
    'li',
    { class: 'bb-ev-badge__item' },
    h('strong', null, item.title),
    ` (${cornerName(event, item.cornerId)}${item.quantity > 1 ? `, ${tes('es.badge.times', { count: item.quantity })}` : ''})`,
    item.description && h('br'),
    item.description,
    item.wantsInReturn && h('br'),
    item.wantsInReturn && tes('es.badge.return', { text: item.wantsInReturn }),
  )
}

/**
 * `/beursvloer/<eventId>/deelnemers/<participantId>/badge`: the confirmation to print (or show on
 * a phone): the event, the participant with its needs and offers, and the check-in code in large
 * letters and as a QR code. Staff, or the participant itself.
 */
export const badgePage: Page = async ({ params }) => {
  const { community } = await loadContext()
  const eventId = params.eventId ?? ''
  const [event, participant]: [BeursEvent, ParticipantWithItems] = await Promise.all([
    eventApi.get(community.id, eventId),
    eventApi.participant(community.id, eventId, params.participantId ?? ''),
  ])
  const qr = await qrImage(participant.checkInCode)
  const needs = participant.items.filter((i) => i.kind === 'need')
  const offers = participant.items.filter((i) => i.kind === 'offer')
  const print = button(tes('es.badge.print'))
  print.addEventListener('click', () => window.print())
  const staff = isEventStaff()
  const titleId = uid('badge-title')
  const content = h(
    'div',
    { class: 'bb-print-page' },
    h(
      'div',
      { class: 'bb-print-tools bb-no-print' },
      staff
        ? h('p', { class: 'bb-back' }, link(eventPath(event.id, 'deelnemers'), tes('es.badge.back')))
        : backToEvent(event),
      paragraph(tes(staff ? 'es.badge.hint' : 'es.badge.hintSelf')),
      h('div', { class: 'bb-actions' }, print),
    ),
    h(
      'article',
      { class: 'bb-print bb-ev-sheet', 'aria-labelledby': titleId },
      h(
        'div',
        { class: 'bb-ev-badge' },
        h('p', { class: 'bb-ev-badge__event' }, event.name),
        h('p', { class: 'bb-ev-badge__when' }, `${formatDate(event.date)}, ${floorTimes(event)} · ${event.place}`),
        h('h1', { class: 'utrecht-heading-1 bb-ev-badge__name', id: titleId, tabindex: '-1' }, participant.name),
        h('p', { class: 'bb-ev-badge__type' }, participantTypeLabel(participant.type)),
        participant.contactName && h('p', { class: 'bb-ev-badge__contact' }, participant.contactName),
        h(
          'div',
          { class: 'bb-ev-badge__code' },
          qr,
          h(
            'p',
            { class: 'bb-ev-badge__code-text' },
            h('span', { class: 'bb-ev-badge__code-label' }, tes('es.code')),
            h('span', { class: 'bb-ev-code bb-ev-code--large' }, participant.checkInCode),
          ),
        ),
      ),
      h(
        'section',
        { class: 'bb-print__section', 'aria-labelledby': 'badge-needs' },
        heading(2, tes('es.kind.needs'), { id: 'badge-needs' }),
        needs.length > 0
          ? h(
              'ul',
              { class: 'bb-print__list' },
              needs.map((item) => itemLine(event, item)),
            )
          : paragraph(tes('es.none')),
      ),
      h(
        'section',
        { class: 'bb-print__section', 'aria-labelledby': 'badge-offers' },
        heading(2, tes('es.kind.offers'), { id: 'badge-offers' }),
        offers.length > 0
          ? h(
              'ul',
              { class: 'bb-print__list' },
              offers.map((item) => itemLine(event, item)),
            )
          : paragraph(tes('es.none')),
      ),
      dataList([
        [tes('es.badge.registered'), formatDate(participant.registeredAt)],
        [tes('es.badge.screen'), tes(participant.showName ? 'es.badge.screen.yes' : 'es.badge.screen.no')],
      ]),
      h('footer', { class: 'bb-print__footer' }, tes('es.badge.footer')),
    ),
  )
  return { title: tes('es.badge.title', { name: participant.name }), content }
}
