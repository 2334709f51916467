import { handle } from 'hono/aws-lambda'
import { createEventService } from '../../shared/services/event-service'
import { createFunctionApp } from '../http/app'
import { lazyDepsWith } from '../http/deps'
import { eventsRoutes } from './routes'

/** The Beursvloer: set-up, registration and import, check-in, floor matches, proposals, tally, report. */
export const app = createFunctionApp(
  'events',
  eventsRoutes,
  {
    listEvents: ({ caller, params, deps }) => deps.services.events.listEvents(caller, params.communityId),
    createEvent: ({ caller, params, body, deps }) => deps.services.events.createEvent(caller, params.communityId, body),
    getEvent: ({ caller, params, deps }) => deps.services.events.getEvent(caller, params.communityId, params.eventId),
    updateEvent: ({ caller, params, body, deps }) =>
      deps.services.events.updateEvent(caller, params.communityId, params.eventId, body),
    getEventBoard: ({ caller, params, deps }) =>
      deps.services.events.getBoard(caller, params.communityId, params.eventId),
    registerParticipant: ({ caller, params, body, deps }) =>
      deps.services.events.registerParticipant(caller, params.communityId, params.eventId, body),
    getParticipant: ({ caller, params, deps }) =>
      deps.services.events.getParticipant(caller, params.communityId, params.eventId, params.participantId),
    addEventItems: ({ caller, params, body, deps }) =>
      deps.services.events.addItems(caller, params.communityId, params.eventId, params.participantId, body),
    importParticipants: ({ caller, params, body, deps }) =>
      deps.services.events.importRows(caller, params.communityId, params.eventId, body),
    checkIn: ({ caller, params, body, deps }) =>
      deps.services.events.checkIn(caller, params.communityId, params.eventId, body),
    recordEventMatch: ({ caller, params, body, deps }) =>
      deps.services.events.recordMatch(caller, params.communityId, params.eventId, body),
    listEventMatches: ({ caller, params, deps }) =>
      deps.services.events.listMatches(caller, params.communityId, params.eventId),
    getEventMatchForm: ({ caller, params, deps }) =>
      deps.services.events.getMatchForm(caller, params.communityId, params.eventId, params.matchId),
    cancelEventMatch: ({ caller, params, body, deps }) =>
      deps.services.events.cancelMatch(caller, params.communityId, params.eventId, params.matchId, body),
    getEventProposals: ({ caller, params, query, deps }) =>
      deps.services.events.getProposals(caller, params.communityId, params.eventId, query),
    getEventTally: ({ params, deps }) => deps.services.events.getTally(params.communityId, params.eventId),
    getEventReport: ({ caller, params, deps }) =>
      deps.services.events.getReport(caller, params.communityId, params.eventId),
    putValuationRules: ({ caller, params, body, deps }) =>
      deps.services.events.putValuationRules(caller, params.communityId, body),
  },
  lazyDepsWith({ events: createEventService }),
)

export const handler = handle(app)
