import type { Match, MatchSide, MatchStatus } from '../../../shared/schemas/match'
import { finalMatchStatuses } from '../../../shared/schemas/vocabulary'
import { getLanguage } from '../i18n'
import { tx } from '../i18n/match'
import { badge } from './ui'

/** The page of a match; messages about a match link to exactly this address. */
export const matchUrl = (matchId: string): string => `/matches/${encodeURIComponent(matchId)}`

export const matchSides: readonly MatchSide[] = ['request', 'offer']

export const otherSide = (side: MatchSide): MatchSide => (side === 'request' ? 'offer' : 'request')

/** The member on a side (the offer's author is the helper). */
export const memberOfSide = (match: Pick<Match, 'requestMemberId' | 'offerMemberId'>, side: MatchSide): string =>
  side === 'request' ? match.requestMemberId : match.offerMemberId

/** The side `memberId` is on, or null when they are not a party. */
export const sideOfMember = (
  match: Pick<Match, 'requestMemberId' | 'offerMemberId'>,
  memberId: string,
): MatchSide | null =>
  match.requestMemberId === memberId ? 'request' : match.offerMemberId === memberId ? 'offer' : null

export const isFinalStatus = (status: MatchStatus): boolean =>
  (finalMatchStatuses as readonly string[]).includes(status)

/** How a status looks: waiting (blue), under way (green), ended well (grey-green), ended otherwise (grey). */
const statusVariant: Record<MatchStatus, string> = {
  proposed: 'match-waiting',
  accepted: 'match-running',
  'carried-out': 'match-done',
  partly: 'match-done',
  'not-carried-out': 'match-ended',
  declined: 'match-ended',
  cancelled: 'match-ended',
  expired: 'match-ended',
}

/** The status in words, as a label; the word carries the meaning, the colour only repeats it. */
export function statusBadge(status: MatchStatus): HTMLSpanElement {
  return badge(tx(`mp.status.${status}`), statusVariant[status])
}

/** "90" → "1,5 uur" / "1.5 hours"; "45" → "45 minuten". */
export function durationText(minutes: number): string {
  if (minutes < 60) return tx('mp.minutes', { count: minutes })
  if (minutes === 60) return tx('mp.hour')
  const hours = new Intl.NumberFormat(getLanguage(), { maximumFractionDigits: 2 }).format(minutes / 60)
  return tx('mp.hours', { count: hours })
}

/** Hours as people write them: "1,5" in Dutch, "1.5" in English. */
export function hoursText(hours: number): string {
  return new Intl.NumberFormat(getLanguage(), { maximumFractionDigits: 2 }).format(hours)
}

/**
 * What someone typed as a number of hours: null when empty, a number when it reads as one
 * ("1,5" and "1.5" both), else the text as typed, so the API names the field.
 */
export function readHours(text: string): number | string | null {
  const value = text.trim().replace(',', '.')
  if (value === '') return null
  return /^\d+(\.\d+)?$/.test(value) ? Number(value) : text.trim()
}
