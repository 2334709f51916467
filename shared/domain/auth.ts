import type { Consent, MemberDetails } from '../schemas/member'
import { DomainError } from './errors'

/** How long a sign-in code works, how often it may be tried, and how long tokens and sessions live. */
export const signInRules = {
  codeSeconds: 10 * 60,
  codeAttempts: 5,
  /** Codes an address may ask for per window, and requests one client may make per window. */
  codesPerAddress: 5,
  requestsPerClient: 30,
  windowSeconds: 15 * 60,
  tokenSeconds: 15 * 60,
  sessionSeconds: 12 * 60 * 60,
} as const

/**
 * One spelling per address, so that `Anna@Example.nl ` and `anna@example.nl` are the same login
 * and `06-1234 5678` equals `+31612345678`. Returns undefined for something that is neither.
 */
export const normalizeAddress = (raw: string): { kind: 'email' | 'phone'; value: string } | undefined => {
  const text = raw.trim()
  if (text.includes('@')) {
    const email = text.toLowerCase()
    return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? { kind: 'email', value: email } : undefined
  }
  let digits = text.replace(/[\s()-]/g, '')
  if (digits.startsWith('00')) digits = `+${digits.slice(2)}`
  if (digits.startsWith('0')) digits = `+31${digits.slice(1)}`
  return /^\+[1-9]\d{7,14}$/.test(digits) ? { kind: 'phone', value: digits } : undefined
}

/** The sign-in addresses a member's contact details give: e-mail, phone, and representatives'. */
export const signInAddresses = (contact: {
  email: string | null
  phone: string | null
  representatives?: { email: string | null; phone: string | null }[]
}): string[] => {
  const raw = [contact.email, contact.phone, ...(contact.representatives ?? []).flatMap((r) => [r.email, r.phone])]
  const values = raw.flatMap((a) => (a ? [normalizeAddress(a)?.value] : [])).filter((a): a is string => !!a)
  return [...new Set(values)]
}

/** A six-digit code from a random integer below one million. */
export const formatCode = (random: number): string => String(random % 1_000_000).padStart(6, '0')

/** Consents in force that cover `scope`. */
export const hasConsent = (member: Pick<MemberDetails, 'consents'>, scope: Consent['covers'][number]): boolean =>
  member.consents.some((c) => c.withdrawnAt === null && c.covers.includes(scope))

/**
 * A broker (or coordinator) may act for a resident of the same community only while the
 * resident's consent to be helped this way is in force: the broker's access follows the consent.
 */
export const assertMayActFor = (actor: MemberDetails, resident: MemberDetails): void => {
  if (actor.role !== 'broker' && actor.role !== 'coordinator') throw new DomainError('FORBIDDEN')
  if (actor.communityId !== resident.communityId || resident.status !== 'active')
    throw new DomainError('MEMBER_NOT_FOUND')
  if (resident.kind !== 'resident' || !hasConsent(resident, 'posts')) throw new DomainError('CONSENT_REQUIRED')
}

export const isScreenedOn = (member: Pick<MemberDetails, 'screenings'>, today: string): boolean =>
  member.screenings.some((s) => s.checkedOn <= today && s.validUntil >= today)
