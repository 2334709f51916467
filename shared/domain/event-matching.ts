/**
 * Proposals for the floor of a Beursvloer: the assignment of open needs to offers with room left
 * that maximises the total score (exact, `solveSparse`), next to what first come, first served
 * gives (`solveGreedy`). Pure: the clock for the solve time is passed in.
 *
 * A need is one row (it is matched once; a need for three volunteers is matched with one offer
 * of three, or recorded again); an offer is a column with its room left (quantity − matched).
 * A pair is possible only in the same corner and between different participants.
 */
import type { BeursEvent, EventItem, Participant, Proposal, ProposalReason, Proposals } from '../schemas/event'
import type { ParticipantType } from '../schemas/vocabulary'
import { type SparseProblem, solveGreedy, solveSparse } from './assignment'

/**
 * Weights of the event score. Fit in words dominates (the hoekman's first question is "does this
 * offer answer this need?"); a two-way match is worth almost as much as a good fit, because the
 * method prefers equal partnerships; bridging and presence break ties among similar fits.
 */
export const eventScoreWeights = {
  /** Same corner: the resource type fits even when no word is shared. */
  cornerFit: 10,
  perSharedWord: 15,
  maxWords: 60,
  twoWay: 25,
  /** A business, school or government with a volunteer or social organisation (or the other way round). */
  bridgingSectors: 10,
  bridgingTypes: 5,
  bothCheckedIn: 10,
  /** The need registered first gets this much, the last one none. */
  waiting: 5,
} as const

const stopWords = new Set(
  'de het een en van voor met in op aan te is om bij naar uit als of dan ook die dat wij we ons onze jullie zij hun wat wie waar hoe kan kunnen willen graag nodig zoeken zoekt bieden biedt the a an of for to and with our we us can need needs offer offers'.split(
    ' ',
  ),
)

/** Lower-case words of three letters or more, without stop words, with simple plural endings cut. */
export const eventWords = (text: string): Set<string> => {
  const words = new Set<string>()
  for (const raw of text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length < 3 || stopWords.has(raw)) continue
    words.add(
      raw.length > 5 && raw.endsWith('en')
        ? raw.slice(0, -2)
        : raw.length > 4 && raw.endsWith('s')
          ? raw.slice(0, -1)
          : raw,
    )
  }
  return words
}

const shared = (a: Set<string>, b: Set<string>): number => {
  let n = 0
  for (const word of a) if (b.has(word)) n++
  return n
}

const publicSector: ParticipantType[] = ['bedrijf', 'school', 'overheid', 'serviceclub']

/** The score of one possible pair, with its parts (they add up to the score). */
export const scoreEventPair = (args: {
  need: EventItem
  offer: EventItem
  needWords: Set<string>
  offerWords: Set<string>
  needParticipant: Participant
  offerParticipant: Participant
  /** Would the need's participant give the offer's participant something back? */
  twoWay: boolean
  /** 0 for the newest need … 1 for the oldest. */
  age: number
}): { score: number; reasons: ProposalReason[] } => {
  const w = eventScoreWeights
  const reasons: ProposalReason[] = [
    {
      code: 'words',
      points: Math.min(w.maxWords, w.cornerFit + w.perSharedWord * shared(args.needWords, args.offerWords)),
    },
  ]
  if (args.twoWay) reasons.push({ code: 'two-way', points: w.twoWay })
  const a = args.needParticipant.type
  const b = args.offerParticipant.type
  if (a !== b) {
    const crossesSectors = publicSector.includes(a) !== publicSector.includes(b)
    reasons.push({ code: 'bridging', points: crossesSectors ? w.bridgingSectors : w.bridgingTypes })
  }
  if (args.needParticipant.checkedInAt && args.offerParticipant.checkedInAt) {
    reasons.push({ code: 'checked-in', points: w.bothCheckedIn })
  }
  const waiting = Math.round(w.waiting * args.age)
  if (waiting > 0) reasons.push({ code: 'waiting', points: waiting })
  return { score: reasons.reduce((sum, r) => sum + r.points, 0), reasons }
}

const byRegistration = (a: EventItem, b: EventItem) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0

export const computeProposals = (args: {
  event: BeursEvent
  participants: Participant[]
  items: EventItem[]
  corner?: string | undefined
  now: Date
  /** Milliseconds, for `solveMs` (default: no timing). */
  clock?: () => number
}): Proposals => {
  const clock = args.clock ?? (() => 0)
  const participants = new Map(args.participants.map((p) => [p.id, p]))
  const inCorner = (item: EventItem) => args.corner === undefined || item.cornerId === args.corner
  const needs = args.items
    .filter((i) => i.kind === 'need' && i.matched < i.quantity && inCorner(i) && participants.has(i.participantId))
    .sort(byRegistration)
  const offers = args.items.filter(
    (i) => i.kind === 'offer' && i.matched < i.quantity && inCorner(i) && participants.has(i.participantId),
  )
  const words = new Map(args.items.map((i) => [i.id, eventWords(`${i.title} ${i.description}`)] as const))
  const wants = new Map(args.items.map((i) => [i.id, eventWords(i.wantsInReturn)] as const))
  // What each participant offers and needs (all corners): for the two-way part.
  const offeredBy = new Map<string, Set<string>>()
  const neededBy = new Map<string, Set<string>>()
  for (const item of args.items) {
    const map = item.kind === 'offer' ? offeredBy : neededBy
    const set = map.get(item.participantId) ?? new Set<string>()
    for (const word of words.get(item.id) ?? []) set.add(word)
    map.set(item.participantId, set)
  }

  const edgeRow: number[] = []
  const edgeCol: number[] = []
  const edgeScore: number[] = []
  const parts: ProposalReason[][] = []
  needs.forEach((need, row) => {
    const needParticipant = participants.get(need.participantId) as Participant
    const age = needs.length > 1 ? 1 - row / (needs.length - 1) : 0
    offers.forEach((offer, col) => {
      if (offer.cornerId !== need.cornerId || offer.participantId === need.participantId) return
      const offerParticipant = participants.get(offer.participantId) as Participant
      // Two-way: the asker offers something the giver needs, or what one wants in return is what the other has.
      const twoWay =
        shared(offeredBy.get(need.participantId) ?? new Set(), neededBy.get(offer.participantId) ?? new Set()) > 0 ||
        shared(wants.get(offer.id) ?? new Set(), offeredBy.get(need.participantId) ?? new Set()) > 0 ||
        shared(wants.get(need.id) ?? new Set(), offeredBy.get(offer.participantId) ?? new Set()) > 0
      const { score, reasons } = scoreEventPair({
        need,
        offer,
        needWords: words.get(need.id) ?? new Set(),
        offerWords: words.get(offer.id) ?? new Set(),
        needParticipant,
        offerParticipant,
        twoWay,
        age,
      })
      edgeRow.push(row)
      edgeCol.push(col)
      edgeScore.push(score)
      parts.push(reasons)
    })
  })
  const problem: SparseProblem = {
    rows: needs.length,
    cols: offers.length,
    capacity: Int32Array.from(offers, (o) => o.quantity - o.matched),
    edgeRow: Int32Array.from(edgeRow),
    edgeCol: Int32Array.from(edgeCol),
    edgeScore: Float64Array.from(edgeScore),
  }
  const started = clock()
  const optimal = solveSparse(problem)
  const solveMs = clock() - started
  const greedy = solveGreedy(problem)

  const edgeOf = new Map<string, number>()
  for (let k = 0; k < edgeRow.length; k++) edgeOf.set(`${edgeRow[k]},${edgeCol[k]}`, k)
  const proposals: Proposal[] = []
  optimal.rowToCol.forEach((col, row) => {
    if (col < 0) return
    const k = edgeOf.get(`${row},${col}`) as number
    const need = needs[row] as EventItem
    const offer = offers[col] as EventItem
    proposals.push({
      needId: need.id,
      offerId: offer.id,
      cornerId: need.cornerId,
      score: edgeScore[k] as number,
      reasons: parts[k] as ProposalReason[],
    })
  })
  const cornerOrder = new Map(args.event.corners.map((c, i) => [c.id, i]))
  proposals.sort(
    (a, b) => (cornerOrder.get(a.cornerId) ?? 99) - (cornerOrder.get(b.cornerId) ?? 99) || b.score - a.score,
  )
  const pairs = (solution: { rowToCol: Int32Array }) => solution.rowToCol.filter((c) => c >= 0).length
  return {
    proposals,
    optimal: { pairs: pairs(optimal), score: optimal.total },
    greedy: { pairs: pairs(greedy), score: greedy.total },
    needsOpen: needs.length,
    offersOpen: offers.length,
    computedAt: args.now.toISOString(),
    solveMs: Math.round(solveMs * 100) / 100,
  }
}
