import { systemRuntime } from '../../functions/http/deps'
import { createDocumentClient } from '../../shared/db/client'
import { createStores } from '../../shared/db/index'
import {
  defaultDemoMember,
  demoAreas,
  demoCommunity,
  demoCommunityId,
  demoMembers,
  demoPosts,
  standardCategories,
  standardResourceTypeList,
} from '../../shared/demo/lindeveen'
import { createServices } from '../../shared/services/index'

export interface SeedResult {
  seeded: boolean
  communityId: string
  members: number
  posts: number
}

/**
 * Seeds the demo community Lindeveen through the same services the API uses, so the demo data
 * passes the same validation. Does nothing when the community already exists: seeding never
 * overwrites data.
 */
export const seedDemo = async (options: { endpoint?: string; tableName: string; now?: Date }): Promise<SeedResult> => {
  const db = createDocumentClient({ endpoint: options.endpoint })
  const stores = createStores(db, options.tableName)
  const now = options.now ?? new Date()
  const result = { communityId: demoCommunityId, members: demoMembers.length, posts: demoPosts.length }
  if (await stores.communities.get(demoCommunityId)) return { seeded: false, ...result }

  const day = 24 * 60 * 60 * 1000
  const founded = new Date(now.getTime() - 60 * day).toISOString()
  // Conditional on "does not exist": two seeds at once cannot both write the demo.
  await stores.communities.put(
    {
      ...demoCommunity,
      areas: demoAreas,
      resourceTypes: standardResourceTypeList,
      categories: standardCategories,
      version: 1,
      createdAt: founded,
      updatedAt: founded,
    },
    null,
  )
  for (const member of demoMembers) await stores.members.put(member)

  for (const [index, demo] of demoPosts.entries()) {
    const author = demoMembers.find((m) => m.id === demo.authorId)
    if (!author) throw new Error(`Unknown demo author ${demo.authorId}`)
    // Each post gets the time it would have been created, minutes apart.
    const createdAt = new Date(now.getTime() - demo.daysAgo * day - index * 60_000)
    const services = createServices(stores, { now: () => createdAt, newId: systemRuntime.newId })
    await services.posts.create(author, demoCommunityId, demo.body)
  }
  db.destroy()
  return { seeded: true, ...result }
}

export { defaultDemoMember }
