import { actorOf, type Caller } from '../domain/caller'
import { DomainError } from '../domain/errors'
import { assertMember } from '../domain/post'
import type { AuditAction, AuditQuery } from '../schemas/audit'
import type { Runtime, Stores } from './ports'

export type AuditLog = ReturnType<typeof createAuditLog>

/** Writes and reads the append-only audit log. */
export const createAuditLog = (stores: Stores, runtime: Runtime) => ({
  /** Records what the real actor (the broker, when acting for someone) did to whose data. */
  async record(
    caller: Caller,
    action: AuditAction,
    target: { memberId?: string | null; postId?: string | null; reason?: string | null } = {},
  ): Promise<void> {
    const actor = actorOf(caller)
    await stores.audit.append(actor.communityId, {
      id: runtime.newId(),
      at: runtime.now().toISOString(),
      actorId: actor.id,
      actorRole: actor.role,
      action,
      memberId: target.memberId ?? null,
      postId: target.postId ?? null,
      reason: target.reason ?? null,
    })
  },

  async list(caller: Caller, communityId: string, query: AuditQuery) {
    assertMember(caller, communityId)
    if (actorOf(caller).role !== 'coordinator' || caller.actedBy) throw new DomainError('FORBIDDEN')
    const month = query.month ?? runtime.now().toISOString().slice(0, 7)
    return stores.audit.list(communityId, month, query)
  },
})
