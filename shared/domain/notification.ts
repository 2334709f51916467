/**
 * The messages Buurtbeurs sends about matches, and when and how they go out: the texts of every
 * template in Dutch (B1, "u") and plain English, quiet hours, and the channel a member gets.
 * Pure: no I/O, no clock (the caller passes `now`), no SDK. The notify worker
 * (shared/services/notification-service.ts) reads the facts and sends what this renders.
 *
 * Every message has ONE action: a link to the match page, or for a follow-up question the four
 * one-click answers (each a link to the answer page with the answer chosen). A message never
 * holds contact details of the other party: only their first name (or organisation name), which
 * every member of the community can see anyway. Once both said yes, the match page shows the
 * details; the message only says so.
 */
import type { MatchSide } from '../schemas/match'
import type { MemberContact, MemberDetails } from '../schemas/member'
import type { FollowUpAnswer, FollowUpStep, NotificationChannel, NotificationTemplate } from '../schemas/vocabulary'
import { followUpAnswers } from '../schemas/vocabulary'
import { normalizeAddress } from './auth'
import { dutchTimeZone, instantOf, wallClock } from './local-time'

/** What a message is about; the worker reads it from the member, the match and the two posts. */
export interface NotificationFacts {
  /** The site's origin (`https://…`, no path): links point there. */
  origin: string
  communityName: string
  matchId: string
  /** The recipient's first name (or organisation name). */
  name: string
  /** The other party's first name (or organisation name): never their contact details. */
  otherName: string
  /** The recipient's side of the match, and the titles of their post and the other one. */
  side: MatchSide
  ownTitle: string
  otherTitle: string
  /** Follow-up templates: the step asked about and the signed answer token of this member's side. */
  followUp?: { step: FollowUpStep; token: string } | null
}

export interface RenderedNotification {
  subject: string
  /** The e-mail body (plain text). */
  text: string
  /** The SMS: at most {@link maxSmsLength} characters. */
  sms: string
}

export type NotificationLanguage = 'nl' | 'en'

/** Two SMS segments of plain GSM text hold 306 characters; 300 leaves a little room. */
export const maxSmsLength = 300

const trimOrigin = (origin: string) => origin.replace(/\/+$/, '')

/** The match page: the one action of every message about a match. */
export const matchPageUrl = (origin: string, matchId: string): string =>
  `${trimOrigin(origin)}/matches/${encodeURIComponent(matchId)}`

/**
 * The answer page of a follow-up question. The token stays in the fragment (after `#`): browsers
 * never send it to a server or in a Referer; the page posts it in a request body.
 */
export const answerPageUrl = (origin: string, token: string, answer?: FollowUpAnswer): string =>
  `${trimOrigin(origin)}/antwoord#t=${token}${answer ? `&a=${answer}` : ''}`

/** Cuts a title or name for an SMS, on a word boundary where possible. */
const short = (text: string, max: number): string => {
  const clean = text.replace(/\s+/g, ' ').trim()
  if (clean.length <= max) return clean
  const cut = clean.slice(0, max - 3)
  const space = cut.lastIndexOf(' ')
  return `${space > max / 2 ? cut.slice(0, space) : cut}...`
}

/** The answers of a follow-up question, labelled for its step (the contact step asks something else). */
const answerLabels: Record<NotificationLanguage, Record<'contact' | 'agreement', Record<FollowUpAnswer, string>>> = {
  nl: {
    contact: {
      'carried-out': 'Ja, het is al gedaan',
      partly: 'Een deel is gedaan',
      'not-carried-out': 'Nee, nog geen contact',
      'still-running': 'Ja, en het loopt nog',
    },
    agreement: {
      'carried-out': 'Ja, helemaal',
      partly: 'Voor een deel',
      'not-carried-out': 'Nee',
      'still-running': 'Het loopt nog',
    },
  },
  en: {
    contact: {
      'carried-out': 'Yes, it is done',
      partly: 'Partly done',
      'not-carried-out': 'No, no contact yet',
      'still-running': 'Yes, and it is still going on',
    },
    agreement: {
      'carried-out': 'Yes, completely',
      partly: 'Partly',
      'not-carried-out': 'No',
      'still-running': 'It is still going on',
    },
  },
}

/** The labels of the four answers of a step, in the order of `followUpAnswers`. */
export const followUpAnswerLabels = (
  language: NotificationLanguage,
  step: FollowUpStep,
): Record<FollowUpAnswer, string> => answerLabels[language][step === 'contact' ? 'contact' : 'agreement']

interface Parts {
  subject: string
  /** The e-mail's lines before the action. */
  lead: string[]
  /** The words before the link ("Kijk op deze pagina en zeg ja of nee:"). */
  action: string
  /** The SMS without its link, given the (shortened) own title, other name and other title; an empty title is left out. */
  sms: SmsText
}

type SmsText = (ownTitle: string, otherName: string, otherTitle: string) => string
type Texts = (facts: NotificationFacts) => Parts

const q = (title: string) => `"${title}"`
/** A title in brackets after a sentence; nothing when the SMS had to leave it out. */
const paren = (title: string) => (title ? ` (${q(title)})` : '')

const dutch: Record<Exclude<NotificationTemplate, 'follow-up' | 'follow-up-reminder'>, Texts> = {
  'match-proposed': (f) =>
    f.side === 'request'
      ? {
          subject: `${f.otherName} wil u helpen`,
          lead: [`${f.otherName} wil u helpen met uw vraag: ${q(f.ownTitle)}`],
          action: 'Wilt u dat ook? Kijk op deze pagina en zeg ja of nee:',
          sms: (t, o) => `Buurtbeurs: ${o} wil u helpen${t ? ` met ${q(t)}` : ''}. Wilt u dat ook? Zeg ja of nee:`,
        }
      : {
          subject: `${f.otherName} vraagt uw hulp`,
          lead: [`${f.otherName} zoekt hulp bij: ${q(f.otherTitle)}`, `Dat past bij wat u aanbiedt: ${q(f.ownTitle)}`],
          action: 'Wilt u helpen? Kijk op deze pagina en zeg ja of nee:',
          sms: (_t, o, ot) => `Buurtbeurs: ${o} vraagt uw hulp${ot ? ` bij ${q(ot)}` : ''}. Zeg ja of nee:`,
        },
  'match-accepted': (f) => ({
    subject: `U en ${f.otherName} zeggen allebei ja`,
    lead: [
      `U en ${f.otherName} hebben allebei ja gezegd (${q(f.ownTitle)}).`,
      'Op de pagina ziet u nu hoe u elkaar kunt bereiken.',
    ],
    action: 'Spreek samen af wat u doet en wanneer:',
    sms: (t, o) => `Buurtbeurs: u en ${o} zeggen allebei ja${paren(t)}. Zie hoe u elkaar bereikt en spreek af:`,
  }),
  'match-declined': (f) => ({
    subject: `${f.otherName} kan helaas niet`,
    lead: [`${f.otherName} heeft nee gezegd (${q(f.ownTitle)}). Jammer!`],
    action: 'Op de pagina ziet u wat u nu kunt doen:',
    sms: (t, o) => `Buurtbeurs: ${o} kan helaas niet${paren(t)}. Kijk wat u nu kunt doen:`,
  }),
  'match-cancelled': (f) => ({
    subject: 'Het gaat niet door',
    lead: [`${f.otherName} laat weten dat het niet doorgaat (${q(f.ownTitle)}).`],
    action: 'Op de pagina ziet u wat u nu kunt doen:',
    sms: (t, o) => `Buurtbeurs: ${o} laat weten dat het niet doorgaat${paren(t)}. Kijk wat u nu kunt doen:`,
  }),
  'match-expired': (f) => ({
    subject: `Geen antwoord van ${f.otherName}`,
    lead: [`${f.otherName} heeft niet op tijd geantwoord (${q(f.ownTitle)}). Daarom gaat het niet door.`],
    action: 'Op de pagina ziet u wat u nu kunt doen:',
    sms: (t, o) => `Buurtbeurs: ${o} heeft niet op tijd geantwoord${paren(t)}. Kijk wat u nu kunt doen:`,
  }),
}

const english: typeof dutch = {
  'match-proposed': (f) =>
    f.side === 'request'
      ? {
          subject: `${f.otherName} would like to help you`,
          lead: [`${f.otherName} would like to help you with your request: ${q(f.ownTitle)}`],
          action: 'Do you want that too? Open this page and say yes or no:',
          sms: (t, o) => `Buurtbeurs: ${o} would like to help you${t ? ` with ${q(t)}` : ''}. Say yes or no:`,
        }
      : {
          subject: `${f.otherName} asks for your help`,
          lead: [
            `${f.otherName} is looking for help with: ${q(f.otherTitle)}`,
            `That fits what you offer: ${q(f.ownTitle)}`,
          ],
          action: 'Would you like to help? Open this page and say yes or no:',
          sms: (_t, o, ot) => `Buurtbeurs: ${o} asks for your help${ot ? ` with ${q(ot)}` : ''}. Say yes or no:`,
        },
  'match-accepted': (f) => ({
    subject: `You and ${f.otherName} both said yes`,
    lead: [
      `You and ${f.otherName} both said yes (${q(f.ownTitle)}).`,
      'On the page you can now see how to reach each other.',
    ],
    action: 'Agree together what you will do, and when:',
    sms: (t, o) => `Buurtbeurs: you and ${o} both said yes${paren(t)}. See how to reach each other and agree:`,
  }),
  'match-declined': (f) => ({
    subject: `${f.otherName} cannot help this time`,
    lead: [`${f.otherName} said no (${q(f.ownTitle)}). What a pity!`],
    action: 'On the page you can see what you can do next:',
    sms: (t, o) => `Buurtbeurs: ${o} said no${paren(t)}. See what you can do next:`,
  }),
  'match-cancelled': (f) => ({
    subject: 'It is not going ahead',
    lead: [`${f.otherName} let us know that it is not going ahead (${q(f.ownTitle)}).`],
    action: 'On the page you can see what you can do next:',
    sms: (t, o) => `Buurtbeurs: ${o} let us know it is not going ahead${paren(t)}. See what you can do next:`,
  }),
  'match-expired': (f) => ({
    subject: `No answer from ${f.otherName}`,
    lead: [`${f.otherName} did not answer in time (${q(f.ownTitle)}). So it is not going ahead.`],
    action: 'On the page you can see what you can do next:',
    sms: (t, o) => `Buurtbeurs: ${o} did not answer in time${paren(t)}. See what you can do next:`,
  }),
}

const words = {
  nl: {
    hello: (name: string) => `Hallo ${name},`,
    regards: (community: string) => `Groeten,\nBuurtbeurs ${community}`,
    reminder: 'Herinnering',
    notYet: 'We hebben nog geen antwoord van u.',
    contactQuestion: 'Hebben jullie al contact gehad?',
    agreementQuestion: 'Is de afspraak uitgevoerd?',
    contactLead: (o: string, t: string) => `U en ${o} hebben ja gezegd tegen elkaar (${q(t)}).`,
    agreementLead: (o: string, t: string) => `U en ${o} hebben iets afgesproken (${q(t)}).`,
    pick: 'Klik op het antwoord dat past. U hoeft niet in te loggen.',
    smsContact: (o: string, t: string) =>
      `Buurtbeurs: hebben u en ${o} al contact gehad${paren(t)}? Antwoord met 1 klik:`,
    smsAgreement: (o: string, t: string) =>
      `Buurtbeurs: is de afspraak met ${o} uitgevoerd${paren(t)}? Antwoord met 1 klik:`,
    smsReminder: 'Buurtbeurs (herinnering):',
    smsContactShort: 'Contact gehad?',
    smsAgreementShort: 'Uitgevoerd?',
  },
  en: {
    hello: (name: string) => `Hello ${name},`,
    regards: (community: string) => `Kind regards,\nBuurtbeurs ${community}`,
    reminder: 'Reminder',
    notYet: 'We have not heard from you yet.',
    contactQuestion: 'Have you been in touch yet?',
    agreementQuestion: 'Was the agreement carried out?',
    contactLead: (o: string, t: string) => `You and ${o} said yes to each other (${q(t)}).`,
    agreementLead: (o: string, t: string) => `You and ${o} agreed on something (${q(t)}).`,
    pick: 'Click the answer that fits. You do not need to sign in.',
    smsContact: (o: string, t: string) =>
      `Buurtbeurs: have you and ${o} been in touch yet${paren(t)}? Answer in 1 click:`,
    smsAgreement: (o: string, t: string) =>
      `Buurtbeurs: was the agreement with ${o} carried out${paren(t)}? Answer in 1 click:`,
    smsReminder: 'Buurtbeurs (reminder):',
    smsContactShort: 'In touch yet?',
    smsAgreementShort: 'Carried out?',
  },
} as const

/**
 * The SMS with the titles and the name cut shorter until it fits, then without the titles, then
 * only `minimal` and the link: a signed follow-up link alone is some 280 characters.
 */
const fitSms = (build: SmsText, facts: NotificationFacts, link: string, minimal = 'Buurtbeurs:'): string => {
  for (const [titleMax, nameMax] of [
    [60, 30],
    [40, 20],
    [20, 15],
    [0, 15],
  ] as const) {
    const title = (text: string) => (titleMax === 0 ? '' : short(text, titleMax))
    const sms = `${build(title(facts.ownTitle), short(facts.otherName, nameMax), title(facts.otherTitle))} ${link}`
    if (sms.length <= maxSmsLength) return sms
  }
  const bare = `${minimal} ${link}`
  return bare.length <= maxSmsLength ? bare : link
}

/**
 * Renders one message about a match for one member: the e-mail's subject and text, and the SMS.
 * Follow-up templates need `facts.followUp` (the step and this member's signed token).
 */
export const renderNotification = (
  template: NotificationTemplate,
  language: NotificationLanguage,
  facts: NotificationFacts,
): RenderedNotification => {
  const w = words[language]
  const close = ['', w.regards(facts.communityName)]
  if (template === 'follow-up' || template === 'follow-up-reminder') {
    if (!facts.followUp) throw new Error(`Template ${template} needs the follow-up step and token`)
    const { step, token } = facts.followUp
    const reminder = template === 'follow-up-reminder'
    const contact = step === 'contact'
    const question = contact ? w.contactQuestion : w.agreementQuestion
    const labels = followUpAnswerLabels(language, step)
    const lead = (contact ? w.contactLead : w.agreementLead)(facts.otherName, facts.ownTitle)
    const text = [
      w.hello(facts.name),
      '',
      ...(reminder ? [w.notYet] : []),
      lead,
      question,
      w.pick,
      ...followUpAnswers.flatMap((answer) => ['', `${labels[answer]}:`, answerPageUrl(facts.origin, token, answer)]),
      ...close,
    ].join('\n')
    // One link without a chosen answer: four links would not fit in an SMS; the page shows the four buttons.
    const smsQuestion = (t: string, o: string) => {
      const asked = (contact ? w.smsContact : w.smsAgreement)(o, t)
      return reminder ? asked.replace(/^Buurtbeurs:/, w.smsReminder) : asked
    }
    return {
      subject: reminder ? `${w.reminder}: ${question}` : question,
      text,
      sms: fitSms(
        smsQuestion,
        facts,
        answerPageUrl(facts.origin, token),
        contact ? w.smsContactShort : w.smsAgreementShort,
      ),
    }
  }
  const parts = (language === 'nl' ? dutch : english)[template](facts)
  const link = matchPageUrl(facts.origin, facts.matchId)
  return {
    subject: parts.subject,
    text: [w.hello(facts.name), '', ...parts.lead, '', parts.action, link, ...close].join('\n'),
    sms: fitSms(parts.sms, facts, link),
  }
}

// --- quiet hours ---------------------------------------------------------------------------------

const minutesOf = (time: string): number => {
  const [hours = 0, minutes = 0] = time.split(':').map(Number)
  return hours * 60 + minutes
}

/**
 * When the quiet hours that `now` falls in end (the next `to` on the local clock), or null when
 * it is not quiet. `from`–`to` are local times (`HH:MM`); a window may run over midnight
 * (`21:00`–`08:00`); equal times mean no quiet hours at all.
 */
export const quietUntil = (
  now: Date,
  quietHours: { from: string; to: string },
  timeZone = dutchTimeZone,
): Date | null => {
  const from = minutesOf(quietHours.from)
  const to = minutesOf(quietHours.to)
  if (from === to) return null
  const local = wallClock(now.getTime(), timeZone)
  const minute = local.hour * 60 + local.minute
  const overMidnight = from > to
  const quiet = overMidnight ? minute >= from || minute < to : minute >= from && minute < to
  if (!quiet) return null
  // Over midnight and still evening: it ends tomorrow morning; otherwise later today.
  const dayOffset = overMidnight && minute >= from ? 1 : 0
  const end = instantOf(
    Date.UTC(local.year, local.month - 1, local.day + dayOffset, Math.floor(to / 60), to % 60),
    timeZone,
  )
  return new Date(end)
}

// --- channel -------------------------------------------------------------------------------------

type ContactFields = Pick<MemberContact, 'email' | 'phone'> & Partial<Pick<MemberContact, 'representatives'>>

/**
 * Where a member's messages go: their chosen channel and its address (normalised: lower-case
 * e-mail, phone as +31…). Null when they get none: they chose none, a broker manages their
 * account, they were erased, or there is no usable address for the channel they chose (the
 * other channel is not used instead: they chose this one). An organisation without an address
 * of its own uses its first representative's.
 */
export const deliveryAddress = (
  member: Pick<MemberDetails, 'status' | 'contactPreference' | 'managedByBroker'>,
  contact: ContactFields | undefined,
): { channel: NotificationChannel; to: string } | null => {
  if (member.status !== 'active' || member.managedByBroker || !contact) return null
  const preference = member.contactPreference
  if (preference === 'none') return null
  const field = preference === 'email' ? 'email' : 'phone'
  const kind = preference === 'email' ? 'email' : 'phone'
  const candidates = [contact[field], ...(contact.representatives ?? []).map((r) => r[field])]
  for (const raw of candidates) {
    const address = raw ? normalizeAddress(raw) : undefined
    if (address?.kind === kind) return { channel: preference, to: address.value }
  }
  return null
}

/** The channel a member's messages go by, or null: a broker phones them instead. */
export const chooseChannel = (
  member: Pick<MemberDetails, 'status' | 'contactPreference' | 'managedByBroker'>,
  contact: ContactFields | undefined,
): NotificationChannel | null => deliveryAddress(member, contact)?.channel ?? null
