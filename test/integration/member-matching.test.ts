/**
 * What members set for matching, against DynamoDB Local through the API: how much a helper
 * takes on and the languages they speak, whom they block, and the optional age band that only
 * they ever see.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApi, type TestApi } from '../support/api'
import { validPostBody } from '../support/fixtures'

let api: TestApi
beforeAll(async () => {
  api = await startTestApi()
})
afterAll(async () => {
  await api?.close()
})

const anna = 'lindeveen/anna'
const samira = 'lindeveen/samira'
const jeroen = 'lindeveen/jeroen'
const members = '/api/communities/lindeveen/members'
const today = new Date().toISOString().slice(0, 10)

const read = async (memberId: string, as = `lindeveen/${memberId}`) => {
  const { status, body } = await api.call(`${members}/${memberId}`, { as })
  expect(status).toBe(200)
  return body
}
const auditOf = async (memberId: string) =>
  (await api.call(`/api/communities/lindeveen/audit?memberId=${memberId}`, { as: jeroen })).body.items.map(
    (e: { action: string; actorId: string; reason: string | null }) => `${e.actorId}:${e.action}:${e.reason ?? ''}`,
  )
const postBy = async (author: string, title: string): Promise<string> => {
  const { status, body } = await api.call('/api/communities/lindeveen/posts', {
    as: `lindeveen/${author}`,
    method: 'POST',
    json: validPostBody({ title }),
  })
  expect(status).toBe(201)
  return body.id
}
/** A resident made by the coordinator, signed in as themself: changes to them affect no other test. */
const newResident = async (name: string): Promise<string> => {
  const { status, body } = await api.call(members, {
    as: jeroen,
    method: 'POST',
    json: {
      kind: 'resident',
      role: 'resident',
      displayName: name,
      areaId: 'molenwijk',
      contact: {
        fullName: `${name} Testlid`,
        email: `${name.toLowerCase()}@example.nl`,
        phone: null,
        address: null,
        representatives: [],
      },
      consent: { givenOn: today, method: 'paper', covers: ['posts'] },
    },
  })
  expect(status).toBe(201)
  return body.id
}

describe('helping: capacity, pause and languages', () => {
  it('the member sets their own, version-checked, without an audit entry', async () => {
    const before = await read('lars')
    const changed = await api.call(`${members}/lars/helping`, {
      as: 'lindeveen/lars',
      method: 'PUT',
      json: { maxActiveMatches: 5, paused: true, languages: ['nl', 'ar', 'ber'], version: before.version },
    })
    expect(changed).toMatchObject({
      status: 200,
      body: {
        helping: { maxActiveMatches: 5, paused: true },
        languages: ['nl', 'ar', 'ber'],
        version: before.version + 1,
      },
    })
    expect(await read('lars')).toMatchObject({ helping: { maxActiveMatches: 5, paused: true } })
    const stale = await api.call(`${members}/lars/helping`, {
      as: 'lindeveen/lars',
      method: 'PUT',
      json: { maxActiveMatches: 2, paused: false, languages: ['nl'], version: before.version },
    })
    expect(stale).toMatchObject({ status: 409, body: { error: 'MEMBER_CHANGED' } })
    expect(await auditOf('lars')).toEqual([])
  })

  it('a broker or coordinator sets it for a member, and a broker acting for a resident; audited', async () => {
    const mieke = await read('mieke')
    const byBroker = await api.call(`${members}/mieke/helping`, {
      as: samira,
      method: 'PUT',
      json: { maxActiveMatches: 1, paused: false, languages: ['nl', 'tr'], version: mieke.version },
    })
    expect(byBroker).toMatchObject({ status: 200, body: { helping: { maxActiveMatches: 1 }, languages: ['nl', 'tr'] } })
    const byCoordinator = await api.call(`${members}/mieke/helping`, {
      as: jeroen,
      method: 'PUT',
      json: { maxActiveMatches: 2, paused: true, languages: ['nl'], version: mieke.version + 1 },
    })
    expect(byCoordinator.status).toBe(200)
    expect(await auditOf('mieke')).toEqual([
      'jeroen:member.matching-changed:helping',
      'samira:member.matching-changed:helping',
    ])

    const henk = await read('henk', samira)
    const forHenk = await api.call(`${members}/henk/helping`, {
      as: samira,
      actFor: 'henk',
      method: 'PUT',
      json: { maxActiveMatches: 2, paused: false, languages: ['nl', 'pap'], version: henk.version },
    })
    expect(forHenk).toMatchObject({ status: 200, body: { languages: ['nl', 'pap'] } })
    expect(await auditOf('henk')).toContain('samira:member.matching-changed:helping')
  })

  it('refuses others, other communities and bad input, and then changes nothing', async () => {
    const fatima = await read('fatima')
    const body = { maxActiveMatches: 4, paused: false, languages: ['nl'], version: fatima.version }
    const before = await api.snapshot()
    const cases: [string, Parameters<TestApi['call']>[1], number, string, string?][] = [
      [`${members}/fatima/helping`, { as: anna, json: body }, 403, 'FORBIDDEN'],
      [`${members}/fatima/helping`, { as: 'lindeveen/stichting-de-brug', json: body }, 403, 'FORBIDDEN'],
      // Acting for Henk gives Henk's rights, not the broker's.
      [`${members}/fatima/helping`, { as: samira, actFor: 'henk', json: body }, 403, 'FORBIDDEN'],
      ['/api/communities/andere-stad/members/piet/helping', { as: samira, json: body }, 403, 'COMMUNITY_FORBIDDEN'],
      [
        `${members}/fatima/helping`,
        { as: 'lindeveen/fatima', json: { ...body, maxActiveMatches: 0 } },
        422,
        'VALIDATION_FAILED',
        'maxActiveMatches',
      ],
      [
        `${members}/fatima/helping`,
        { as: 'lindeveen/fatima', json: { ...body, maxActiveMatches: 21 } },
        422,
        'VALIDATION_FAILED',
        'maxActiveMatches',
      ],
      [
        `${members}/fatima/helping`,
        { as: 'lindeveen/fatima', json: { ...body, languages: [] } },
        422,
        'VALIDATION_FAILED',
        'languages',
      ],
      [
        `${members}/fatima/helping`,
        { as: 'lindeveen/fatima', json: { ...body, languages: ['nl', 'nl'] } },
        422,
        'VALIDATION_FAILED',
        'languages',
      ],
      [
        `${members}/fatima/helping`,
        { as: 'lindeveen/fatima', json: { ...body, languages: ['klingon'] } },
        422,
        'VALIDATION_FAILED',
        'languages.0',
      ],
      [
        `${members}/fatima/helping`,
        { as: 'lindeveen/fatima', json: { ...body, version: fatima.version + 1 } },
        409,
        'MEMBER_CHANGED',
      ],
      [`${members}/nobody-here/helping`, { as: samira, json: body }, 404, 'MEMBER_NOT_FOUND'],
    ]
    for (const [path, init, status, error, field] of cases) {
      const response = await api.call(path, { method: 'PUT', ...init })
      expect(response, `${path} ${JSON.stringify(init)}`).toMatchObject({ status, body: { error } })
      if (field) expect(response.body.details.map((d: { path: string }) => d.path)).toContain(field)
    }
    expect(await api.snapshot()).toBe(before)
  })
})

describe('blocks', () => {
  it('blocks the author of a post, once; lifts the block, once', async () => {
    const post = await postBy('yusuf', 'Fiets te leen')
    const own = await read('priya')
    const blocked = await api.call(`${members}/priya/blocks`, {
      as: 'lindeveen/priya',
      method: 'POST',
      json: { postId: post, version: own.version },
    })
    expect(blocked).toMatchObject({
      status: 200,
      body: {
        blocked: [{ memberId: 'yusuf', displayName: 'Yusuf', at: expect.any(String) }],
        version: own.version + 1,
      },
    })
    // Blocking again (also from an old page) changes nothing.
    const before = await api.snapshot()
    const again = await api.call(`${members}/priya/blocks`, {
      as: 'lindeveen/priya',
      method: 'POST',
      json: { postId: post, version: own.version },
    })
    expect(again).toMatchObject({ status: 200, body: { version: own.version + 1 } })
    expect(again.body.blocked).toHaveLength(1)
    expect(await api.snapshot()).toBe(before)
    // Another post by the same author: still one block.
    const second = await postBy('yusuf', 'Ladder te leen')
    const third = await api.call(`${members}/priya/blocks`, {
      as: 'lindeveen/priya',
      method: 'POST',
      json: { postId: second, version: own.version + 1 },
    })
    expect(third.body).toMatchObject({ version: own.version + 1 })

    const lifted = await api.call(`${members}/priya/blocks/remove`, {
      as: 'lindeveen/priya',
      method: 'POST',
      json: { memberId: 'yusuf', version: own.version + 1 },
    })
    expect(lifted).toMatchObject({ status: 200, body: { blocked: [], version: own.version + 2 } })
    const liftedAgain = await api.call(`${members}/priya/blocks/remove`, {
      as: 'lindeveen/priya',
      method: 'POST',
      json: { memberId: 'yusuf', version: own.version + 1 },
    })
    expect(liftedAgain).toMatchObject({ status: 200, body: { blocked: [], version: own.version + 2 } })
    // A member's own choice: nothing in the audit log.
    expect(await auditOf('priya')).toEqual([])
  })

  it('a broker acting for the resident may (audited); nobody else, not even staff', async () => {
    const post = await postBy('tom', 'Gras maaien')
    const henk = await read('henk', samira)
    const forHenk = await api.call(`${members}/henk/blocks`, {
      as: samira,
      actFor: 'henk',
      method: 'POST',
      json: { postId: post, version: henk.version },
    })
    expect(forHenk).toMatchObject({ status: 200, body: { blocked: [{ memberId: 'tom' }] } })
    expect(await auditOf('henk')).toContain('samira:member.matching-changed:block added')

    const before = await api.snapshot()
    const refusals: [string, Parameters<TestApi['call']>[1], number, string][] = [
      [`${members}/henk/blocks`, { as: samira, json: { postId: post, version: henk.version + 1 } }, 403, 'FORBIDDEN'],
      [`${members}/henk/blocks`, { as: jeroen, json: { postId: post, version: henk.version + 1 } }, 403, 'FORBIDDEN'],
      [`${members}/henk/blocks`, { as: anna, json: { postId: post, version: henk.version + 1 } }, 403, 'FORBIDDEN'],
      [
        `${members}/henk/blocks/remove`,
        { as: jeroen, json: { memberId: 'tom', version: henk.version + 1 } },
        403,
        'FORBIDDEN',
      ],
      [
        `${members}/henk/blocks/remove`,
        { as: samira, json: { memberId: 'tom', version: henk.version + 1 } },
        403,
        'FORBIDDEN',
      ],
      [
        '/api/communities/andere-stad/members/piet/blocks',
        { as: anna, json: { postId: post, version: 1 } },
        403,
        'COMMUNITY_FORBIDDEN',
      ],
    ]
    for (const [path, init, status, error] of refusals) {
      expect(await api.call(path, { method: 'POST', ...init }), `${path} ${init?.as}`).toMatchObject({
        status,
        body: { error },
      })
    }
    expect(await api.snapshot()).toBe(before)

    const lifted = await api.call(`${members}/henk/blocks/remove`, {
      as: samira,
      actFor: 'henk',
      method: 'POST',
      json: { memberId: 'tom', version: henk.version + 1 },
    })
    expect(lifted).toMatchObject({ status: 200, body: { blocked: [] } })
    expect(await auditOf('henk')).toContain('samira:member.matching-changed:block removed')
  })

  it('refuses one’s own post, unknown posts, posts of another community and stale versions', async () => {
    const ownPost = await postBy('sanne', 'Soep over')
    const other = await postBy('ruud', 'Hulp bij verhuizen')
    const sanne = await read('sanne')
    const before = await api.snapshot()
    const block = (postId: string, version = sanne.version) =>
      api.call(`${members}/sanne/blocks`, { as: 'lindeveen/sanne', method: 'POST', json: { postId, version } })
    expect(await block(ownPost)).toMatchObject({
      status: 422,
      body: { error: 'VALIDATION_FAILED', details: [{ path: 'postId', code: 'own_post' }] },
    })
    expect(await block('doesnotexist0')).toMatchObject({ status: 404, body: { error: 'POST_NOT_FOUND' } })
    // Piet's post lives in Andere Stad: not found from Lindeveen.
    expect(await block('other-community-post')).toMatchObject({ status: 404, body: { error: 'POST_NOT_FOUND' } })
    expect(await block(other, sanne.version + 1)).toMatchObject({ status: 409, body: { error: 'MEMBER_CHANGED' } })
    expect(await block('x')).toMatchObject({ status: 422, body: { error: 'VALIDATION_FAILED' } })
    expect(await api.snapshot()).toBe(before)
  })
})

describe('attributes (the age band)', () => {
  const attributes = (memberId: string) => `${members}/${memberId}/attributes`

  it('the member gives it with consent, reads it, and withdraws it (the item is deleted)', async () => {
    expect(await api.call(attributes('gerda'), { as: 'lindeveen/gerda' })).toMatchObject({
      status: 200,
      body: { ageBand: null, consentedAt: null },
    })
    const noConsent = await api.call(attributes('gerda'), {
      as: 'lindeveen/gerda',
      method: 'PUT',
      json: { ageBand: '65-79', consent: false },
    })
    expect(noConsent).toMatchObject({
      status: 422,
      body: { error: 'VALIDATION_FAILED', details: [{ path: 'consent', code: 'consent_required' }] },
    })

    const given = await api.call(attributes('gerda'), {
      as: 'lindeveen/gerda',
      method: 'PUT',
      json: { ageBand: '65-79', consent: true },
    })
    expect(given).toMatchObject({ status: 200, body: { ageBand: '65-79', consentedAt: expect.any(String) } })
    expect((await api.call(attributes('gerda'), { as: 'lindeveen/gerda' })).body).toEqual(given.body)
    const item = (await api.items()).find((i) => i.pk === 'C#lindeveen#M#gerda' && i.sk === 'ATTRIBUTES')
    expect(item).toMatchObject({ entity: 'member-attributes', ageBand: '65-79' })
    // Not on the member item, which brokers read.
    expect(JSON.stringify(await read('gerda', samira))).not.toContain('65-79')

    const withdrawn = await api.call(attributes('gerda'), {
      as: 'lindeveen/gerda',
      method: 'PUT',
      json: { ageBand: null, consent: false },
    })
    expect(withdrawn).toMatchObject({ status: 200, body: { ageBand: null, consentedAt: null } })
    expect((await api.items()).some((i) => i.pk === 'C#lindeveen#M#gerda' && i.sk === 'ATTRIBUTES')).toBe(false)
  })

  it('nobody else sees or sets them: not a broker, not one acting for the member, not a coordinator', async () => {
    await api.call(attributes('henk'), {
      as: samira,
      actFor: 'henk',
      method: 'PUT',
      json: { ageBand: '80-plus', consent: true },
    })
    await api.call(attributes('bram'), {
      as: 'lindeveen/bram',
      method: 'PUT',
      json: { ageBand: '25-44', consent: true },
    })
    const before = await api.snapshot()
    const refused: [string, Parameters<TestApi['call']>[1], string][] = [
      [attributes('bram'), { as: samira }, 'FORBIDDEN'],
      [attributes('bram'), { as: jeroen }, 'FORBIDDEN'],
      [attributes('bram'), { as: anna }, 'FORBIDDEN'],
      [attributes('henk'), { as: samira, actFor: 'henk' }, 'FORBIDDEN'],
      [attributes('henk'), { as: jeroen, actFor: 'henk' }, 'FORBIDDEN'],
      [attributes('bram'), { as: samira, method: 'PUT', json: { ageBand: null, consent: false } }, 'FORBIDDEN'],
      [
        attributes('henk'),
        { as: samira, actFor: 'henk', method: 'PUT', json: { ageBand: null, consent: false } },
        'FORBIDDEN',
      ],
      ['/api/communities/andere-stad/members/piet/attributes', { as: anna }, 'COMMUNITY_FORBIDDEN'],
    ]
    for (const [path, init, error] of refused) {
      expect(await api.call(path, init), `${path} ${init?.as}`).toMatchObject({ status: 403, body: { error } })
    }
    expect(await api.snapshot()).toBe(before)
    // Henk had none: a broker acting for him could not set one.
    expect((await api.items()).some((i) => i.pk === 'C#lindeveen#M#henk' && i.sk === 'ATTRIBUTES')).toBe(false)

    // Nothing a broker or coordinator reads about Bram carries it.
    for (const [path, as] of [
      [`${members}/bram`, samira],
      [`${members}/bram/summary`, samira],
      [`${members}?limit=100`, samira],
      [`${members}/bram/export`, jeroen],
    ] as const) {
      const response = await api.call(path, { as })
      expect(response.status, path).toBe(200)
      expect(JSON.stringify(response.body), path).not.toMatch(/25-44|ageBand|consentedAt/)
    }
  })

  it('are in the member’s own export, and erasing the member removes them', async () => {
    const id = await newResident('Vera')
    const as = `lindeveen/${id}`
    const post = await postBy('ellen', 'Oppas op woensdag')
    let version = (await read(id)).version
    await api.call(`${members}/${id}/attributes`, { as, method: 'PUT', json: { ageBand: 'under-25', consent: true } })
    version = (
      await api.call(`${members}/${id}/helping`, {
        as,
        method: 'PUT',
        json: { maxActiveMatches: 2, paused: false, languages: ['nl', 'uk'], version },
      })
    ).body.version
    await api.call(`${members}/${id}/blocks`, { as, method: 'POST', json: { postId: post, version } })

    const exported = await api.call(`${members}/${id}/export`, { as })
    expect(exported).toMatchObject({
      status: 200,
      body: {
        attributes: { ageBand: 'under-25', consentedAt: expect.any(String) },
        member: { languages: ['nl', 'uk'], blocked: [{ memberId: 'ellen' }] },
      },
    })
    // A coordinator's export (on the member's request) leaves the attributes out.
    const byCoordinator = await api.call(`${members}/${id}/export`, { as: jeroen })
    expect(byCoordinator.status).toBe(200)
    expect(byCoordinator.body).not.toHaveProperty('attributes')
    // A member without attributes gets null.
    expect((await api.call(`${members}/anna/export`, { as: anna })).body.attributes).toBeNull()

    const erased = await api.call(`${members}/${id}/erase`, { as, method: 'POST', json: { confirm: true } })
    expect(erased).toMatchObject({
      status: 200,
      body: { status: 'erased', blocked: [], languages: ['nl'], helping: { maxActiveMatches: 3, paused: false } },
    })
    const partition = (await api.items()).filter((i) => i.pk === `C#lindeveen#M#${id}`)
    expect(partition.map((i) => i.sk)).toEqual(['PROFILE'])
    // Vera's block left no link behind in Ellen's partition either.
    expect((await api.items()).filter((i) => i.sk === `BLOCKED-BY#${id}`)).toEqual([])
  })

  it('leave no name behind when the blocked member is erased', async () => {
    const blocked = await newResident('Xander')
    const blocker = await newResident('Yara')
    const post = await postBy(blocked, 'Hulp bij de tuin van Xander')
    const version = (await read(blocker)).version
    const added = await api.call(`${members}/${blocker}/blocks`, {
      as: `lindeveen/${blocker}`,
      method: 'POST',
      json: { postId: post, version },
    })
    expect(added.body.blocked.map((b: { displayName: string }) => b.displayName)).toEqual(['Xander'])

    const erased = await api.call(`${members}/${blocked}/erase`, {
      as: `lindeveen/${blocked}`,
      method: 'POST',
      json: { confirm: true },
    })
    expect(erased.status).toBe(200)
    expect((await read(blocker)).blocked).toEqual([])
    const items = await api.items()
    expect(items.filter((i) => String(i.sk).startsWith('BLOCKED-BY#') && i.pk === `C#lindeveen#M#${blocked}`)).toEqual(
      [],
    )
    expect(JSON.stringify(items)).not.toContain('Xander')
  })
})
