import * as z from 'zod'

/**
 * Every error code the API can return, with its HTTP status and a message a person
 * understands, in Dutch (B1) and English. The front end branches on the code, never on the
 * message. Codes are stable: add new ones, never rename.
 */
export const errorCatalogue = {
  VALIDATION_FAILED: {
    status: 422,
    nl: 'Niet alles is goed ingevuld. Kijk naar de velden hieronder.',
    en: 'Some fields are not filled in correctly. Look at the fields below.',
  },
  MALFORMED_JSON: {
    status: 400,
    nl: 'Het verzoek is geen geldige JSON.',
    en: 'The request body is not valid JSON.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    nl: 'Stuur de gegevens als JSON (Content-Type: application/json).',
    en: 'Send the data as JSON (Content-Type: application/json).',
  },
  BODY_TOO_LARGE: {
    status: 413,
    nl: 'Het verzoek is te groot.',
    en: 'The request is too large.',
  },
  INVALID_CURSOR: {
    status: 400,
    nl: 'De link naar de volgende pagina klopt niet. Begin opnieuw bij de eerste pagina.',
    en: 'The next-page link is not valid. Start again from the first page.',
  },
  UNAUTHENTICATED: {
    status: 401,
    nl: 'U bent niet (meer) ingelogd. Log opnieuw in.',
    en: 'You are not signed in (any more). Please sign in again.',
  },
  CODE_INVALID: {
    status: 401,
    nl: 'Deze code klopt niet of is verlopen. Vraag een nieuwe code aan.',
    en: 'This code is wrong or has expired. Ask for a new code.',
  },
  TOO_MANY_REQUESTS: {
    status: 429,
    nl: 'U heeft het te vaak geprobeerd. Wacht een kwartier en probeer het dan opnieuw.',
    en: 'You tried too often. Wait fifteen minutes and try again.',
  },
  FORBIDDEN: {
    status: 403,
    nl: 'U mag dit niet doen.',
    en: 'You are not allowed to do this.',
  },
  COMMUNITY_FORBIDDEN: {
    status: 403,
    nl: 'U hoort niet bij deze gemeenschap.',
    en: 'You are not a member of this community.',
  },
  OWN_ROLE: {
    status: 403,
    nl: 'U kunt uw eigen rol niet veranderen. Vraag een andere coördinator.',
    en: 'You cannot change your own role. Ask another coordinator.',
  },
  CONSENT_REQUIRED: {
    status: 403,
    nl: 'Hiervoor is toestemming van de bewoner nodig. Leg die eerst vast.',
    en: 'This needs the resident’s consent. Record it first.',
  },
  SCREENING_REQUIRED: {
    status: 403,
    nl: 'Voor deze hulp moet een makelaar u eerst screenen (bijvoorbeeld met een VOG).',
    en: 'For this kind of help a broker must screen you first (for example with a VOG).',
  },
  NOT_POST_OWNER: {
    status: 403,
    nl: 'Alleen de schrijver of een makelaar mag dit bericht wijzigen.',
    en: 'Only the author or a broker may change this post.',
  },
  NOT_A_BROKER: {
    status: 403,
    nl: 'Dit is werk voor een makelaar of coördinator.',
    en: 'This is work for a broker or coordinator.',
  },
  NOT_A_PARTY: {
    status: 403,
    nl: 'Dit gaat over een match van iemand anders.',
    en: 'This is about someone else’s match.',
  },
  QUEUE_ITEM_NOT_FOUND: {
    status: 404,
    nl: 'Deze taak bestaat niet (meer).',
    en: 'This task does not exist (any more).',
  },
  MATCH_NOT_FOUND: {
    status: 404,
    nl: 'Deze match bestaat niet (meer).',
    en: 'This match does not exist (any more).',
  },
  LINK_INVALID: {
    status: 404,
    nl: 'Deze link klopt niet. Gebruik de link uit het bericht, of bel de makelaar.',
    en: 'This link is not valid. Use the link from the message, or call the broker.',
  },
  ROUTE_NOT_FOUND: {
    status: 404,
    nl: 'Dit adres bestaat niet.',
    en: 'This address does not exist.',
  },
  COMMUNITY_NOT_FOUND: {
    status: 404,
    nl: 'Deze gemeenschap bestaat niet.',
    en: 'This community does not exist.',
  },
  POST_NOT_FOUND: {
    status: 404,
    nl: 'Deze vraag of dit aanbod bestaat niet (meer).',
    en: 'This request or offer does not exist (any more).',
  },
  MEMBER_NOT_FOUND: {
    status: 404,
    nl: 'Dit lid bestaat niet (meer).',
    en: 'This member does not exist (any more).',
  },
  METHOD_NOT_ALLOWED: {
    status: 405,
    nl: 'Deze actie kan niet op dit adres.',
    en: 'This action is not possible at this address.',
  },
  POST_CHANGED: {
    status: 409,
    nl: 'Iemand anders heeft dit bericht net gewijzigd. Laad het opnieuw en probeer het nog eens.',
    en: 'Someone else just changed this post. Reload it and try again.',
  },
  POST_CLOSED: {
    status: 409,
    nl: 'Dit bericht is gesloten en kan niet meer worden gewijzigd.',
    en: 'This post is closed and can no longer be changed.',
  },
  MEMBER_CHANGED: {
    status: 409,
    nl: 'Iemand anders heeft dit lid net gewijzigd. Laad de gegevens opnieuw.',
    en: 'Someone else just changed this member. Reload the details.',
  },
  ADDRESS_IN_USE: {
    status: 409,
    nl: 'Dit e-mailadres of telefoonnummer hoort al bij iemand anders hier.',
    en: 'This e-mail address or phone number already belongs to someone else here.',
  },
  NOT_SUGGESTIBLE: {
    status: 409,
    nl: 'Deze vraag en dit aanbod passen niet (meer) bij elkaar. Kijk naar de nieuwe suggesties.',
    en: 'This request and offer do not (or no longer) fit together. Look at the new suggestions.',
  },
  QUEUE_ITEM_CHANGED: {
    status: 409,
    nl: 'Iemand anders heeft deze taak net veranderd. Laad de lijst opnieuw.',
    en: 'Someone else just changed this task. Reload the list.',
  },
  QUEUE_ITEM_DONE: {
    status: 409,
    nl: 'Deze taak is al afgerond.',
    en: 'This task is already done.',
  },
  COMMUNITY_CHANGED: {
    status: 409,
    nl: 'De instellingen zijn net door iemand anders gewijzigd. Laad ze opnieuw.',
    en: 'The settings were just changed by someone else. Reload them.',
  },
  MATCH_CHANGED: {
    status: 409,
    nl: 'Deze match is net veranderd. Laad hem opnieuw en kijk of het nog nodig is.',
    en: 'This match just changed. Reload it and check whether this is still needed.',
  },
  TRANSITION_NOT_ALLOWED: {
    status: 409,
    nl: 'Dit kan niet meer: de match is al verder (of al afgelopen).',
    en: 'This is no longer possible: the match has moved on (or has ended).',
  },
  OFFER_FULL: {
    status: 409,
    nl: 'Dit aanbod is al vol: iemand anders was u net voor.',
    en: 'This offer is already taken: someone else was just ahead of you.',
  },
  REQUEST_FULL: {
    status: 409,
    nl: 'Deze vraag heeft al genoeg helpers.',
    en: 'This request already has enough helpers.',
  },
  HELPER_AT_CAPACITY: {
    status: 409,
    nl: 'De helper heeft al zoveel matches als hij of zij wil, of pauzeert. Kies een andere helper.',
    en: 'The helper already has as many matches as they want, or is pausing. Choose another helper.',
  },
  AGREEMENT_MISSING: {
    status: 409,
    nl: 'Er is nog geen afspraak om te bevestigen.',
    en: 'There is no agreement to confirm yet.',
  },
  LINK_USED: {
    status: 409,
    nl: 'U heeft deze vraag al beantwoord. Bedankt!',
    en: 'You already answered this question. Thank you!',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    nl: 'Deze Idempotency-Key hoort bij een ander verzoek. Gebruik een nieuwe sleutel.',
    en: 'This Idempotency-Key belongs to a different request. Use a new key.',
  },
  IDEMPOTENCY_IN_PROGRESS: {
    status: 409,
    nl: 'Dit verzoek wordt nog verwerkt. Wacht even en probeer het opnieuw.',
    en: 'This request is still being processed. Wait a moment and try again.',
  },
  LINK_EXPIRED: {
    status: 410,
    nl: 'Deze link is verlopen. Bel de makelaar om te vertellen hoe het ging.',
    en: 'This link has expired. Call the broker to tell how it went.',
  },
  EVENT_NOT_FOUND: {
    status: 404,
    nl: 'Deze Beursvloer bestaat niet (meer).',
    en: 'This Beursvloer does not exist (any more).',
  },
  EVENT_CHANGED: {
    status: 409,
    nl: 'Iemand anders heeft deze Beursvloer net gewijzigd. Laad de pagina opnieuw en probeer het nog eens.',
    en: 'Someone else just changed this Beursvloer. Reload the page and try again.',
  },
  EVENT_NOT_OPEN: {
    status: 409,
    nl: 'Dit kan nu niet: de aanmelding of de vloer van deze Beursvloer is niet open.',
    en: 'This is not possible now: registration or the floor of this Beursvloer is not open.',
  },
  PARTICIPANT_NOT_FOUND: {
    status: 404,
    nl: 'Deze deelnemer staat niet op de lijst van deze Beursvloer.',
    en: 'This participant is not on the list of this Beursvloer.',
  },
  EVENT_ITEM_NOT_FOUND: {
    status: 404,
    nl: 'Deze vraag of dit aanbod bestaat niet op deze Beursvloer.',
    en: 'This need or offer does not exist at this Beursvloer.',
  },
  CHECK_IN_CODE_UNKNOWN: {
    status: 404,
    nl: 'Deze code kennen we niet. Kijk of u hem goed heeft overgenomen, of zoek de naam in de lijst.',
    en: 'We do not know this code. Check that you copied it correctly, or look up the name in the list.',
  },
  NEED_MATCHED: {
    status: 409,
    nl: 'Deze vraag is al gematcht: iemand anders was u net voor.',
    en: 'This need has already been matched: someone else was just ahead of you.',
  },
  EVENT_MATCH_EXISTS: {
    status: 409,
    nl: 'Deze vraag en dit aanbod zijn al aan elkaar gekoppeld.',
    en: 'This need and this offer are already matched with each other.',
  },
  INTERNAL: {
    status: 500,
    nl: 'Er ging iets mis bij ons. Probeer het later nog eens.',
    en: 'Something went wrong on our side. Please try again later.',
  },
} as const satisfies Record<string, { status: number; nl: string; en: string }>

export type ErrorCode = keyof typeof errorCatalogue
export const errorCodes = Object.keys(errorCatalogue) as [ErrorCode, ...ErrorCode[]]

export const errorDetailSchema = z
  .object({
    path: z.string().meta({ description: 'Dotted path of the field, e.g. `availability.dayParts`' }),
    code: z.string().meta({ description: 'Stable issue code, e.g. `too_small`, `unknown_category`' }),
    message: z.string(),
  })
  .meta({ id: 'ErrorDetail' })

export const errorBodySchema = z
  .object({
    error: z.enum(errorCodes),
    message: z.string(),
    details: z.array(errorDetailSchema).optional(),
    requestId: z.string(),
  })
  .meta({ id: 'Error', description: 'The body of every non-2xx response.' })

export type ErrorDetail = z.infer<typeof errorDetailSchema>
export type ErrorBody = z.infer<typeof errorBodySchema>
