/**
 * The fixed words of the domain, without zod, so the web bundle can import them for free.
 * The zod schemas build their enums from these lists.
 */
export const postKinds = ['request', 'offer'] as const
export const weekDays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const
export const dayPartsOfDay = ['morning', 'afternoon', 'evening'] as const
/** `mon-morning` … `sun-evening`: 21 day parts, the unit of availability. */
export const dayParts = weekDays.flatMap((d) => dayPartsOfDay.map((p) => `${d}-${p}` as const))
export const recurrences = ['once', 'weekly', 'every-two-weeks', 'monthly'] as const
export const closeReasons = ['fulfilled', 'withdrawn', 'referred', 'other'] as const
export const areaLevels = ['gemeente', 'wijk', 'buurt', 'dorp', 'kern'] as const
/** The six Beursvloer corners; a community may add its own resource types. */
export const standardResourceTypes = [
  'menskracht',
  'kennis',
  'netwerk',
  'materiaal',
  'faciliteiten',
  'creativiteit',
] as const

/** What the audit log records. */
export const auditActions = [
  'contact.viewed',
  'contact.changed',
  'member.created',
  'member.role-changed',
  'member.consent-recorded',
  'member.screening-recorded',
  'member.exported',
  'member.erased',
  /** Helping (capacity, pause, languages) or blocks changed by someone else than the member. */
  'member.matching-changed',
  'post.created-for',
  'post.changed-for',
  'post.closed-for',
  'post.changed',
  'post.closed',
  'summary.printed',
  'match.interest-for',
  'queue.taken',
  'queue.snoozed',
  'queue.done',
] as const

/** Languages a member can say they speak (ISO 639 codes: Berber, Papiamento and Sranan have no two-letter code), for the shared-language part of a suggestion. */
export const spokenLanguages = [
  'nl',
  'en',
  'fy',
  'de',
  'fr',
  'es',
  'pl',
  'tr',
  'ar',
  'ber',
  'ti',
  'so',
  'fa',
  'uk',
  'ru',
  'pap',
  'srn',
  'zh',
] as const

/** Age bands a member may give (with consent) so suggestions can bridge generations; never shown per person. */
export const ageBands = ['under-25', '25-44', '45-64', '65-79', '80-plus'] as const

/** The parts of a suggestion's score, each with a weight a coordinator can set. */
export const scoreComponents = [
  'fit',
  'distance',
  'availability',
  'language',
  'waiting',
  'load',
  'reciprocity',
  'bridging',
] as const

/** Why something is in a broker's work queue. */
export const queueItemKinds = [
  'new-request',
  'no-good-suggestion',
  'waiting-long',
  'review-suggestions',
  'interest-no-reply',
] as const
export const queueItemStatuses = ['open', 'taken', 'snoozed', 'done'] as const

export type PostKind = (typeof postKinds)[number]
export type DayPart = (typeof dayParts)[number]
export type Recurrence = (typeof recurrences)[number]
export type CloseReason = (typeof closeReasons)[number]
export type AuditAction = (typeof auditActions)[number]
export type SpokenLanguage = (typeof spokenLanguages)[number]
export type AgeBand = (typeof ageBands)[number]
export type ScoreComponent = (typeof scoreComponents)[number]
export type QueueItemKind = (typeof queueItemKinds)[number]
export type QueueItemStatus = (typeof queueItemStatuses)[number]
