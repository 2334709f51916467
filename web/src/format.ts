import type { Availability } from '../../shared/schemas/post'
import { dayPartsOfDay, weekDays } from '../../shared/schemas/vocabulary'
import { getLanguage, t } from './i18n'

/** "Monday: morning and evening" lines, one per day, in week order. */
export function availabilityLines(availability: Availability): string[] {
  const chosen = new Set<string>(availability.dayParts)
  const list = new Intl.ListFormat(getLanguage(), { type: 'conjunction' })
  const lines: string[] = []
  for (const day of weekDays) {
    const parts = dayPartsOfDay.filter((part) => chosen.has(`${day}-${part}`))
    if (parts.length === 0) continue
    const words = parts.map((part) => t(`dayPart.${part}`).toLocaleLowerCase(getLanguage()))
    lines.push(t('availability.day', { day: t(`day.${day}`), parts: list.format(words) }))
  }
  return lines
}

/** A calendar date (`2026-12-31`) as people write it: "31 december 2026". */
export function formatDate(isoDate: string): string {
  const date = new Date(isoDate.length === 10 ? `${isoDate}T00:00:00Z` : isoDate)
  if (Number.isNaN(date.getTime())) return isoDate
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' }
  // A bare date has no time zone: show the same day everywhere.
  if (isoDate.length === 10) options.timeZone = 'UTC'
  return new Intl.DateTimeFormat(getLanguage(), options).format(date)
}

/** A moment as people write it: "12 mei 2026 om 14:05". */
export function formatDateTime(isoDateTime: string): string {
  const date = new Date(isoDateTime)
  if (Number.isNaN(date.getTime())) return isoDateTime
  return new Intl.DateTimeFormat(getLanguage(), { dateStyle: 'long', timeStyle: 'short' }).format(date)
}

/** Today as `YYYY-MM-DD` in the person's own time zone (what a date field holds). */
export function todayIso(): string {
  const now = new Date()
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

/** A month (`2026-05`) as words: "mei 2026". */
export function formatMonth(month: string): string {
  const date = new Date(`${month}-01T00:00:00Z`)
  if (Number.isNaN(date.getTime())) return month
  return new Intl.DateTimeFormat(getLanguage(), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date)
}

/** "sociaal makelaar" → "Sociaal makelaar", for a value standing on its own. */
export function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase(getLanguage()) + text.slice(1)
}
