import { describe, expect, it } from 'vitest'
import {
  brokenConstraint,
  compile,
  dayPartNames,
  explainPair,
  type HardConstraint,
  hardConstraints,
  languageNames,
  type MatchAuthorFacts,
  type MatchContext,
  type MatchPost,
  matchContext,
  maxScore,
  scorePair,
  topSuggestions,
} from '../../shared/domain/matching'
import type { Community } from '../../shared/schemas/community'
import { defaultMatchingSettings, type MatchingWeights, suggestionReasonSchema } from '../../shared/schemas/matching'
import { dayParts, scoreComponents, spokenLanguages } from '../../shared/schemas/vocabulary'

const now = new Date('2026-11-23T10:00:00.000Z')
const today = '2026-11-23'
const yesterday = '2026-11-22'
const dayMs = 86_400_000

const community = {
  id: 'lindeveen',
  categories: [
    { id: 'tuin', name: { nl: 'Tuin', en: 'Garden' }, resourceType: 'menskracht', riskLevel: 'light' },
    {
      id: 'boodschappen',
      name: { nl: 'Boodschappen', en: 'Shopping' },
      resourceType: 'menskracht',
      riskLevel: 'light',
    },
    { id: 'oppas', name: { nl: 'Oppas', en: 'Childcare' }, resourceType: 'menskracht', riskLevel: 'sensitive' },
  ],
  matching: structuredClone(defaultMatchingSettings),
} satisfies Pick<Community, 'id' | 'categories' | 'matching'>

const withWeights = (weights: Partial<MatchingWeights>): typeof community => ({
  ...community,
  matching: { ...community.matching, weights: { ...community.matching.weights, ...weights } },
})

/** Only this component counts (weight 1), so a pair's score is its raw value. */
const only = (component: keyof MatchingWeights): MatchContext =>
  matchContext(
    withWeights(Object.fromEntries(scoreComponents.map((c) => [c, c === component ? 1 : 0])) as MatchingWeights),
    now,
  )

const author = (memberId: string, overrides: Partial<MatchAuthorFacts> = {}): MatchAuthorFacts => ({
  memberId,
  languages: ['nl'],
  screenedUntil: null,
  maxActiveMatches: 3,
  paused: false,
  activeMatches: 0,
  blockedMemberIds: [],
  offersIn: [],
  needsIn: [],
  ageBand: null,
  ...overrides,
})

const request = (overrides: Partial<MatchPost> = {}): MatchPost => ({
  id: 'req-0001',
  communityId: 'lindeveen',
  kind: 'request',
  categoryId: 'tuin',
  resourceType: 'menskracht',
  tags: [],
  areaPath: '/lindeveen/noord/de-akkers/',
  dayParts: ['tue-afternoon'],
  recurrence: 'once',
  quantity: 1,
  activeMatches: 0,
  status: 'open',
  endDate: null,
  createdAt: now.toISOString(),
  author: author('anna'),
  ...overrides,
})

const offer = (overrides: Partial<MatchPost> = {}): MatchPost =>
  request({ id: 'off-0001', kind: 'offer', author: author('henk'), ...overrides })

const defaultContext = matchContext(community, now)

const explain = (r: MatchPost, o: MatchPost, context = defaultContext) =>
  explainPair(compile(r, context), compile(o, context), context)

const broken = (r: MatchPost, o: MatchPost, context = defaultContext) =>
  brokenConstraint(compile(r, context), compile(o, context), context)

const score = (r: MatchPost, o: MatchPost, context = defaultContext) =>
  scorePair(compile(r, context), compile(o, context), context)

/** The raw value (0–10) of one component for a pair. */
const raw = (component: keyof MatchingWeights, r: MatchPost, o: MatchPost): number => {
  const context = only(component)
  return explain(r, o, context)?.components[component] ?? Number.NaN
}

const reason = (component: keyof MatchingWeights, r: MatchPost, o: MatchPost) =>
  explain(r, o, only(component))?.reasons.find((x) => x.code === component)?.text

describe('matchContext and maxScore', () => {
  it('takes the weights, the Dutch date and the sensitive categories from the community', () => {
    // 23:30 UTC on the 22nd is already the 23rd in Amsterdam.
    const context = matchContext(community, new Date('2026-11-22T23:30:00.000Z'))
    expect(context.communityId).toBe('lindeveen')
    expect(context.today).toBe('2026-11-23')
    expect(context.now.toISOString()).toBe('2026-11-22T23:30:00.000Z')
    expect([...context.sensitiveCategories]).toEqual(['oppas'])
    expect(context.weights).toEqual(defaultMatchingSettings.weights)
  })

  it('is 10 × the sum of the weights', () => {
    expect(maxScore(defaultMatchingSettings.weights)).toBe(160)
    expect(maxScore({ ...defaultMatchingSettings.weights, fit: 10, bridging: 0 })).toBe(160 + 70 - 10)
  })

  it('refuses weights that are not integers from 0 to 10', () => {
    const context = { ...defaultContext, weights: { ...defaultContext.weights, fit: 2.5 } }
    expect(() => compile(request(), context)).toThrow(/fit/)
  })
})

describe('a valid pair', () => {
  it('scores every component and explains it, largest first, ties in component order', () => {
    const explanation = explain(request(), offer())
    expect(explanation).not.toBeNull()
    expect(explanation?.components).toEqual({
      fit: 12, // 4 × 3: no tags
      distance: 30, // 10 × 3: the same buurt
      availability: 20,
      language: 20,
      waiting: 0, // posted just now
      load: 20, // the helper has nothing running
      reciprocity: 0,
      bridging: 0,
    })
    expect(explanation?.score).toBe(102)
    expect(explanation?.maxScore).toBe(160)
    expect(explanation?.reasons.map((r) => [r.code, r.points])).toEqual([
      ['distance', 30],
      ['availability', 20],
      ['language', 20],
      ['load', 20],
      ['fit', 12],
    ])
    expect(score(request(), offer())).toBe(102)
    expect(score(offer(), request())).toBe(102)
  })

  it('gives every reason text in Dutch and English, within the schema (at most 80 characters)', () => {
    const explanation = explain(
      request({
        tags: ['tuin', 'snoeien', 'heg', 'bladeren', 'gras'],
        dayParts: [...dayParts],
        createdAt: new Date(now.getTime() - 30 * dayMs).toISOString(),
        author: author('anna', { languages: ['nl', 'ar', 'tr'], offersIn: ['boodschappen'] }),
      }),
      offer({
        tags: ['Tuin', 'Snoeien', 'heg', 'bladeren', 'gras', 'vijver'],
        dayParts: [...dayParts],
        author: author('henk', { languages: ['nl', 'ar', 'tr'], needsIn: ['boodschappen'], activeMatches: 1 }),
      }),
    )
    expect(explanation?.reasons).toHaveLength(7)
    for (const r of explanation?.reasons ?? []) {
      expect(suggestionReasonSchema.parse(r)).toEqual(r)
      expect(r.text.nl.length).toBeLessThanOrEqual(80)
      expect(r.text.en.length).toBeLessThanOrEqual(80)
    }
  })

  it('refuses to score features compiled with another context', () => {
    const other = matchContext(community, now)
    expect(() => scorePair(compile(request(), other), compile(offer(), defaultContext), defaultContext)).toThrow(
      /another MatchContext/,
    )
    expect(() => scorePair(compile(request(), other), compile(offer(), other), defaultContext)).toThrow(
      /another MatchContext/,
    )
  })
})

describe('hard constraints', () => {
  const cases: [HardConstraint, MatchPost, MatchPost][] = [
    ['same-community', request(), offer({ communityId: 'elders' })],
    ['same-community', request({ communityId: 'elders' }), offer({ communityId: 'elders' })],
    ['request-and-offer', request(), request({ id: 'req-0002', author: author('henk') })],
    ['request-and-offer', offer({ id: 'off-0002', author: author('anna') }), offer()],
    ['different-authors', request(), offer({ author: author('anna') })],
    ['same-category', request(), offer({ categoryId: 'boodschappen' })],
    ['same-category', request(), offer({ resourceType: 'kennis' })],
    ['open', request({ status: 'closed' }), offer()],
    ['open', request(), offer({ status: 'closed' })],
    ['open', request(), offer({ endDate: yesterday })],
    ['open', request({ endDate: yesterday }), offer()],
    ['screening', request({ categoryId: 'oppas' }), offer({ categoryId: 'oppas' })],
    [
      'screening',
      request({ categoryId: 'oppas' }),
      offer({ categoryId: 'oppas', author: author('henk', { screenedUntil: yesterday }) }),
    ],
    ['offer-quantity', request(), offer({ quantity: 2, activeMatches: 2 })],
    ['request-quantity', request({ quantity: 1, activeMatches: 1 }), offer()],
    ['helper-capacity', request(), offer({ author: author('henk', { paused: true }) })],
    ['helper-capacity', request(), offer({ author: author('henk', { activeMatches: 3, maxActiveMatches: 3 }) })],
    ['availability', request({ dayParts: ['mon-morning'] }), offer({ dayParts: ['mon-afternoon', 'tue-morning'] })],
    ['blocked', request({ author: author('anna', { blockedMemberIds: ['henk'] }) }), offer()],
    ['blocked', request(), offer({ author: author('henk', { blockedMemberIds: ['anna'] }) })],
  ]

  it.each(cases)('%s', (constraint, r, o) => {
    expect(broken(r, o)).toBe(constraint)
    expect(broken(o, r)).toBe(constraint)
    expect(score(r, o)).toBe(-1)
    expect(score(o, r)).toBe(-1)
    expect(explain(r, o)).toBeNull()
    const compiled = compile(r, defaultContext)
    expect(topSuggestions(compiled, [compile(o, defaultContext)], defaultContext, 5)).toEqual([])
  })

  it('covers every constraint', () => {
    expect(new Set(cases.map(([c]) => c))).toEqual(new Set(hardConstraints))
  })

  it('reports the first constraint broken, in the listed order', () => {
    const r = request({ status: 'closed', dayParts: ['mon-morning'] })
    const o = offer({ categoryId: 'oppas', dayParts: ['sun-evening'], author: author('henk', { paused: true }) })
    expect(broken(r, o)).toBe('same-category')
    expect(broken(r, { ...o, categoryId: 'tuin' })).toBe('open')
    expect(broken({ ...r, status: 'open' }, { ...o, categoryId: 'tuin' })).toBe('helper-capacity')
  })

  it('lets pass what is just within the limits', () => {
    expect(broken(request({ endDate: today }), offer({ endDate: today }))).toBeNull()
    expect(
      broken(
        request({ categoryId: 'oppas' }),
        offer({ categoryId: 'oppas', author: author('henk', { screenedUntil: today }) }),
      ),
    ).toBeNull()
    // Only the helper needs a screening, and only the helper's capacity counts.
    expect(
      broken(
        request({ categoryId: 'oppas', author: author('anna', { paused: true, activeMatches: 9 }) }),
        offer({ categoryId: 'oppas', author: author('henk', { screenedUntil: '2027-01-01', activeMatches: 2 }) }),
      ),
    ).toBeNull()
    expect(broken(request({ quantity: 2, activeMatches: 1 }), offer({ quantity: 3, activeMatches: 2 }))).toBeNull()
    // Blocking someone else does not block this pair.
    expect(broken(request({ author: author('anna', { blockedMemberIds: ['piet', 'henkie'] }) }), offer())).toBeNull()
  })

  it('stays exact with more than 32 members', () => {
    const context = matchContext(community, now)
    // Members get ids in the order they are met: x0 → 0 … x39 → 39; x34 shares mask bit 2 with x2.
    compile(
      request({ author: author('x0', { blockedMemberIds: Array.from({ length: 39 }, (_, i) => `x${i + 1}`) }) }),
      context,
    )
    const pair = (blockedMemberIds: string[]) =>
      brokenConstraint(
        compile(request({ author: author('x1', { blockedMemberIds }) }), context),
        compile(offer({ author: author('x2') }), context),
        context,
      )
    expect(pair(['x34'])).toBeNull()
    expect(pair(['x34', 'x2'])).toBe('blocked')
    const r = compile(request({ author: author('x1', { blockedMemberIds: ['x34'] }) }), context)
    const o = compile(offer({ author: author('x2') }), context)
    expect(scorePair(r, o, context)).toBeGreaterThan(0)
    expect(scorePair(o, r, context)).toBeGreaterThan(0)
  })

  it('checks the screening in a sensitive category only', () => {
    expect(broken(request({ categoryId: 'boodschappen' }), offer({ categoryId: 'boodschappen' }))).toBeNull()
  })
})

describe('fit', () => {
  it('is 4 without tags on either side, 4 + round(6 × shared / all) with tags, case-insensitive', () => {
    expect(raw('fit', request(), offer({ tags: ['tuin'] }))).toBe(4)
    expect(raw('fit', request({ tags: ['tuin'] }), offer())).toBe(4)
    expect(raw('fit', request({ tags: ['tuin'] }), offer({ tags: ['heg'] }))).toBe(4)
    expect(raw('fit', request({ tags: ['tuin'] }), offer({ tags: ['TUIN'] }))).toBe(10)
    // 1 of 3: 4 + round(2) = 6; 2 of 3: 4 + round(4) = 8; 1 of 4: 4 + round(1.5) = 6.
    expect(raw('fit', request({ tags: ['tuin', 'heg'] }), offer({ tags: ['Tuin', 'gras'] }))).toBe(6)
    expect(raw('fit', request({ tags: ['tuin', 'heg', 'gras'] }), offer({ tags: ['tuin', 'heg'] }))).toBe(8)
    expect(raw('fit', request({ tags: ['a', 'b'] }), offer({ tags: ['a', 'c', 'd'] }))).toBe(6)
    // The same tag twice counts once.
    expect(raw('fit', request({ tags: ['tuin', 'Tuin'] }), offer({ tags: ['tuin'] }))).toBe(10)
  })

  it('stays exact with more than 32 tags in a category', () => {
    const many = Array.from({ length: 40 }, (_, i) => `tag-${i}`)
    const context = only('fit')
    // Intern 40 tags first, so later ones share mask bits with earlier ones.
    for (const [i, tag] of many.entries()) compile(request({ id: `x-${i}`, tags: [tag] }), context)
    const r = compile(request({ tags: ['tag-1', 'tag-33', 'tag-39'] }), context)
    const o = compile(offer({ tags: ['tag-33', 'tag-7', 'tag-2'] }), context)
    // tag-1 and tag-33 share bit 1, tag-39 and tag-7 share bit 7: only tag-33 is really shared (1 of 5).
    expect(explainPair(r, o, context)?.components.fit).toBe(4 + Math.round(6 / 5))
    expect(scorePair(r, o, context)).toBe(5)
  })

  it('names the shared tags, or the kind of help', () => {
    expect(reason('fit', request({ tags: ['tuin', 'snoeien', 'heg'] }), offer({ tags: ['Snoeien', 'TUIN'] }))).toEqual({
      nl: 'Past bij de vraag: tuin, snoeien',
      en: 'Fits the request: tuin, snoeien',
    })
    expect(reason('fit', request(), offer())).toEqual({ nl: 'Zelfde soort hulp', en: 'Same kind of help' })
    expect(reason('fit', request({ tags: ['heg'] }), offer({ tags: ['gras'] }))).toEqual({
      nl: 'Zelfde soort hulp',
      en: 'Same kind of help',
    })
  })

  it('keeps a long list of tags within 80 characters', () => {
    const tags = Array.from({ length: 8 }, (_, i) => `een-heel-lange-tag-nummer-${i}`)
    const text = reason('fit', request({ tags }), offer({ tags }))
    expect(text?.nl.length).toBeLessThanOrEqual(80)
    expect(text?.en.length).toBeLessThanOrEqual(80)
    expect(text?.nl).toBe('Past bij de vraag: een-heel-lange-tag-nummer-0 en nog 7')
    expect(text?.en).toBe('Fits the request: een-heel-lange-tag-nummer-0 and 7 more')
  })
})

describe('distance', () => {
  const at = (r: string, o: string) => raw('distance', request({ areaPath: r }), offer({ areaPath: o }))

  it('is 10 in the same buurt, 6 in the same wijk, 2 in the same gemeente', () => {
    expect(at('/lindeveen/noord/de-akkers/', '/lindeveen/noord/de-akkers/')).toBe(10)
    expect(at('/lindeveen/noord/de-akkers/', '/lindeveen/noord/molenwijk/')).toBe(6)
    expect(at('/lindeveen/noord/de-akkers/', '/lindeveen/centrum/oude-markt/')).toBe(2)
    expect(at('/lindeveen/noord/de-akkers/', '/elders/noord/de-akkers/')).toBe(0)
  })

  it('counts a wijk and one of its buurten as the same wijk, a gemeente-wide post as the same gemeente', () => {
    expect(at('/lindeveen/noord/', '/lindeveen/noord/de-akkers/')).toBe(6)
    expect(at('/lindeveen/noord/', '/lindeveen/noord/')).toBe(10)
    expect(at('/lindeveen/', '/lindeveen/noord/de-akkers/')).toBe(2)
    expect(at('/lindeveen/', '/lindeveen/')).toBe(2)
  })

  it('works for gemeente/dorp and four-level hierarchies', () => {
    expect(at('/dorpenland/eikenrode/', '/dorpenland/eikenrode/')).toBe(10)
    expect(at('/dorpenland/eikenrode/', '/dorpenland/ter-heide/')).toBe(2)
    expect(at('/g/w/b/straat-1/', '/g/w/b/straat-1/')).toBe(10)
    expect(at('/g/w/b/straat-1/', '/g/w/b/straat-2/')).toBe(6)
    expect(at('/g/w/b-1/straat-1/', '/g/w/b-2/straat-1/')).toBe(6)
    expect(at('/g/w-1/b/straat-1/', '/g/w-2/b/straat-1/')).toBe(2)
    // Rural: dorpen and kernen in a wijk "buitengebied".
    expect(at('/lindeveen/buitengebied/eikenrode/', '/lindeveen/buitengebied/ter-heide/')).toBe(6)
  })

  it('says so in plain words', () => {
    const say = (r: string, o: string) => reason('distance', request({ areaPath: r }), offer({ areaPath: o }))
    expect(say('/l/noord/de-akkers/', '/l/noord/de-akkers/')).toEqual({
      nl: 'Woont in dezelfde buurt',
      en: 'Lives in the same neighbourhood',
    })
    expect(say('/l/noord/de-akkers/', '/l/noord/molenwijk/')).toEqual({
      nl: 'Woont in dezelfde wijk',
      en: 'Lives in the same district',
    })
    expect(say('/l/noord/de-akkers/', '/l/centrum/oude-markt/')).toEqual({
      nl: 'Woont in dezelfde gemeente',
      en: 'Lives in the same municipality',
    })
    expect(say('/l/noord/de-akkers/', '/x/noord/de-akkers/')).toBeUndefined()
  })
})

describe('availability', () => {
  const when = (r: MatchPost['dayParts'], o: MatchPost['dayParts']) =>
    [
      raw('availability', request({ dayParts: r }), offer({ dayParts: o })),
      reason('availability', request({ dayParts: r }), offer({ dayParts: o })),
    ] as const

  it('is round(10 × shared / the smaller number of day parts), named up to two', () => {
    expect(when(['tue-afternoon'], ['tue-afternoon', 'thu-evening'])).toEqual([
      10,
      { nl: 'Kan op dinsdagmiddag', en: 'Available on Tuesday afternoon' },
    ])
    expect(
      when(['tue-afternoon', 'thu-evening', 'sat-morning'], ['thu-evening', 'tue-afternoon', 'sun-evening']),
    ).toEqual([
      7, // 2 of 3
      { nl: 'Kan op dinsdagmiddag en donderdagavond', en: 'Available on Tuesday afternoon and Thursday evening' },
    ])
    expect(when(['mon-morning', 'tue-morning', 'wed-morning'], ['mon-morning', 'tue-morning', 'wed-morning'])).toEqual([
      10,
      {
        nl: 'Kan op maandagochtend, dinsdagochtend en nog 1 moment',
        en: 'Available on Monday morning, Tuesday morning and 1 more time',
      },
    ])
    const week = [...dayParts]
    expect(when(week, ['fri-evening', 'sat-morning', 'sun-morning', 'sun-afternoon', 'sun-evening'])).toEqual([
      10,
      {
        nl: 'Kan op vrijdagavond, zaterdagochtend en nog 3 momenten',
        en: 'Available on Friday evening, Saturday morning and 3 more times',
      },
    ])
    // 1 of 4: round(2.5) = 3
    expect(
      when(
        ['mon-morning', 'tue-morning', 'wed-morning', 'thu-morning'],
        ['mon-morning', 'sat-evening', 'sun-evening', 'fri-evening'],
      )[0],
    ).toBe(3)
  })

  it('has a Dutch and English name for each of the 21 day parts', () => {
    expect(Object.keys(dayPartNames)).toEqual([...dayParts])
    expect(dayPartNames['wed-evening']).toEqual({ nl: 'woensdagavond', en: 'Wednesday evening' })
    expect(new Set(Object.values(dayPartNames).map((n) => n.nl)).size).toBe(21)
  })
})

describe('language', () => {
  it('is 10 for a shared language, else 0, and names a shared language other than Dutch', () => {
    const pair = (a: string[], b: string[]) =>
      [
        request({ author: author('anna', { languages: a }) }),
        offer({ author: author('henk', { languages: b }) }),
      ] as const
    expect(raw('language', ...pair(['nl'], ['nl']))).toBe(10)
    expect(raw('language', ...pair(['ar'], ['nl']))).toBe(0)
    expect(reason('language', ...pair(['nl'], ['nl', 'en']))).toEqual({
      nl: 'Spreekt dezelfde taal',
      en: 'Speaks the same language',
    })
    expect(reason('language', ...pair(['nl', 'ar'], ['ar', 'nl']))).toEqual({
      nl: 'Spreekt ook Arabisch',
      en: 'Also speaks Arabic',
    })
    expect(reason('language', ...pair(['tr'], ['tr', 'nl']))).toEqual({
      nl: 'Spreekt ook Turks',
      en: 'Also speaks Turkish',
    })
    expect(reason('language', ...pair(['nl'], ['ar']))).toBeUndefined()
  })

  it('has a Dutch and English name for every spoken language', () => {
    expect(Object.keys(languageNames).sort()).toEqual([...spokenLanguages].sort())
  })
})

describe('waiting', () => {
  const waited = (ms: number) => {
    const r = request({ createdAt: new Date(now.getTime() - ms).toISOString() })
    return [raw('waiting', r, offer()), reason('waiting', r, offer())] as const
  }

  it('counts whole days since the request was posted, at most 10', () => {
    expect(waited(dayMs - 1)).toEqual([0, undefined])
    expect(waited(dayMs)).toEqual([1, { nl: 'Wacht al 1 dag', en: 'Has been waiting 1 day' }])
    expect(waited(9 * dayMs + 5_000)).toEqual([9, { nl: 'Wacht al 9 dagen', en: 'Has been waiting 9 days' }])
    expect(waited(10 * dayMs)[0]).toBe(10)
    expect(waited(25 * dayMs)).toEqual([10, { nl: 'Wacht al 25 dagen', en: 'Has been waiting 25 days' }])
    // A clock that lags behind the post: not waiting yet.
    expect(waited(-dayMs)[0]).toBe(0)
  })

  it('is the request’s waiting, whichever post is asked about', () => {
    const r = request({ createdAt: new Date(now.getTime() - 3 * dayMs).toISOString() })
    const o = offer({ createdAt: new Date(now.getTime() - 8 * dayMs).toISOString() })
    const context = only('waiting')
    expect(scorePair(compile(o, context), compile(r, context), context)).toBe(3)
  })
})

describe('load, reciprocity and bridging', () => {
  it('load: round(10 × (1 − running / most)) of the helper, not the asker', () => {
    const helper = (activeMatches: number, maxActiveMatches: number) =>
      raw(
        'load',
        request({ author: author('anna', { activeMatches: 2 }) }),
        offer({ author: author('henk', { activeMatches, maxActiveMatches }) }),
      )
    expect(helper(0, 3)).toBe(10)
    expect(helper(1, 3)).toBe(7)
    expect(helper(2, 3)).toBe(3)
    expect(helper(1, 4)).toBe(8) // 7.5 rounds up
    expect(helper(19, 20)).toBe(1) // 0.5 rounds up
    expect(reason('load', request(), offer())).toEqual({ nl: 'Heeft nog tijd om te helpen', en: 'Has time to help' })
  })

  it('reciprocity: the asker offers in a category in which the helper asks', () => {
    const r = request({ author: author('anna', { offersIn: ['boodschappen'], needsIn: ['tuin'] }) })
    expect(raw('reciprocity', r, offer({ author: author('henk', { needsIn: ['boodschappen'] }) }))).toBe(10)
    expect(raw('reciprocity', r, offer({ author: author('henk', { offersIn: ['boodschappen'] }) }))).toBe(0)
    expect(
      raw(
        'reciprocity',
        request({ author: author('anna', { needsIn: ['boodschappen'] }) }),
        offer({ author: author('henk', { offersIn: ['boodschappen'] }) }),
      ),
    ).toBe(0)
    expect(reason('reciprocity', r, offer({ author: author('henk', { needsIn: ['boodschappen'] }) }))).toEqual({
      nl: 'Jullie kunnen elkaar allebei helpen',
      en: 'You can both help each other',
    })
  })

  it('reciprocity stays exact with more than 32 categories', () => {
    const context = only('reciprocity')
    const categories = Array.from({ length: 40 }, (_, i) => `c${i}`)
    // Categories get ids in the order they are met: c33 shares mask bit 1 with c1.
    compile(request({ author: author('x', { offersIn: categories }) }), context)
    const pair = (offersIn: string[], needsIn: string[]) =>
      scorePair(
        compile(request({ author: author('anna', { offersIn }) }), context),
        compile(offer({ author: author('henk', { needsIn }) }), context),
        context,
      )
    expect(pair(['c1'], ['c33'])).toBe(0)
    expect(pair(['c33'], ['c33'])).toBe(10)
    expect(pair(['c1', 'c39'], ['c33', 'c39'])).toBe(10)
  })

  it('bridging: counts when both gave different age bands, but is never a reason', () => {
    const pair = (a: MatchAuthorFacts['ageBand'], b: MatchAuthorFacts['ageBand']) =>
      [request({ author: author('anna', { ageBand: a }) }), offer({ author: author('henk', { ageBand: b }) })] as const
    expect(raw('bridging', ...pair('under-25', '80-plus'))).toBe(10)
    expect(raw('bridging', ...pair('65-79', '65-79'))).toBe(0)
    expect(raw('bridging', ...pair(null, '80-plus'))).toBe(0)
    const explanation = explain(...pair('under-25', '80-plus'), only('bridging'))
    expect(explanation?.score).toBe(10)
    expect(explanation?.components.bridging).toBe(10)
    expect(explanation?.reasons).toEqual([])
  })
})

describe('topSuggestions', () => {
  const offers = (context: MatchContext) =>
    [
      offer({ id: 'off-c', areaPath: '/lindeveen/noord/molenwijk/' }), // same wijk
      offer({ id: 'off-b', author: author('piet') }), // same buurt
      offer({ id: 'off-a', author: author('kees') }), // same buurt, lower id
      offer({ id: 'off-d', author: author('joke'), areaPath: '/lindeveen/centrum/oude-markt/' }),
      offer({ id: 'off-e', author: author('anna') }), // the asker's own offer
      offer({ id: 'off-f', author: author('fien'), dayParts: ['sun-evening'] }), // never available
    ].map((o) => compile(o, context))

  it('returns the k best, best first, ties to the lower post id, never a broken pair', () => {
    const r = compile(request(), defaultContext)
    expect(topSuggestions(r, offers(defaultContext), defaultContext, 3)).toEqual([
      { postId: 'off-a', score: 102 },
      { postId: 'off-b', score: 102 },
      { postId: 'off-c', score: 90 },
    ])
    expect(topSuggestions(r, offers(defaultContext), defaultContext, 10).map((s) => s.postId)).toEqual([
      'off-a',
      'off-b',
      'off-c',
      'off-d',
    ])
    expect(topSuggestions(r, offers(defaultContext), defaultContext, 0)).toEqual([])
  })

  it('leaves out pairs that score 0', () => {
    const context = only('bridging')
    const r = compile(request({ author: author('anna', { ageBand: '80-plus' }) }), context)
    const candidates = [
      compile(offer({ id: 'off-a', author: author('kees', { ageBand: '80-plus' }) }), context),
      compile(offer({ id: 'off-b', author: author('piet', { ageBand: 'under-25' }) }), context),
      compile(offer({ id: 'off-c', author: author('joke', { ageBand: null }) }), context),
    ]
    expect(topSuggestions(r, candidates, context, 5)).toEqual([{ postId: 'off-b', score: 10 }])
  })
})
