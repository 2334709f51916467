/**
 * Delivery of notifications (the notify worker, functions/worker-notify/handler.ts) and the
 * member's choice of channel. Whoever has something to tell a member puts a job on the
 * notification queue and goes on; this service delivers each job: in the member's language,
 * by their channel, not during the community's quiet hours, and, when the member gets no
 * e-mail or SMS, as a task for a broker to phone them.
 */
import { createHash, randomUUID } from 'node:crypto'
import { deliveryAddress, type NotificationFacts, quietUntil, renderNotification } from '../domain/notification'
import { defaultLifecycleSettings, type NotificationJob } from '../schemas/match'
import type { MemberDetails } from '../schemas/member'
import type { DeliveryKey, NotificationQueue, Outbox, Runtime, Stores } from './ports'
import type { QueueService } from './queue-service'

export type NotificationService = ReturnType<typeof createNotificationService>

/** What became of a job: sent, held until the quiet hours end, given to a broker to phone, sent before, or moot. */
export type DeliveryResult = 'sent' | 'held' | 'phoned' | 'duplicate' | 'skipped'

/**
 * How long a worker may take to send one job before another may take it over: the worker's
 * timeout (infra/workers-stack.ts), so a crashed or timed-out worker's claim has run out by the
 * time SQS hands the job out again (after the visibility timeout, six times as long).
 */
export const deliveryLeaseMs = 5 * 60 * 1000

/** The queue item for one message: its id must fit the queue's ids, and the job id may be long. */
const phoneSubjectId = (jobId: string) => createHash('sha256').update(jobId).digest('base64url').slice(0, 22)

export const createNotificationService = (deps: {
  stores: Stores
  runtime: Runtime
  outbox: Outbox
  notificationQueue: NotificationQueue
  queue: QueueService
  /** The site's origin for the links in messages (`BUURTBEURS_SITE_URL`); only the notify worker needs it. */
  siteUrl?: string | undefined
}) => {
  const { stores, runtime, outbox, notificationQueue, queue } = deps

  /** Puts the job back on the queue, due at `until`. */
  const hold = async (job: NotificationJob & { kind: 'notify' }, until: Date): Promise<'held'> => {
    await notificationQueue.enqueue([{ ...job, notBefore: until.toISOString() }])
    return 'held'
  }

  /**
   * Delivers one notify job, once it is claimed. Skipped: the member is gone or not a party of
   * the match. Phoned: no channel (their choice, no address, or a broker manages the account);
   * a phone call at night wakes nobody, so those are not held. Held: quiet hours.
   */
  const deliverClaimed = async (job: NotificationJob & { kind: 'notify' }): Promise<DeliveryResult> => {
    const { communityId, memberId } = job
    const now = runtime.now()
    const [member, contact, match, community] = await Promise.all([
      stores.members.get(communityId, memberId),
      stores.members.getContact(communityId, memberId),
      stores.matches.get(communityId, job.matchId),
      stores.communities.get(communityId),
    ])
    if (member?.status !== 'active' || !community) return 'skipped'
    // Jobs are queued from a match's stream record: a missing match is a fault, not a moot job.
    if (!match) throw new Error(`Match ${job.matchId} of job ${job.id} not found`)
    const side = match.requestMemberId === memberId ? 'request' : match.offerMemberId === memberId ? 'offer' : undefined
    if (!side) return 'skipped'
    const [request, offer] = await Promise.all([
      stores.posts.get(communityId, match.requestId),
      stores.posts.get(communityId, match.offerId),
    ])
    const own = side === 'request' ? request : offer
    const other = side === 'request' ? offer : request

    const address = deliveryAddress(member, contact)
    if (!address) {
      if (!own) return 'skipped'
      await queue.raise({
        kind: 'phone-member',
        post: own.post,
        areaPath: own.areaPath,
        memberName: member.displayName,
        matchId: match.id,
        // One task per message: a later message about the same match is a new call.
        subjectId: phoneSubjectId(job.id),
        dueAt: now,
        waitingSince: now.toISOString(),
      })
      return 'phoned'
    }

    const quietHours = (community.lifecycle ?? defaultLifecycleSettings).quietHours
    const until = quietUntil(now, quietHours)
    if (until) return hold(job, until)

    if (!deps.siteUrl)
      throw new Error('The site URL is not configured (BUURTBEURS_SITE_URL): messages need it for links')
    // A Beursvloer match has no posts: what was agreed on the floor names both sides.
    const deal = match.event
    const ownParty = deal ? (side === 'request' ? deal.need : deal.offer) : undefined
    const otherParty = deal ? (side === 'request' ? deal.offer : deal.need) : undefined
    const facts: NotificationFacts = {
      origin: deps.siteUrl,
      communityName: community.name,
      matchId: match.id,
      name: member.displayName,
      otherName:
        otherParty?.name ??
        other?.post.author.displayName ??
        (language(member) === 'nl' ? 'De ander' : 'The other person'),
      side,
      ownTitle: ownParty?.title ?? own?.post.title ?? '',
      otherTitle: otherParty?.title ?? other?.post.title ?? '',
      followUp: job.followUp,
    }
    const rendered = renderNotification(job.template, language(member), facts)
    await outbox.send(
      {
        communityId,
        memberId,
        channel: address.channel,
        to: address.to,
        subject: rendered.subject,
        text: address.channel === 'sms' ? rendered.sms : rendered.text,
      },
      now,
    )
    return 'sent'
  }

  const language = (member: MemberDetails): 'nl' | 'en' => (member.language === 'en' ? 'en' : 'nl')

  return {
    /**
     * Delivers one job from the notification queue. A `message` (a sign-in code) is sent at
     * once, never held. A `notify` job is sent at most once per job id: the worker claims it in
     * `stores.deliveries` before sending and marks it sent after (see shared/db/delivery-store.ts
     * for the one crash window left); a copy that comes while another worker sends it fails, so
     * that the queue offers it again later, when it is found sent. Throws when delivery failed:
     * the queue retries the job, and after a few tries it goes to the dead-letter queue.
     */
    async deliver(job: NotificationJob): Promise<DeliveryResult> {
      if (job.kind === 'message') {
        await outbox.send(job.message, runtime.now())
        return 'sent'
      }
      const now = runtime.now()
      // Came back early (SQS delays 15 minutes at most): hold it again.
      if (job.notBefore && Date.parse(job.notBefore) > now.getTime()) return hold(job, new Date(job.notBefore))

      const key: DeliveryKey = { communityId: job.communityId, memberId: job.memberId, jobId: job.id }
      const claimId = randomUUID()
      const claim = await stores.deliveries.claim(key, claimId, now, new Date(now.getTime() + deliveryLeaseMs))
      if (claim === 'sent') return 'duplicate'
      if (claim === 'busy') throw new Error(`Job ${job.id} is being delivered by another worker; try again later`)
      let result: DeliveryResult
      try {
        result = await deliverClaimed(job)
      } catch (error) {
        await stores.deliveries.release(key, claimId).catch(() => {})
        throw error
      }
      // Sent and phoned are done for good; a held job comes back under the same id, a skipped one is moot.
      if (result === 'sent' || result === 'phoned') await stores.deliveries.markSent(key, claimId, runtime.now())
      else await stores.deliveries.release(key, claimId)
      return result
    },
  }
}
