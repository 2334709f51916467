/**
 * Rules of the brokers' work queue. Pure: the moment ("now") is passed in.
 *
 * An item is something a broker should look at about one post, for one reason (its `kind`).
 * Its `dueAt` says when it shows up in the queue. The transitions:
 *
 * - `open` → `taken` (take; taking an item someone else took is a hand-over)
 * - `open` | `taken` | `snoozed` → `snoozed` (snooze: `dueAt` becomes the end of the snooze,
 *   so the item leaves the list and comes back by itself; whoever took it keeps it)
 * - `snoozed` → `taken` (take, also before the snooze ends)
 * - anything but `done` → `done` (finish by a broker, or resolve by the system)
 *
 * A snoozed item whose snooze has ended stays `snoozed` (and keeps its reason): it is back in
 * the list, and the broker sees it was put aside and why, until someone takes or finishes it.
 * `snooze` always holds the last snooze, also after a take, so the next person knows the story.
 */
import type { QueueItem } from '../schemas/matching'
import type { QueueItemKind } from '../schemas/vocabulary'
import { type Caller, isStaff } from './caller'
import { DomainError } from './errors'
import { instantOf, wallClock } from './local-time'
import { assertMember } from './post'

/** The id of the queue item of this kind about this post (or proposal): one item per reason. */
export const queueItemId = (kind: QueueItemKind, subjectId: string): string => `${kind}.${subjectId}`

/** The longest a task can be put aside. */
export const maxSnoozeDays = 90

const dayMs = 24 * 60 * 60 * 1000

/** Easter Sunday of a year (the Gregorian computus), as a UTC date at midnight. */
const easterSunday = (year: number): number => {
  const a = year % 19
  const b = Math.floor(year / 100)
  const c = year % 100
  const d = Math.floor(b / 4)
  const e = b % 4
  const f = Math.floor((b + 8) / 25)
  const g = Math.floor((b - f + 1) / 3)
  const h = (19 * a + b - d - g + 15) % 30
  const i = Math.floor(c / 4)
  const k = c % 4
  const l = (32 + 2 * e + 2 * i - h - k) % 7
  const m = Math.floor((a + 11 * h + 22 * l) / 451)
  const month = Math.floor((h + l - 7 * m + 114) / 31)
  const day = ((h + l - 7 * m + 114) % 31) + 1
  return Date.UTC(year, month - 1, day)
}

/**
 * The Dutch public holidays on which a welfare office is closed, as `YYYY-MM-DD`: New Year's
 * Day, Easter Monday, King's Day (the 26th when the 27th is a Sunday), Liberation Day in the
 * years it is a national day off (every fifth year), Ascension Day, Whit Monday and Christmas.
 */
export const dutchPublicHolidays = (year: number): string[] => {
  const easter = easterSunday(year)
  const iso = (utc: number) => new Date(utc).toISOString().slice(0, 10)
  const kingsDay = Date.UTC(year, 3, 27)
  return [
    iso(Date.UTC(year, 0, 1)),
    iso(easter + dayMs),
    iso(new Date(kingsDay).getUTCDay() === 0 ? kingsDay - dayMs : kingsDay),
    ...(year % 5 === 0 ? [iso(Date.UTC(year, 4, 5))] : []),
    iso(easter + 39 * dayMs),
    iso(easter + 50 * dayMs),
    iso(Date.UTC(year, 11, 25)),
    iso(Date.UTC(year, 11, 26)),
  ]
}

/** Whether a calendar date (as a UTC midnight) is a working day: Monday to Friday, not a public holiday. */
const isWorkingDay = (utcMidnight: number): boolean => {
  const date = new Date(utcMidnight)
  const weekday = date.getUTCDay()
  return (
    weekday !== 0 &&
    weekday !== 6 &&
    !dutchPublicHolidays(date.getUTCFullYear()).includes(date.toISOString().slice(0, 10))
  )
}

/**
 * The same time on the next working day (Monday to Friday, not a Dutch public holiday, in
 * Europe/Amsterdam): the field's norm for a first answer. Friday 14:00 → Monday 14:00; Saturday
 * or Sunday → Monday, same time; the day before Christmas → the 27th. "Same time" is the Dutch
 * wall clock, also across a change to or from summer time.
 */
export const nextWorkingDay = (from: Date): Date => {
  const p = wallClock(from.getTime())
  let add = 1
  while (!isWorkingDay(Date.UTC(p.year, p.month - 1, p.day + add))) add++
  return new Date(
    instantOf(Date.UTC(p.year, p.month - 1, p.day + add, p.hour, p.minute, p.second, from.getUTCMilliseconds())),
  )
}

/**
 * Only brokers and coordinators of the community work the queue, as themselves: a broker
 * acting for a resident has the resident's rights, and residents have no queue.
 */
export const assertQueueWorker = (caller: Caller, communityId: string): void => {
  assertMember(caller, communityId)
  if (caller.actedBy || !isStaff(caller)) throw new DomainError('NOT_A_BROKER')
}

/** A task can change only while it is not done, and only from the version the broker saw. */
const assertChangeable = (item: QueueItem, expectedVersion: number): void => {
  if (item.status === 'done') throw new DomainError('QUEUE_ITEM_DONE')
  if (item.version !== expectedVersion) throw new DomainError('QUEUE_ITEM_CHANGED')
}

const bumped = (item: QueueItem, now: Date, change: Partial<QueueItem>): QueueItem => ({
  ...item,
  ...change,
  version: item.version + 1,
  updatedAt: now.toISOString(),
})

/**
 * The broker takes the task: it moves to their own list. Taking a snoozed task ends the snooze
 * (the task is due now); taking it from someone else is a hand-over.
 */
export const takenItem = (args: {
  item: QueueItem
  broker: { id: string; displayName: string }
  expectedVersion: number
  now: Date
}): QueueItem => {
  const { item, broker, expectedVersion, now } = args
  assertChangeable(item, expectedVersion)
  const at = now.toISOString()
  return bumped(item, now, {
    status: 'taken',
    takenBy: { memberId: broker.id, displayName: broker.displayName },
    dueAt: item.dueAt < at ? item.dueAt : at,
  })
}

/** Puts the task aside until `until` (in the future, at most 90 days ahead), with a reason. */
export const snoozedItem = (args: {
  item: QueueItem
  until: string
  reason: string
  expectedVersion: number
  now: Date
}): QueueItem => {
  const { item, reason, expectedVersion, now } = args
  const until = new Date(args.until)
  if (until.getTime() <= now.getTime()) {
    throw new DomainError('VALIDATION_FAILED', [{ path: 'until', code: 'date_in_past', message: '' }])
  }
  if (until.getTime() > now.getTime() + maxSnoozeDays * dayMs) {
    throw new DomainError('VALIDATION_FAILED', [{ path: 'until', code: 'snooze_too_long', message: '' }])
  }
  assertChangeable(item, expectedVersion)
  const untilIso = until.toISOString()
  return bumped(item, now, { status: 'snoozed', snooze: { until: untilIso, reason }, dueAt: untilIso })
}

/** The task is done: by a broker (`by`), or by the system (`by` null) when its reason went away. */
export const finishedItem = (args: {
  item: QueueItem
  by: string | null
  note: string
  expectedVersion: number
  now: Date
}): QueueItem => {
  const { item, by, note, expectedVersion, now } = args
  assertChangeable(item, expectedVersion)
  return bumped(item, now, { status: 'done', resolution: { at: now.toISOString(), by, note } })
}
