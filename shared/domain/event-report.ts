/**
 * The report of a Beursvloer: what the floor achieved, traced to its valuation rules, and what
 * became of it at the follow-ups after 3 and 6 months. Pure: the service reads the board, the
 * listing and the matches as they are now, and this adds them up.
 */
import type { BeursEvent, EventItem, EventMatchSummary, EventReport, Participant } from '../schemas/event'
import type { Match } from '../schemas/match'
import type { Valuation } from '../schemas/valuation'
import { participantTypes } from '../schemas/vocabulary'

/** A match recorded in error and cancelled did not happen: it counts nowhere but in `cancelled`. */
const stands = (match: Match): boolean =>
  match.status !== 'cancelled' && match.status !== 'declined' && match.status !== 'expired'

export const buildEventReport = (args: {
  event: BeursEvent
  participants: Participant[]
  items: EventItem[]
  matches: Match[]
  now: Date
}): EventReport => {
  const { event, participants, items, now } = args
  const floorMatches = args.matches.filter((m) => m.event?.eventId === event.id)
  const standing = floorMatches.filter(stands)

  const byType = participantTypes
    .map((type) => {
      const ofType = participants.filter((p) => p.type === type)
      return { type, registered: ofType.length, checkedIn: ofType.filter((p) => p.checkedInAt !== null).length }
    })
    .filter((row) => row.registered > 0)

  const needs = items.filter((i) => i.kind === 'need')
  const matchedNeeds = new Set(standing.flatMap((m) => (m.event ? [m.event.need.itemId] : [])))

  const cornerRows = new Map(
    event.corners.map((c) => [c.id, { cornerId: c.id, name: c.name, matches: 0, cents: 0, twoWay: 0 }]),
  )
  const ruleRows = new Map<string, { ruleId: string; name: Valuation['ruleName']; gives: number; cents: number }>()
  const addGive = (valuation: Valuation) => {
    const row = ruleRows.get(valuation.ruleId) ?? {
      ruleId: valuation.ruleId,
      name: valuation.ruleName,
      gives: 0,
      cents: 0,
    }
    row.gives += 1
    row.cents += valuation.cents
    ruleRows.set(valuation.ruleId, row)
  }
  let cents = 0
  let twoWay = 0
  for (const match of standing) {
    const deal = match.event
    if (!deal) continue
    cents += deal.totalCents
    if (deal.twoWay) twoWay += 1
    // A corner removed after the event still shows, under its id.
    const corner = cornerRows.get(deal.cornerId) ?? {
      cornerId: deal.cornerId,
      name: { nl: deal.cornerId, en: deal.cornerId },
      matches: 0,
      cents: 0,
      twoWay: 0,
    }
    corner.matches += 1
    corner.cents += deal.totalCents
    if (deal.twoWay) corner.twoWay += 1
    cornerRows.set(deal.cornerId, corner)
    addGive(deal.offerGives.valuation)
    if (deal.needGives) addGive(deal.needGives.valuation)
  }

  const count = (status: Match['status']) => floorMatches.filter((m) => m.status === status).length
  const carriedOut = count('carried-out')
  const partly = count('partly')
  const notCarriedOut = count('not-carried-out')
  const answered = carriedOut + partly + notCarriedOut
  const matchList: EventMatchSummary[] = floorMatches
    .flatMap((m) => (m.event ? [{ matchId: m.id, status: m.status, deal: m.event }] : []))
    .sort((a, b) => (a.deal.recordedAt < b.deal.recordedAt ? 1 : a.deal.recordedAt > b.deal.recordedAt ? -1 : 0))

  return {
    event,
    participants: {
      registered: participants.length,
      checkedIn: participants.filter((p) => p.checkedInAt !== null).length,
      byType,
    },
    items: {
      needs: needs.length,
      offers: items.length - needs.length,
      needsMatched: needs.filter((n) => matchedNeeds.has(n.id)).length,
    },
    matches: standing.length,
    cents,
    twoWay,
    twoWayShare: standing.length === 0 ? 0 : twoWay / standing.length,
    byCorner: [...cornerRows.values()],
    byRule: [...ruleRows.values()].sort((a, b) => b.cents - a.cents || a.ruleId.localeCompare(b.ruleId)),
    followUp: {
      answered,
      carriedOut,
      partly,
      notCarriedOut,
      // Accepted and no outcome yet: not answered, or "still running" (recurring help that goes on).
      running: count('accepted'),
      cancelled: count('cancelled'),
      // Partly done counts as carried out, as organisers count it when they phone round
      // (Dordrecht: "fully done" and "running" together); "running" is not yet an answer.
      carriedOutRate: answered === 0 ? null : (carriedOut + partly) / answered,
    },
    matchList,
    generatedAt: now.toISOString(),
  }
}
