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
  /** A broker accepted, declined or cancelled a match, agreed its details or gave its outcome for a resident. */
  'match.accepted-for',
  'match.declined-for',
  'match.cancelled-for',
  'match.agreement-for',
  'match.outcome-for',
  /** A broker read the contact details of the parties of an accepted match. */
  'match.contact-viewed',
  'queue.taken',
  'queue.snoozed',
  'queue.done',
  /** Staff registered (or imported) an organisation or volunteer for a Beursvloer. */
  'event.participant-registered-for',
  /** Staff checked a participant in on the day. */
  'event.checked-in-for',
  /** A hoekman recorded (or cancelled) a floor match for two participants. */
  'event.match-recorded-for',
  'event.match-cancelled-for',
  /** Staff read a participant's contact details (check-in list, match form). */
  'event.contact-viewed',
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
  /** A follow-up question got no answer, also not after the reminder: phone them. */
  'follow-up-no-answer',
  /** The parties of an accepted match had no contact yet, or it did not happen: help them further. */
  'match-needs-help',
  /** A message for a member who gets no e-mail or SMS (their choice, or no address): phone them. */
  'phone-member',
] as const
export const queueItemStatuses = ['open', 'taken', 'snoozed', 'done'] as const

/**
 * The life of a match (a request–offer pair one side said yes to). `proposed`: one side (or a
 * broker for them) said yes; `accepted`: both did (contact details are visible to both);
 * the outcome ends it: `carried-out`, `partly`, `not-carried-out`. Exits before that:
 * `declined` (the other side said no), `cancelled` (a side withdrew), `expired` (no answer in time).
 */
export const matchStatuses = [
  'proposed',
  'accepted',
  'carried-out',
  'partly',
  'not-carried-out',
  'declined',
  'cancelled',
  'expired',
] as const
/** The statuses a match cannot leave. */
export const finalMatchStatuses = [
  'carried-out',
  'partly',
  'not-carried-out',
  'declined',
  'cancelled',
  'expired',
] as const
/** The one-click answers to a follow-up question. `still-running`: recurring help that goes on. */
export const followUpAnswers = ['carried-out', 'partly', 'not-carried-out', 'still-running'] as const
/**
 * When a match is followed up: `contact` ("did you get in touch?", about 3 days after acceptance),
 * `outcome` ("did it happen?", about 30 days), and for event matches `event-3m` and `event-6m`
 * ("was the agreement carried out?").
 */
export const followUpSteps = ['contact', 'outcome', 'event-3m', 'event-6m'] as const
/** Where a match came from. */
export const matchOrigins = ['suggestion', 'event'] as const
/** The messages Buurtbeurs sends about matches (texts in shared/domain/notification.ts). */
export const notificationTemplates = [
  /** Someone said yes to your post: do you accept? */
  'match-proposed',
  /** Both said yes: here is how to reach each other. */
  'match-accepted',
  'match-declined',
  'match-cancelled',
  'match-expired',
  /** A follow-up question with one-click answers, and its reminder. */
  'follow-up',
  'follow-up-reminder',
] as const
export const notificationChannels = ['email', 'sms'] as const

/**
 * Who takes part in a Maatschappelijke Beursvloer: the organisation types of the field, and
 * individual volunteers (`vrijwilliger`), who need not be a legal entity.
 */
export const participantTypes = [
  'vrijwilligersorganisatie',
  'maatschappelijke-organisatie',
  'bedrijf',
  'school',
  'overheid',
  'serviceclub',
  'vrijwilliger',
] as const
/** `draft`: being set up; `open`: registration is open; `live`: the floor is open; `closed`: afterwards. */
export const eventStatuses = ['draft', 'open', 'live', 'closed'] as const
/** At an event a participant brings needs (`need`, what they ask) and offers (`offer`, what they give). */
export const eventItemKinds = ['need', 'offer'] as const
/**
 * How a valuation rule turns inputs into euros: `hours` (hours × people × an hourly rate),
 * `stated` (the value the parties state, e.g. materials, up to a cap), `fixed` (a set amount per match).
 */
export const valuationMethods = ['hours', 'stated', 'fixed'] as const

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
export type MatchStatus = (typeof matchStatuses)[number]
export type FollowUpAnswer = (typeof followUpAnswers)[number]
export type FollowUpStep = (typeof followUpSteps)[number]
export type MatchOrigin = (typeof matchOrigins)[number]
export type NotificationTemplate = (typeof notificationTemplates)[number]
export type NotificationChannel = (typeof notificationChannels)[number]
export type ParticipantType = (typeof participantTypes)[number]
export type EventStatus = (typeof eventStatuses)[number]
export type EventItemKind = (typeof eventItemKinds)[number]
export type ValuationMethod = (typeof valuationMethods)[number]
