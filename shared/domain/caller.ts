import type { MemberDetails, MemberProfile } from '../schemas/member'

/**
 * Who is asking: the member on whose behalf the request runs, and (when a broker acts for a
 * resident who is not online) the broker who actually does it.
 */
export type Caller = MemberDetails & {
  /** The broker or coordinator acting for this member (header `x-act-for`). */
  actedBy?: MemberDetails
  /** The session the request came with. */
  sessionId?: string
}

/** The person who really acts: the broker when acting for someone, else the member. */
export const actorOf = (caller: Caller): MemberDetails => caller.actedBy ?? caller

export const isStaff = (member: Pick<MemberDetails, 'role'>): boolean =>
  member.role === 'broker' || member.role === 'coordinator'

/** The public profile: first name (or organisation name) and buurt, nothing else. */
export const publicProfile = (member: MemberProfile): MemberProfile => ({
  id: member.id,
  communityId: member.communityId,
  kind: member.kind,
  role: member.role,
  displayName: member.displayName,
  areaId: member.areaId,
})

export const toDetails = (member: Caller): MemberDetails => {
  const { actedBy: _actedBy, sessionId: _sessionId, ...details } = member
  return details
}
