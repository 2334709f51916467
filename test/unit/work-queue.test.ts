import { describe, expect, it } from 'vitest'
import type { Caller } from '../../shared/domain/caller'
import { DomainError } from '../../shared/domain/errors'
import {
  assertQueueWorker,
  dutchPublicHolidays,
  finishedItem,
  nextWorkingDay,
  queueItemId,
  snoozedItem,
  takenItem,
} from '../../shared/domain/work-queue'
import { type QueueItem, queueItemSchema } from '../../shared/schemas/matching'
import { member } from '../support/fixtures'

const errorOf = (fn: () => unknown) => {
  try {
    fn()
  } catch (error) {
    if (error instanceof DomainError)
      return { code: error.code, details: error.details?.map((d) => `${d.path}:${d.code}`) }
    throw error
  }
  return undefined
}

/** `nextWorkingDay` of an instant, both as UTC ISO strings. */
const next = (iso: string) => nextWorkingDay(new Date(iso)).toISOString()

describe('nextWorkingDay (Europe/Amsterdam, Monday to Friday)', () => {
  it('skips Dutch public holidays', () => {
    // Thursday 24 December 2026 10:00 → Christmas, Boxing Day and the weekend → Monday 28 December 10:00.
    expect(next('2026-12-24T09:00:00.000Z')).toBe('2026-12-28T09:00:00.000Z')
    // Wednesday 13 May 2026 → Ascension Day (Thursday 14) → Friday 15 May (CEST, UTC+2).
    expect(next('2026-05-13T08:00:00.000Z')).toBe('2026-05-15T08:00:00.000Z')
    // Friday 22 May 2026 → the weekend and Whit Monday → Tuesday 26 May.
    expect(next('2026-05-22T08:00:00.000Z')).toBe('2026-05-26T08:00:00.000Z')
    // Thursday 31 December 2026 → New Year's Day → Monday 4 January 2027.
    expect(next('2026-12-31T09:00:00.000Z')).toBe('2027-01-04T09:00:00.000Z')
  })

  it('knows the movable and the occasional holidays', () => {
    const y2026 = dutchPublicHolidays(2026)
    // Easter 2026 is 5 April: Easter Monday 6 April, Ascension 14 May, Whit Monday 25 May.
    expect(y2026).toEqual(expect.arrayContaining(['2026-04-06', '2026-05-14', '2026-05-25', '2026-04-27']))
    expect(y2026).not.toContain('2026-05-05')
    // 2025: King's Day on Saturday the 26th (the 27th is a Sunday); Liberation Day is a day off.
    expect(dutchPublicHolidays(2025)).toEqual(expect.arrayContaining(['2025-04-26', '2025-05-05', '2025-04-21']))
    expect(dutchPublicHolidays(2025)).not.toContain('2025-04-27')
    // Easter 2027 is 28 March.
    expect(dutchPublicHolidays(2027)).toContain('2027-03-29')
  })

  it('is the next day, same time, from Monday to Thursday', () => {
    // Monday 23 November 2026, 09:15 in Amsterdam (CET, UTC+1).
    expect(next('2026-11-23T08:15:00.000Z')).toBe('2026-11-24T08:15:00.000Z')
    // Thursday → Friday.
    expect(next('2026-11-26T15:00:00.000Z')).toBe('2026-11-27T15:00:00.000Z')
  })

  it('skips the weekend: Friday, Saturday and Sunday go to Monday, same time', () => {
    // Friday 27 November 14:00 → Monday 30 November 14:00.
    expect(next('2026-11-27T13:00:00.000Z')).toBe('2026-11-30T13:00:00.000Z')
    // Saturday 10:00 → Monday 10:00.
    expect(next('2026-11-28T09:00:00.000Z')).toBe('2026-11-30T09:00:00.000Z')
    // Sunday 22:00 → Monday 22:00.
    expect(next('2026-11-29T21:00:00.000Z')).toBe('2026-11-30T21:00:00.000Z')
  })

  it('goes by the Dutch calendar day, not the UTC one', () => {
    // Friday 23:30 UTC is already Saturday 00:30 in Amsterdam: Monday 00:30 there.
    expect(next('2026-11-27T23:30:00.000Z')).toBe('2026-11-29T23:30:00.000Z')
    // Sunday 23:30 UTC is Monday 00:30 in Amsterdam: Tuesday 00:30 there.
    expect(next('2026-11-29T23:30:00.000Z')).toBe('2026-11-30T23:30:00.000Z')
  })

  it('keeps the wall-clock time across the change to summer time', () => {
    // Friday 27 March 2026 14:00 CET (UTC+1) → Monday 30 March 14:00 CEST (UTC+2).
    expect(next('2026-03-27T13:00:00.000Z')).toBe('2026-03-30T12:00:00.000Z')
    // Saturday 28 March 10:00 CET → Monday 10:00 CEST.
    expect(next('2026-03-28T09:00:00.000Z')).toBe('2026-03-30T08:00:00.000Z')
    // Sunday 29 March 01:30 CET, before the clocks jump → Monday 01:30 CEST.
    expect(next('2026-03-29T00:30:00.000Z')).toBe('2026-03-29T23:30:00.000Z')
    // Sunday 29 March 03:30 CEST, after → Monday 03:30 CEST.
    expect(next('2026-03-29T01:30:00.000Z')).toBe('2026-03-30T01:30:00.000Z')
  })

  it('keeps the wall-clock time across the change back to winter time', () => {
    // Friday 23 October 2026 14:00 CEST → Monday 26 October 14:00 CET.
    expect(next('2026-10-23T12:00:00.000Z')).toBe('2026-10-26T13:00:00.000Z')
    // Sunday 25 October 02:30, the hour that happens twice (first CEST, then CET) → Monday 02:30 CET.
    expect(next('2026-10-25T00:30:00.000Z')).toBe('2026-10-26T01:30:00.000Z')
    expect(next('2026-10-25T01:30:00.000Z')).toBe('2026-10-26T01:30:00.000Z')
  })

  it('crosses months and years, and keeps seconds and milliseconds', () => {
    // Thursday 31 December 2026 → (New Year's Day, the weekend) Monday 4 January 2027.
    expect(next('2026-12-31T16:45:12.345Z')).toBe('2027-01-04T16:45:12.345Z')
    // Friday 29 January → Monday 1 February.
    expect(next('2027-01-29T08:00:00.000Z')).toBe('2027-02-01T08:00:00.000Z')
  })

  it('always lands on a working day, the same Dutch time, one to five days later', () => {
    const dutch = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Amsterdam',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
    const holidays2026 = dutchPublicHolidays(2026)
    const dutchDate = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' })
    // Every 13 hours for a year: all weekdays and hours, both clock changes.
    for (let t = Date.parse('2026-01-01T00:00:00Z'); t < Date.parse('2027-01-01T00:00:00Z'); t += 13 * 3600_000) {
      const from = new Date(t)
      const to = nextWorkingDay(from)
      const [fromDay, fromTime] = dutch.format(from).split(' ')
      const [toDay, toTime] = dutch.format(to).split(' ')
      expect(['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], from.toISOString()).toContain(toDay)
      expect(holidays2026, from.toISOString()).not.toContain(dutchDate.format(to))
      expect(toDay, from.toISOString()).not.toBe(fromDay)
      // Not on the clock-change Sundays themselves (the results are weekdays): same wall clock.
      expect(toTime, from.toISOString()).toBe(fromTime)
      const hours = (to.getTime() - from.getTime()) / 3600_000
      expect(hours, from.toISOString()).toBeGreaterThanOrEqual(23)
      // At most five days: from Wednesday before Christmas on a Thursday, or Thursday before Easter Monday.
      expect(hours, from.toISOString()).toBeLessThanOrEqual(5 * 24 + 1)
    }
  })
})

const now = new Date('2026-11-23T10:00:00.000Z')
const item = (change: Partial<QueueItem> = {}): QueueItem =>
  queueItemSchema.parse({
    id: queueItemId('new-request', 'post-0000001'),
    communityId: 'lindeveen',
    kind: 'new-request',
    status: 'open',
    postId: 'post-0000001',
    postTitle: 'Hulp bij boodschappen',
    postKind: 'request',
    memberId: 'henk',
    memberName: 'Henk',
    areaId: 'oude-markt',
    categoryId: 'boodschappen',
    matchId: null,
    dueAt: '2026-11-23T08:00:00.000Z',
    answerBy: '2026-11-24T08:00:00.000Z',
    waitingSince: '2026-11-23T08:00:00.000Z',
    takenBy: null,
    snooze: null,
    resolution: null,
    createdAt: '2026-11-23T08:00:00.000Z',
    updatedAt: '2026-11-23T08:00:00.000Z',
    version: 1,
    ...change,
  })
const samira = { id: 'samira', displayName: 'Samira' }

describe('queue item ids', () => {
  it('are one per reason per post (or match), and fit the schema', () => {
    expect(queueItemId('new-request', 'p4Xb0kQ2r9Tz1w')).toBe('new-request.p4Xb0kQ2r9Tz1w')
    expect(queueItemId('interest-no-reply', 'req_off-12345678')).toBe('interest-no-reply.req_off-12345678')
    expect(queueItemSchema.shape.id.safeParse(queueItemId('waiting-long', 'p4Xb0kQ2r9Tz1w')).success).toBe(true)
  })
})

describe('who works the queue', () => {
  const caller = (id: string, actFor?: string): Caller =>
    actFor ? { ...member(actFor), actedBy: member(id) } : member(id)

  it('is brokers and coordinators of the community, as themselves', () => {
    expect(errorOf(() => assertQueueWorker(caller('samira'), 'lindeveen'))).toBeUndefined()
    expect(errorOf(() => assertQueueWorker(caller('jeroen'), 'lindeveen'))).toBeUndefined()
    expect(errorOf(() => assertQueueWorker(caller('anna'), 'lindeveen'))).toEqual({ code: 'NOT_A_BROKER' })
    expect(errorOf(() => assertQueueWorker(caller('stichting-de-brug'), 'lindeveen'))).toEqual({
      code: 'NOT_A_BROKER',
    })
    // Acting for Henk gives Henk's rights: no queue.
    expect(errorOf(() => assertQueueWorker(caller('samira', 'henk'), 'lindeveen'))).toEqual({ code: 'NOT_A_BROKER' })
    expect(errorOf(() => assertQueueWorker(caller('samira'), 'andere-stad'))).toEqual({ code: 'COMMUNITY_FORBIDDEN' })
  })
})

describe('taking a task', () => {
  it('moves it to the broker, bumps the version and keeps its due time', () => {
    const taken = takenItem({ item: item(), broker: samira, expectedVersion: 1, now })
    expect(taken).toMatchObject({
      status: 'taken',
      takenBy: { memberId: 'samira', displayName: 'Samira' },
      dueAt: '2026-11-23T08:00:00.000Z',
      version: 2,
      updatedAt: now.toISOString(),
    })
  })

  it('from another broker is a hand-over', () => {
    const fromJeroen = item({ status: 'taken', takenBy: { memberId: 'jeroen', displayName: 'Jeroen' }, version: 3 })
    expect(takenItem({ item: fromJeroen, broker: samira, expectedVersion: 3, now }).takenBy).toEqual({
      memberId: 'samira',
      displayName: 'Samira',
    })
  })

  it('ends a snooze: the task is due now, and the last snooze stays for the story', () => {
    const snoozed = item({
      status: 'snoozed',
      dueAt: '2026-11-30T08:00:00.000Z',
      snooze: { until: '2026-11-30T08:00:00.000Z', reason: 'Henk is op vakantie' },
      version: 2,
    })
    expect(takenItem({ item: snoozed, broker: samira, expectedVersion: 2, now })).toMatchObject({
      status: 'taken',
      dueAt: now.toISOString(),
      snooze: { reason: 'Henk is op vakantie' },
    })
  })

  it('is refused for a stale version or a finished task', () => {
    expect(errorOf(() => takenItem({ item: item({ version: 2 }), broker: samira, expectedVersion: 1, now }))).toEqual({
      code: 'QUEUE_ITEM_CHANGED',
    })
    expect(
      errorOf(() => takenItem({ item: item({ status: 'done', version: 2 }), broker: samira, expectedVersion: 1, now })),
    ).toEqual({ code: 'QUEUE_ITEM_DONE' })
  })
})

describe('snoozing a task', () => {
  const tomorrow = '2026-11-24T10:00:00.000Z'

  it('moves its due time to the end of the snooze, with the reason; whoever took it keeps it', () => {
    const taken = item({ status: 'taken', takenBy: { memberId: 'samira', displayName: 'Samira' } })
    expect(snoozedItem({ item: taken, until: tomorrow, reason: 'Terugbellen', expectedVersion: 1, now })).toMatchObject(
      {
        status: 'snoozed',
        dueAt: tomorrow,
        snooze: { until: tomorrow, reason: 'Terugbellen' },
        takenBy: { memberId: 'samira' },
        version: 2,
      },
    )
  })

  it('normalises the moment to UTC', () => {
    const snoozed = snoozedItem({
      item: item(),
      until: '2026-11-24T11:00:00+01:00',
      reason: 'Terugbellen',
      expectedVersion: 1,
      now,
    })
    expect(snoozed.dueAt).toBe(tomorrow)
  })

  it('must end in the future and within 90 days', () => {
    const at = (until: string) =>
      errorOf(() => snoozedItem({ item: item(), until, reason: 'Later', expectedVersion: 1, now }))
    expect(at(now.toISOString())).toEqual({ code: 'VALIDATION_FAILED', details: ['until:date_in_past'] })
    expect(at('2026-11-22T10:00:00.000Z')).toEqual({ code: 'VALIDATION_FAILED', details: ['until:date_in_past'] })
    expect(at('2027-02-21T10:00:00.000Z')).toBeUndefined() // exactly 90 days
    expect(at('2027-02-21T10:00:00.001Z')).toEqual({ code: 'VALIDATION_FAILED', details: ['until:snooze_too_long'] })
  })

  it('is refused for a stale version or a finished task', () => {
    expect(
      errorOf(() => snoozedItem({ item: item({ version: 4 }), until: tomorrow, reason: 'x', expectedVersion: 3, now })),
    ).toEqual({ code: 'QUEUE_ITEM_CHANGED' })
    expect(
      errorOf(() =>
        snoozedItem({ item: item({ status: 'done' }), until: tomorrow, reason: 'x', expectedVersion: 1, now }),
      ),
    ).toEqual({ code: 'QUEUE_ITEM_DONE' })
  })
})

describe('finishing a task', () => {
  it('records who finished it (null: the system), when, and the note', () => {
    expect(finishedItem({ item: item(), by: 'samira', note: 'Doorverwezen', expectedVersion: 1, now })).toMatchObject({
      status: 'done',
      resolution: { at: now.toISOString(), by: 'samira', note: 'Doorverwezen' },
      version: 2,
    })
    expect(finishedItem({ item: item(), by: null, note: 'Gesloten', expectedVersion: 1, now }).resolution?.by).toBe(
      null,
    )
  })

  it('only once', () => {
    const done = finishedItem({ item: item(), by: 'samira', note: '', expectedVersion: 1, now })
    expect(errorOf(() => finishedItem({ item: done, by: 'jeroen', note: '', expectedVersion: 2, now }))).toEqual({
      code: 'QUEUE_ITEM_DONE',
    })
  })
})
