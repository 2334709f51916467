import { systemRuntime } from '../../functions/http/deps'
import { createDocumentClient } from '../../shared/db/client'
import { createStores } from '../../shared/db/index'
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
import { defaultLifecycleSettings } from '../../shared/schemas/match'
import { defaultMatchingSettings } from '../../shared/schemas/matching'
import { type MemberDetails, newMemberMatching } from '../../shared/schemas/member'
import { defaultValuationRules } from '../../shared/schemas/valuation'
import { createCredentials, deriveKeys } from '../../shared/services/credentials'
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
  db.destroy()
  return { seeded: true, ...result }
}
