import { handle } from 'hono/aws-lambda'
import { createFunctionApp } from '../http/app'
import { lazyDeps } from '../http/deps'
import { postsRoutes } from './routes'

/** Requests (hulpvragen) and offers (aanbod). */
export const app = createFunctionApp(
  'posts',
  postsRoutes,
  {
    listPosts: ({ caller, params, query, deps }) => deps.services.posts.listOpen(caller, params.communityId, query),
    createPost: ({ caller, params, body, deps }) => deps.services.posts.create(caller, params.communityId, body),
    getPost: ({ caller, params, deps }) => deps.services.posts.get(caller, params.communityId, params.postId),
    updatePost: ({ caller, params, body, deps }) =>
      deps.services.posts.update(caller, params.communityId, params.postId, body),
    closePost: ({ caller, params, body, deps }) =>
      deps.services.posts.close(caller, params.communityId, params.postId, body),
  },
  lazyDeps(),
)

export const handler = handle(app)
