import { createCommunityService } from './community-service'
import type { Runtime, Stores } from './ports'
import { createPostService } from './post-service'

export type Services = ReturnType<typeof createServices>

/** All use cases, wired to their stores and runtime. */
export const createServices = (stores: Stores, runtime: Runtime) => ({
  stores,
  communities: createCommunityService(stores, runtime),
  posts: createPostService(stores, runtime),
})
