import { handle } from 'hono/aws-lambda'
import { createFunctionApp } from '../http/app'
import { lazyDeps } from '../http/deps'
import { membersRoutes } from './routes'

/**
 * Members: intake, roles, contact details, consent, screening, posts, summary, export, erasure;
 * helping, blocks and the optional attributes used by matching; how the member gets messages.
 */
export const app = createFunctionApp(
  'members',
  membersRoutes,
  {
    listMembers: ({ caller, params, query, deps }) => deps.services.members.list(caller, params.communityId, query),
    createMember: ({ caller, params, body, deps }) => deps.services.members.create(caller, params.communityId, body),
    getMember: ({ caller, params, deps }) => deps.services.members.get(caller, params.communityId, params.memberId),
    getContact: ({ caller, params, deps }) =>
      deps.services.members.getContact(caller, params.communityId, params.memberId),
    putContact: ({ caller, params, body, deps }) =>
      deps.services.members.putContact(caller, params.communityId, params.memberId, body),
    setRole: ({ caller, params, body, deps }) =>
      deps.services.members.setRole(caller, params.communityId, params.memberId, body),
    addConsent: ({ caller, params, body, deps }) =>
      deps.services.members.addConsent(caller, params.communityId, params.memberId, body),
    withdrawConsent: ({ caller, params, body, deps }) =>
      deps.services.members.withdrawConsent(caller, params.communityId, params.memberId, body),
    addScreening: ({ caller, params, body, deps }) =>
      deps.services.members.addScreening(caller, params.communityId, params.memberId, body),
    memberPosts: ({ caller, params, query, deps }) =>
      deps.services.members.posts(caller, params.communityId, params.memberId, query),
    memberSummary: ({ caller, params, deps }) =>
      deps.services.members.summary(caller, params.communityId, params.memberId),
    exportMember: ({ caller, params, deps }) =>
      deps.services.members.export(caller, params.communityId, params.memberId),
    eraseMember: ({ caller, params, body, deps }) =>
      deps.services.members.erase(caller, params.communityId, params.memberId, body.reason),
    putHelping: ({ caller, params, body, deps }) =>
      deps.services.members.putHelping(caller, params.communityId, params.memberId, body),
    addBlock: ({ caller, params, body, deps }) =>
      deps.services.members.addBlock(caller, params.communityId, params.memberId, body),
    removeBlock: ({ caller, params, body, deps }) =>
      deps.services.members.removeBlock(caller, params.communityId, params.memberId, body),
    getAttributes: ({ caller, params, deps }) =>
      deps.services.members.getAttributes(caller, params.communityId, params.memberId),
    putAttributes: ({ caller, params, body, deps }) =>
      deps.services.members.putAttributes(caller, params.communityId, params.memberId, body),
    putNotificationPreference: ({ caller, params, body, deps }) =>
      deps.services.members.putNotificationPreference(caller, params.communityId, params.memberId, body),
  },
  lazyDeps(),
)

export const handler = handle(app)
