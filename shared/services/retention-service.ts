import type { AuditLog } from './audit-service'
import type { AuthService } from './auth-service'
import { eraseMember } from './member-service'
import type { Outbox, Runtime, Stores } from './ports'

const day = 24 * 60 * 60 * 1000
/** The notice goes out this long before an inactive account is erased. */
export const noticeDays = 30

/**
 * The daily retention run: members inactive for the community's period get a notice first and
 * are erased 30 days later if they did not come back. (Closed posts are removed by DynamoDB's
 * TTL.) Safe to run twice: a notice is sent once, and an erased member is not touched again.
 */
export const createRetentionService = (
  stores: Stores,
  runtime: Runtime,
  auth: AuthService,
  outbox: Outbox,
  audit: AuditLog,
) => ({
  async run(): Promise<{ communities: number; notices: number; erased: number }> {
    const now = runtime.now()
    let notices = 0
    let erased = 0
    const communityIds = await stores.communities.listIds()
    for (const communityId of communityIds) {
      const community = await stores.communities.get(communityId)
      if (!community) continue
      const noticeBefore = new Date(
        now.getTime() - (community.retention.inactiveMemberDays - noticeDays) * day,
      ).toISOString()
      const eraseBefore = new Date(now.getTime() - community.retention.inactiveMemberDays * day).toISOString()
      for (const member of await stores.members.listInactive(communityId, noticeBefore, 200)) {
        if (member.status !== 'active') continue
        const staff = member.role === 'broker' || member.role === 'coordinator'
        if (staff) continue
        if (
          member.lastActiveAt < eraseBefore &&
          member.retentionNoticeAt &&
          member.retentionNoticeAt <= new Date(now.getTime() - noticeDays * day).toISOString()
        ) {
          await eraseMember(stores, runtime, auth, member, () =>
            audit.record(member, 'member.erased', { memberId: member.id, reason: 'retention: inactive' }),
          )
          erased++
        } else if (!member.retentionNoticeAt) {
          const contact = await stores.members.getContact(communityId, member.id)
          const to = contact?.email ?? contact?.phone
          if (to) {
            await outbox.send(
              {
                communityId,
                memberId: member.id,
                channel: contact?.email ? 'email' : 'sms',
                to,
                subject: 'Uw account bij Buurtbeurs',
                text: `U heeft Buurtbeurs lang niet gebruikt. Over ${noticeDays} dagen verwijderen we uw gegevens. Wilt u blijven? Log dan in.`,
              },
              now,
            )
          }
          await stores.members.replace(
            { ...member, retentionNoticeAt: now.toISOString(), version: member.version + 1 },
            member.version,
          )
          notices++
        }
      }
    }
    return { communities: communityIds.length, notices, erased }
  },
})
