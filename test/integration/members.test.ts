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

const samira = 'lindeveen/samira'
const jeroen = 'lindeveen/jeroen'
const members = '/api/communities/lindeveen/members'
const today = new Date().toISOString().slice(0, 10)

const auditActions = async (memberId: string) =>
  (await api.call(`/api/communities/lindeveen/audit?memberId=${memberId}`, { as: jeroen })).body.items.map(
    (e: { action: string; actorId: string }) => `${e.actorId}:${e.action}`,
  )

describe('a broker’s intake for a resident who is not online', () => {
  it('needs the resident’s consent, and then the broker posts for them, marked and audited', async () => {
    const intake = {
      kind: 'resident',
      role: 'resident',
      displayName: 'Truus',
      areaId: 'kastanjehof',
      contact: { fullName: 'Truus Verhoeven', email: null, phone: null, address: 'Lindelaan 3', representatives: [] },
    }
    expect(await api.call(members, { as: samira, method: 'POST', json: intake })).toMatchObject({
      status: 403,
      body: { error: 'CONSENT_REQUIRED' },
    })
    const created = await api.call(members, {
      as: samira,
      method: 'POST',
      json: { ...intake, consent: { givenOn: today, method: 'door', covers: ['posts', 'contact'] } },
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      displayName: 'Truus',
      managedByBroker: true,
      consents: [{ method: 'door', recordedBy: 'samira' }],
    })
    const truus = created.body.id

    const post = await api.call('/api/communities/lindeveen/posts', {
      as: samira,
      actFor: truus,
      method: 'POST',
      json: validPostBody({ title: 'Hulp bij het ophangen van gordijnen' }),
    })
    expect(post.body).toMatchObject({ viaBroker: true, author: { memberId: truus, displayName: 'Truus' } })
    const me = await api.call('/api/me', { as: samira, actFor: truus })
    expect(me.body.id).toBe(truus)
    expect(await auditActions(truus)).toEqual(
      expect.arrayContaining(['samira:member.created', 'samira:post.created-for']),
    )

    // The printed summary: the resident's open posts and whom to call.
    const summary = await api.call(`${members}/${truus}/summary`, { as: samira })
    expect(summary.body.posts.map((p: { title: string }) => p.title)).toEqual(['Hulp bij het ophangen van gordijnen'])
    expect(summary.body.helpdesk.phone).toBe('0123 45 67 89')
    expect(summary.body.broker).toEqual({ memberId: 'samira', displayName: 'Samira' })
  })

  it('lets the resident take over with an address of their own; the broker’s access follows the consent', async () => {
    const created = await api.call(members, {
      as: samira,
      method: 'POST',
      json: {
        kind: 'resident',
        role: 'resident',
        displayName: 'Jan',
        areaId: 'molenwijk',
        contact: { fullName: 'Jan Kok', email: null, phone: null, address: null, representatives: [] },
        consent: { givenOn: today, method: 'phone', covers: ['posts', 'contact'] },
      },
    })
    const jan = created.body
    const changed = await api.call(`${members}/${jan.id}/contact`, {
      as: samira,
      method: 'PUT',
      json: {
        fullName: 'Jan Kok',
        email: 'jan.kok@example.nl',
        phone: null,
        address: null,
        contactPreference: 'email',
        language: 'nl',
        version: jan.version,
      },
    })
    expect(changed.body).toMatchObject({ managedByBroker: false, contactPreference: 'email' })

    await api.call('/api/auth/code', {
      as: null,
      method: 'POST',
      json: { communityId: 'lindeveen', address: 'jan.kok@example.nl' },
    })
    const session = await api.call('/api/auth/verify', {
      as: null,
      method: 'POST',
      json: {
        communityId: 'lindeveen',
        address: 'jan.kok@example.nl',
        code: (await api.latestCode('jan.kok@example.nl')) ?? '',
      },
    })
    expect(session.body.member.id).toBe(jan.id)

    // Jan withdraws his consent: Samira can no longer act for him.
    const current = await api.call(`${members}/${jan.id}`, { as: session.body.token })
    await api.call(`${members}/${jan.id}/consents/withdraw`, {
      as: session.body.token,
      method: 'POST',
      json: { version: current.body.version },
    })
    const acting = await api.call('/api/communities/lindeveen/posts', {
      as: samira,
      actFor: jan.id,
      method: 'POST',
      json: validPostBody(),
    })
    expect(acting).toMatchObject({ status: 403, body: { error: 'CONSENT_REQUIRED' } })
  })

  it('refuses acting for a resident without consent, and refuses residents acting for anyone', async () => {
    expect((await api.call('/api/me', { as: samira, actFor: 'anna' })).body.error).toBe('CONSENT_REQUIRED')
    expect((await api.call('/api/me', { as: 'lindeveen/anna', actFor: 'henk' })).body.error).toBe('FORBIDDEN')
    expect((await api.call('/api/me', { as: samira, actFor: 'piet' })).body.error).toBe('MEMBER_NOT_FOUND')
  })
})

describe('contact details are masked', () => {
  it('shows them to the member and to staff (audited), never to another resident', async () => {
    expect((await api.call(`${members}/lars/contact`, { as: 'lindeveen/anna' })).body.error).toBe('FORBIDDEN')
    const own = await api.call(`${members}/anna/contact`)
    expect(own.body.email).toBe('anna@example.nl')
    expect(await auditActions('anna')).not.toContain('anna:contact.viewed')
    const byBroker = await api.call(`${members}/lars/contact`, { as: samira })
    expect(byBroker.body.fullName).toBe('Lars Visser')
    expect(await auditActions('lars')).toContain('samira:contact.viewed')
  })

  it('shows only first name and buurt in posts', async () => {
    const { body } = await api.call('/api/communities/lindeveen/posts?limit=100')
    const text = JSON.stringify(body)
    expect(text).not.toMatch(/@example\.nl|de Boer|Marktstraat/)
  })
})

describe('roles', () => {
  it('lets a coordinator change a role with a reason, never their own, and nobody else', async () => {
    const lars = (await api.call(`${members}/lars`, { as: jeroen })).body
    const own = (await api.call(`${members}/jeroen`, { as: jeroen })).body
    expect(
      (
        await api.call(`${members}/jeroen/role`, {
          as: jeroen,
          method: 'PUT',
          json: { role: 'resident', version: own.version, reason: 'proef' },
        })
      ).body.error,
    ).toBe('OWN_ROLE')
    expect(
      (
        await api.call(`${members}/anna/role`, {
          as: 'lindeveen/anna',
          method: 'PUT',
          json: { role: 'coordinator', version: 1, reason: 'ik wil' },
        })
      ).body.error,
    ).toBe('FORBIDDEN')
    expect(
      (
        await api.call(`${members}/lars/role`, {
          as: samira,
          method: 'PUT',
          json: { role: 'broker', version: lars.version, reason: 'hulp' },
        })
      ).body.error,
    ).toBe('FORBIDDEN')
    const changed = await api.call(`${members}/lars/role`, {
      as: jeroen,
      method: 'PUT',
      json: { role: 'broker', version: lars.version, reason: 'Lars wordt vrijwillig makelaar' },
    })
    expect(changed.body.role).toBe('broker')
    const entries = (await api.call('/api/communities/lindeveen/audit?action=member.role-changed', { as: jeroen })).body
      .items
    expect(entries[0]).toMatchObject({
      actorId: 'jeroen',
      memberId: 'lars',
      reason: 'resident → broker: Lars wordt vrijwillig makelaar',
    })
  })

  it('lets a coordinator register an organisation whose representatives can sign in for it', async () => {
    const created = await api.call(members, {
      as: jeroen,
      method: 'POST',
      json: {
        kind: 'organisation',
        role: 'organisation',
        displayName: 'Scouting Lindeveen',
        areaId: 'eikenrode',
        contact: {
          fullName: 'Scouting Lindeveen',
          email: 'bestuur@scouting.example.nl',
          phone: null,
          address: null,
          representatives: [{ name: 'Rik', email: 'rik@scouting.example.nl', phone: null }],
        },
      },
    })
    expect(created.status).toBe(201)
    await api.call('/api/auth/code', {
      as: null,
      method: 'POST',
      json: { communityId: 'lindeveen', address: 'rik@scouting.example.nl' },
    })
    const code = await api.latestCode('rik@scouting.example.nl')
    const session = await api.call('/api/auth/verify', {
      as: null,
      method: 'POST',
      json: { communityId: 'lindeveen', address: 'rik@scouting.example.nl', code: code ?? '' },
    })
    expect(session.body.member).toMatchObject({ id: created.body.id, kind: 'organisation' })
  })
})

describe('screening for sensitive help', () => {
  it('asks a screening before someone offers childcare, and records it as seen, not the document', async () => {
    const offer = validPostBody({ kind: 'offer', categoryId: 'oppas', title: 'Oppas op woensdag' })
    expect(
      (await api.call('/api/communities/lindeveen/posts', { as: 'lindeveen/priya', method: 'POST', json: offer })).body
        .error,
    ).toBe('SCREENING_REQUIRED')
    // A request for childcare needs no screening of the one who asks.
    expect(
      (
        await api.call('/api/communities/lindeveen/posts', {
          as: 'lindeveen/priya',
          method: 'POST',
          json: { ...offer, kind: 'request' },
        })
      ).status,
    ).toBe(201)
    const priya = (await api.call(`${members}/priya`, { as: samira })).body
    const screened = await api.call(`${members}/priya/screenings`, {
      as: samira,
      method: 'POST',
      json: { kind: 'vog', checkedOn: today, validUntil: '2099-01-01', note: 'VOG gezien', version: priya.version },
    })
    expect(screened.body.screenings).toEqual([
      { kind: 'vog', checkedOn: today, validUntil: '2099-01-01', checkedBy: 'samira', note: 'VOG gezien' },
    ])
    expect(
      (await api.call('/api/communities/lindeveen/posts', { as: 'lindeveen/priya', method: 'POST', json: offer }))
        .status,
    ).toBe(201)
  })
})

describe('the audit log', () => {
  it('is for coordinators, filters by month and action, and has no API to change it', async () => {
    expect((await api.call('/api/communities/lindeveen/audit', { as: samira })).body.error).toBe('FORBIDDEN')
    const month = new Date().toISOString().slice(0, 7)
    const all = await api.call(`/api/communities/lindeveen/audit?month=${month}`, { as: jeroen })
    expect(all.body.items.length).toBeGreaterThan(0)
    expect(all.body.items.every((e: { at: string }) => e.at.startsWith(month))).toBe(true)
    const old = await api.call('/api/communities/lindeveen/audit?month=2020-01', { as: jeroen })
    expect(old.body.items).toEqual([])
    const entry = all.body.items[0]
    expect(
      (await api.call(`/api/communities/lindeveen/audit/${entry.id}`, { as: jeroen, method: 'DELETE' })).status,
    ).toBe(404)
  })
})
