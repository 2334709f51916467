import ICAL from 'ical.js'
import { describe, expect, it } from 'vitest'
import { agreementToIcs, type CalendarAgreement, escapeText, foldLine } from '../../shared/domain/calendar'
import { instantOf } from '../../shared/domain/local-time'

const now = new Date('2026-05-01T12:34:56Z')
const options = { title: 'Buurtbeurs: Samen Nederlands oefenen', uid: 'm1_o1@buurtbeurs', now }

const agreement = (extra: Partial<CalendarAgreement> = {}): CalendarAgreement => ({
  what: 'Koffie drinken en Nederlands praten',
  startsOn: '2026-05-13',
  startTime: '10:00',
  durationMinutes: 90,
  recurrence: 'once',
  endsOn: null,
  place: 'Bibliotheek Lindeveen',
  ...extra,
})

/** Parses the file with ical.js (an independent implementation), registering its time zones. */
function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics))
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(zone)
  const vevent = calendar.getFirstSubcomponent('vevent')
  if (!vevent) throw new Error('No VEVENT')
  return { calendar, vevent, event: new ICAL.Event(vevent) }
}

/** The first `max` occurrences of the event as UTC ISO strings. */
function occurrences(ics: string, max = 200): string[] {
  const { event } = parse(ics)
  const iterator = event.iterator()
  const found: string[] = []
  for (let next = iterator.next(); next && found.length < max; next = iterator.next()) {
    found.push(next.toJSDate().toISOString())
  }
  return found
}

const lines = (ics: string) => ics.split('\r\n')
const octets = (line: string) => new TextEncoder().encode(line).length

describe('agreementToIcs', () => {
  it('writes a one-off appointment in Amsterdam time with its time zone, title, description and place', () => {
    const ics = agreementToIcs(agreement(), options)
    const { calendar, vevent, event } = parse(ics)
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0')
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Buurtbeurs//Afspraak//NL')
    expect(calendar.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'))).toEqual([
      'Europe/Amsterdam',
    ])
    expect(event.uid).toBe('m1_o1@buurtbeurs')
    expect(event.summary).toBe('Buurtbeurs: Samen Nederlands oefenen')
    expect(event.description).toBe('Koffie drinken en Nederlands praten')
    expect(event.location).toBe('Bibliotheek Lindeveen')
    expect(event.startDate.zone?.tzid).toBe('Europe/Amsterdam')
    // 10:00 in May is summer time: 08:00 UTC; 90 minutes later it ends.
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-05-13T08:00:00.000Z')
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-05-13T09:30:00.000Z')
    expect((vevent.getFirstPropertyValue('dtstamp') as ICAL.Time).toString()).toBe('2026-05-01T12:34:56Z')
    expect(event.isRecurring()).toBe(false)
    expect(vevent.getFirstProperty('rrule')).toBeNull()
  })

  it('uses winter time in winter', () => {
    const ics = agreementToIcs(agreement({ startsOn: '2026-12-08', startTime: '19:30', durationMinutes: 60 }), options)
    const { event } = parse(ics)
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-08T18:30:00.000Z')
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-12-08T19:30:00.000Z')
  })

  it('ends on the next day when the appointment goes past midnight', () => {
    const ics = agreementToIcs(agreement({ startTime: '23:00', durationMinutes: 120 }), options)
    expect(ics).toContain('DTEND;TZID=Europe/Amsterdam:20260514T010000\r\n')
  })

  it('repeats weekly until the last day, at the same local time across the change to winter time', () => {
    const ics = agreementToIcs(
      agreement({ startsOn: '2026-10-14', startTime: '10:00', recurrence: 'weekly', endsOn: '2026-11-04' }),
      options,
    )
    const { event } = parse(ics)
    expect(event.isRecurring()).toBe(true)
    const rule = event.component.getFirstPropertyValue('rrule') as ICAL.Recur
    expect(rule.freq).toBe('WEEKLY')
    expect(rule.interval).toBe(1)
    // The last day is included: 14, 21, 28 October and 4 November; 10:00 local each time.
    expect(occurrences(ics)).toEqual([
      '2026-10-14T08:00:00.000Z',
      '2026-10-21T08:00:00.000Z',
      '2026-10-28T09:00:00.000Z',
      '2026-11-04T09:00:00.000Z',
    ])
    // UNTIL of a zoned start is in UTC (RFC 5545 3.3.10): the end of 4 November in Amsterdam.
    expect(ics).toContain('RRULE:FREQ=WEEKLY;UNTIL=20261104T225959Z\r\n')
  })

  it('repeats every two weeks with INTERVAL=2', () => {
    const ics = agreementToIcs(
      agreement({ startsOn: '2026-03-05', recurrence: 'every-two-weeks', endsOn: '2026-04-16' }),
      options,
    )
    const rule = parse(ics).event.component.getFirstPropertyValue('rrule') as ICAL.Recur
    expect(rule.freq).toBe('WEEKLY')
    expect(rule.interval).toBe(2)
    // Across the change to summer time (29 March): still 10:00 local.
    expect(occurrences(ics)).toEqual([
      '2026-03-05T09:00:00.000Z',
      '2026-03-19T09:00:00.000Z',
      '2026-04-02T08:00:00.000Z',
      '2026-04-16T08:00:00.000Z',
    ])
  })

  it('repeats monthly on the same day of the month', () => {
    const ics = agreementToIcs(
      agreement({ startsOn: '2026-01-20', recurrence: 'monthly', endsOn: '2026-04-20' }),
      options,
    )
    expect((parse(ics).event.component.getFirstPropertyValue('rrule') as ICAL.Recur).freq).toBe('MONTHLY')
    expect(occurrences(ics).map((at) => at.slice(0, 10))).toEqual([
      '2026-01-20',
      '2026-02-20',
      '2026-03-20',
      '2026-04-20',
    ])
  })

  it('repeats without end until further notice', () => {
    const ics = agreementToIcs(agreement({ recurrence: 'weekly', endsOn: null }), options)
    expect(ics).toContain('RRULE:FREQ=WEEKLY\r\n')
    expect(occurrences(ics, 60)).toHaveLength(60)
  })

  it('makes an all-day event on a floating date when there is no time, without a time zone', () => {
    const ics = agreementToIcs(
      agreement({ startTime: null, startsOn: '2026-06-06', recurrence: 'weekly', endsOn: '2026-06-20' }),
      options,
    )
    const { calendar, event } = parse(ics)
    expect(calendar.getAllSubcomponents('vtimezone')).toHaveLength(0)
    expect(event.startDate.isDate).toBe(true)
    expect(event.startDate.toString()).toBe('2026-06-06')
    expect(event.endDate.toString()).toBe('2026-06-07')
    expect(event.startDate.zone?.tzid).toBe('floating')
    // UNTIL is a date too, like DTSTART.
    expect(ics).toContain('RRULE:FREQ=WEEKLY;UNTIL=20260620\r\n')
    const { event: again } = parse(ics)
    const iterator = again.iterator()
    const days: string[] = []
    for (let next = iterator.next(); next; next = iterator.next()) days.push(next.toString())
    expect(days).toEqual(['2026-06-06', '2026-06-13', '2026-06-20'])
  })

  it('leaves LOCATION out when there is no place', () => {
    const ics = agreementToIcs(agreement({ place: '  ' }), options)
    expect(ics).not.toContain('LOCATION')
    expect(parse(ics).event.location).toBeNull()
  })

  it('escapes commas, semicolons, backslashes and new lines, and the text comes back unchanged', () => {
    const what = 'Boodschappen: melk, brood; en\\of kaas.\nDaarna koffie.\r\nTot dan!'
    const place = 'Kerkstraat 1, Lindeveen; achterdeur'
    const ics = agreementToIcs(agreement({ what, place }), { ...options, title: 'Vraag, aanbod; samen' })
    const unfolded = ics.replace(/\r\n /g, '')
    expect(unfolded).toContain('DESCRIPTION:Boodschappen: melk\\, brood\\; en\\\\of kaas.\\nDaarna koffie.\\nTot dan!')
    const { event } = parse(ics)
    expect(event.description).toBe('Boodschappen: melk, brood; en\\of kaas.\nDaarna koffie.\nTot dan!')
    expect(event.location).toBe(place)
    expect(event.summary).toBe('Vraag, aanbod; samen')
  })

  it('ends every line in CRLF and folds long lines at 75 octets without splitting a character', () => {
    const what = `Samen naar de markt, daarna koffie bij Gülşen thuis ☕ en een praatje over de buurt. ${'Héél gezellig! '.repeat(20)}`
    const ics = agreementToIcs(agreement({ what, recurrence: 'weekly' }), options)
    expect(ics.endsWith('\r\n')).toBe(true)
    // No bare LF or CR anywhere.
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/)
    const all = lines(ics).slice(0, -1)
    for (const line of all) expect(octets(line)).toBeLessThanOrEqual(75)
    expect(all.some((line) => line.startsWith(' '))).toBe(true)
    // Unfolding gives the text back, multi-byte characters intact.
    expect(parse(ics).event.description).toBe(what)
  })

  it('keeps the same UID for the same agreement, so importing again updates the event', () => {
    const first = agreementToIcs(agreement(), options)
    const second = agreementToIcs(agreement(), { ...options, now: new Date('2026-05-02T00:00:00Z') })
    expect(parse(first).event.uid).toBe(parse(second).event.uid)
  })
})

describe('the parts', () => {
  it('escapeText escapes the four TEXT specials', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne')
  })

  it('foldLine leaves short lines alone and puts a space before each continuation', () => {
    expect(foldLine('SUMMARY:kort')).toBe('SUMMARY:kort')
    const folded = foldLine(`DESCRIPTION:${'x'.repeat(200)}`)
    const parts = folded.split('\r\n')
    expect(octets(parts[0] ?? '')).toBe(75)
    for (const part of parts.slice(1)) {
      expect(part.startsWith(' ')).toBe(true)
      expect(octets(part)).toBeLessThanOrEqual(75)
    }
    expect(parts.map((part, index) => (index === 0 ? part : part.slice(1))).join('')).toBe(
      `DESCRIPTION:${'x'.repeat(200)}`,
    )
    // A 4-octet character at the boundary moves to the next line whole.
    const emoji = foldLine(`${'y'.repeat(73)}😀z`)
    expect(emoji.split('\r\n')[0]).toBe('y'.repeat(73))
  })

  it('the time zone in the file agrees with the time zone database, every day of 2025 to 2027', () => {
    // A daily appointment at 10:00 for three years: ical.js converts each with the file's VTIMEZONE.
    const ics = agreementToIcs(
      { ...agreement({ startsOn: '2025-01-01', endsOn: '2027-12-31' }), recurrence: 'weekly' },
      options,
    ).replace('RRULE:FREQ=WEEKLY', 'RRULE:FREQ=DAILY')
    const found = occurrences(ics, 2000)
    expect(found).toHaveLength(365 * 3)
    for (const at of found) {
      const [year, month, dayOfMonth] = at.slice(0, 10).split('-').map(Number) as [number, number, number]
      expect(at, at).toBe(new Date(instantOf(Date.UTC(year, month - 1, dayOfMonth, 10, 0))).toISOString())
    }
  })
})
