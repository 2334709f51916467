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
import { assertMember } from './post'

/** The id of the queue item of this kind about this post (or proposal): one item per reason. */
export const queueItemId = (kind: QueueItemKind, subjectId: string): string => `${kind}.${subjectId}`

/** The longest a task can be put aside. */
export const maxSnoozeDays = 90

const zone = 'Europe/Amsterdam'
const dayMs = 24 * 60 * 60 * 1000

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: zone,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  weekday: 'short',
})

/** The wall-clock fields of an instant in the Netherlands. */
const localParts = (instant: Date) => {
  const parts: Record<string, string> = {}
  for (const p of partsFormat.formatToParts(instant)) parts[p.type] = p.value
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: parts.weekday ?? '',
  }
}

/** How far Amsterdam's wall clock is ahead of UTC at this instant, in milliseconds. */
const offsetAt = (instant: Date): number => {
  const p = localParts(instant)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second)
  return asUtc - (instant.getTime() - instant.getUTCMilliseconds())
}

/**
 * The instant of an Amsterdam wall-clock time. Two passes settle the offset; working days are
 * never the Sundays on which the clocks change, so the time always exists and is unambiguous.
 */
const fromLocal = (wallClockAsUtc: number): Date => {
  let guess = wallClockAsUtc - offsetAt(new Date(wallClockAsUtc))
  guess = wallClockAsUtc - offsetAt(new Date(guess))
  return new Date(guess)
}

/** Days to add to reach the next working day, by today's weekday. */
const daysToNextWorkingDay: Record<string, number> = { Mon: 1, Tue: 1, Wed: 1, Thu: 1, Fri: 3, Sat: 2, Sun: 1 }

/**
 * The same time on the next working day (Monday to Friday, Europe/Amsterdam): the field's norm
 * for a first answer. Friday 14:00 → Monday 14:00; Saturday or Sunday → Monday, same time.
 * "Same time" is the Dutch wall clock, also across a change to or from summer time.
 * Public holidays are not left out (yet).
 */
export const nextWorkingDay = (from: Date): Date => {
  const p = localParts(from)
  const add = daysToNextWorkingDay[p.weekday]
  if (add === undefined) throw new Error(`Unexpected weekday ${p.weekday}`)
  const wallClock = Date.UTC(p.year, p.month - 1, p.day + add, p.hour, p.minute, p.second, from.getUTCMilliseconds())
  return fromLocal(wallClock)
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
