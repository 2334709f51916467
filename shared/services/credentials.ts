import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'
import { jwtVerify, SignJWT } from 'jose'
import * as z from 'zod'

/** The two keys Buurtbeurs needs, both derived from one secret (a Secrets Manager value in AWS). */
export interface KeyMaterial {
  signingKey: Uint8Array
  hashKey: Buffer
}

/** HKDF from one secret to independent keys: a leaked hash key does not let anyone sign tokens. */
export const deriveKeys = (secret: string): KeyMaterial => {
  if (secret.length < 32) throw new Error('The key secret must be at least 32 characters')
  const derive = (label: string) => Buffer.from(hkdfSync('sha256', secret, 'buurtbeurs', label, 32))
  return { signingKey: new Uint8Array(derive('token-signing')), hashKey: derive('address-hashing') }
}

export interface TokenClaims {
  memberId: string
  communityId: string
  sessionId: string
}

const claimsSchema = z.object({ sub: z.string(), cid: z.string(), sid: z.string() })

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
  }
}
