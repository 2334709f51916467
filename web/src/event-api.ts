/**
 * The Beursvloer part of the API client, loaded with the event pages only (not in the first
 * download). Types only from the schemas: zod stays out of the browser bundle.
 */
import type { Community } from '../../shared/schemas/community'
import type {
  BeursEvent,
  CheckInBody,
  CheckInResult,
  CreateEventBody,
  EventBoard,
  EventItemBody,
  EventMatchForm,
  EventMatchSummary,
  EventReport,
  ImportBody,
  ImportReport,
  ParticipantWithItems,
  Proposals,
  RecordEventMatchBody,
  RegisterParticipantBody,
  Tally,
  UpdateEventBody,
} from '../../shared/schemas/event'
import type { ValuationRule } from '../../shared/schemas/valuation'
import { request } from './api'

const enc = encodeURIComponent
const eventsPath = (communityId: string) => `/api/communities/${enc(communityId)}/events`
const eventPath = (communityId: string, eventId: string) => `${eventsPath(communityId)}/${enc(eventId)}`
// Staff work on events as themselves, never "acting for" a resident.
const self = { asSelf: true }

export const eventApi = {
  list: (communityId: string) => request<{ items: BeursEvent[] }>('GET', eventsPath(communityId), undefined, self),
  create: (communityId: string, body: Partial<CreateEventBody>) =>
    request<BeursEvent>('POST', eventsPath(communityId), body, self),
  get: (communityId: string, eventId: string) =>
    request<BeursEvent>('GET', eventPath(communityId, eventId), undefined, self),
  update: (communityId: string, eventId: string, body: UpdateEventBody) =>
    request<BeursEvent>('PUT', eventPath(communityId, eventId), body, self),
  board: (communityId: string, eventId: string) =>
    request<EventBoard>('GET', `${eventPath(communityId, eventId)}/board`, undefined, self),
  register: (communityId: string, eventId: string, body: Partial<RegisterParticipantBody>) =>
    request<ParticipantWithItems>('POST', `${eventPath(communityId, eventId)}/participants`, body, self),
  participant: (communityId: string, eventId: string, participantId: string) =>
    request<ParticipantWithItems>(
      'GET',
      `${eventPath(communityId, eventId)}/participants/${enc(participantId)}`,
      undefined,
      self,
    ),
  addItems: (communityId: string, eventId: string, participantId: string, items: Partial<EventItemBody>[]) =>
    request<ParticipantWithItems>(
      'POST',
      `${eventPath(communityId, eventId)}/participants/${enc(participantId)}/items`,
      { items },
      self,
    ),
  importRows: (communityId: string, eventId: string, body: ImportBody) =>
    request<ImportReport>('POST', `${eventPath(communityId, eventId)}/imports`, body, self),
  checkIn: (communityId: string, eventId: string, body: CheckInBody) =>
    request<CheckInResult>('POST', `${eventPath(communityId, eventId)}/check-ins`, body, self),
  recordMatch: (communityId: string, eventId: string, body: RecordEventMatchBody) =>
    request<EventMatchSummary>('POST', `${eventPath(communityId, eventId)}/matches`, body, self),
  matches: (communityId: string, eventId: string) =>
    request<{ items: EventMatchSummary[] }>('GET', `${eventPath(communityId, eventId)}/matches`, undefined, self),
  matchForm: (communityId: string, eventId: string, matchId: string) =>
    request<EventMatchForm>('GET', `${eventPath(communityId, eventId)}/matches/${enc(matchId)}`, undefined, self),
  cancelMatch: (communityId: string, eventId: string, matchId: string, reason: string) =>
    request<EventMatchSummary>(
      'POST',
      `${eventPath(communityId, eventId)}/matches/${enc(matchId)}/cancel`,
      { reason },
      self,
    ),
  proposals: (communityId: string, eventId: string, corner?: string) =>
    request<Proposals>(
      'GET',
      `${eventPath(communityId, eventId)}/proposals${corner ? `?corner=${enc(corner)}` : ''}`,
      undefined,
      self,
    ),
  /** Public: the big screen has no session. */
  tally: (communityId: string, eventId: string) =>
    request<Tally>('GET', `${eventPath(communityId, eventId)}/tally`, undefined, { anonymous: true }),
  report: (communityId: string, eventId: string) =>
    request<EventReport>('GET', `${eventPath(communityId, eventId)}/report`, undefined, self),
  putValuationRules: (communityId: string, rules: ValuationRule[], version: number) =>
    request<Community>('PUT', `/api/communities/${enc(communityId)}/valuation`, { rules, version }, self),
}
