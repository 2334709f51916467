import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose'
import * as z from 'zod'
import { postKinds } from '../schemas/vocabulary'

/** The keys Buurtbeurs needs, all derived from one secret (a Secrets Manager value in AWS). */
export interface KeyMaterial {
  signingKey: Uint8Array
  hashKey: Buffer
  /** Signs the one-click follow-up links: a key of its own, so a session token never passes as a link or back. */
  linkKey: Uint8Array
}

/** HKDF from one secret to independent keys: a leaked hash key does not let anyone sign tokens. */
export const deriveKeys = (secret: string): KeyMaterial => {
  if (secret.length < 32) throw new Error('The key secret must be at least 32 characters')
  const derive = (label: string) => Buffer.from(hkdfSync('sha256', secret, 'buurtbeurs', label, 32))
  return {
    signingKey: new Uint8Array(derive('token-signing')),
    hashKey: derive('address-hashing'),
    linkKey: new Uint8Array(derive('follow-up-link-signing')),
  }
}

export interface TokenClaims {
  memberId: string
  communityId: string
  sessionId: string
}

const claimsSchema = z.object({ sub: z.string(), cid: z.string(), sid: z.string() })

/** What a follow-up link lets its holder do: answer one question, for one side of one match. */
export interface FollowUpLinkClaims {
  communityId: string
  followUpId: string
  side: (typeof postKinds)[number]
}

/** The purpose claim of a follow-up link: checked, so no other token signed with the key ever counts as one. */
const linkPurpose = 'follow-up'
const linkClaimsSchema = z.object({
  pur: z.literal(linkPurpose),
  cid: z.string(),
  fid: z.string(),
  side: z.enum(postKinds),
  exp: z.number(),
})

export type Credentials = ReturnType<typeof createCredentials>

/**
 * Hashing of sign-in addresses and codes (HMAC: a table dump reveals neither) and session
 * tokens (HS256 JWTs, checked against the injected clock).
 */
export const createCredentials = (keys: KeyMaterial) => {
  const hmac = (text: string) => createHmac('sha256', keys.hashKey).update(text).digest('base64url')
  return {
    /** Scoped by community: the same address in two communities gives two unrelated hashes. */
    hashAddress: (communityId: string, address: string) => hmac(`address:${communityId}:${address}`),
    hashCode: (addressHash: string, code: string) => hmac(`code:${addressHash}:${code}`),
    sameHash: (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b)),

    signToken: (claims: TokenClaims, issuedAt: Date, expiresAt: Date) =>
      new SignJWT({ cid: claims.communityId, sid: claims.sessionId })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(claims.memberId)
        .setIssuedAt(Math.floor(issuedAt.getTime() / 1000))
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(keys.signingKey),

    /** The claims of a valid, unexpired token; undefined for anything else (tampered, expired, malformed). */
    async verifyToken(token: string, now: Date): Promise<TokenClaims | undefined> {
      try {
        const { payload } = await jwtVerify(token, keys.signingKey, { algorithms: ['HS256'], currentDate: now })
        const claims = claimsSchema.parse(payload)
        return { memberId: claims.sub, communityId: claims.cid, sessionId: claims.sid }
      } catch {
        return undefined
      }
    },

    /**
     * A token for a one-click follow-up link (in the page address after `#`, never in a path or
     * query). Every claim is covered by the HS256 signature: changing the question, the side or
     * the community makes it invalid.
     */
    signFollowUpLink: (claims: FollowUpLinkClaims, expiresAt: Date) =>
      new SignJWT({ pur: linkPurpose, cid: claims.communityId, fid: claims.followUpId, side: claims.side })
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
        .sign(keys.linkKey),

    /**
     * The claims of a valid follow-up link with its expiry; `'expired'` for a genuine link past its
     * time (jose checks the signature before the expiry); undefined for anything else.
     */
    async verifyFollowUpLink(
      token: string,
      now: Date,
    ): Promise<(FollowUpLinkClaims & { expiresAt: Date }) | 'expired' | undefined> {
      try {
        const { payload } = await jwtVerify(token, keys.linkKey, { algorithms: ['HS256'], currentDate: now })
        const claims = linkClaimsSchema.parse(payload)
        return {
          communityId: claims.cid,
          followUpId: claims.fid,
          side: claims.side,
          expiresAt: new Date(claims.exp * 1000),
        }
      } catch (error) {
        if (error instanceof joseErrors.JWTExpired && linkClaimsSchema.safeParse(error.payload).success)
          return 'expired'
        return undefined
      }
    },
  }
}
