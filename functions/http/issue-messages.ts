import type { z } from 'zod'
import type { ErrorDetail } from '../../shared/schemas/errors'
import type { Language } from './language'

type Text = Record<Language, string>
type Params = { min?: number | bigint | undefined; max?: number | bigint | undefined }

const fill = (text: string, params: Params) =>
  text.replace('{min}', String(params.min ?? '')).replace('{max}', String(params.max ?? ''))

/** Field messages in plain Dutch (B1) and English, by detail code. */
const messages: Record<string, Text> = {
  required: { nl: 'Dit veld is verplicht.', en: 'This field is required.' },
  invalid_type: { nl: 'Dit veld heeft niet de goede soort waarde.', en: 'This field has the wrong kind of value.' },
  not_integer: { nl: 'Vul een heel getal in.', en: 'Enter a whole number.' },
  too_short: { nl: 'Gebruik minstens {min} tekens.', en: 'Use at least {min} characters.' },
  too_long: { nl: 'Gebruik hoogstens {max} tekens.', en: 'Use at most {max} characters.' },
  too_few: { nl: 'Kies er minstens {min}.', en: 'Choose at least {min}.' },
  too_many: { nl: 'Kies er hoogstens {max}.', en: 'Choose at most {max}.' },
  too_low: { nl: 'Het getal moet minstens {min} zijn.', en: 'The number must be at least {min}.' },
  too_high: { nl: 'Het getal mag hoogstens {max} zijn.', en: 'The number can be at most {max}.' },
  invalid_date: { nl: 'Vul een datum in, zoals 2026-12-31.', en: 'Enter a date, like 2026-12-31.' },
  invalid_format: { nl: 'Dit heeft niet de goede vorm.', en: 'This does not have the right form.' },
  invalid_value: { nl: 'Kies een van de mogelijkheden.', en: 'Choose one of the options.' },
  unrecognized_key: { nl: 'Dit veld kennen we niet. Laat het weg.', en: 'This field is not known. Leave it out.' },
  duplicate_day_part: { nl: 'Kies elk dagdeel maar één keer.', en: 'Choose each part of the day only once.' },
  nothing_to_change: { nl: 'Verander minstens één veld.', en: 'Change at least one field.' },
  unknown_category: { nl: 'Deze categorie bestaat niet hier.', en: 'This category does not exist here.' },
  unknown_resource_type: { nl: 'Deze soort hulp bestaat niet hier.', en: 'This type of help does not exist here.' },
  unknown_area: { nl: 'Dit gebied bestaat niet hier.', en: 'This area does not exist here.' },
  unknown_rule: {
    nl: 'Deze waarderingsregel bestaat niet bij deze Beursvloer.',
    en: 'This valuation rule does not exist for this Beursvloer.',
  },
  unknown_corner: {
    nl: 'Deze hoek bestaat niet op deze Beursvloer.',
    en: 'This corner does not exist at this Beursvloer.',
  },
  not_staff: { nl: 'Kies een sociaal makelaar of coördinator.', en: 'Choose a broker or coordinator.' },
  corner_in_use: {
    nl: 'Deze hoek heeft al vragen of aanbod. Haal die eerst weg.',
    en: 'This corner already has needs or offers. Remove those first.',
  },
  same_participant: {
    nl: 'Vraag en aanbod zijn van dezelfde deelnemer. Kies een andere partij.',
    en: 'The need and the offer belong to the same participant. Choose another party.',
  },
  wrong_kind: { nl: 'Kies hier een vraag en daar een aanbod.', en: 'Choose a need here and an offer there.' },
  type_not_for_member: {
    nl: 'Dit soort deelnemer past niet bij uw account.',
    en: 'This kind of participant does not fit your account.',
  },
  duplicate_corner: { nl: 'Gebruik elke hoek maar één keer.', en: 'Use each corner only once.' },
  duplicate_rule: { nl: 'Gebruik elke regel maar één keer.', en: 'Use each rule only once.' },
  floor_end_before_start: { nl: 'De vloer moet sluiten na de opening.', en: 'The floor must close after it opens.' },
  date_in_past: { nl: 'Deze datum is al voorbij.', en: 'This date has already passed.' },
  parent_required: { nl: 'Kies het gebied waar dit onder valt.', en: 'Choose the area this belongs to.' },
  area_cycle: { nl: 'Een gebied kan niet onder zichzelf vallen.', en: 'An area cannot belong to itself.' },
  invalid_address: {
    nl: 'Vul een e-mailadres of een telefoonnummer in, zoals 06 12345678.',
    en: 'Enter an e-mail address or a phone number, like 06 12345678.',
  },
  role_not_for_kind: { nl: 'Deze rol past niet bij dit soort lid.', en: 'This role does not fit this kind of member.' },
  before_checked_on: {
    nl: 'Deze datum ligt vóór de datum van controle.',
    en: 'This date is before the date of the check.',
  },
  own_post: { nl: 'Dit is uw eigen bericht.', en: 'This is your own post.' },
  duplicate_tag: { nl: 'Gebruik elk woord maar één keer.', en: 'Use each word only once.' },
  referral_required: {
    nl: 'Schrijf op naar wie u de vraag doorverwijst.',
    en: 'Write down to whom you refer the request.',
  },
  all_weights_zero: {
    nl: 'Geef minstens één onderdeel een gewicht hoger dan 0.',
    en: 'Give at least one part a weight above 0.',
  },
  consent_required: {
    nl: 'Geef eerst toestemming, of laat dit leeg.',
    en: 'Give your consent first, or leave this empty.',
  },
  duplicate_language: { nl: 'Kies elke taal maar één keer.', en: 'Choose each language only once.' },
  snooze_too_long: {
    nl: 'Zet een taak hoogstens 90 dagen opzij.',
    en: 'Put a task aside for at most 90 days.',
  },
  ends_before_start: {
    nl: 'De laatste dag kan niet vóór de eerste dag liggen.',
    en: 'The last day cannot be before the first day.',
  },
  story_required: {
    nl: 'Schrijf eerst een kort verhaal, of zet het vinkje uit.',
    en: 'Write a short story first, or untick the box.',
  },
  no_email: {
    nl: 'We hebben geen e-mailadres. Vul dat eerst in bij uw contactgegevens.',
    en: 'We have no e-mail address. Add it to your contact details first.',
  },
  no_phone: {
    nl: 'We hebben geen telefoonnummer. Vul dat eerst in bij uw contactgegevens.',
    en: 'We have no phone number. Add it to your contact details first.',
  },
  invalid: { nl: 'Dit is niet goed ingevuld.', en: 'This is not filled in correctly.' },
}

/** Fills in the message of a detail that has only a code (details made by the domain). */
export const localizeDetail = (detail: ErrorDetail, language: Language, params: Params = {}): ErrorDetail => ({
  ...detail,
  message: fill((messages[detail.code] ?? messages.invalid)?.[language] ?? '', params),
})

const sizeCode = (issue: { origin?: string }, small: boolean): string => {
  if (issue.origin === 'string') return small ? 'too_short' : 'too_long'
  if (issue.origin === 'array' || issue.origin === 'set') return small ? 'too_few' : 'too_many'
  return small ? 'too_low' : 'too_high'
}

/**
 * Turns zod issues into error details: one per field, with a stable code and a localized
 * message. Parse with `reportInput: true` so a missing field can be told from a wrong one.
 */
export const issuesToDetails = (issues: readonly z.core.$ZodIssue[], language: Language): ErrorDetail[] =>
  issues.flatMap((issue): ErrorDetail[] => {
    const path = issue.path.map(String).join('.')
    switch (issue.code) {
      case 'unrecognized_keys':
        return issue.keys.map((key) =>
          localizeDetail({ path: path ? `${path}.${key}` : key, code: 'unrecognized_key', message: '' }, language),
        )
      case 'invalid_type': {
        const code = issue.input === undefined ? 'required' : issue.expected === 'int' ? 'not_integer' : 'invalid_type'
        return [localizeDetail({ path, code, message: '' }, language)]
      }
      case 'too_small': {
        const code = issue.origin === 'string' && issue.minimum === 1 ? 'required' : sizeCode(issue, true)
        return [localizeDetail({ path, code, message: '' }, language, { min: issue.minimum as number })]
      }
      case 'too_big':
        return [
          localizeDetail({ path, code: sizeCode(issue, false), message: '' }, language, {
            max: issue.maximum as number,
          }),
        ]
      case 'invalid_format': {
        const code = issue.format === 'date' ? 'invalid_date' : 'invalid_format'
        return [localizeDetail({ path, code, message: '' }, language)]
      }
      case 'invalid_value':
        return [
          localizeDetail(
            { path, code: issue.input === undefined ? 'required' : 'invalid_value', message: '' },
            language,
          ),
        ]
      case 'custom':
        // Refinements in the schemas use a detail code as their message.
        return [
          localizeDetail({ path, code: messages[issue.message] ? issue.message : 'invalid', message: '' }, language),
        ]
      default:
        return [localizeDetail({ path, code: 'invalid', message: '' }, language)]
    }
  })
