/**
 * An agreement as an iCalendar file (RFC 5545), for "put it in my calendar". Pure and free of
 * zod, so the web app can bundle it: the browser makes the file itself, no request needed.
 *
 * - Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character).
 * - TEXT values escape backslash, semicolon, comma and newlines.
 * - A time of day is local time in Europe/Amsterdam (TZID, with its VTIMEZONE: CET/CEST, EU
 *   rules since 1996). Without a time it is an all-day event on a floating date.
 * - Recurring help repeats with RRULE (weekly, every two weeks, monthly), until `endsOn`.
 */
import type { Agreement } from '../schemas/match'
import { dutchTimeZone, instantOf } from './local-time'

/** What the file needs from an agreement. */
export type CalendarAgreement = Pick<
  Agreement,
  'what' | 'startsOn' | 'startTime' | 'durationMinutes' | 'recurrence' | 'endsOn' | 'place'
>

export interface CalendarOptions {
  /** The event's title (SUMMARY), e.g. "Buurtbeurs: Samen Nederlands oefenen". */
  title: string
  /** Stable per agreement, so importing it again updates the event, e.g. `<matchId>@buurtbeurs`. */
  uid: string
  /** When the file is made (DTSTAMP). */
  now: Date
  /** PRODID; default `-//Buurtbeurs//Afspraak//NL`. */
  productId?: string
}

export const calendarTimeZone = dutchTimeZone

const crlf = '\r\n'
const encoder = new TextEncoder()

/** TEXT escaping (RFC 5545 3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
}

/**
 * Folds one content line so no line is longer than 75 octets (RFC 5545 3.1): the rest goes on
 * the next line after CRLF and one space. Characters are never split, so UTF-8 stays valid.
 */
export function foldLine(line: string): string {
  const parts: string[] = []
  let current = ''
  let octets = 0
  // The first line may hold 75 octets; each continuation line starts with a space, so 74 more.
  let limit = 75
  for (const char of line) {
    const size = encoder.encode(char).length
    if (octets + size > limit) {
      parts.push(current)
      current = ''
      octets = 0
      limit = 74
    }
    current += char
    octets += size
  }
  parts.push(current)
  return parts.join(`${crlf} `)
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** `2026-05-12` → `20260512`. */
const basicDate = (isoDate: string) => isoDate.replace(/-/g, '')

/** A moment in UTC: `20260512T081500Z`. */
export function utcStamp(date: Date): string {
  return (
    `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}` +
    `T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`
  )
}

/** The UTC moment of a wall-clock date and time in Amsterdam. */
const amsterdamInstant = (isoDate: string, hours: number, minutes: number, seconds = 0): Date => {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number]
  return new Date(instantOf(Date.UTC(year, month - 1, day, hours, minutes, seconds), calendarTimeZone))
}

/** Local wall-clock date and time plus `minutes`, as `20260512T103000` (no zone). */
function localPlus(isoDate: string, time: string, minutes: number): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number]
  const [hours, mins] = time.split(':').map(Number) as [number, number]
  const end = new Date(Date.UTC(year, month - 1, day, hours, mins) + minutes * 60_000)
  return (
    `${end.getUTCFullYear()}${pad(end.getUTCMonth() + 1)}${pad(end.getUTCDate())}` +
    `T${pad(end.getUTCHours())}${pad(end.getUTCMinutes())}00`
  )
}

/** The day after `isoDate` as `20260513` (DTEND of an all-day event is exclusive). */
function nextDay(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number]
  const next = new Date(Date.UTC(year, month - 1, day + 1))
  return `${next.getUTCFullYear()}${pad(next.getUTCMonth() + 1)}${pad(next.getUTCDate())}`
}

/** Europe/Amsterdam as iCalendar describes it: CET in winter, CEST in summer (EU rules). */
const amsterdamTimeZone = [
  'BEGIN:VTIMEZONE',
  `TZID:${calendarTimeZone}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
]

/** The RRULE for recurring help, or null for a one-off. */
function recurrenceRule(agreement: CalendarAgreement): string | null {
  const frequency = {
    once: null,
    weekly: 'FREQ=WEEKLY',
    'every-two-weeks': 'FREQ=WEEKLY;INTERVAL=2',
    monthly: 'FREQ=MONTHLY',
  }[agreement.recurrence]
  if (!frequency) return null
  if (!agreement.endsOn) return `RRULE:${frequency}`
  // UNTIL has the type of DTSTART: a date for an all-day event; for a zoned time, UTC (RFC 5545
  // 3.3.10), here the end of the last day in Amsterdam, so an occurrence on that day is included.
  const until =
    agreement.startTime === null
      ? basicDate(agreement.endsOn)
      : utcStamp(amsterdamInstant(agreement.endsOn, 23, 59, 59))
  return `RRULE:${frequency};UNTIL=${until}`
}

/** The agreement as the text of an `.ics` file (CRLF line ends, folded, ending in CRLF). */
export function agreementToIcs(agreement: CalendarAgreement, options: CalendarOptions): string {
  const timed = agreement.startTime !== null
  const event: string[] = [
    'BEGIN:VEVENT',
    `UID:${escapeText(options.uid)}`,
    `DTSTAMP:${utcStamp(options.now)}`,
    timed
      ? `DTSTART;TZID=${calendarTimeZone}:${basicDate(agreement.startsOn)}T${(agreement.startTime ?? '').replace(':', '')}00`
      : `DTSTART;VALUE=DATE:${basicDate(agreement.startsOn)}`,
    timed
      ? `DTEND;TZID=${calendarTimeZone}:${localPlus(agreement.startsOn, agreement.startTime ?? '00:00', agreement.durationMinutes)}`
      : `DTEND;VALUE=DATE:${nextDay(agreement.startsOn)}`,
  ]
  const rule = recurrenceRule(agreement)
  if (rule) event.push(rule)
  event.push(`SUMMARY:${escapeText(options.title)}`, `DESCRIPTION:${escapeText(agreement.what)}`)
  if (agreement.place.trim() !== '') event.push(`LOCATION:${escapeText(agreement.place.trim())}`)
  // Free while it happens for an all-day reminder; busy for an appointment with a time.
  event.push(`TRANSP:${timed ? 'OPAQUE' : 'TRANSPARENT'}`, 'END:VEVENT')

  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${options.productId ?? '-//Buurtbeurs//Afspraak//NL'}`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...(timed ? amsterdamTimeZone : []),
    ...event,
    'END:VCALENDAR',
  ]
  return lines.map(foldLine).join(crlf) + crlf
}
