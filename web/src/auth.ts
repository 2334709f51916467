import type { Session } from '../../shared/schemas/auth'
import type { MemberProfile } from '../../shared/schemas/member'

/**
 * The signed-in session and the "acting for a resident" choice. Both live in sessionStorage:
 * they end when the tab closes, and are never shared with other tabs or kept on the device.
 */

const sessionKey = 'buurtbeurs.session'
const actForKey = 'buurtbeurs.actFor'

/** The resident a broker is working for: sent as `x-act-for` on the resident's calls. */
export interface ActingFor {
  id: string
  displayName: string
}

function read<T>(key: string): T | null {
  try {
    const text = sessionStorage.getItem(key)
    return text ? (JSON.parse(text) as T) : null
  } catch {
    return null
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === null) sessionStorage.removeItem(key)
    else sessionStorage.setItem(key, JSON.stringify(value))
  } catch {
    // Without storage the session lasts until the page is reloaded.
  }
}

const isLive = (value: Session | null): value is Session =>
  value !== null && typeof value.token === 'string' && Date.parse(value.expiresAt) > Date.now()

let session: Session | null = read<Session>(sessionKey)
if (!isLive(session)) {
  session = null
  write(sessionKey, null)
}
let actingFor: ActingFor | null = session ? read<ActingFor>(actForKey) : null

const listeners = new Set<() => void>()
const changed = () => {
  for (const listener of listeners) listener()
}

/** Call `listener` after every sign-in, sign-out, renewal or change of acting-for. */
export function onAuthChange(listener: () => void): void {
  listeners.add(listener)
}

/** The bearer token, or null when nobody is signed in (or the token has run out). */
export function getToken(): string | null {
  if (session && !isLive(session)) setSession(null)
  return session?.token ?? null
}

/** The person who signed in (never the resident a broker acts for). */
export function signedInMember(): MemberProfile | null {
  return getToken() ? (session?.member ?? null) : null
}

export function isSignedIn(): boolean {
  return getToken() !== null
}

export function getSession(): Session | null {
  return getToken() ? session : null
}

/** Store a new or renewed session; null signs out (and stops acting for anyone). */
export function setSession(next: Session | null): void {
  const renewed = next !== null && session !== null && next.member.id === session.member.id
  session = next
  write(sessionKey, next)
  if (!renewed) setActingFor(null, false)
  scheduleRenewal()
  changed()
}

export function getActingFor(): ActingFor | null {
  return session ? actingFor : null
}

/** Start (or with null stop) working for a resident. */
export function setActingFor(next: ActingFor | null, notify = true): void {
  actingFor = next
  write(actForKey, next)
  if (notify) changed()
}

/** Roles that see the broker pages. */
export function isBroker(member: MemberProfile | null = signedInMember()): boolean {
  return member?.role === 'broker' || member?.role === 'coordinator'
}

export function isCoordinator(member: MemberProfile | null = signedInMember()): boolean {
  return member?.role === 'coordinator'
}

// Renewal: a fresh token a minute before the current one expires, until the session ends.
const renewAheadMs = 60_000
let renewer: (() => Promise<Session>) | null = null
let renewTimer = 0

/** How to renew (the API client); set once at start-up to keep this module free of it. */
export function setRenewer(renew: () => Promise<Session>): void {
  renewer = renew
  scheduleRenewal()
}

function scheduleRenewal(): void {
  window.clearTimeout(renewTimer)
  if (!session || !renewer) return
  const expires = Date.parse(session.expiresAt)
  if (expires >= Date.parse(session.sessionEndsAt)) return
  const delay = Math.max(0, expires - Date.now() - renewAheadMs)
  renewTimer = window.setTimeout(async () => {
    const current = session
    if (!current || !renewer) return
    try {
      const next = await renewer()
      if (session === current) setSession(next)
    } catch {
      // The next call will get UNAUTHENTICATED and lead to the sign-in page.
    }
  }, delay)
}
