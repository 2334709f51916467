import { handle } from 'hono/aws-lambda'
import { createMatchService } from '../../shared/services/match-service'
import { createFunctionApp } from '../http/app'
import { lazyDepsWith } from '../http/deps'
import { matchesRoutes } from './routes'

/** The match lifecycle: a match as a party sees it, accept, decline, cancel, agreement, outcome, lists. */
export const app = createFunctionApp(
  'matches',
  matchesRoutes,
  {
    getMatch: ({ caller, params, deps }) => deps.services.matches.getMatch(caller, params.communityId, params.matchId),
    acceptMatch: ({ caller, params, body, deps }) =>
      deps.services.matches.acceptMatch(caller, params.communityId, params.matchId, body),
    declineMatch: ({ caller, params, body, deps }) =>
      deps.services.matches.declineMatch(caller, params.communityId, params.matchId, body),
    cancelMatch: ({ caller, params, body, deps }) =>
      deps.services.matches.cancelMatch(caller, params.communityId, params.matchId, body),
    putAgreement: ({ caller, params, body, deps }) =>
      deps.services.matches.putAgreement(caller, params.communityId, params.matchId, body),
    confirmAgreement: ({ caller, params, body, deps }) =>
      deps.services.matches.confirmAgreement(caller, params.communityId, params.matchId, body),
    recordOutcome: ({ caller, params, body, deps }) =>
      deps.services.matches.recordOutcome(caller, params.communityId, params.matchId, body),
    listMatches: ({ caller, params, query, deps }) =>
      deps.services.matches.listMatches(caller, params.communityId, query),
    listMemberMatches: ({ caller, params, query, deps }) =>
      deps.services.matches.listMemberMatches(caller, params.communityId, params.memberId, query),
  },
  lazyDepsWith({ matches: createMatchService }),
)

export const handler = handle(app)
