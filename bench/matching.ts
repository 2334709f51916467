/**
 * The matching engine on a synthetic community: how fast it scores pairs, how long the
 * suggestions for one new post take, and how close suggestions come to the best assignment.
 *
 *   npm run bench:matching [-- --members 10000 --posts 20000 --seconds 5 --seed 1 --new-posts 2000 --instances 50]
 *
 * The community is generated with a seeded PRNG and sized from public figures on Dutch neighbour
 * help (BUUV Haarlem: about 7,000 members; WeHelpen: about 5 helpers per asker): 10,000 members,
 * 20,000 open posts with about 5 offers to 1 request, 16 categories of which 2 sensitive, one
 * gemeente with 3 wijken and 20 buurten, about 20% of members screened, 0–3 tags a post, a second
 * language for about 30%, a few blocks, and age bands for about 30% of members.
 *
 * 1. Pairs per second: `scorePair` over every request × offer of the same category, sweep after
 *    sweep for `--seconds`, on one core (the posts compiled a category at a time, as a
 *    recomputation loads them). Reported per CPU second of the process (what one core does,
 *    whatever else runs on the machine) and per wall-clock second. For comparison, `explainPair`
 *    (objects and texts per pair) on the same pairs for a second.
 * 2. One new post: `compile` + `topSuggestions` (k = suggestions per post) over the open posts of
 *    the other kind in its category, p50 and p99 over 2,000 new posts.
 * 3. Quality: 50 instances of 30 requests × 60 offers (offer quantity 1, each offer its own
 *    helper with room for 1 match). Greedy: requests in arrival order each take their top
 *    suggestion among the offers not taken yet (the service recomputes suggestions after each
 *    match). Optimum: a maximum-score assignment (Hungarian algorithm, checked against brute
 *    force on tiny instances first). Reported: greedy total / optimal total.
 *
 * Prints a plain-text table and, last, one JSON line with the figures.
 */
import { availableParallelism } from 'node:os'
import { parseArgs } from 'node:util'
import {
  compile,
  explainPair,
  type MatchAuthorFacts,
  type MatchContext,
  type MatchFeatures,
  type MatchPost,
  matchContext,
  scorePair,
  topSuggestions,
} from '../shared/domain/matching'
import type { Category, Community } from '../shared/schemas/community'
import { defaultMatchingSettings } from '../shared/schemas/matching'
import {
  type AgeBand,
  ageBands,
  type DayPart,
  dayParts,
  type SpokenLanguage,
  standardResourceTypes,
} from '../shared/schemas/vocabulary'
import { isMain, loadAverage, percentile, textTable } from './lib/format'

// ---------------------------------------------------------------------------------------------
// A seeded PRNG

/** mulberry32: small, fast and good enough for synthetic data. */
export const prng = (seed: number) => {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T
  const chance = (p: number): boolean => next() < p
  /** `count` distinct items. */
  const sample = <T>(items: readonly T[], count: number): T[] => {
    const copy = [...items]
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1))
      ;[copy[i], copy[j]] = [copy[j] as T, copy[i] as T]
    }
    return copy.slice(0, Math.min(count, copy.length))
  }
  return { next, int, pick, chance, sample }
}
type Random = ReturnType<typeof prng>

// ---------------------------------------------------------------------------------------------
// The synthetic community

export const benchNow = new Date('2026-11-23T10:00:00.000Z')
const gemeente = 'benchstad'

const categorySeeds: { id: string; sensitive?: boolean; tags: string[] }[] = [
  { id: 'boodschappen', tags: ['supermarkt', 'apotheek', 'markt', 'zwaar tillen', 'rolstoel', 'lijstje'] },
  { id: 'vervoer', tags: ['auto', 'ziekenhuis', 'huisarts', 'rolstoel', 'fiets', 'begeleiding'] },
  { id: 'tuin', tags: ['snoeien', 'gras maaien', 'onkruid', 'bladeren', 'heg', 'moestuin'] },
  { id: 'klussen', tags: ['lamp', 'schilderen', 'boren', 'kraan', 'meubels', 'gordijnen'] },
  { id: 'computerhulp', tags: ['telefoon', 'laptop', 'digid', 'whatsapp', 'printer', 'e-mail'] },
  { id: 'taalmaatje', tags: ['nederlands', 'lezen', 'schrijven', 'brieven', 'gesprek', 'inburgering'] },
  { id: 'gezelschap', tags: ['wandelen', 'koffie', 'spelletjes', 'praatje', 'muziek', 'voorlezen'] },
  { id: 'administratie', tags: ['belasting', 'toeslagen', 'formulieren', 'post', 'budget', 'brieven'] },
  { id: 'koken', tags: ['maaltijd', 'halal', 'vegetarisch', 'soep', 'bakken', 'diabetes'] },
  { id: 'huisdieren', tags: ['hond', 'kat', 'uitlaten', 'voeren', 'dierenarts', 'konijn'] },
  { id: 'fietsen', tags: ['band plakken', 'remmen', 'verlichting', 'ketting', 'fietsles', 'e-bike'] },
  { id: 'verhuizen', tags: ['dozen', 'busje', 'sjouwen', 'inpakken', 'opruimen', 'meubels'] },
  { id: 'materiaal', tags: ['ladder', 'boormachine', 'aanhanger', 'kinderwagen', 'tent', 'partytent'] },
  { id: 'ruimte', tags: ['vergaderzaal', 'keuken', 'opslag', 'tuin', 'podium', 'beamer'] },
  { id: 'oppas', sensitive: true, tags: ['baby', 'peuter', 'huiswerk', 'naschools', 'avond', 'weekend'] },
  { id: 'persoonlijke-zorg', sensitive: true, tags: ['douchen', 'aankleden', 'medicijnen', 'eten', 'mantelzorg'] },
]

/** Popularity: some categories get many more posts than others (roughly Zipf). */
const categoryWeights = categorySeeds.map((_, index) => 1 / (1 + index * 0.25))

const buurtenPerWijk = [8, 7, 5]
const areaPaths = buurtenPerWijk.flatMap((count, w) =>
  Array.from({ length: count }, (_, b) => `/${gemeente}/wijk-${w + 1}/buurt-${w + 1}-${b + 1}/`),
)

const secondLanguages: SpokenLanguage[] = ['en', 'en', 'en', 'ar', 'tr', 'ber', 'pl', 'uk', 'de', 'pap', 'so', 'ti']

export const benchCommunity: Pick<Community, 'id' | 'categories' | 'matching'> = {
  id: 'bench',
  categories: categorySeeds.map(
    (c, index): Category => ({
      id: c.id,
      name: { nl: c.id, en: c.id },
      resourceType: standardResourceTypes[index % 3 === 0 ? 1 : 0] as string,
      riskLevel: c.sensitive ? 'sensitive' : 'light',
    }),
  ),
  matching: structuredClone(defaultMatchingSettings),
}

const resourceTypeOf = new Map(benchCommunity.categories.map((c) => [c.id, c.resourceType]))

const weightedCategory = (random: Random): string => {
  const total = categoryWeights.reduce((a, b) => a + b, 0)
  let x = random.next() * total
  for (const [index, weight] of categoryWeights.entries()) {
    x -= weight
    if (x < 0) return categorySeeds[index]?.id as string
  }
  return categorySeeds[0]?.id as string
}

const isoDay = (offsetDays: number): string =>
  new Date(benchNow.getTime() + offsetDays * 86_400_000).toISOString().slice(0, 10)

interface SyntheticMember {
  facts: MatchAuthorFacts
  areaPath: string
}

const syntheticMember = (random: Random, index: number, memberCount: number): SyntheticMember => {
  const languages: string[] = random.chance(0.95) ? ['nl'] : []
  if (random.chance(0.3) || languages.length === 0) languages.push(random.pick(secondLanguages))
  const maxActiveMatches = random.pick([1, 2, 3, 3, 3, 5])
  const screened = random.chance(0.2)
  const blockedMemberIds: string[] = []
  if (random.chance(0.02)) {
    for (let b = random.int(1, 2); b > 0; b--) blockedMemberIds.push(`m${random.int(0, memberCount - 1)}`)
  }
  return {
    areaPath: random.pick(areaPaths),
    facts: {
      memberId: `m${index}`,
      languages: [...new Set(languages)],
      screenedUntil: screened ? isoDay(random.int(-30, 700)) : null,
      maxActiveMatches,
      paused: random.chance(0.04),
      activeMatches: random.chance(0.7) ? 0 : random.int(0, maxActiveMatches),
      blockedMemberIds,
      offersIn: [],
      needsIn: [],
      ageBand: random.chance(0.3) ? (random.pick(ageBands) as AgeBand) : null,
    },
  }
}

const randomDayParts = (random: Random, min: number, max: number): DayPart[] =>
  random.sample(dayParts, random.int(min, max))

const syntheticPost = (
  random: Random,
  id: string,
  kind: 'request' | 'offer',
  author: SyntheticMember,
  categoryId: string,
): MatchPost => {
  const seed = categorySeeds.find((c) => c.id === categoryId)
  const tagCount = random.chance(0.3) ? 0 : random.int(1, 3)
  const quantity = kind === 'offer' ? random.pick([1, 1, 1, 2, 3]) : random.chance(0.9) ? 1 : 2
  return {
    id,
    communityId: benchCommunity.id,
    kind,
    categoryId,
    resourceType: resourceTypeOf.get(categoryId) as string,
    tags: random.sample(seed?.tags ?? [], tagCount),
    areaPath: author.areaPath,
    dayParts: kind === 'offer' ? randomDayParts(random, 3, 10) : randomDayParts(random, 1, 4),
    recurrence: random.pick(['once', 'weekly', 'weekly', 'every-two-weeks', 'monthly'] as const),
    quantity,
    activeMatches: random.chance(0.9) ? 0 : random.int(0, quantity),
    status: 'open',
    endDate: random.chance(0.8) ? null : isoDay(random.int(-2, 60)),
    createdAt: new Date(benchNow.getTime() - random.int(0, 30 * 86_400_000)).toISOString(),
    author: author.facts,
  }
}

export interface SyntheticCommunity {
  members: SyntheticMember[]
  posts: MatchPost[]
}

/** Members and open posts; about 1 in 6 posts is a request. Authors' offersIn/needsIn follow their posts. */
export const syntheticCommunity = (options: { members: number; posts: number; seed: number }): SyntheticCommunity => {
  const random = prng(options.seed)
  const members = Array.from({ length: options.members }, (_, i) => syntheticMember(random, i, options.members))
  // Some members mostly ask, most mostly help: a post's kind leans on its author.
  const asker = members.map(() => random.chance(0.25))
  const posts: MatchPost[] = []
  for (let i = 0; i < options.posts; i++) {
    const authorIndex = random.int(0, members.length - 1)
    const author = members[authorIndex] as SyntheticMember
    const kind = random.chance(asker[authorIndex] ? 0.6 : 0.03) ? 'request' : 'offer'
    posts.push(syntheticPost(random, `post-${String(i).padStart(8, '0')}`, kind, author, weightedCategory(random)))
  }
  stampTwoWay(posts)
  return { members, posts }
}

const stampTwoWay = (posts: readonly MatchPost[]) => {
  const offersIn = new Map<MatchAuthorFacts, Set<string>>()
  const needsIn = new Map<MatchAuthorFacts, Set<string>>()
  for (const post of posts) {
    const map = post.kind === 'offer' ? offersIn : needsIn
    const set = map.get(post.author) ?? new Set<string>()
    set.add(post.categoryId)
    map.set(post.author, set)
  }
  for (const post of posts) {
    post.author.offersIn = [...(offersIn.get(post.author) ?? [])]
    post.author.needsIn = [...(needsIn.get(post.author) ?? [])]
  }
}

// ---------------------------------------------------------------------------------------------
// Exact assignment (for the quality figure)

/**
 * Minimum-cost assignment of every row to a distinct column (rows ≤ columns), the Hungarian
 * algorithm with potentials, O(rows² × columns). Returns the column of each row.
 */
export const hungarian = (cost: readonly (readonly number[])[], columns: number): number[] => {
  const n = cost.length
  const m = columns
  if (n > m) throw new Error('hungarian: more rows than columns')
  const u = new Float64Array(n + 1)
  const v = new Float64Array(m + 1)
  const p = new Int32Array(m + 1)
  const way = new Int32Array(m + 1)
  for (let i = 1; i <= n; i++) {
    p[0] = i
    let j0 = 0
    const minv = new Float64Array(m + 1).fill(Number.POSITIVE_INFINITY)
    const used = new Uint8Array(m + 1)
    do {
      used[j0] = 1
      const i0 = p[j0] as number
      const row = cost[i0 - 1] as readonly number[]
      let delta = Number.POSITIVE_INFINITY
      let j1 = 0
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue
        const current = (row[j - 1] as number) - (u[i0] as number) - (v[j] as number)
        if (current < (minv[j] as number)) {
          minv[j] = current
          way[j] = j0
        }
        if ((minv[j] as number) < delta) {
          delta = minv[j] as number
          j1 = j
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          u[p[j] as number] = (u[p[j] as number] as number) + delta
          v[j] = (v[j] as number) - delta
        } else minv[j] = (minv[j] as number) - delta
      }
      j0 = j1
    } while (p[j0] !== 0)
    do {
      const j1 = way[j0] as number
      p[j0] = p[j1] as number
      j0 = j1
    } while (j0 !== 0)
  }
  const assignment = new Array<number>(n).fill(-1)
  for (let j = 1; j <= m; j++) if ((p[j] as number) > 0) assignment[(p[j] as number) - 1] = j - 1
  return assignment
}

/** The highest total score of a matching (each row and column at most once; pairs ≤ 0 unused). */
export const optimalTotal = (scores: readonly (readonly number[])[], columns: number): number => {
  const cost = scores.map((row) => row.map((s) => (s > 0 ? -s : 0)))
  return hungarian(cost, columns).reduce((sum, j, i) => sum + Math.max(0, scores[i]?.[j] ?? 0), 0)
}

const bruteForceTotal = (scores: readonly (readonly number[])[], columns: number): number => {
  const used = new Array<boolean>(columns).fill(false)
  const best = (row: number): number => {
    if (row === scores.length) return 0
    let result = best(row + 1) // this row unmatched
    for (let j = 0; j < columns; j++) {
      const s = scores[row]?.[j] ?? 0
      if (used[j] || s <= 0) continue
      used[j] = true
      result = Math.max(result, s + best(row + 1))
      used[j] = false
    }
    return result
  }
  return best(0)
}

// ---------------------------------------------------------------------------------------------
// The measurements

export interface MatchingBenchOptions {
  members: number
  posts: number
  seconds: number
  seed: number
  newPosts: number
  instances: number
}

export interface MatchingReport {
  node: string
  cpus: number
  loadAverage: number
  members: number
  posts: number
  requests: number
  offers: number
  scoring: {
    pairs: number
    /** Wall-clock seconds, and the CPU seconds the process used meanwhile (other work on the machine does not count). */
    seconds: number
    cpuSeconds: number
    /** Per wall-clock second, and per CPU second: the latter is the figure for one core. */
    millionPairsPerSecond: number
    millionPairsPerCpuSecond: number
    feasibleShare: number
    pairsPerSweep: number
    explainMillionPairsPerSecond: number
  }
  newPost: { count: number; k: number; p50Ms: number; p99Ms: number; meanCandidates: number }
  quality: {
    instances: number
    requests: number
    offers: number
    meanRatio: number
    minRatio: number
    exactShare: number
    bruteForceChecks: number
  }
}

const byCategory = (
  features: readonly MatchFeatures[],
): Map<string, { requests: MatchFeatures[]; offers: MatchFeatures[] }> => {
  const groups = new Map<string, { requests: MatchFeatures[]; offers: MatchFeatures[] }>()
  for (const f of features) {
    const group = groups.get(f.post.categoryId) ?? { requests: [], offers: [] }
    ;(f.isOffer ? group.offers : group.requests).push(f)
    groups.set(f.post.categoryId, group)
  }
  return groups
}

const measureScoring = (
  groups: Map<string, { requests: MatchFeatures[]; offers: MatchFeatures[] }>,
  context: MatchContext,
  seconds: number,
) => {
  const lists = [...groups.values()]
  const pairsPerSweep = lists.reduce((sum, g) => sum + g.requests.length * g.offers.length, 0)
  // One sweep to warm up and to count feasible pairs.
  let feasible = 0
  for (const { requests, offers } of lists) {
    for (const r of requests) for (const o of offers) if (scorePair(r, o, context) >= 0) feasible++
  }
  let pairs = 0
  let checksum = 0
  const started = performance.now()
  const cpuStarted = process.cpuUsage()
  const until = started + seconds * 1000
  while (performance.now() < until) {
    for (const { requests, offers } of lists) {
      for (let i = 0; i < requests.length; i++) {
        const r = requests[i] as MatchFeatures
        for (let j = 0; j < offers.length; j++) checksum += scorePair(r, offers[j] as MatchFeatures, context)
      }
      pairs += requests.length * offers.length
    }
  }
  const elapsed = (performance.now() - started) / 1000
  const cpu = process.cpuUsage(cpuStarted)
  const cpuSeconds = (cpu.user + cpu.system) / 1e6

  // The same pairs through explainPair (objects and texts per pair), for a second.
  let explained = 0
  const explainStarted = performance.now()
  const explainUntil = explainStarted + 1000
  outer: for (const { requests, offers } of lists) {
    for (const r of requests) {
      for (const o of offers) checksum += explainPair(r, o, context)?.score ?? -1
      explained += offers.length
      if (performance.now() > explainUntil) break outer
    }
  }
  const explainElapsed = (performance.now() - explainStarted) / 1000
  return {
    pairs,
    seconds: elapsed,
    cpuSeconds,
    millionPairsPerSecond: pairs / elapsed / 1e6,
    millionPairsPerCpuSecond: pairs / cpuSeconds / 1e6,
    feasibleShare: pairsPerSweep === 0 ? 0 : feasible / pairsPerSweep,
    pairsPerSweep,
    explainMillionPairsPerSecond: explained / explainElapsed / 1e6,
    checksum,
  }
}

const measureNewPosts = (
  community: SyntheticCommunity,
  groups: Map<string, { requests: MatchFeatures[]; offers: MatchFeatures[] }>,
  context: MatchContext,
  count: number,
  k: number,
  seed: number,
) => {
  const random = prng(seed ^ 0x5eed)
  const samples: number[] = []
  let candidates = 0
  let checksum = 0
  const warmup = Math.min(200, count)
  for (let i = 0; i < count + warmup; i++) {
    const author = random.pick(community.members)
    const kind = random.chance(1 / 6) ? 'request' : 'offer'
    const post = syntheticPost(random, `new-${String(i).padStart(8, '0')}`, kind, author, weightedCategory(random))
    const group = groups.get(post.categoryId)
    const others = (kind === 'request' ? group?.offers : group?.requests) ?? []
    const started = performance.now()
    const compiled = compile(post, context)
    const top = topSuggestions(compiled, others, context, k)
    const elapsed = performance.now() - started
    checksum += top.length
    if (i >= warmup) {
      samples.push(elapsed)
      candidates += others.length
    }
  }
  return {
    count,
    k,
    p50Ms: percentile(samples, 50),
    p99Ms: percentile(samples, 99),
    meanCandidates: count === 0 ? 0 : candidates / count,
    checksum,
  }
}

/** One instance: `requests` × `offers` in one category, quantity 1, every offer its own helper with room for 1. */
const qualityInstance = (random: Random, requestCount: number, offerCount: number, index: number) => {
  const categoryId = random.pick(categorySeeds.filter((c) => !c.sensitive)).id
  const member = (i: number): SyntheticMember => {
    const m = syntheticMember(random, i, requestCount + offerCount)
    m.facts.memberId = `q${index}-m${i}`
    m.facts.blockedMemberIds = m.facts.blockedMemberIds.map((b) => `q${index}-${b}`)
    return m
  }
  const posts: MatchPost[] = []
  for (let i = 0; i < requestCount; i++) {
    const post = syntheticPost(random, `q${index}-r${String(i).padStart(3, '0')}`, 'request', member(i), categoryId)
    posts.push({ ...post, quantity: 1, activeMatches: 0, endDate: null })
  }
  for (let i = 0; i < offerCount; i++) {
    const author = member(requestCount + i)
    author.facts.maxActiveMatches = 1
    author.facts.activeMatches = 0
    author.facts.paused = false
    const post = syntheticPost(random, `q${index}-o${String(i).padStart(3, '0')}`, 'offer', author, categoryId)
    posts.push({ ...post, quantity: 1, activeMatches: 0, endDate: null })
  }
  stampTwoWay(posts)
  return posts
}

const measureQuality = (instances: number, seed: number) => {
  const random = prng(seed ^ 0x9a11)
  const context = matchContext(benchCommunity, benchNow)

  // The exact solver against brute force on tiny instances first.
  let bruteForceChecks = 0
  for (let t = 0; t < 200; t++) {
    const rows = random.int(1, 5)
    const columns = random.int(rows, 7)
    const scores = Array.from({ length: rows }, () =>
      Array.from({ length: columns }, () => (random.chance(0.4) ? -1 : random.int(0, 60))),
    )
    const exact = optimalTotal(scores, columns)
    const brute = bruteForceTotal(scores, columns)
    if (exact !== brute) throw new Error(`hungarian ${exact} ≠ brute force ${brute} on ${JSON.stringify(scores)}`)
    bruteForceChecks++
  }

  const requestCount = 30
  const offerCount = 60
  const ratios: number[] = []
  for (let index = 0; index < instances; index++) {
    const posts = qualityInstance(random, requestCount, offerCount, index)
    const compiled = posts.map((p) => compile(p, context))
    const requests = compiled.filter((f) => !f.isOffer)
    const offers = compiled.filter((f) => f.isOffer)
    const scores = requests.map((r) => offers.map((o) => scorePair(r, o, context)))
    const optimum = optimalTotal(scores, offers.length)

    // Greedy in arrival order, suggestions recomputed over the offers still free.
    const arrival = [...requests].sort(
      (a, b) => a.post.createdAt.localeCompare(b.post.createdAt) || a.id.localeCompare(b.id),
    )
    let free = offers
    let greedy = 0
    for (const request of arrival) {
      const [top] = topSuggestions(request, free, context, 1)
      if (!top) continue
      greedy += top.score
      free = free.filter((o) => o.id !== top.postId)
    }
    if (greedy > optimum) throw new Error(`greedy ${greedy} beats the optimum ${optimum}: the solver is wrong`)
    if (optimum > 0) ratios.push(greedy / optimum)
  }
  return {
    instances: ratios.length,
    requests: requestCount,
    offers: offerCount,
    meanRatio: ratios.reduce((a, b) => a + b, 0) / Math.max(1, ratios.length),
    minRatio: ratios.length === 0 ? Number.NaN : Math.min(...ratios),
    exactShare: ratios.filter((r) => r === 1).length / Math.max(1, ratios.length),
    bruteForceChecks,
  }
}

export const runMatchingBench = (options: MatchingBenchOptions): MatchingReport => {
  const community = syntheticCommunity(options)
  const context = matchContext(benchCommunity, benchNow)
  // A recomputation loads and compiles the open posts of one category at a time (a query per
  // category), so the features of a category sit together in memory: compile them in that order.
  const features = [...community.posts]
    .sort((a, b) => (a.categoryId < b.categoryId ? -1 : a.categoryId > b.categoryId ? 1 : 0))
    .map((p) => compile(p, context))
  const groups = byCategory(features)
  const scoring = measureScoring(groups, context, options.seconds)
  const k = benchCommunity.matching.suggestionsPerPost
  const newPost = measureNewPosts(community, groups, context, options.newPosts, k, options.seed)
  const quality = measureQuality(options.instances, options.seed)
  const requests = features.filter((f) => !f.isOffer).length
  return {
    node: process.version,
    cpus: availableParallelism(),
    loadAverage: loadAverage(),
    members: options.members,
    posts: options.posts,
    requests,
    offers: features.length - requests,
    scoring: {
      pairs: scoring.pairs,
      seconds: scoring.seconds,
      cpuSeconds: scoring.cpuSeconds,
      millionPairsPerSecond: scoring.millionPairsPerSecond,
      millionPairsPerCpuSecond: scoring.millionPairsPerCpuSecond,
      feasibleShare: scoring.feasibleShare,
      pairsPerSweep: scoring.pairsPerSweep,
      explainMillionPairsPerSecond: scoring.explainMillionPairsPerSecond,
    },
    newPost: {
      count: newPost.count,
      k: newPost.k,
      p50Ms: newPost.p50Ms,
      p99Ms: newPost.p99Ms,
      meanCandidates: newPost.meanCandidates,
    },
    quality,
  }
}

const fixed = (value: number, digits: number): string => value.toFixed(digits)

export const formatMatchingReport = (report: MatchingReport): string => {
  const { scoring, newPost, quality } = report
  return [
    `Matching engine: synthetic community of ${report.members} members, ${report.posts} open posts ` +
      `(${report.requests} requests, ${report.offers} offers), 16 categories (2 sensitive), 3 wijken, 20 buurten.`,
    `Node ${report.node}, ${report.cpus} CPUs, load average ${report.loadAverage.toFixed(1)}; one core.`,
    '',
    textTable(
      ['what', 'figure', 'target / note'],
      [
        [
          'scorePair, same-category request × offer pairs',
          `${fixed(scoring.millionPairsPerCpuSecond, 1)} M pairs/s`,
          `per CPU second (one core); target ≥ 20 M/s, floor 5; ${(scoring.pairs / 1e6).toFixed(0)} M pairs in ${fixed(scoring.cpuSeconds, 1)} CPU s`,
        ],
        [
          '  the same, per wall-clock second',
          `${fixed(scoring.millionPairsPerSecond, 1)} M pairs/s`,
          `${fixed(scoring.seconds, 1)} s; ${(scoring.pairsPerSweep / 1e6).toFixed(2)} M pairs per sweep of all categories`,
        ],
        ['  of which pass the hard constraints', `${fixed(scoring.feasibleShare * 100, 1)} %`, ''],
        [
          'explainPair on the same pairs (wall clock, for comparison)',
          `${fixed(scoring.explainMillionPairsPerSecond, 2)} M pairs/s`,
          'objects and texts per pair',
        ],
        [
          `one new post: compile + top ${newPost.k}, p50`,
          `${fixed(newPost.p50Ms, 3)} ms`,
          `${newPost.count} new posts, ${fixed(newPost.meanCandidates, 0)} candidates on average`,
        ],
        [`one new post: compile + top ${newPost.k}, p99`, `${fixed(newPost.p99Ms, 3)} ms`, ''],
        [
          `greedy / optimum, ${quality.requests} × ${quality.offers}, mean`,
          fixed(quality.meanRatio, 4),
          `${quality.instances} instances; ${fixed(quality.exactShare * 100, 0)} % exactly optimal`,
        ],
        [
          `greedy / optimum, ${quality.requests} × ${quality.offers}, min`,
          fixed(quality.minRatio, 4),
          `Hungarian checked against brute force on ${quality.bruteForceChecks} tiny instances`,
        ],
      ],
    ),
  ].join('\n')
}

const positiveNumber = (name: string, value: string | undefined, fallback: number): number => {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, not ${value}`)
  return n
}

if (isMain(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      members: { type: 'string' },
      posts: { type: 'string' },
      seconds: { type: 'string' },
      seed: { type: 'string' },
      'new-posts': { type: 'string' },
      instances: { type: 'string' },
    },
  })
  const report = runMatchingBench({
    members: Math.floor(positiveNumber('members', values.members, 10_000)),
    posts: Math.floor(positiveNumber('posts', values.posts, 20_000)),
    seconds: positiveNumber('seconds', values.seconds, 5),
    seed: Math.floor(positiveNumber('seed', values.seed, 1)),
    newPosts: Math.floor(positiveNumber('new-posts', values['new-posts'], 2_000)),
    instances: Math.floor(positiveNumber('instances', values.instances, 50)),
  })
  console.log(formatMatchingReport(report))
  console.log()
  console.log(JSON.stringify({ bench: 'matching', ...report }))
}
