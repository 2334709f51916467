/**
 * DEVELOPMENT IDENTITY: a stand-in for sign-in until the accounts issue replaces it.
 * When `BUURTBEURS_DEV_IDENTITY=on`, the caller is the member named in the header
 * `x-dev-member: <communityId>/<memberId>`, or the default demo member. Anyone can claim any
 * member this way, so it must never be switched on where real people's data is kept.
 * It lives in the HTTP layer only: services receive a `MemberProfile` and do not know where it came from.
 */
import * as z from 'zod'
import { demoIdentities } from '../../shared/demo/identities'
import { DomainError } from '../../shared/domain/errors'
import type { MemberProfile } from '../../shared/schemas/member'
import type { Deps } from './deps'

export const devMemberHeader = 'x-dev-member'

const headerSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}\/[a-z0-9][a-z0-9-]{0,62}$/)

export const resolveDevCaller = async (deps: Deps, header: string | undefined): Promise<MemberProfile> => {
  if (!deps.config.devIdentity) throw new DomainError('UNAUTHENTICATED')
  const parsed = headerSchema.safeParse(header ?? deps.config.defaultDevMember)
  if (!parsed.success) throw new DomainError('UNAUTHENTICATED')
  const [communityId = '', memberId = ''] = parsed.data.split('/')
  const member = await deps.services.stores.members.get(communityId, memberId)
  if (!member) throw new DomainError('UNAUTHENTICATED')
  return member
}

export const listDevIdentities = (deps: Deps) => ({
  enabled: deps.config.devIdentity,
  items: deps.config.devIdentity ? demoIdentities : [],
})
