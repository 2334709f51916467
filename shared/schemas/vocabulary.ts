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
  'post.created-for',
  'post.changed-for',
  'post.closed-for',
  'post.changed',
  'post.closed',
  'summary.printed',
] as const

export type PostKind = (typeof postKinds)[number]
export type DayPart = (typeof dayParts)[number]
export type Recurrence = (typeof recurrences)[number]
export type CloseReason = (typeof closeReasons)[number]
export type AuditAction = (typeof auditActions)[number]
