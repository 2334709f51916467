/**
 * The Maatschappelijke Beursvloer: set-up, registration and import, check-in, floor matches
 * (real matches of the lifecycle, origin `event`, so the 3- and 6-month follow-ups and the
 * messages come from there), proposals, the public tally and the report.
 * SKELETON: the contract of the service; to be implemented.
 */
import type { Caller } from '../domain/caller'
import type { Community } from '../schemas/community'
import type {
  AddEventItemsBody,
  BeursEvent,
  CheckInBody,
  CheckInResult,
  CreateEventBody,
  EventBoard,
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
} from '../schemas/event'
import type { ValuationRule } from '../schemas/valuation'
import type { AuditLog } from './audit-service'
import type { createAuthService } from './auth-service'
import type { Runtime, Stores } from './ports'

export interface EventServiceDeps {
  stores: Stores
  runtime: Runtime
  audit: AuditLog
  /** For the sign-in address hashes of a participant's member (find or create it). */
  auth: ReturnType<typeof createAuthService>
}

export interface EventService {
  listEvents(caller: Caller, communityId: string): Promise<{ items: BeursEvent[] }>
  createEvent(caller: Caller, communityId: string, body: CreateEventBody): Promise<BeursEvent>
  getEvent(caller: Caller, communityId: string, eventId: string): Promise<BeursEvent>
  updateEvent(caller: Caller, communityId: string, eventId: string, body: UpdateEventBody): Promise<BeursEvent>
  getBoard(caller: Caller, communityId: string, eventId: string): Promise<EventBoard>
  registerParticipant(
    caller: Caller,
    communityId: string,
    eventId: string,
    body: RegisterParticipantBody,
  ): Promise<ParticipantWithItems>
  getParticipant(
    caller: Caller,
    communityId: string,
    eventId: string,
    participantId: string,
  ): Promise<ParticipantWithItems>
  addItems(
    caller: Caller,
    communityId: string,
    eventId: string,
    participantId: string,
    body: AddEventItemsBody,
  ): Promise<ParticipantWithItems>
  importRows(caller: Caller, communityId: string, eventId: string, body: ImportBody): Promise<ImportReport>
  checkIn(caller: Caller, communityId: string, eventId: string, body: CheckInBody): Promise<CheckInResult>
  recordMatch(
    caller: Caller,
    communityId: string,
    eventId: string,
    body: RecordEventMatchBody,
  ): Promise<EventMatchSummary>
  listMatches(caller: Caller, communityId: string, eventId: string): Promise<{ items: EventMatchSummary[] }>
  getMatchForm(caller: Caller, communityId: string, eventId: string, matchId: string): Promise<EventMatchForm>
  cancelMatch(
    caller: Caller,
    communityId: string,
    eventId: string,
    matchId: string,
    body: { reason: string },
  ): Promise<EventMatchSummary>
  getProposals(
    caller: Caller,
    communityId: string,
    eventId: string,
    query: { corner?: string | undefined },
  ): Promise<Proposals>
  /** Public: no caller. */
  getTally(communityId: string, eventId: string): Promise<Tally>
  getReport(caller: Caller, communityId: string, eventId: string): Promise<EventReport>
  putValuationRules(
    caller: Caller,
    communityId: string,
    body: { rules: ValuationRule[]; version: number },
  ): Promise<Community>
}

export const createEventService = (_deps: EventServiceDeps): EventService => {
  throw new Error('event service not implemented yet')
}
