/**
 * Property tests of the matching engine against a naive re-implementation, written here from the
 * MatchPost fields with strings, arrays and sets, and sharing no code with the engine.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  brokenConstraint,
  compile,
  explainPair,
  type HardConstraint,
  type MatchAuthorFacts,
  type MatchContext,
  type MatchFeatures,
  type MatchPost,
  matchContext,
  maxScore,
  type Ranked,
  scorePair,
  topSuggestions,
} from '../../shared/domain/matching'
import type { Community } from '../../shared/schemas/community'
import { defaultMatchingSettings, type MatchingWeights, suggestionReasonSchema } from '../../shared/schemas/matching'
import { ageBands, dayParts, recurrences, type ScoreComponent, scoreComponents } from '../../shared/schemas/vocabulary'

// ---------------------------------------------------------------------------------------------
// The naive engine

const dayMs = 86_400_000

const naiveBroken = (x: MatchPost, y: MatchPost, context: MatchContext): HardConstraint | null => {
  if (x.communityId !== y.communityId || x.communityId !== context.communityId) return 'same-community'
  if (x.kind === y.kind) return 'request-and-offer'
  const r = x.kind === 'request' ? x : y
  const o = x.kind === 'request' ? y : x
  if (r.author.memberId === o.author.memberId) return 'different-authors'
  if (r.categoryId !== o.categoryId || r.resourceType !== o.resourceType) return 'same-category'
  const open = (p: MatchPost) => p.status === 'open' && (p.endDate === null || p.endDate >= context.today)
  if (!open(r) || !open(o)) return 'open'
  if (
    context.sensitiveCategories.has(r.categoryId) &&
    (o.author.screenedUntil === null || o.author.screenedUntil < context.today)
  ) {
    return 'screening'
  }
  if (o.activeMatches >= o.quantity) return 'offer-quantity'
  if (r.activeMatches >= r.quantity) return 'request-quantity'
  if (o.author.paused || o.author.activeMatches >= o.author.maxActiveMatches) return 'helper-capacity'
  if (!r.dayParts.some((d) => o.dayParts.includes(d))) return 'availability'
  if (r.author.blockedMemberIds.includes(o.author.memberId) || o.author.blockedMemberIds.includes(r.author.memberId)) {
    return 'blocked'
  }
  return null
}

const naiveRaw = (x: MatchPost, y: MatchPost, context: MatchContext): Record<keyof MatchingWeights, number> => {
  const r = x.kind === 'request' ? x : y
  const o = x.kind === 'request' ? y : x
  const tagsR = new Set(r.tags.map((t) => t.toLowerCase()))
  const tagsO = new Set(o.tags.map((t) => t.toLowerCase()))
  const sharedTags = [...tagsR].filter((t) => tagsO.has(t)).length
  const allTags = new Set([...tagsR, ...tagsO]).size
  const fit = tagsR.size === 0 || tagsO.size === 0 ? 4 : 4 + Math.round((6 * sharedTags) / allTags)

  const segmentsR = r.areaPath.split('/').filter(Boolean)
  const segmentsO = o.areaPath.split('/').filter(Boolean)
  let shared = 0
  while (shared < Math.min(segmentsR.length, segmentsO.length) && segmentsR[shared] === segmentsO[shared]) shared++
  const sameArea = segmentsR.length === segmentsO.length && shared === segmentsR.length
  const distance = sameArea && shared >= 2 ? 10 : shared >= 2 ? 6 : shared === 1 ? 2 : 0

  const common = r.dayParts.filter((d) => o.dayParts.includes(d)).length
  const availability = Math.min(10, Math.round((10 * common) / Math.min(r.dayParts.length, o.dayParts.length)))
  const language = r.author.languages.some((l) => o.author.languages.includes(l)) ? 10 : 0
  const days = Math.floor((context.now.getTime() - new Date(r.createdAt).getTime()) / dayMs)
  const waiting = Math.min(10, Math.max(0, days))
  const helper = o.author
  const load = Math.round((10 * (helper.maxActiveMatches - helper.activeMatches)) / helper.maxActiveMatches)
  const reciprocity = r.author.offersIn.some((c) => o.author.needsIn.includes(c)) ? 10 : 0
  const bands = [r.author.ageBand, o.author.ageBand]
  const bridging = bands[0] !== null && bands[1] !== null && bands[0] !== bands[1] ? 10 : 0
  return { fit, distance, availability, language, waiting, load, reciprocity, bridging }
}

const naiveScore = (x: MatchPost, y: MatchPost, context: MatchContext): number => {
  if (naiveBroken(x, y, context) !== null) return -1
  const raw = naiveRaw(x, y, context)
  return scoreComponents.reduce((sum, c) => sum + context.weights[c] * raw[c], 0)
}

const naiveTop = (post: MatchPost, candidates: readonly MatchPost[], context: MatchContext, k: number): Ranked[] =>
  candidates
    .map((c) => ({ postId: c.id, score: naiveScore(post, c, context) }))
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || (a.postId < b.postId ? -1 : a.postId > b.postId ? 1 : 0))
    .slice(0, k)

// ---------------------------------------------------------------------------------------------
// Arbitrary communities

const now = new Date('2026-11-23T10:00:00.000Z')
const day = (offset: number) => new Date(now.getTime() + offset * dayMs).toISOString().slice(0, 10)

/** A small area tree with 2-, 3- and 4-level paths, a gemeente-wide path, one of another gemeente, and none. */
const areaPaths = [
  '/lindeveen/',
  '/lindeveen/noord/',
  '/lindeveen/noord/de-akkers/',
  '/lindeveen/noord/molenwijk/',
  '/lindeveen/centrum/oude-markt/',
  '/lindeveen/centrum/havenbuurt/',
  '/lindeveen/centrum/havenbuurt/kade/',
  '/lindeveen/centrum/havenbuurt/werf/',
  '/lindeveen/eikenrode/',
  '/lindeveen/ter-heide/',
  '/elders/noord/de-akkers/',
  '',
]

interface Shape {
  categories: string[]
  tags: string[]
  members: number
  days: readonly (typeof dayParts)[number][]
}

/** Small domains, so that pairs collide on every field. */
const narrow: Shape = {
  /** Repeats make a category more common. */
  categories: ['tuin', 'tuin', 'tuin', 'tuin', 'oppas', 'oppas', 'klussen'],
  tags: ['tuin', 'Tuin', 'heg', 'snoeien', 'gras', 'ladder'],
  members: 8,
  days: ['mon-morning', 'mon-afternoon', 'tue-evening', 'sat-morning', 'sun-evening'],
}

/** More than 32 tags, categories and members: the masks are then filters, not exact. */
const wide: Shape = {
  categories: ['categorie-0', 'categorie-0', 'categorie-0', 'oppas'],
  tags: Array.from({ length: 70 }, (_, i) => `tag-${i}`),
  members: 45,
  days: dayParts,
}
const wideTwoWay = Array.from({ length: 40 }, (_, i) => `categorie-${i}`)

const weightsArb: fc.Arbitrary<MatchingWeights> = fc.record(
  Object.fromEntries(scoreComponents.map((c) => [c, fc.integer({ min: 0, max: 10 })])) as Record<
    keyof MatchingWeights,
    fc.Arbitrary<number>
  >,
)

/** Mostly `usual`, now and then something from `rare`: most pairs pass the constraints, some break one. */
const mostly = <T>(usual: T, rare: fc.Arbitrary<T>, weight = 9): fc.Arbitrary<T> =>
  fc.oneof({ arbitrary: fc.constant(usual), weight }, { arbitrary: rare, weight: 1 })

const authorArb = (shape: Shape, index: number, twoWay: string[]): fc.Arbitrary<MatchAuthorFacts> =>
  fc.record({
    memberId: fc.constant(`m${index}`),
    languages: fc.subarray(['nl', 'en', 'ar', 'tr', 'pap'], { minLength: 1 }),
    screenedUntil: fc.option(fc.constantFrom(day(-1), day(0), day(1), day(400)), { nil: null }),
    maxActiveMatches: fc.integer({ min: 1, max: 4 }),
    paused: mostly(false, fc.constant(true)),
    activeMatches: mostly(0, fc.integer({ min: 0, max: 4 }), 3),
    blockedMemberIds: mostly(
      [],
      fc.subarray(
        Array.from({ length: shape.members }, (_, i) => `m${i}`),
        { maxLength: 4 },
      ),
      1,
    ),
    offersIn: fc.subarray(twoWay, { maxLength: 4 }),
    needsIn: fc.subarray(twoWay, { maxLength: 4 }),
    ageBand: fc.option(fc.constantFrom(...ageBands), { nil: null }),
  })

const postArb = (shape: Shape, authors: MatchAuthorFacts[]): fc.Arbitrary<Omit<MatchPost, 'id'>> =>
  fc.record({
    communityId: mostly('lindeveen', fc.constant('elders'), 19),
    kind: fc.constantFrom('request' as const, 'offer' as const),
    categoryId: fc.constantFrom(...shape.categories),
    resourceType: mostly('menskracht', fc.constant('kennis')),
    tags: fc.subarray(shape.tags, { maxLength: 6 }),
    areaPath: fc.constantFrom(...areaPaths),
    dayParts: fc.subarray([...shape.days], { minLength: 1 }),
    recurrence: fc.constantFrom(...recurrences),
    quantity: fc.integer({ min: 1, max: 3 }),
    activeMatches: mostly(0, fc.integer({ min: 0, max: 3 }), 4),
    status: mostly('open' as const, fc.constant('closed' as const)),
    endDate: mostly(null, fc.constantFrom(day(-1), day(0), day(1), day(30)), 2),
    // From 20 days before to a minute after "now", to the millisecond.
    createdAt: fc.integer({ min: -20 * dayMs, max: 60_000 }).map((ms) => new Date(now.getTime() + ms).toISOString()),
    author: fc.constantFrom(...authors),
  })

interface World {
  community: Pick<Community, 'id' | 'categories' | 'matching'>
  posts: MatchPost[]
  now: Date
  seed: number
}

const worldArb = (shape: Shape, twoWay: string[] = shape.categories): fc.Arbitrary<World> =>
  fc
    .tuple(
      weightsArb,
      fc.tuple(...Array.from({ length: shape.members }, (_, i) => authorArb(shape, i, twoWay))),
      fc.integer({ min: 0, max: 3 * dayMs }),
      fc.integer(),
    )
    .chain(([weights, authors, clockShift, seed]) =>
      fc.array(postArb(shape, authors), { minLength: 6, maxLength: 32 }).map((posts) => ({
        community: {
          id: 'lindeveen',
          categories: [...new Set(shape.categories)].map((id) => ({
            id,
            name: { nl: id, en: id },
            resourceType: 'menskracht',
            riskLevel: id === 'oppas' ? ('sensitive' as const) : ('light' as const),
          })),
          matching: { ...defaultMatchingSettings, weights },
        },
        // Ids in an order unrelated to the posts' order, so ties are broken by something real.
        posts: posts.map((p, i) => ({ ...p, id: `p-${((i * 7919 + seed) >>> 0) % 100_003}-${i}` })),
        now: new Date(now.getTime() + clockShift),
        seed,
      })),
    )

const shuffled = <T>(items: readonly T[], seed: number): T[] => {
  const copy = [...items]
  let state = seed >>> 0
  for (let i = copy.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0
    const j = state % (i + 1)
    ;[copy[i], copy[j]] = [copy[j] as T, copy[i] as T]
  }
  return copy
}

const compiled = (world: World) => {
  const context = matchContext(world.community, world.now)
  return { context, features: world.posts.map((p) => compile(p, context)) }
}

// ---------------------------------------------------------------------------------------------
// Properties
//
// Each property collects what the engine says about every pair (or post) of a world and what it
// should say, and compares the two lists once: one expect per world keeps the runs fast.

const pairsOf = <T>(items: readonly T[]): [number, number][] =>
  items.flatMap((_, i) => items.map((_, j): [number, number] => [i, j]))

describe.each([
  ['small domains', worldArb(narrow)],
  ['more than 32 tags, categories and members', worldArb(wide, wideTwoWay)],
])('the engine against a naive one (%s)', (_name, worlds) => {
  it('agrees on every pair: the constraint broken, the score, and its parts', () => {
    fc.assert(
      fc.property(worlds, (world) => {
        const { context, features } = compiled(world)
        const pairs = pairsOf(features)
        const actual = pairs.map(([i, j]) => {
          const a = features[i] as MatchFeatures
          const b = features[j] as MatchFeatures
          return {
            pair: [i, j],
            broken: brokenConstraint(a, b, context),
            score: scorePair(a, b, context),
            components: explainPair(a, b, context)?.components ?? null,
          }
        })
        const expected = pairs.map(([i, j]) => {
          const x = world.posts[i] as MatchPost
          const y = world.posts[j] as MatchPost
          const broken = naiveBroken(x, y, context)
          const raw = naiveRaw(x, y, context)
          const points = Object.fromEntries(scoreComponents.map((c) => [c, context.weights[c] * raw[c]]))
          return {
            pair: [i, j],
            broken,
            score: broken === null ? naiveScore(x, y, context) : -1,
            components: broken === null ? points : null,
          }
        })
        expect(actual).toEqual(expected)
      }),
      { numRuns: 150 },
    )
  }, 60_000)

  it('never suggests a pair that breaks a hard constraint, and ranks as a full sort would', () => {
    fc.assert(
      fc.property(worlds, fc.integer({ min: 0, max: 8 }), (world, k) => {
        const { context, features } = compiled(world)
        const byId = new Map(world.posts.map((p) => [p.id, p]))
        const tops = features.map((post) => topSuggestions(post, features, context, k))
        const broken = tops.flatMap((top, i) =>
          top
            .map((s) => naiveBroken(world.posts[i] as MatchPost, byId.get(s.postId) as MatchPost, context))
            .filter((c) => c !== null),
        )
        expect(broken).toEqual([])
        expect(tops).toEqual(world.posts.map((post) => naiveTop(post, world.posts, context, k)))
      }),
      { numRuns: 150 },
    )
  }, 60_000)
})

const expectedReasons = (components: Record<ScoreComponent, number>) =>
  scoreComponents
    .filter((c) => c !== 'bridging' && components[c] > 0)
    .sort((x, y) => components[y] - components[x] || scoreComponents.indexOf(x) - scoreComponents.indexOf(y))
    .map((code) => ({ code, points: components[code] }))

describe('explanations', () => {
  it('add up to the score; the reasons are the non-zero parts but bridging, largest first', () => {
    fc.assert(
      fc.property(worldArb(narrow), (world) => {
        const { context, features } = compiled(world)
        const pairs = pairsOf(features)
        const explanations = pairs.map(([i, j]) =>
          explainPair(features[i] as MatchFeatures, features[j] as MatchFeatures, context),
        )
        const actual = explanations.map((e) =>
          e === null
            ? null
            : {
                score: e.score,
                maxScore: e.maxScore,
                reasons: e.reasons.map((r) => ({ code: r.code, points: r.points })),
                valid: e.reasons.every((r) => suggestionReasonSchema.safeParse(r).success),
              },
        )
        const expected = explanations.map((e, n) => {
          const [i, j] = pairs[n] as [number, number]
          const score = scorePair(features[i] as MatchFeatures, features[j] as MatchFeatures, context)
          if (e === null) return score === -1 ? null : { score }
          return {
            score: scoreComponents.reduce((sum, c) => sum + e.components[c], 0),
            maxScore: maxScore(context.weights),
            reasons: expectedReasons(e.components),
            valid: true,
          }
        })
        expect(actual).toEqual(expected)
        expect(actual.map((e) => e?.score ?? -1)).toEqual(
          pairs.map(([i, j]) => scorePair(features[i] as MatchFeatures, features[j] as MatchFeatures, context)),
        )
      }),
      { numRuns: 150 },
    )
  }, 60_000)
})

describe('determinism and symmetry', () => {
  it('gives the same top k for the same input and clock, whatever the order of the candidates', () => {
    fc.assert(
      fc.property(worldArb(narrow), fc.integer({ min: 1, max: 6 }), (world, k) => {
        const first = compiled(world)
        const second = compiled({ ...world, posts: structuredClone(world.posts) })
        const reordered = shuffled(second.features, world.seed)
        expect(second.features.map((post) => topSuggestions(post, reordered, second.context, k))).toEqual(
          first.features.map((post) => topSuggestions(post, first.features, first.context, k)),
        )
      }),
      { numRuns: 100 },
    )
  }, 60_000)

  it('scores and explains a pair the same in either order', () => {
    fc.assert(
      fc.property(worldArb(narrow), (world) => {
        const { context, features } = compiled(world)
        const pairs = pairsOf(features)
        const seen = (a: MatchFeatures, b: MatchFeatures) => ({
          score: scorePair(a, b, context),
          broken: brokenConstraint(a, b, context),
          explanation: explainPair(a, b, context),
        })
        const f = (i: number) => features[i] as MatchFeatures
        expect(pairs.map(([i, j]) => seen(f(j), f(i)))).toEqual(pairs.map(([i, j]) => seen(f(i), f(j))))
      }),
      { numRuns: 100 },
    )
  }, 60_000)
})
