import { systemRuntime } from '../../functions/http/deps'
import { createDocumentClient } from '../../shared/db/client'
import { createStores } from '../../shared/db/index'
import { demoEvent, demoFloorMatches, demoParticipants } from '../../shared/demo/beursvloer'
import {
  demoAreas,
  demoCommunity,
  demoCommunityId,
  demoContact,
  demoLanguages,
  demoMembers,
  demoPosts,
  standardCategories,
  standardResourceTypeList,
} from '../../shared/demo/lindeveen'
import type { Caller } from '../../shared/domain/caller'
import type { ParticipantWithItems } from '../../shared/schemas/event'
import { defaultLifecycleSettings } from '../../shared/schemas/match'
import { defaultMatchingSettings } from '../../shared/schemas/matching'
import { type MemberDetails, newMemberMatching } from '../../shared/schemas/member'
import { defaultValuationRules } from '../../shared/schemas/valuation'
import { createCredentials, deriveKeys } from '../../shared/services/credentials'
import { everyService } from '../../shared/services/every-service'
import { createServices } from '../../shared/services/index'

export interface SeedResult {
  seeded: boolean
  communityId: string
  members: number
  posts: number
}

const day = 24 * 60 * 60 * 1000

/**
 * Seeds the demo community Lindeveen through the same stores and services the API uses, so the
 * demo data passes the same validation. Does nothing when the community already exists:
 * seeding never overwrites data. `keys` is the key secret the API uses (for sign-in addresses).
 */
export const seedDemo = async (options: {
  endpoint?: string
  tableName: string
  keys: string
  now?: Date
}): Promise<SeedResult> => {
  const db = createDocumentClient({ endpoint: options.endpoint })
  const stores = createStores(db, options.tableName)
  const credentials = createCredentials(deriveKeys(options.keys))
  const now = options.now ?? new Date()
  const result = { communityId: demoCommunityId, members: demoMembers.length, posts: demoPosts.length }
  if (await stores.communities.get(demoCommunityId)) return { seeded: false, ...result }

  const founded = new Date(now.getTime() - 60 * day).toISOString()
  // Conditional on "does not exist": two seeds at once cannot both write the demo.
  await stores.communities.put(
    {
      ...demoCommunity,
      areas: demoAreas,
      resourceTypes: standardResourceTypeList,
      categories: standardCategories,
      matching: structuredClone(defaultMatchingSettings),
      lifecycle: structuredClone(defaultLifecycleSettings),
      valuationRules: structuredClone(defaultValuationRules),
      version: 1,
      createdAt: founded,
      updatedAt: founded,
    },
    null,
  )

  const details = new Map<string, MemberDetails>()
  for (const profile of demoMembers) {
    const member: MemberDetails = {
      ...profile,
      managedByBroker: profile.id === 'henk',
      status: 'active',
      ...newMemberMatching(),
      languages: demoLanguages[profile.id] ?? ['nl'],
      contactPreference: profile.id === 'henk' ? 'none' : 'email',
      language: 'nl',
      consents:
        profile.id === 'henk'
          ? [
              {
                givenOn: founded.slice(0, 10),
                method: 'phone',
                covers: ['posts', 'matches', 'contact'],
                recordedBy: 'samira',
                recordedAt: founded,
                withdrawnAt: null,
              },
            ]
          : [],
      // Ellen offers childcare: a broker saw her VOG.
      screenings:
        profile.id === 'ellen'
          ? [
              {
                kind: 'vog',
                checkedOn: founded.slice(0, 10),
                validUntil: new Date(now.getTime() + 365 * day).toISOString().slice(0, 10),
                checkedBy: 'samira',
                note: '',
              },
            ]
          : [],
      version: 1,
      createdAt: founded,
      lastActiveAt: now.toISOString(),
      retentionNoticeAt: null,
    }
    const contact = demoContact(profile)
    const services = createServices(stores, systemRuntime, credentials, { send: async () => {} })
    await stores.members.create(member, contact, services.auth.loginHashes(demoCommunityId, contact))
    details.set(member.id, member)
  }

  const samira = details.get('samira')
  for (const [index, demo] of demoPosts.entries()) {
    const author = details.get(demo.authorId)
    if (!author || !samira) throw new Error(`Unknown demo author ${demo.authorId}`)
    // Each post gets the time it would have been created, minutes apart.
    const createdAt = new Date(now.getTime() - demo.daysAgo * day - index * 60_000)
    const services = createServices(stores, { ...systemRuntime, now: () => createdAt }, credentials, {
      send: async () => {},
    })
    // Henk is not online: Samira posts for him.
    const caller: Caller = author.managedByBroker ? { ...author, actedBy: samira } : author
    await services.posts.create(caller, demoCommunityId, demo.body)
  }
  const jeroen = details.get('jeroen')
  if (!jeroen || !samira) throw new Error('The demo coordinator and broker are missing')
  await seedBeursvloer(createServices(stores, systemRuntime, credentials, { send: async () => {} }, everyService), {
    coordinator: jeroen,
    broker: samira,
    today: now.toISOString().slice(0, 10),
  })
  db.destroy()
  return { seeded: true, ...result }
}

/**
 * The demo Beursvloer, live today: registered through the event service as the coordinator,
 * two of every three participants checked in, and the demo floor matches recorded by the broker.
 */
const seedBeursvloer = async (
  services: ReturnType<typeof createServices>,
  people: { coordinator: MemberDetails; broker: MemberDetails; today: string },
): Promise<void> => {
  const { coordinator, broker, today } = people
  const event = await services.events.createEvent(coordinator, demoCommunityId, { ...demoEvent, date: today })
  const live = await services.events.updateEvent(coordinator, demoCommunityId, event.id, {
    name: event.name,
    date: event.date,
    place: event.place,
    floorStart: event.floorStart,
    floorEnd: event.floorEnd,
    // Samira is the hoekman of manpower and knowledge.
    corners: event.corners.map((c) =>
      c.id === 'menskracht' || c.id === 'kennis' ? { ...c, hoekmannen: [broker.id] } : c,
    ),
    valuationRules: event.valuationRules,
    status: 'live',
    version: event.version,
  })
  const registered: ParticipantWithItems[] = []
  for (const [index, body] of demoParticipants.entries()) {
    const participant = await services.events.registerParticipant(coordinator, demoCommunityId, live.id, body)
    registered.push(participant)
    if (index % 3 !== 2) {
      await services.events.checkIn(broker, demoCommunityId, live.id, { participantId: participant.id })
    }
  }
  const itemOf = (name: string, title: string) => {
    const item = registered.find((p) => p.name === name)?.items.find((i) => i.title === title)
    if (!item) throw new Error(`Demo item not found: ${name} / ${title}`)
    return item
  }
  for (const deal of demoFloorMatches) {
    const need = itemOf(...deal.need)
    const offer = itemOf(...deal.offer)
    const rule = live.valuationRules.find((r) => r.resourceType === offer.cornerId) ?? live.valuationRules[0]
    if (!rule) throw new Error('The demo event has no valuation rules')
    await services.events.recordMatch(broker, demoCommunityId, live.id, {
      need: { itemId: need.id },
      offer: { itemId: offer.id },
      offerGives: {
        what: offer.title,
        valuation: {
          ruleId: rule.id,
          ...(deal.hours !== undefined ? { hours: deal.hours, people: deal.people ?? 1 } : {}),
          ...(deal.statedEuros !== undefined ? { statedCents: deal.statedEuros * 100 } : {}),
          // A rule the demo did not give an input for values by hours: one hour.
          ...(rule.method === 'hours' && deal.hours === undefined ? { hours: 1 } : {}),
          ...(rule.method === 'stated' && deal.statedEuros === undefined ? { statedCents: 10_000 } : {}),
        },
      },
      needGives: deal.back
        ? { what: deal.back.what, valuation: { ruleId: 'kennis-uur', hours: deal.back.hours } }
        : null,
      when: deal.when,
      confirmedByBoth: true,
    })
  }
}
