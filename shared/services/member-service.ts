import { normalizeAddress, signInAddresses } from '../domain/auth'
import { actorOf, type Caller, isStaff } from '../domain/caller'
import { areaPath } from '../domain/community'
import { DomainError } from '../domain/errors'
import { deliveryAddress } from '../domain/notification'
import { assertMember } from '../domain/post'
import type { RegisterBody } from '../schemas/auth'
import type { PutNotificationPreferenceBody } from '../schemas/match'
import type { MemberAttributes, PutHelpingBody, PutMemberAttributesBody } from '../schemas/matching'
import {
  type CreateMemberBody,
  type MemberContact,
  type MemberDetails,
  newMemberMatching,
  type Role,
} from '../schemas/member'
import type { AuditLog } from './audit-service'
import type { AuthService } from './auth-service'
import { loadCommunity } from './community-service'
import type { Runtime, Stores } from './ports'

export type MemberService = ReturnType<typeof createMemberService>

const emptyContact: MemberContact = { fullName: '', email: null, phone: null, address: null, representatives: [] }
const noAttributes: MemberAttributes = { ageBand: null, consentedAt: null }
/** As many as the member schema holds. */
const maxBlocks = 200

/**
 * A random id with nothing of the person in it: ids stay in audit entries and keys after an
 * erasure, so they must not carry a name.
 */
const memberIdFor = (random: string) =>
  `m-${random
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 12)}`

/** A resident's or organisation's role follows its kind; staff roles are for people only. */
const rolesForKind: Record<MemberDetails['kind'], Role[]> = {
  resident: ['resident', 'broker', 'coordinator'],
  organisation: ['organisation'],
}

export const createMemberService = (stores: Stores, runtime: Runtime, audit: AuditLog, auth: AuthService) => {
  const load = async (caller: Caller, communityId: string, memberId: string): Promise<MemberDetails> => {
    assertMember(caller, communityId)
    const member = await stores.members.get(communityId, memberId)
    if (member?.status !== 'active') throw new DomainError('MEMBER_NOT_FOUND')
    return member
  }

  /** The member themself, or a broker or coordinator of the community (not while acting for someone else). */
  const loadForSelfOrStaff = async (caller: Caller, communityId: string, memberId: string) => {
    assertMember(caller, communityId)
    // Acting for a resident gives the resident's rights, not the broker's on top.
    if (caller.id !== memberId && (caller.actedBy || !isStaff(caller))) throw new DomainError('FORBIDDEN')
    return load(caller, communityId, memberId)
  }

  const isSelf = (caller: Caller, memberId: string) => caller.id === memberId && !caller.actedBy

  /** The member themself, or a broker acting for them: personal choices, not staff business. */
  const loadOwn = async (caller: Caller, communityId: string, memberId: string) => {
    assertMember(caller, communityId)
    if (caller.id !== memberId) throw new DomainError('FORBIDDEN')
    return load(caller, communityId, memberId)
  }

  /** The member alone, signed in as themself: not even a broker acting for them. */
  const loadSelfOnly = async (caller: Caller, communityId: string, memberId: string) => {
    assertMember(caller, communityId)
    if (!isSelf(caller, memberId)) throw new DomainError('FORBIDDEN')
    return load(caller, communityId, memberId)
  }

  const requireStaff = (caller: Caller, communityId: string, roles: Role[] = ['broker', 'coordinator']) => {
    assertMember(caller, communityId)
    if (caller.actedBy || !roles.includes(caller.role)) throw new DomainError('FORBIDDEN')
  }

  const checkAddresses = (contact: MemberContact) => {
    const bad: { path: string; code: string; message: string }[] = []
    if (contact.email && !normalizeAddress(contact.email))
      bad.push({ path: 'contact.email', code: 'invalid_address', message: '' })
    if (contact.phone && !normalizeAddress(contact.phone))
      bad.push({ path: 'contact.phone', code: 'invalid_address', message: '' })
    if (bad.length > 0) throw new DomainError('VALIDATION_FAILED', bad)
  }

  const newMember = (
    communityId: string,
    fields: Pick<
      MemberDetails,
      'kind' | 'role' | 'displayName' | 'areaId' | 'contactPreference' | 'language' | 'managedByBroker' | 'consents'
    >,
  ): MemberDetails => {
    const now = runtime.now().toISOString()
    return {
      id: memberIdFor(runtime.newId()),
      communityId,
      status: 'active',
      screenings: [],
      ...newMemberMatching(),
      version: 1,
      createdAt: now,
      lastActiveAt: now,
      retentionNoticeAt: null,
      ...fields,
    }
  }

  const change = async (member: MemberDetails, next: Partial<MemberDetails>) => {
    const changed: MemberDetails = { ...member, ...next, version: member.version + 1 }
    await stores.members.replace(changed, member.version)
    return changed
  }

  return {
    async list(
      caller: Caller,
      communityId: string,
      query: { role?: Role | undefined; limit: number; cursor?: string | undefined },
    ) {
      requireStaff(caller, communityId)
      return stores.members.list(communityId, query)
    },

    /**
     * A broker registers a resident who is not online (with the resident's consent); a
     * coordinator also invites brokers and coordinators and registers organisations.
     */
    async create(caller: Caller, communityId: string, body: CreateMemberBody): Promise<MemberDetails> {
      requireStaff(caller, communityId)
      const community = await loadCommunity(stores, caller, communityId)
      if (caller.role === 'broker' && (body.kind !== 'resident' || body.role !== 'resident'))
        throw new DomainError('FORBIDDEN')
      if (!rolesForKind[body.kind].includes(body.role)) {
        throw new DomainError('VALIDATION_FAILED', [{ path: 'role', code: 'role_not_for_kind', message: '' }])
      }
      if (!areaPath(community, body.areaId)) {
        throw new DomainError('VALIDATION_FAILED', [{ path: 'areaId', code: 'unknown_area', message: '' }])
      }
      checkAddresses(body.contact)
      // A resident registered by staff is helped by a broker: that needs their recorded consent.
      if (body.role === 'resident' && !body.consent) throw new DomainError('CONSENT_REQUIRED')
      const now = runtime.now().toISOString()
      const member = newMember(communityId, {
        kind: body.kind,
        role: body.role,
        displayName: body.displayName,
        areaId: body.areaId,
        contactPreference: body.contactPreference,
        language: body.language,
        managedByBroker: body.role === 'resident' && !body.contact.email && !body.contact.phone,
        consents: body.consent ? [{ ...body.consent, recordedBy: caller.id, recordedAt: now, withdrawnAt: null }] : [],
      })
      await stores.members.create(member, body.contact, auth.loginHashes(communityId, body.contact))
      await audit.record(caller, 'member.created', { memberId: member.id })
      return member
    },

    /** Whether a self sign-up names a community and an area that exist. */
    async checkRegistration(body: RegisterBody): Promise<void> {
      const community = await stores.communities.get(body.communityId)
      if (!community) throw new DomainError('COMMUNITY_NOT_FOUND')
      if (!areaPath(community, body.areaId)) {
        throw new DomainError('VALIDATION_FAILED', [{ path: 'areaId', code: 'unknown_area', message: '' }])
      }
    },

    /** Self sign-up of a resident (from the sign-in service, after `checkRegistration`). */
    async registerResident(
      body: RegisterBody,
      address: { kind: 'email' | 'phone'; value: string },
    ): Promise<MemberDetails> {
      const contact: MemberContact = {
        ...emptyContact,
        fullName: body.displayName,
        ...(address.kind === 'email' ? { email: address.value } : { phone: address.value }),
      }
      const member = newMember(body.communityId, {
        kind: 'resident',
        role: 'resident',
        displayName: body.displayName,
        areaId: body.areaId,
        contactPreference: address.kind === 'email' ? 'email' : 'sms',
        language: 'nl',
        managedByBroker: false,
        consents: [],
      })
      await stores.members.create(member, contact, auth.loginHashes(body.communityId, contact))
      return member
    },

    get: loadForSelfOrStaff,

    async getContact(caller: Caller, communityId: string, memberId: string): Promise<MemberContact> {
      await loadForSelfOrStaff(caller, communityId, memberId)
      const contact = (await stores.members.getContact(communityId, memberId)) ?? emptyContact
      if (!isSelf(caller, memberId)) await audit.record(caller, 'contact.viewed', { memberId })
      return contact
    },

    /**
     * Changes contact details; an added e-mail or phone becomes a sign-in address, which is how
     * a resident takes over an account a broker made. A broker needs the resident's consent.
     */
    async putContact(
      caller: Caller,
      communityId: string,
      memberId: string,
      body: Omit<MemberContact, 'representatives'> &
        Pick<MemberDetails, 'contactPreference' | 'language' | 'version'> & {
          /** Left out: the organisation keeps the representatives it has. */
          representatives?: MemberContact['representatives'] | undefined
        },
    ): Promise<MemberDetails> {
      const member = await loadForSelfOrStaff(caller, communityId, memberId)
      const self = isSelf(caller, memberId)
      if (
        !self &&
        actorOf(caller).role === 'broker' &&
        !member.consents.some((c) => c.withdrawnAt === null && c.covers.includes('contact'))
      ) {
        throw new DomainError('CONSENT_REQUIRED')
      }
      if (member.version !== body.version) throw new DomainError('MEMBER_CHANGED')
      const { contactPreference, language, version: _version, ...fields } = body
      const before = (await stores.members.getContact(communityId, memberId)) ?? emptyContact
      const contact: MemberContact = {
        ...fields,
        representatives: member.kind === 'organisation' ? (fields.representatives ?? before.representatives) : [],
      }
      checkAddresses(contact)
      const oldHashes = new Set(auth.loginHashes(communityId, before))
      const newHashes = new Set(auth.loginHashes(communityId, contact))
      const next: MemberDetails = {
        ...member,
        contactPreference,
        language,
        // The resident now has an address of their own: no longer an account only a broker uses.
        managedByBroker: member.managedByBroker && signInAddresses(contact).length === 0,
        version: member.version + 1,
      }
      await stores.members.replaceContact({
        member: next,
        expectedVersion: member.version,
        contact,
        addLogins: [...newHashes].filter((h) => !oldHashes.has(h)),
        removeLogins: [...oldHashes].filter((h) => !newHashes.has(h)),
      })
      if (!self) await audit.record(caller, 'contact.changed', { memberId })
      return next
    },

    async setRole(
      caller: Caller,
      communityId: string,
      memberId: string,
      body: { role: Role; version: number; reason: string },
    ) {
      requireStaff(caller, communityId, ['coordinator'])
      // Nobody changes their own role: not up, and not down by accident either.
      if (caller.id === memberId) throw new DomainError('OWN_ROLE')
      const member = await load(caller, communityId, memberId)
      if (!rolesForKind[member.kind].includes(body.role)) {
        throw new DomainError('VALIDATION_FAILED', [{ path: 'role', code: 'role_not_for_kind', message: '' }])
      }
      if (member.version !== body.version) throw new DomainError('MEMBER_CHANGED')
      const changed = await change(member, { role: body.role })
      await audit.record(caller, 'member.role-changed', {
        memberId,
        reason: `${member.role} → ${body.role}: ${body.reason}`,
      })
      return changed
    },

    /** Staff record consent and screenings for others: never for themselves. */
    async addConsent(
      caller: Caller,
      communityId: string,
      memberId: string,
      body: Omit<MemberDetails['consents'][number], 'recordedBy' | 'recordedAt' | 'withdrawnAt'> & { version: number },
    ) {
      requireStaff(caller, communityId)
      if (caller.id === memberId) throw new DomainError('FORBIDDEN')
      const member = await load(caller, communityId, memberId)
      if (member.kind !== 'resident') throw new DomainError('FORBIDDEN')
      if (member.version !== body.version) throw new DomainError('MEMBER_CHANGED')
      const consent = {
        givenOn: body.givenOn,
        method: body.method,
        covers: body.covers,
        recordedBy: caller.id,
        recordedAt: runtime.now().toISOString(),
        withdrawnAt: null,
      }
      const changed = await change(member, { consents: [...member.consents, consent] })
      await audit.record(caller, 'member.consent-recorded', {
        memberId,
        reason: `${body.method}: ${body.covers.join(', ')}`,
      })
      return changed
    },

    async withdrawConsent(caller: Caller, communityId: string, memberId: string, body: { version: number }) {
      const member = await loadForSelfOrStaff(caller, communityId, memberId)
      if (member.version !== body.version) throw new DomainError('MEMBER_CHANGED')
      const at = runtime.now().toISOString()
      const changed = await change(member, {
        consents: member.consents.map((c) => (c.withdrawnAt ? c : { ...c, withdrawnAt: at })),
      })
      if (!isSelf(caller, memberId))
        await audit.record(caller, 'member.consent-recorded', { memberId, reason: 'withdrawn' })
      return changed
    },

    async addScreening(
      caller: Caller,
      communityId: string,
      memberId: string,
      body: { kind: 'vog' | 'other'; checkedOn: string; validUntil: string; note: string; version: number },
    ) {
      requireStaff(caller, communityId)
      // A broker cannot screen themselves into sensitive help.
      if (caller.id === memberId) throw new DomainError('FORBIDDEN')
      const member = await load(caller, communityId, memberId)
      if (body.validUntil < body.checkedOn) {
        throw new DomainError('VALIDATION_FAILED', [{ path: 'validUntil', code: 'before_checked_on', message: '' }])
      }
      if (member.version !== body.version) throw new DomainError('MEMBER_CHANGED')
      const screening = {
        kind: body.kind,
        checkedOn: body.checkedOn,
        validUntil: body.validUntil,
        checkedBy: caller.id,
        note: body.note,
      }
      const changed = await change(member, { screenings: [...member.screenings, screening] })
      await audit.record(caller, 'member.screening-recorded', {
        memberId,
        reason: `${body.kind} until ${body.validUntil}`,
      })
      return changed
    },

    async posts(
      caller: Caller,
      communityId: string,
      memberId: string,
      query: { limit: number; cursor?: string | undefined },
    ) {
      await loadForSelfOrStaff(caller, communityId, memberId)
      const page = await stores.posts.listByMember(communityId, memberId, query)
      const now = runtime.now().getTime() / 1000
      return {
        items: page.items.filter((p) => !p.expiresAt || p.expiresAt > now).map((p) => p.post),
        nextCursor: page.nextCursor,
      }
    },

    /** What the broker prints for a resident, and who printed it (audited). */
    async summary(caller: Caller, communityId: string, memberId: string) {
      requireStaff(caller, communityId)
      const member = await load(caller, communityId, memberId)
      const community = await loadCommunity(stores, caller, communityId)
      const contact = (await stores.members.getContact(communityId, memberId)) ?? emptyContact
      const posts = await stores.posts.listByMember(communityId, memberId, { limit: 50 })
      await audit.record(caller, 'summary.printed', { memberId })
      return {
        member,
        contact,
        posts: posts.items.filter((p) => p.post.status === 'open').map((p) => p.post),
        helpdesk: community.helpdesk,
        broker: { memberId: caller.id, displayName: caller.displayName },
      }
    },

    /**
     * How much a helper takes on (at most this many matches at once, or a pause) and the
     * languages they speak: the member, a broker acting for them, or a broker or coordinator.
     */
    async putHelping(caller: Caller, communityId: string, memberId: string, body: PutHelpingBody) {
      const member = await loadForSelfOrStaff(caller, communityId, memberId)
      if (member.version !== body.version) throw new DomainError('MEMBER_CHANGED')
      const changed = await change(member, {
        helping: { maxActiveMatches: body.maxActiveMatches, paused: body.paused },
        languages: body.languages,
      })
      if (!isSelf(caller, memberId))
        await audit.record(caller, 'member.matching-changed', { memberId, reason: 'helping' })
      return changed
    },

    /**
     * Never be matched with the author of this post (members know each other's posts, not their
     * ids). Blocks are personal: the member, or a broker acting for them. Blocking someone who
     * is blocked already changes nothing.
     */
    async addBlock(caller: Caller, communityId: string, memberId: string, body: { postId: string; version: number }) {
      const member = await loadOwn(caller, communityId, memberId)
      const stored = await stores.posts.get(communityId, body.postId)
      if (!stored || (stored.expiresAt !== undefined && stored.expiresAt <= runtime.now().getTime() / 1000)) {
        throw new DomainError('POST_NOT_FOUND')
      }
      const authorId = stored.post.author.memberId
      if (authorId === memberId) {
        throw new DomainError('VALIDATION_FAILED', [{ path: 'postId', code: 'own_post', message: '' }])
      }
      if (member.blocked.some((b) => b.memberId === authorId)) return member
      if (member.version !== body.version) throw new DomainError('MEMBER_CHANGED')
      if (member.blocked.length >= maxBlocks) {
        throw new DomainError('VALIDATION_FAILED', [{ path: 'postId', code: 'too_many', message: '' }])
      }
      const author = await stores.members.get(communityId, authorId)
      const blocked = {
        memberId: authorId,
        displayName: author?.status === 'active' ? author.displayName : stored.post.author.displayName,
        at: runtime.now().toISOString(),
      }
      const changed = await change(member, { blocked: [...member.blocked, blocked] })
      // So that erasing the blocked member can take their name out of this list.
      await stores.members.linkBlock(communityId, authorId, memberId, true)
      if (caller.actedBy) await audit.record(caller, 'member.matching-changed', { memberId, reason: 'block added' })
      return changed
    },

    /** Lifts a block (the member, or a broker acting for them); lifting one that is not there changes nothing. */
    async removeBlock(
      caller: Caller,
      communityId: string,
      memberId: string,
      body: { memberId: string; version: number },
    ) {
      const member = await loadOwn(caller, communityId, memberId)
      if (!member.blocked.some((b) => b.memberId === body.memberId)) return member
      if (member.version !== body.version) throw new DomainError('MEMBER_CHANGED')
      const changed = await change(member, { blocked: member.blocked.filter((b) => b.memberId !== body.memberId) })
      await stores.members.linkBlock(communityId, body.memberId, memberId, false)
      if (caller.actedBy) await audit.record(caller, 'member.matching-changed', { memberId, reason: 'block removed' })
      return changed
    },

    /** The optional age band: only the member sees it, never a broker (not even acting for them). */
    async getAttributes(caller: Caller, communityId: string, memberId: string): Promise<MemberAttributes> {
      await loadSelfOnly(caller, communityId, memberId)
      return (await stores.members.getAttributes(communityId, memberId)) ?? noAttributes
    },

    /** Gives the age band with consent (the moment is recorded), or withdraws it: the item is deleted. */
    async putAttributes(
      caller: Caller,
      communityId: string,
      memberId: string,
      body: PutMemberAttributesBody,
    ): Promise<MemberAttributes> {
      await loadSelfOnly(caller, communityId, memberId)
      if (body.ageBand === null) {
        await stores.members.putAttributes(communityId, memberId, null)
        return noAttributes
      }
      // The schema refuses an age band without consent; checked again so no path stores one.
      if (!body.consent) throw new DomainError('CONSENT_REQUIRED')
      const attributes: MemberAttributes = { ageBand: body.ageBand, consentedAt: runtime.now().toISOString() }
      await stores.members.putAttributes(communityId, memberId, attributes)
      return attributes
    },

    async export(caller: Caller, communityId: string, memberId: string) {
      const member = await load(caller, communityId, memberId)
      const self = isSelf(caller, memberId)
      if (!self && (caller.actedBy || caller.role !== 'coordinator')) throw new DomainError('FORBIDDEN')
      const [contact, audits, attributes] = await Promise.all([
        stores.members.getContact(communityId, memberId),
        stores.audit.listForMember(communityId, memberId),
        // Only the member ever sees their attributes: a coordinator's export leaves them out.
        self ? stores.members.getAttributes(communityId, memberId) : undefined,
      ])
      const posts = []
      let cursor: string | undefined
      do {
        const page = await stores.posts.listByMember(communityId, memberId, { limit: 100, cursor })
        posts.push(...page.items.map((p) => p.post))
        cursor = page.nextCursor ?? undefined
      } while (cursor)
      if (!self) await audit.record(caller, 'member.exported', { memberId })
      return {
        exportedAt: runtime.now().toISOString(),
        member,
        contact: contact ?? null,
        posts,
        audit: audits,
        ...(self ? { attributes: attributes ?? null } : {}),
      }
    },

    /**
     * Erases a member: contact details, sign-in addresses and messages go; the member and their
     * posts stay as anonymous records (so matches and statistics still add up).
     */
    async erase(caller: Caller, communityId: string, memberId: string, reason?: string) {
      const member = await load(caller, communityId, memberId)
      const self = isSelf(caller, memberId)
      if (!self && (caller.actedBy || caller.role !== 'coordinator')) throw new DomainError('FORBIDDEN')
      return eraseMember(stores, runtime, auth, member, async () => {
        await audit.record(caller, 'member.erased', { memberId, reason: reason ?? null })
      })
    },

    /**
     * How the member gets messages: e-mail, SMS, or none (a broker phones them). The member
     * themself, a broker acting for them, or a broker or coordinator of the community (a broker
     * only with the resident's consent for their contact details, as for changing those); anyone
     * but the member is recorded in the audit log. A channel needs an address for it.
     */
    async putNotificationPreference(
      caller: Caller,
      communityId: string,
      memberId: string,
      body: PutNotificationPreferenceBody,
    ): Promise<MemberDetails> {
      assertMember(caller, communityId)
      const self = caller.id === memberId && !caller.actedBy
      // Acting for a resident gives the resident's rights, not the broker's on top.
      if (caller.id !== memberId && (caller.actedBy || !isStaff(caller))) throw new DomainError('FORBIDDEN')
      const member = await stores.members.get(communityId, memberId)
      if (member?.status !== 'active') throw new DomainError('MEMBER_NOT_FOUND')
      const actor = caller.actedBy ?? caller
      if (
        !self &&
        actor.role === 'broker' &&
        !member.consents.some((c) => c.withdrawnAt === null && c.covers.includes('contact'))
      ) {
        throw new DomainError('CONSENT_REQUIRED')
      }
      if (member.version !== body.version) throw new DomainError('MEMBER_CHANGED')
      if (body.contactPreference !== 'none') {
        const contact = await stores.members.getContact(communityId, memberId)
        const reachable = deliveryAddress(
          { status: 'active', managedByBroker: false, contactPreference: body.contactPreference },
          contact,
        )
        if (!reachable) {
          throw new DomainError('VALIDATION_FAILED', [
            {
              path: 'contactPreference',
              code: body.contactPreference === 'email' ? 'no_email' : 'no_phone',
              message: '',
            },
          ])
        }
      }
      const changed: MemberDetails = {
        ...member,
        contactPreference: body.contactPreference,
        version: member.version + 1,
      }
      await stores.members.replace(changed, member.version)
      if (!self) {
        await audit.record(caller, 'contact.changed', {
          memberId,
          reason: `notifications: ${member.contactPreference} → ${body.contactPreference}`,
        })
      }
      return changed
    },
  }
}

/** Shared by self-service erasure and the retention worker. */
export const eraseMember = async (
  stores: Stores,
  runtime: Runtime,
  auth: AuthService,
  member: MemberDetails,
  recordAudit: () => Promise<void>,
): Promise<MemberDetails> => {
  const contact = (await stores.members.getContact(member.communityId, member.id)) ?? emptyContact
  const now = runtime.now()
  // Their posts stay for the figures, without anything that points to the person.
  let cursor: string | undefined
  do {
    const page = await stores.posts.listByMember(member.communityId, member.id, { limit: 100, cursor })
    for (const stored of page.items) {
      const post = stored.post
      await stores.posts.replace(
        {
          ...stored,
          post: {
            ...post,
            title: 'Verwijderd bericht',
            description: '',
            status: 'closed',
            closeReason: post.closeReason ?? 'withdrawn',
            closeNote: null,
            author: { ...post.author, displayName: 'Oud-lid' },
            version: post.version + 1,
            updatedAt: now.toISOString(),
          },
        },
        post.version,
      )
    }
    cursor = page.nextCursor ?? undefined
  } while (cursor)
  const erased: MemberDetails = {
    ...member,
    displayName: 'Oud-lid',
    status: 'erased',
    consents: [],
    screenings: [],
    contactPreference: 'none',
    // Whom they blocked and the languages they speak say something about the person too.
    ...newMemberMatching(),
    activeMatches: member.activeMatches,
    version: member.version + 1,
    lastActiveAt: now.toISOString(),
  }
  await stores.members.erase({ member: erased, loginHashes: auth.loginHashes(member.communityId, contact) })
  await forgetBlocks(stores, member)
  await recordAudit()
  return erased
}

/**
 * An erased member leaves no name in other members' block lists (the block is moot: their posts
 * are closed), and their own blocks leave no links behind.
 */
const forgetBlocks = async (stores: Stores, member: MemberDetails): Promise<void> => {
  const { communityId } = member
  for (const blockerId of await stores.members.listBlockedBy(communityId, member.id)) {
    // The blocker may change their details at the same moment: read again and retry.
    for (let attempt = 1; attempt <= 3; attempt++) {
      const blocker = await stores.members.get(communityId, blockerId)
      if (!blocker?.blocked.some((b) => b.memberId === member.id)) break
      try {
        await stores.members.replace(
          {
            ...blocker,
            blocked: blocker.blocked.filter((b) => b.memberId !== member.id),
            version: blocker.version + 1,
          },
          blocker.version,
        )
        break
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'MEMBER_CHANGED') || attempt === 3) throw error
      }
    }
    await stores.members.linkBlock(communityId, member.id, blockerId, false)
  }
  for (const blocked of member.blocked) await stores.members.linkBlock(communityId, blocked.memberId, member.id, false)
}
