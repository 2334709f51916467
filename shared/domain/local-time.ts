/**
 * Wall-clock time in a time zone (Europe/Amsterdam unless said otherwise), with Intl only: the
 * working-day rule of the queue and the quiet hours of messages both count in Dutch local time,
 * also across the changes to and from summer time.
 */
export const dutchTimeZone = 'Europe/Amsterdam'

const formats = new Map<string, Intl.DateTimeFormat>()

/** The wall-clock fields of an instant (milliseconds) in a time zone. */
export const wallClock = (instant: number, timeZone = dutchTimeZone) => {
  let format = formats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
    formats.set(timeZone, format)
  }
  const parts: Record<string, number> = {}
  for (const part of format.formatToParts(new Date(instant))) parts[part.type] = Number(part.value)
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  }
}

/** How far the zone's wall clock is ahead of UTC at an instant, in milliseconds. */
const offsetAt = (instant: number, timeZone: string): number => {
  const p = wallClock(instant, timeZone)
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - (instant - (instant % 1000))
}

/**
 * The instant a wall-clock time (given as if it were UTC, `Date.UTC(…)`) has in a zone. Offsets
 * change at most once within a day, so the offsets 12 hours before and after are the only
 * candidates. A time that happens twice (clocks back) gives the first; a time that does not
 * exist (clocks forward) is moved forward by the gap, as most calendars do.
 */
export const instantOf = (wallAsUtc: number, timeZone = dutchTimeZone): number => {
  const before = offsetAt(wallAsUtc - 12 * 3_600_000, timeZone)
  const after = offsetAt(wallAsUtc + 12 * 3_600_000, timeZone)
  const candidates = [wallAsUtc - before, wallAsUtc - after].filter(
    (instant) => instant + offsetAt(instant, timeZone) === wallAsUtc,
  )
  return candidates.length > 0 ? Math.min(...candidates) : wallAsUtc - before
}
