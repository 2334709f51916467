/**
 * The matching engine: hard constraints, the score of a request–offer pair and its reasons.
 * Pure: no I/O, no clock (the context carries "now"). Posts are compiled once into compact
 * numeric features (bitmasks, integer ids) so scoring a pair is a few integer operations;
 * reasons (texts) are built only for the top suggestions.
 *
 * Features belong to the context they were compiled with: the context interns categories, tags,
 * areas and members into small integers, and "today" and "now" are folded into the features
 * (open, screened, days waiting). Scoring features of another context throws.
 *
 * The score is the sum over the score components of `weight × raw`, every raw value an integer
 * from 0 to 10, so every component's points are integers and the maximum is 10 × the sum of the
 * weights. See `scorePair` for the raw values.
 */
import type { LocalizedText } from '../schemas/common'
import type { Community } from '../schemas/community'
import type { MatchingWeights, SuggestionReason } from '../schemas/matching'
import {
  type AgeBand,
  ageBands,
  type DayPart,
  dayParts,
  type PostKind,
  type Recurrence,
  type ScoreComponent,
  type SpokenLanguage,
  scoreComponents,
  spokenLanguages,
} from '../schemas/vocabulary'
import { dutchDate } from './post'

/** What matching needs to know about a post's author: stamped on the post, kept up to date by the services. */
export interface MatchAuthorFacts {
  memberId: string
  languages: string[]
  /** Last day (YYYY-MM-DD) of the author's latest valid screening, or null. */
  screenedUntil: string | null
  maxActiveMatches: number
  paused: boolean
  activeMatches: number
  blockedMemberIds: string[]
  /** Categories in which the author has open offers, and open requests (for two-way matches). */
  offersIn: string[]
  needsIn: string[]
  /** Only with the member's consent; used for the bridging part, never shown per person. */
  ageBand: AgeBand | null
}

/** A post as the engine sees it. */
export interface MatchPost {
  id: string
  communityId: string
  kind: PostKind
  categoryId: string
  resourceType: string
  tags: string[]
  /** `/gemeente/wijk/buurt/`, as `areaPath()` makes it. */
  areaPath: string
  dayParts: DayPart[]
  recurrence: Recurrence
  quantity: number
  activeMatches: number
  status: 'open' | 'closed'
  endDate: string | null
  createdAt: string
  author: MatchAuthorFacts
}

/** The hard constraints, in the order they are checked. A pair that breaks one is never suggested. */
export const hardConstraints = [
  'same-community',
  'request-and-offer',
  'different-authors',
  'same-category',
  'open',
  'screening',
  'offer-quantity',
  'request-quantity',
  'helper-capacity',
  'availability',
  'blocked',
] as const
export type HardConstraint = (typeof hardConstraints)[number]

export interface MatchContext {
  communityId: string
  weights: MatchingWeights
  /** YYYY-MM-DD in the Netherlands. */
  today: string
  now: Date
  sensitiveCategories: ReadonlySet<string>
}

export interface Explanation {
  score: number
  maxScore: number
  /** Every component's points (bridging included); they add up to `score`. */
  components: Record<ScoreComponent, number>
  /** What may be shown: components worth more than 0 points, largest first, bridging left out. */
  reasons: SuggestionReason[]
}

export interface Ranked {
  postId: string
  score: number
}

// ---------------------------------------------------------------------------------------------
// Words

/** The 21 day parts in Dutch (one word, as in "Kan op dinsdagmiddag") and English. */
export const dayPartNames: Readonly<Record<DayPart, LocalizedText>> = (() => {
  const days = [
    ['maandag', 'Monday'],
    ['dinsdag', 'Tuesday'],
    ['woensdag', 'Wednesday'],
    ['donderdag', 'Thursday'],
    ['vrijdag', 'Friday'],
    ['zaterdag', 'Saturday'],
    ['zondag', 'Sunday'],
  ] as const
  const parts = [
    ['ochtend', 'morning'],
    ['middag', 'afternoon'],
    ['avond', 'evening'],
  ] as const
  const names = {} as Record<DayPart, LocalizedText>
  dayParts.forEach((dayPart, index) => {
    const [dayNl, dayEn] = days[Math.floor(index / 3)] ?? ['', '']
    const [partNl, partEn] = parts[index % 3] ?? ['', '']
    names[dayPart] = { nl: `${dayNl}${partNl}`, en: `${dayEn} ${partEn}` }
  })
  return names
})()

/** The spoken languages by name, in Dutch and English. */
export const languageNames: Readonly<Record<SpokenLanguage, LocalizedText>> = {
  nl: { nl: 'Nederlands', en: 'Dutch' },
  en: { nl: 'Engels', en: 'English' },
  fy: { nl: 'Fries', en: 'Frisian' },
  de: { nl: 'Duits', en: 'German' },
  fr: { nl: 'Frans', en: 'French' },
  es: { nl: 'Spaans', en: 'Spanish' },
  pl: { nl: 'Pools', en: 'Polish' },
  tr: { nl: 'Turks', en: 'Turkish' },
  ar: { nl: 'Arabisch', en: 'Arabic' },
  ber: { nl: 'Berbers', en: 'Berber' },
  ti: { nl: 'Tigrinya', en: 'Tigrinya' },
  so: { nl: 'Somalisch', en: 'Somali' },
  fa: { nl: 'Perzisch', en: 'Persian' },
  uk: { nl: 'Oekraïens', en: 'Ukrainian' },
  ru: { nl: 'Russisch', en: 'Russian' },
  pap: { nl: 'Papiaments', en: 'Papiamento' },
  srn: { nl: 'Sranantongo', en: 'Sranan Tongo' },
  zh: { nl: 'Chinees', en: 'Chinese' },
}

// ---------------------------------------------------------------------------------------------
// The context and its interning tables

const dayMs = 86_400_000
const noIds = new Int32Array(0)
const dayPartBit = new Map<string, number>(dayParts.map((part, index) => [part, 1 << index]))
const ageBandNumber = new Map<string, number>(ageBands.map((band, index) => [band, index + 1]))

/** Math.round(numerator / denominator) for numerator ≥ 0, denominator > 0, in exact arithmetic. */
const roundedRatio = (numerator: number, denominator: number): number =>
  Math.floor((2 * numerator + denominator) / (2 * denominator))

/** fit, raw: 4 + round(6 × common / union); 4 when either post has no tags (then common = 0). */
const fitFormula = (common: number, union: number): number => (union === 0 ? 4 : 4 + roundedRatio(6 * common, union))

/** availability, raw: min(10, round(10 × common / the smaller number of day parts)). */
const availabilityFormula = (common: number, smaller: number): number =>
  smaller === 0 ? 0 : Math.min(10, roundedRatio(10 * common, smaller))

/** load, raw: round(10 × (1 − active / max)), 0 when the helper has no room at all. */
const loadFormula = (active: number, max: number): number => {
  if (!(max > 0)) return 0
  const free = Math.max(0, max - Math.max(0, active))
  return Math.min(10, roundedRatio(10 * free, max))
}

/** Tables index [common << 6 | union] (fit) and [common << 5 | smaller] (availability). */
const fitTableBits = 6
const availabilityTableBits = 5

/**
 * Interns strings into consecutive small integers. The first 32 get a bit of their own in a
 * 32-bit mask, so sets of them compare exactly with one AND; later ones share bits (id & 31)
 * and a mask is then only a filter before an exact comparison of sorted id lists.
 */
class Interner {
  private readonly ids = new Map<string, number>()
  id(value: string): number {
    let id = this.ids.get(value)
    if (id === undefined) {
      id = this.ids.size
      this.ids.set(value, id)
    }
    return id
  }
}

/** Per context: the weights as numbers, point tables, and the tables that turn strings into small integers. */
class Engine {
  readonly communityId: string
  readonly today: string
  readonly nowMs: number
  readonly sensitive: ReadonlySet<string>
  readonly weights: Readonly<Record<ScoreComponent, number>>
  readonly maxScore: number
  /** Weighted points by raw value. */
  readonly distance10: number
  readonly distance6: number
  readonly distance2: number
  readonly language10: number
  readonly reciprocity10: number
  readonly bridging10: number
  readonly fitPoints: Int32Array
  readonly availabilityPoints: Int32Array
  readonly members = new Interner()
  readonly categoryKeys = new Interner()
  readonly categories = new Interner()
  readonly areas = new Interner()
  /** Tags are only compared within one category: one interner per category and resource type. */
  private readonly tagsByCategory = new Map<number, Interner>()
  /** Bits 0–17 are the spoken languages in vocabulary order; other codes get bits 18–31 as they come. */
  private readonly languageBits = new Map<string, number>(spokenLanguages.map((code, index) => [code, 1 << index]))
  /** Unique negative numbers, so that two missing area levels or two ineligible posts never count as equal. */
  private nextUnique = -4

  constructor(readonly context: MatchContext) {
    const w = context.weights
    const weights = {} as Record<ScoreComponent, number>
    for (const component of scoreComponents) {
      const weight = w[component]
      if (!Number.isInteger(weight) || weight < 0 || weight > 10) {
        throw new RangeError(`matching weight ${component} must be an integer from 0 to 10, not ${String(weight)}`)
      }
      weights[component] = weight
    }
    this.weights = weights
    this.communityId = context.communityId
    this.today = context.today
    this.nowMs = context.now.getTime()
    this.sensitive = new Set(context.sensitiveCategories)
    this.maxScore = maxScore(weights)
    this.distance10 = weights.distance * 10
    this.distance6 = weights.distance * 6
    this.distance2 = weights.distance * 2
    this.language10 = weights.language * 10
    this.reciprocity10 = weights.reciprocity * 10
    this.bridging10 = weights.bridging * 10
    this.fitPoints = new Int32Array(1 << (2 * fitTableBits))
    for (let union = 0; union < 1 << fitTableBits; union++) {
      for (let common = 0; common <= union; common++) {
        this.fitPoints[(common << fitTableBits) | union] = weights.fit * fitFormula(common, union)
      }
    }
    this.availabilityPoints = new Int32Array(1 << (2 * availabilityTableBits))
    for (let smaller = 0; smaller <= dayParts.length; smaller++) {
      for (let common = 0; common <= smaller; common++) {
        this.availabilityPoints[(common << availabilityTableBits) | smaller] =
          weights.availability * availabilityFormula(common, smaller)
      }
    }
  }

  tags(categoryKey: number): Interner {
    let tags = this.tagsByCategory.get(categoryKey)
    if (!tags) {
      tags = new Interner()
      this.tagsByCategory.set(categoryKey, tags)
    }
    return tags
  }

  language(code: string): number {
    const normalized = code.trim().toLowerCase()
    let bit = this.languageBits.get(normalized)
    if (bit === undefined) {
      const index = this.languageBits.size
      // Past 32 languages a code gets no bit and never counts as shared (the schema allows 18).
      bit = index < 32 ? 1 << index : 0
      this.languageBits.set(normalized, bit)
    }
    return bit
  }

  /** A negative multiple of 4, never returned twice. */
  unique(): number {
    const value = this.nextUnique
    this.nextUnique -= 4
    return value
  }
}

const engines = new WeakMap<MatchContext, Engine>()

const engineOf = (context: MatchContext): Engine => {
  let engine = engines.get(context)
  if (!engine) {
    engine = new Engine(context)
    engines.set(context, engine)
  }
  return engine
}

/** The context of one community at one moment. */
export const matchContext = (community: Pick<Community, 'id' | 'categories' | 'matching'>, now: Date): MatchContext => {
  const context: MatchContext = Object.freeze({
    communityId: community.id,
    weights: Object.freeze({ ...community.matching.weights }),
    today: dutchDate(now),
    now: new Date(now.getTime()),
    sensitiveCategories: new Set(community.categories.filter((c) => c.riskLevel === 'sensitive').map((c) => c.id)),
  })
  engines.set(context, new Engine(context))
  return context
}

/** The highest score possible with these weights. */
export const maxScore = (weights: MatchingWeights): number => {
  let sum = 0
  for (const component of scoreComponents) sum += weights[component]
  return 10 * sum
}

// ---------------------------------------------------------------------------------------------
// Compiled posts

const F_COMMUNITY = 1
const F_OPEN = 2
/** activeMatches < quantity. */
const F_ROOM = 4
/** The author is not paused and has room for another match (counts for offers). */
const F_HELPER = 8
const F_SENSITIVE = 16
const F_SCREENED = 32

/** Sorted distinct ids; `exact` when all are below 32 (their mask is then exact). */
const idSet = (ids: readonly number[]): { ids: Int32Array; mask: number; exact: number } => {
  if (ids.length === 0) return { ids: noIds, mask: 0, exact: 1 }
  const sorted = Int32Array.from(new Set(ids)).sort()
  let mask = 0
  let exact = 1
  for (const id of sorted) {
    mask |= 1 << (id & 31)
    if (id >= 32) exact = 0
  }
  return { ids: sorted, mask, exact }
}

/** The bits of `CompiledPost.small`. */
const S_DAY_COUNT = 0x1f
const S_AGE_SHIFT = 5
const S_TAGS_EXACT = 1 << 8
const S_TWO_WAY_EXACT = 1 << 9
const S_TAG_COUNT_SHIFT = 10

/** What the fast path does not read: for hard constraints in order, exact comparisons and reasons. */
class ColdFacts {
  constructor(
    readonly id: string,
    readonly post: MatchPost,
    /** 1 for an offer, 0 for a request. */
    readonly isOffer: number,
    readonly categoryKey: number,
    /** F_* bits: the post's own facts behind the hard constraints. */
    readonly flags: number,
    readonly tags: Int32Array,
    /** The tags as compiled (normalized, in their order), for the reasons. */
    readonly tagNames: readonly string[],
    readonly twoWay: Int32Array,
    readonly blocked: Int32Array,
    /** The raw waiting (requests) or load (offers) value, 0–10. */
    readonly ownRaw: number,
    /** Requests: whole days since createdAt (not capped); offers: 0. */
    readonly waitingDays: number,
  ) {}
}

/**
 * A post's compact features. Build with `compile`; only valid with the context it was compiled
 * with. Small on purpose: the fields scorePair reads, all small integers; the rest is in `cold`.
 */
class CompiledPost {
  readonly engine: Engine
  /**
   * 2 × (category and resource type id) + 1 for an offer, when the post passes every hard
   * constraint that depends on it alone; otherwise a unique negative multiple of 4. Two posts
   * can be paired only when their gates differ in the last bit alone (XOR = 1).
   */
  readonly gate: number
  readonly author: number
  /** Day parts: bit i is dayParts[i]. */
  readonly days: number
  /** Bit (member id & 31) of every member the author blocked; the author's own bit. */
  readonly blockMask: number
  readonly authorBit: number
  /** A bit per tag id: exact when S_TAGS_EXACT, otherwise (id & 31), a filter. */
  readonly tagMask: number
  /** Day count, age band (1–5, 0 = not given), exactness bits and the number of distinct tags (S_*). */
  readonly small: number
  /** Ids of the whole area path (2+ levels) and its first two levels; a missing one is a unique negative. */
  readonly areaFull: number
  readonly area2: number
  readonly area1: number
  readonly languages: number
  /** The points that depend on this post alone: waiting for a request, load for an offer. */
  readonly ownPoints: number
  /** Requests: the categories the author offers help in; offers: those the author needs help in. */
  readonly twoWayMask: number
  readonly cold: ColdFacts

  constructor(engine: Engine, post: MatchPost) {
    this.engine = engine
    const offer = post.kind === 'offer'
    const author = post.author
    const today = engine.today

    let flags = 0
    if (post.communityId === engine.communityId) flags |= F_COMMUNITY
    if (post.status === 'open' && (post.endDate === null || post.endDate >= today)) flags |= F_OPEN
    if (post.activeMatches < post.quantity) flags |= F_ROOM
    if (!author.paused && author.activeMatches < author.maxActiveMatches) flags |= F_HELPER
    if (engine.sensitive.has(post.categoryId)) flags |= F_SENSITIVE
    if (author.screenedUntil !== null && author.screenedUntil >= today) flags |= F_SCREENED
    const base = F_COMMUNITY | F_OPEN | F_ROOM
    const eligible = offer
      ? (flags & (base | F_HELPER)) === (base | F_HELPER) && ((flags & F_SENSITIVE) === 0 || (flags & F_SCREENED) !== 0)
      : (flags & base) === base
    const categoryKey = engine.categoryKeys.id(`${post.categoryId}\u0000${post.resourceType}`)
    this.gate = eligible ? 2 * categoryKey + (offer ? 1 : 0) : engine.unique()
    this.author = engine.members.id(author.memberId)

    let days = 0
    for (const part of post.dayParts) days |= dayPartBit.get(part) ?? 0
    this.days = days

    const blocked = idSet(author.blockedMemberIds.map((m) => engine.members.id(m)))
    this.blockMask = blocked.mask
    this.authorBit = 1 << (this.author & 31)

    const tagInterner = engine.tags(categoryKey)
    const tagNames = normalizedTags(post.tags)
    const tags = idSet(tagNames.map((t) => tagInterner.id(t)))
    this.tagMask = tags.mask
    const twoWay = idSet((offer ? author.needsIn : author.offersIn).map((c) => engine.categories.id(c)))
    const ageBand = author.ageBand === null ? 0 : (ageBandNumber.get(author.ageBand) ?? 0)
    this.small =
      popCount(days) |
      (ageBand << S_AGE_SHIFT) |
      (tags.exact ? S_TAGS_EXACT : 0) |
      (twoWay.exact ? S_TWO_WAY_EXACT : 0) |
      (tags.ids.length << S_TAG_COUNT_SHIFT)

    const segments = post.areaPath.split('/').filter((s) => s !== '')
    this.areaFull = segments.length >= 2 ? engine.areas.id(`/${segments.join('/')}/`) : engine.unique()
    this.area2 = segments.length >= 2 ? engine.areas.id(`/${segments.slice(0, 2).join('/')}/`) : engine.unique()
    this.area1 = segments.length >= 1 ? engine.areas.id(`/${segments[0]}/`) : engine.unique()

    let languages = 0
    for (const code of author.languages) languages |= engine.language(code)
    this.languages = languages

    let ownRaw: number
    let waitingDays = 0
    if (offer) {
      ownRaw = loadFormula(author.activeMatches, author.maxActiveMatches)
      this.ownPoints = engine.weights.load * ownRaw
    } else {
      const age = Math.floor((engine.nowMs - Date.parse(post.createdAt)) / dayMs)
      waitingDays = Number.isFinite(age) && age > 0 ? age : 0
      ownRaw = Math.min(10, waitingDays)
      this.ownPoints = engine.weights.waiting * ownRaw
    }
    this.twoWayMask = twoWay.mask
    this.cold = new ColdFacts(
      post.id,
      post,
      offer ? 1 : 0,
      categoryKey,
      flags,
      tags.ids,
      tagNames,
      twoWay.ids,
      blocked.ids,
      ownRaw,
      waitingDays,
    )
  }

  get id(): string {
    return this.cold.id
  }

  /** The post as compiled (the engine reads the features, not this object, so changes to it go unseen). */
  get post(): MatchPost {
    return this.cold.post
  }

  /** 1 for an offer, 0 for a request. */
  get isOffer(): number {
    return this.cold.isOffer
  }
}

/** Compact features for fast scoring. */
export type MatchFeatures = CompiledPost

export const compile = (post: MatchPost, context: MatchContext): MatchFeatures =>
  new CompiledPost(engineOf(context), post)

/** Tags compare case-insensitively: trimmed, lowercase, each once, in their first order. */
export const normalizedTags = (tags: readonly string[]): string[] => [
  ...new Set(tags.map((t) => t.trim().toLowerCase()).filter((t) => t !== '')),
]

// ---------------------------------------------------------------------------------------------
// The parts of a pair, shared by scorePair and explainPair so they cannot disagree

function popCount(bits: number): number {
  let x = bits - ((bits >>> 1) & 0x55555555)
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  x = (x + (x >>> 4)) & 0x0f0f0f0f
  return Math.imul(x, 0x01010101) >>> 24
}

const countCommon = (a: Int32Array, b: Int32Array): number => {
  let i = 0
  let j = 0
  let common = 0
  while (i < a.length && j < b.length) {
    const x = a[i] as number
    const y = b[j] as number
    if (x === y) {
      common++
      i++
      j++
    } else if (x < y) i++
    else j++
  }
  return common
}

/** The number of tags the two posts share (exact: one AND when both tag sets have exact masks). */
const commonTags = (a: CompiledPost, b: CompiledPost): number =>
  (a.small & b.small & S_TAGS_EXACT) !== 0
    ? popCount(a.tagMask & b.tagMask)
    : (a.tagMask & b.tagMask) === 0
      ? 0
      : countCommon(a.cold.tags, b.cold.tags)

const tagCount = (a: CompiledPost): number => a.small >>> S_TAG_COUNT_SHIFT

/** Weighted fit points (see `fitFormula`). */
const fitPoints = (e: Engine, a: CompiledPost, b: CompiledPost): number => {
  const common = commonTags(a, b)
  const union = tagCount(a) + tagCount(b) - common
  return union < 1 << fitTableBits
    ? (e.fitPoints[(common << fitTableBits) | union] as number)
    : e.weights.fit * fitFormula(common, union)
}

/**
 * distance, raw: how close the two areas are, by their paths (`/gemeente/wijk/buurt/`,
 * `/gemeente/dorp/`, `/gemeente/wijk/buurt/straat/`), with s = the number of leading segments the
 * paths share:
 *
 * - 10, the same area: the paths are equal and at least 2 segments deep (the same buurt, or the
 *   same dorp in a gemeente/dorp hierarchy);
 * - 6, the same area below the gemeente: s ≥ 2 (the same wijk or dorp; also one area inside the
 *   other, such as a wijk and one of its buurten, or two streets of one buurt);
 * - 2, the same gemeente only: s = 1 (two posts that both say only "the gemeente" land here too);
 * - 0, nothing in common.
 */
const distanceRaw = (a: CompiledPost, b: CompiledPost): number =>
  a.areaFull === b.areaFull ? 10 : a.area2 === b.area2 ? 6 : a.area1 === b.area1 ? 2 : 0

const smallerDayCount = (a: CompiledPost, b: CompiledPost): number => {
  const x = a.small & S_DAY_COUNT
  const y = b.small & S_DAY_COUNT
  return x < y ? x : y
}

const anyCommon = (a: Int32Array, b: Int32Array): boolean => {
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const x = a[i] as number
    const y = b[j] as number
    if (x === y) return true
    if (x < y) i++
    else j++
  }
  return false
}

/** reciprocity, raw: 10 when the requester offers help in a category in which the helper asks for help. */
const reciprocityRaw = (a: CompiledPost, b: CompiledPost): number =>
  (a.twoWayMask & b.twoWayMask) !== 0 &&
  ((a.small & b.small & S_TWO_WAY_EXACT) !== 0 || anyCommon(a.cold.twoWay, b.cold.twoWay))
    ? 10
    : 0

/** bridging, raw: 10 when both gave an age band and the bands differ. */
const bridgingRaw = (a: CompiledPost, b: CompiledPost): number => {
  const x = a.small & (7 << S_AGE_SHIFT)
  const y = b.small & (7 << S_AGE_SHIFT)
  return x !== 0 && y !== 0 && x !== y ? 10 : 0
}

const contains = (ids: Int32Array, id: number): boolean => {
  for (let i = 0; i < ids.length; i++) if (ids[i] === id) return true
  return false
}

const isBlocked = (a: CompiledPost, b: CompiledPost): boolean =>
  ((a.blockMask & b.authorBit) !== 0 && contains(a.cold.blocked, b.author)) ||
  ((b.blockMask & a.authorBit) !== 0 && contains(b.cold.blocked, a.author))

const otherContext = (): never => {
  throw new Error('MatchFeatures compiled with another MatchContext: compile both posts with this context')
}

// ---------------------------------------------------------------------------------------------
// Pairs

/** The first hard constraint the pair breaks, or null. Either argument may be the request. */
export const brokenConstraint = (a: MatchFeatures, b: MatchFeatures, context: MatchContext): HardConstraint | null => {
  if (a.engine !== b.engine || a.engine.context !== context) otherContext()
  const x = a.cold
  const y = b.cold
  if ((x.flags & y.flags & F_COMMUNITY) === 0) return 'same-community'
  if (x.isOffer === y.isOffer) return 'request-and-offer'
  const r = x.isOffer ? b : a
  const o = x.isOffer ? a : b
  const rc = r.cold
  const oc = o.cold
  if (r.author === o.author) return 'different-authors'
  if (rc.categoryKey !== oc.categoryKey) return 'same-category'
  if ((rc.flags & oc.flags & F_OPEN) === 0) return 'open'
  if ((oc.flags & F_SENSITIVE) !== 0 && (oc.flags & F_SCREENED) === 0) return 'screening'
  if ((oc.flags & F_ROOM) === 0) return 'offer-quantity'
  if ((rc.flags & F_ROOM) === 0) return 'request-quantity'
  if ((oc.flags & F_HELPER) === 0) return 'helper-capacity'
  if ((r.days & o.days) === 0) return 'availability'
  if (isBlocked(r, o)) return 'blocked'
  return null
}

/**
 * The pair's score, or -1 when it breaks a hard constraint. Raw values, each 0–10:
 *
 * - fit: 4 + round(6 × shared tags / all tags of both), 4 when either has no tags;
 * - distance: 10 / 6 / 2 / 0 for the same buurt / wijk / gemeente / none (see `distanceRaw`);
 * - availability: min(10, round(10 × shared day parts / day parts of the post with fewer));
 * - language: 10 when the authors share a language;
 * - waiting: whole days since the request was posted, at most 10;
 * - load: round(10 × (1 − running matches / most matches at once)) of the helper;
 * - reciprocity: 10 when the requester offers help in a category the helper asks help in;
 * - bridging: 10 when both gave an age band and the bands differ.
 *
 * No allocation: integer and bitmask operations on the compiled features, and every part is
 * symmetric, so it does not matter which argument is the request.
 */
export const scorePair = (a: MatchFeatures, b: MatchFeatures, context: MatchContext): number => {
  const e = a.engine
  if (e !== b.engine || e.context !== context) otherContext()
  if ((a.gate ^ b.gate) !== 1 || a.author === b.author) return -1
  const common = a.days & b.days
  if (common === 0) return -1
  if (((a.blockMask & b.authorBit) | (b.blockMask & a.authorBit)) !== 0 && isBlocked(a, b)) return -1
  return (
    fitPoints(e, a, b) +
    (a.areaFull === b.areaFull
      ? e.distance10
      : a.area2 === b.area2
        ? e.distance6
        : a.area1 === b.area1
          ? e.distance2
          : 0) +
    (e.availabilityPoints[(popCount(common) << availabilityTableBits) | smallerDayCount(a, b)] as number) +
    ((a.languages & b.languages) !== 0 ? e.language10 : 0) +
    a.ownPoints +
    b.ownPoints +
    (reciprocityRaw(a, b) !== 0 ? e.reciprocity10 : 0) +
    (bridgingRaw(a, b) !== 0 ? e.bridging10 : 0)
  )
}

// ---------------------------------------------------------------------------------------------
// Reasons

const maxText = 80

/** `prefix` and as many items as fit in 80 characters, then "en nog 2" / "and 2 more". */
const listText = (prefix: string, items: readonly string[], more: (n: number) => string): string => {
  let text = prefix
  let shown = 0
  for (const [index, item] of items.entries()) {
    const next = `${text}${index === 0 ? '' : ', '}${item}`
    const rest = items.length - index - 1
    if (next.length + (rest > 0 ? more(rest).length : 0) > maxText) break
    text = next
    shown++
  }
  if (shown === 0) return `${prefix}${(items[0] ?? '').slice(0, Math.max(1, maxText - prefix.length - 1))}…`
  return shown < items.length ? `${text}${more(items.length - shown)}` : text
}

const dayPartsText = (common: number): LocalizedText => {
  const names = dayParts.filter((_, index) => (common & (1 << index)) !== 0).map((part) => dayPartNames[part])
  const [first, second] = names
  if (!first) return { nl: 'Kan op hetzelfde moment', en: 'Available at the same time' }
  if (!second) return { nl: `Kan op ${first.nl}`, en: `Available on ${first.en}` }
  const rest = names.length - 2
  if (rest === 0) return { nl: `Kan op ${first.nl} en ${second.nl}`, en: `Available on ${first.en} and ${second.en}` }
  return {
    nl: `Kan op ${first.nl}, ${second.nl} en nog ${rest} ${rest === 1 ? 'moment' : 'momenten'}`,
    en: `Available on ${first.en}, ${second.en} and ${rest} more ${rest === 1 ? 'time' : 'times'}`,
  }
}

const languageText = (shared: number): LocalizedText => {
  for (const [index, code] of spokenLanguages.entries()) {
    if (code !== 'nl' && (shared & (1 << index)) !== 0) {
      const name = languageNames[code]
      return { nl: `Spreekt ook ${name.nl}`, en: `Also speaks ${name.en}` }
    }
  }
  return { nl: 'Spreekt dezelfde taal', en: 'Speaks the same language' }
}

const fitText = (r: CompiledPost, o: CompiledPost): LocalizedText => {
  const offered = new Set(o.cold.tagNames)
  const shared = r.cold.tagNames.filter((t) => offered.has(t))
  if (shared.length === 0) return { nl: 'Zelfde soort hulp', en: 'Same kind of help' }
  return {
    nl: listText('Past bij de vraag: ', shared, (n) => ` en nog ${n}`),
    en: listText('Fits the request: ', shared, (n) => ` and ${n} more`),
  }
}

const distanceText = (raw: number): LocalizedText =>
  raw === 10
    ? { nl: 'Woont in dezelfde buurt', en: 'Lives in the same neighbourhood' }
    : raw === 6
      ? { nl: 'Woont in dezelfde wijk', en: 'Lives in the same district' }
      : { nl: 'Woont in dezelfde gemeente', en: 'Lives in the same municipality' }

const waitingText = (days: number): LocalizedText =>
  days === 1
    ? { nl: 'Wacht al 1 dag', en: 'Has been waiting 1 day' }
    : { nl: `Wacht al ${days} dagen`, en: `Has been waiting ${days} days` }

/** The score with its parts and reasons (Dutch and English); null when a hard constraint is broken. */
export const explainPair = (a: MatchFeatures, b: MatchFeatures, context: MatchContext): Explanation | null => {
  if (brokenConstraint(a, b, context) !== null) return null
  const e = a.engine
  const [r, o] = a.cold.isOffer ? [b, a] : [a, b]
  const common = r.days & o.days
  const sharedLanguages = r.languages & o.languages
  const raw: Record<ScoreComponent, number> = {
    fit: fitFormula(commonTags(r, o), tagCount(r) + tagCount(o) - commonTags(r, o)),
    distance: distanceRaw(r, o),
    availability: availabilityFormula(popCount(common), smallerDayCount(r, o)),
    language: sharedLanguages !== 0 ? 10 : 0,
    waiting: r.cold.ownRaw,
    load: o.cold.ownRaw,
    reciprocity: reciprocityRaw(r, o),
    bridging: bridgingRaw(r, o),
  }
  const weights = e.weights
  const components = {} as Record<ScoreComponent, number>
  let score = 0
  for (const component of scoreComponents) {
    components[component] = weights[component] * raw[component]
    score += components[component]
  }
  const text = (component: ScoreComponent): LocalizedText => {
    switch (component) {
      case 'fit':
        return fitText(r, o)
      case 'distance':
        return distanceText(raw.distance)
      case 'availability':
        return dayPartsText(common)
      case 'language':
        return languageText(sharedLanguages)
      case 'waiting':
        return waitingText(r.cold.waitingDays)
      case 'load':
        return { nl: 'Heeft nog tijd om te helpen', en: 'Has time to help' }
      case 'reciprocity':
        return { nl: 'Jullie kunnen elkaar allebei helpen', en: 'You can both help each other' }
      case 'bridging':
        return { nl: 'Brengt generaties samen', en: 'Brings generations together' }
    }
  }
  const reasons: SuggestionReason[] = scoreComponents
    .filter((c) => c !== 'bridging' && components[c] > 0)
    .map((c, order) => ({ c, order }))
    .sort((x, y) => components[y.c] - components[x.c] || x.order - y.order)
    .map(({ c }) => ({ code: c, points: components[c], text: text(c) }))
  return { score, maxScore: e.maxScore, components, reasons }
}

// ---------------------------------------------------------------------------------------------
// Top k

/**
 * The k best candidates for a post, best first; ties go to the lower post id, so the result is
 * deterministic. Only pairs scoring more than 0 are suggestions. A fixed array of k, kept sorted
 * by insertion: O(n·k) at worst, about n when most candidates do not make the top.
 */
export const topSuggestions = (
  post: MatchFeatures,
  candidates: readonly MatchFeatures[],
  context: MatchContext,
  k: number,
): Ranked[] => {
  const size = Math.min(candidates.length, Math.floor(k))
  if (!(size > 0)) return []
  const scores = new Int32Array(size)
  const ids: string[] = new Array<string>(size).fill('')
  let count = 0
  for (let c = 0; c < candidates.length; c++) {
    const candidate = candidates[c] as CompiledPost
    const score = scorePair(post, candidate, context)
    if (score <= 0) continue
    const id = candidate.cold.id
    if (count === size) {
      const worst = scores[size - 1] as number
      if (score < worst || (score === worst && id >= (ids[size - 1] as string))) continue
      count--
    }
    let i = count
    while (i > 0) {
      const above = scores[i - 1] as number
      if (score < above || (score === above && id >= (ids[i - 1] as string))) break
      scores[i] = above
      ids[i] = ids[i - 1] as string
      i--
    }
    scores[i] = score
    ids[i] = id
    count++
  }
  const ranked: Ranked[] = []
  for (let i = 0; i < count; i++) ranked.push({ postId: ids[i] as string, score: scores[i] as number })
  return ranked
}
