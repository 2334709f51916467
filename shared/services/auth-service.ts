import { assertMayActFor, normalizeAddress, signInAddresses, signInRules } from '../domain/auth'
import { type Caller, publicProfile } from '../domain/caller'
import { DomainError } from '../domain/errors'
import type { RegisterBody, RequestCodeBody, Session, VerifyCodeBody } from '../schemas/auth'
import type { MemberDetails } from '../schemas/member'
import type { Credentials } from './credentials'
import type { Outbox, Runtime, Stores } from './ports'

export type AuthService = ReturnType<typeof createAuthService>

const seconds = (date: Date) => Math.floor(date.getTime() / 1000)

/** The one message we send for sign-in, in the member's language when we know it. */
const codeMessage = (code: string, language: 'nl' | 'en') =>
  language === 'en'
    ? {
        subject: 'Your Buurtbeurs code',
        text: `Your code is ${code}. Enter it on the Buurtbeurs website within 10 minutes. Did you not ask for it? Then you can ignore this message.`,
      }
    : {
        subject: 'Uw code voor Buurtbeurs',
        text: `Uw code is ${code}. Vul de code binnen 10 minuten in op de website van Buurtbeurs. Heeft u niets aangevraagd? Dan hoeft u niets te doen.`,
      }

/**
 * Sign-in without passwords. A code goes to a known address only, but every answer is the
 * same, so nobody can learn who is a member. Codes are stored as hashes, expire, allow a few
 * tries and work once; requests are counted per address and per client.
 */
export const createAuthService = (stores: Stores, runtime: Runtime, credentials: Credentials, outbox: Outbox) => {
  const limit = async (communityId: string, key: string, max: number) => {
    const now = seconds(runtime.now())
    const window = now - (now % signInRules.windowSeconds)
    const allowed = await stores.auth.hit(communityId, key, window, max, window + 2 * signInRules.windowSeconds)
    if (!allowed) throw new DomainError('TOO_MANY_REQUESTS')
  }

  const address = (raw: string) => {
    const normalized = normalizeAddress(raw)
    if (!normalized)
      throw new DomainError('VALIDATION_FAILED', [{ path: 'address', code: 'invalid_address', message: '' }])
    return normalized
  }

  const limitRequest = async (communityId: string, addressHash: string, clientId: string) => {
    await limit(
      communityId,
      `client#${credentials.hashAddress(communityId, `client:${clientId}`)}`,
      signInRules.requestsPerClient,
    )
    await limit(communityId, `address#${addressHash}`, signInRules.codesPerAddress)
  }

  const sendCode = async (
    communityId: string,
    member: MemberDetails,
    to: { kind: 'email' | 'phone'; value: string },
  ) => {
    const hash = credentials.hashAddress(communityId, to.value)
    const code = runtime.newCode()
    await stores.auth.putCode(communityId, hash, {
      codeHash: credentials.hashCode(hash, code),
      attempts: 0,
      expiresAt: seconds(runtime.now()) + signInRules.codeSeconds,
    })
    await outbox.send(
      {
        communityId,
        memberId: member.id,
        channel: to.kind === 'email' ? 'email' : 'sms',
        to: to.value,
        ...codeMessage(code, member.language),
      },
      runtime.now(),
    )
  }

  const codeSent = { sent: true as const, expiresInSeconds: signInRules.codeSeconds }

  const requestCode = async (body: RequestCodeBody, clientId: string) => {
    const to = address(body.address)
    const hash = credentials.hashAddress(body.communityId, to.value)
    await limitRequest(body.communityId, hash, clientId)
    const memberId = await stores.auth.findLogin(body.communityId, hash)
    const member = memberId ? await stores.members.get(body.communityId, memberId) : undefined
    if (member?.status === 'active') await sendCode(body.communityId, member, to)
    return codeSent
  }

  const issue = async (member: MemberDetails, sessionId: string, endsAt: Date): Promise<Session> => {
    const now = runtime.now()
    const expiresAt = new Date(Math.min(now.getTime() + signInRules.tokenSeconds * 1000, endsAt.getTime()))
    const token = await credentials.signToken(
      { memberId: member.id, communityId: member.communityId, sessionId },
      now,
      expiresAt,
    )
    return {
      token,
      expiresAt: expiresAt.toISOString(),
      sessionEndsAt: endsAt.toISOString(),
      member: publicProfile(member),
    }
  }

  return {
    requestCode,

    /**
     * A resident signs up. If the address is already known this is an ordinary sign-in request,
     * with the same answer, so sign-up cannot be used to find out who is a member.
     */
    async register(
      body: RegisterBody,
      clientId: string,
      residents: {
        /** Checks the sign-up itself (community, area): before anything depends on the address. */
        check: (body: RegisterBody) => Promise<void>
        create: (body: RegisterBody, address: { kind: 'email' | 'phone'; value: string }) => Promise<MemberDetails>
      },
    ) {
      const to = address(body.address)
      const hash = credentials.hashAddress(body.communityId, to.value)
      await limitRequest(body.communityId, hash, clientId)
      // Checked first, for known and unknown addresses alike: an error must not depend on membership.
      await residents.check(body)
      const known = await stores.auth.findLogin(body.communityId, hash)
      let member = known ? await stores.members.get(body.communityId, known) : undefined
      if (!known) {
        try {
          member = await residents.create(body, to)
        } catch (error) {
          // Someone registered the same address a moment ago: then it is a sign-in.
          if (!(error instanceof DomainError && error.code === 'ADDRESS_IN_USE')) throw error
          const id = await stores.auth.findLogin(body.communityId, hash)
          member = id ? await stores.members.get(body.communityId, id) : undefined
        }
      }
      if (member?.status === 'active') await sendCode(body.communityId, member, to)
      return codeSent
    },

    async verify(body: VerifyCodeBody, clientId: string): Promise<Session> {
      const to = address(body.address)
      const hash = credentials.hashAddress(body.communityId, to.value)
      await limit(
        body.communityId,
        `client#${credentials.hashAddress(body.communityId, `client:${clientId}`)}`,
        signInRules.requestsPerClient,
      )
      const stored = await stores.auth.getCode(body.communityId, hash)
      const now = runtime.now()
      if (!stored || stored.expiresAt <= seconds(now)) throw new DomainError('CODE_INVALID')
      const offered = credentials.hashCode(hash, body.code)
      if (!credentials.sameHash(offered, stored.codeHash)) {
        await stores.auth.failAttempt(body.communityId, hash, signInRules.codeAttempts)
        throw new DomainError('CODE_INVALID')
      }
      // Single use: of two verifications with the same code, only one deletes it.
      if (!(await stores.auth.consumeCode(body.communityId, hash, stored.codeHash)))
        throw new DomainError('CODE_INVALID')
      const memberId = await stores.auth.findLogin(body.communityId, hash)
      const member = memberId ? await stores.members.get(body.communityId, memberId) : undefined
      if (member?.status !== 'active') throw new DomainError('CODE_INVALID')

      const sessionId = runtime.newId()
      const endsAt = new Date(now.getTime() + signInRules.sessionSeconds * 1000)
      await stores.auth.putSession(
        {
          sessionId,
          communityId: member.communityId,
          memberId: member.id,
          createdAt: now.toISOString(),
          endsAt: endsAt.toISOString(),
        },
        seconds(endsAt),
      )
      // Signing in counts as activity: it also cancels a pending erasure for inactivity.
      const active = {
        ...member,
        lastActiveAt: now.toISOString(),
        retentionNoticeAt: null,
        version: member.version + 1,
      }
      await stores.members.replace(active, member.version).catch((error: unknown) => {
        // A concurrent change of the member wins; the activity date can wait for the next sign-in.
        if (!(error instanceof DomainError && error.code === 'MEMBER_CHANGED')) throw error
      })
      return issue(active, sessionId, endsAt)
    },

    async renew(caller: Caller): Promise<Session> {
      const session = caller.sessionId ? await stores.auth.getSession(caller.communityId, caller.sessionId) : undefined
      if (!session) throw new DomainError('UNAUTHENTICATED')
      const member = caller.actedBy ?? caller
      return issue(member, session.sessionId, new Date(session.endsAt))
    },

    async signOut(caller: Caller) {
      if (caller.sessionId) await stores.auth.deleteSession((caller.actedBy ?? caller).communityId, caller.sessionId)
      return { signedOut: true as const }
    },

    /**
     * The caller of a request: a valid token of a live session of an active member; with
     * `actFor`, the resident a broker acts for (only with the resident's consent).
     */
    async resolveCaller(token: string | undefined, actFor: string | undefined): Promise<Caller> {
      if (!token) throw new DomainError('UNAUTHENTICATED')
      const now = runtime.now()
      const claims = await credentials.verifyToken(token, now)
      if (!claims) throw new DomainError('UNAUTHENTICATED')
      const [session, member] = await Promise.all([
        stores.auth.getSession(claims.communityId, claims.sessionId),
        stores.members.get(claims.communityId, claims.memberId),
      ])
      if (!session || session.memberId !== claims.memberId || session.endsAt <= now.toISOString()) {
        throw new DomainError('UNAUTHENTICATED')
      }
      if (member?.status !== 'active') throw new DomainError('UNAUTHENTICATED')
      if (actFor === undefined || actFor === member.id) return { ...member, sessionId: session.sessionId }
      const resident = await stores.members.get(member.communityId, actFor)
      if (!resident) throw new DomainError('MEMBER_NOT_FOUND')
      assertMayActFor(member, resident)
      return { ...resident, actedBy: member, sessionId: session.sessionId }
    },

    /** The sign-in addresses of a contact, hashed as the login items store them. */
    loginHashes: (communityId: string, contact: Parameters<typeof signInAddresses>[0]) =>
      signInAddresses(contact).map((a) => credentials.hashAddress(communityId, a)),
  }
}
