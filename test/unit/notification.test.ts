import { describe, expect, it } from 'vitest'
import {
  answerPageUrl,
  chooseChannel,
  deliveryAddress,
  matchPageUrl,
  maxSmsLength,
  type NotificationFacts,
  quietUntil,
  renderNotification,
} from '../../shared/domain/notification'
import { followUpAnswers, followUpSteps, notificationTemplates } from '../../shared/schemas/vocabulary'

const origin = 'https://buurtbeurs.lindeveen.nl'
const matchId = 'r7Kx2mQ9pLw4ZtYb1cD_o3Hf8JkLm2NpQr5StUv'
/**
 * As long as a signed follow-up link token for a match of two 19-character post ids: a compact
 * HS256 JWS of `{pur, cid, fid, side, exp}` (shared/services/credentials.ts), about 210 characters.
 */
const token = `eyJhbGciOiJIUzI1NiJ9.${Buffer.from(
  JSON.stringify({
    pur: 'follow-up',
    cid: 'lindeveen',
    fid: `${'r'.repeat(19)}_${'o'.repeat(19)}.contact`,
    side: 'request',
    exp: 1_790_000_000,
  }),
).toString('base64url')}.${'s'.repeat(43)}`

const facts = (overrides: Partial<NotificationFacts> = {}): NotificationFacts => ({
  origin,
  communityName: 'Lindeveen',
  matchId,
  name: 'Henk',
  otherName: 'Anna',
  side: 'request',
  ownTitle: 'Wie doet wekelijks boodschappen met mij?',
  otherTitle: 'Boodschappen doen op dinsdag',
  followUp: null,
  ...overrides,
})

const links = (text: string) => text.match(/https?:\/\/\S+/g) ?? []
const followUpTemplates = ['follow-up', 'follow-up-reminder'] as const
const matchTemplates = notificationTemplates.filter((t) => !(followUpTemplates as readonly string[]).includes(t))

describe('renderNotification', () => {
  for (const language of ['nl', 'en'] as const) {
    for (const template of matchTemplates) {
      for (const side of ['request', 'offer'] as const) {
        it(`${template} (${language}, ${side} side): a subject, a greeting and the match page as its one link`, () => {
          // act
          const rendered = renderNotification(template, language, facts({ side }))

          // assess
          expect(rendered.subject.length).toBeGreaterThan(5)
          expect(rendered.text.startsWith(language === 'nl' ? 'Hallo Henk,' : 'Hello Henk,')).toBe(true)
          expect(rendered.text).toContain('Buurtbeurs Lindeveen')
          expect(links(rendered.text)).toEqual([`${origin}/matches/${matchId}`])
          expect(links(rendered.sms)).toEqual([`${origin}/matches/${matchId}`])
          expect(rendered.sms.length).toBeLessThanOrEqual(maxSmsLength)
          expect(rendered.text).toContain('Anna')
        })
      }
    }

    for (const template of followUpTemplates) {
      for (const step of followUpSteps) {
        it(`${template} at step ${step} (${language}): the four one-click answers, each its own link`, () => {
          // act
          const rendered = renderNotification(template, language, facts({ followUp: { step, token } }))

          // assess
          expect(links(rendered.text)).toEqual(followUpAnswers.map((a) => `${origin}/antwoord#t=${token}&a=${a}`))
          // One link in an SMS (four would not fit): the page shows the four answers.
          expect(links(rendered.sms)).toEqual([`${origin}/antwoord#t=${token}`])
          expect(rendered.sms.length).toBeLessThanOrEqual(maxSmsLength)
          // A real token leaves room for a short question only.
          const short =
            step === 'contact'
              ? { nl: 'Contact gehad?', en: 'In touch yet?' }
              : { nl: 'Uitgevoerd?', en: 'Carried out?' }
          expect(rendered.sms).toBe(`${short[language]} ${origin}/antwoord#t=${token}`)
          const question =
            step === 'contact'
              ? { nl: 'Hebben jullie al contact gehad?', en: 'Have you been in touch yet?' }
              : { nl: 'Is de afspraak uitgevoerd?', en: 'Was the agreement carried out?' }
          expect(rendered.subject).toContain(question[language])
          expect(rendered.text).toContain(question[language])
          if (template === 'follow-up-reminder') {
            expect(rendered.subject).toMatch(language === 'nl' ? /^Herinnering/ : /^Reminder/)
          }
        })
      }
    }
  }

  it('labels the answers at the contact step as contact answers, at later steps as agreement answers', () => {
    const contact = renderNotification('follow-up', 'nl', facts({ followUp: { step: 'contact', token } })).text
    expect(contact).toContain('Ja, het is al gedaan:')
    expect(contact).toContain('Een deel is gedaan:')
    expect(contact).toContain('Nee, nog geen contact:')
    expect(contact).toContain('Ja, en het loopt nog:')
    const outcome = renderNotification('follow-up', 'en', facts({ followUp: { step: 'event-3m', token } })).text
    expect(outcome).toContain('Yes, completely:')
    expect(outcome).toContain('Partly:')
    expect(outcome).toContain('No:')
    expect(outcome).toContain('It is still going on:')
  })

  it('says after both said yes that the details are on the page, and never holds an address', () => {
    const nl = renderNotification('match-accepted', 'nl', facts())
    const en = renderNotification('match-accepted', 'en', facts())
    expect(nl.text).toContain('Op de pagina ziet u nu hoe u elkaar kunt bereiken.')
    expect(en.text).toContain('On the page you can now see how to reach each other.')
    for (const template of notificationTemplates) {
      const rendered = renderNotification(template, 'nl', facts({ followUp: { step: 'contact', token } }))
      expect(`${rendered.text} ${rendered.sms}`).not.toMatch(/@|\+31|\b06\b/)
    }
  })

  it('puts the question, the name and the title in the SMS when the link is short enough', () => {
    const { sms } = renderNotification(
      'follow-up-reminder',
      'nl',
      facts({ followUp: { step: 'contact', token: 'k'.repeat(100) } }),
    )
    expect(sms).toBe(
      `Buurtbeurs (herinnering): hebben u en Anna al contact gehad ("Wie doet wekelijks boodschappen met mij?")? Antwoord met 1 klik: ${origin}/antwoord#t=${'k'.repeat(100)}`,
    )
  })

  it('keeps an SMS within 300 characters with very long titles and names', () => {
    const long = facts({
      ownTitle: 'Hulp gezocht '.repeat(15),
      otherTitle: 'Aanbod '.repeat(25),
      otherName: 'Stichting Buurthuis De Lange Naam Van Lindeveen',
      side: 'offer',
    })
    for (const template of notificationTemplates) {
      for (const language of ['nl', 'en'] as const) {
        const { sms } = renderNotification(template, language, { ...long, followUp: { step: 'outcome', token } })
        expect(sms.length, `${template} ${language}`).toBeLessThanOrEqual(maxSmsLength)
        expect(sms).toMatch(/https:\/\/\S+$/)
      }
    }
  })

  it('refuses a follow-up template without its step and token', () => {
    expect(() => renderNotification('follow-up', 'nl', facts())).toThrow(/needs the follow-up step and token/)
  })

  it('builds the links on the origin, with or without a trailing slash, the token in the fragment', () => {
    expect(matchPageUrl(`${origin}/`, matchId)).toBe(`${origin}/matches/${matchId}`)
    expect(answerPageUrl(origin, 'abc', 'partly')).toBe(`${origin}/antwoord#t=abc&a=partly`)
    expect(answerPageUrl(`${origin}//`, 'abc')).toBe(`${origin}/antwoord#t=abc`)
  })
})

describe('quietUntil', () => {
  const night = { from: '21:00', to: '08:00' }
  const at = (iso: string) => new Date(iso)

  it('is quiet in the evening until the next morning, and in the early morning until that morning', () => {
    // Winter: Amsterdam is UTC+1.
    expect(quietUntil(at('2026-01-15T21:30:00Z'), night)).toEqual(at('2026-01-16T07:00:00Z'))
    expect(quietUntil(at('2026-01-15T05:00:00Z'), night)).toEqual(at('2026-01-15T07:00:00Z'))
    // Summer: UTC+2.
    expect(quietUntil(at('2026-07-01T20:15:00Z'), night)).toEqual(at('2026-07-02T06:00:00Z'))
  })

  it('is not quiet during the day; the window starts at `from` and ends at `to`', () => {
    expect(quietUntil(at('2026-01-15T12:00:00Z'), night)).toBeNull()
    expect(quietUntil(at('2026-01-15T19:59:00Z'), night)).toBeNull()
    expect(quietUntil(at('2026-01-15T20:00:00Z'), night)).toEqual(at('2026-01-16T07:00:00Z'))
    expect(quietUntil(at('2026-01-15T07:00:00Z'), night)).toBeNull()
    expect(quietUntil(at('2026-01-15T06:59:00Z'), night)).toEqual(at('2026-01-15T07:00:00Z'))
  })

  it('ends at 08:00 local time on the night the clocks go forward (29 March 2026)', () => {
    // 22:30 CET on Saturday → 08:00 CEST on Sunday, which is 06:00 UTC.
    expect(quietUntil(at('2026-03-28T21:30:00Z'), night)).toEqual(at('2026-03-29T06:00:00Z'))
    // 03:30 CEST, just after the change.
    expect(quietUntil(at('2026-03-29T01:30:00Z'), night)).toEqual(at('2026-03-29T06:00:00Z'))
    // 01:30 CET, just before it.
    expect(quietUntil(at('2026-03-29T00:30:00Z'), night)).toEqual(at('2026-03-29T06:00:00Z'))
  })

  it('ends at 08:00 local time on the night the clocks go back (25 October 2026)', () => {
    // 22:00 CEST on Saturday → 08:00 CET on Sunday, which is 07:00 UTC.
    expect(quietUntil(at('2026-10-24T20:00:00Z'), night)).toEqual(at('2026-10-25T07:00:00Z'))
    // 02:30 happens twice that night: both times it is quiet until 08:00 CET.
    expect(quietUntil(at('2026-10-25T00:30:00Z'), night)).toEqual(at('2026-10-25T07:00:00Z'))
    expect(quietUntil(at('2026-10-25T01:30:00Z'), night)).toEqual(at('2026-10-25T07:00:00Z'))
  })

  it('handles a window that does not run over midnight', () => {
    const lunch = { from: '12:00', to: '13:30' }
    expect(quietUntil(at('2026-01-15T11:15:00Z'), lunch)).toEqual(at('2026-01-15T12:30:00Z'))
    expect(quietUntil(at('2026-01-15T10:59:00Z'), lunch)).toBeNull()
    expect(quietUntil(at('2026-01-15T12:30:00Z'), lunch)).toBeNull()
    expect(quietUntil(at('2026-01-15T22:00:00Z'), lunch)).toBeNull()
  })

  it('moves an end time the clocks skip forward by the gap, and treats equal times as no quiet hours', () => {
    // 02:30 does not exist on 29 March 2026 in Amsterdam: it becomes 03:30 CEST (01:30 UTC).
    expect(quietUntil(at('2026-03-29T00:15:00Z'), { from: '01:00', to: '02:30' })).toEqual(at('2026-03-29T01:30:00Z'))
    expect(quietUntil(at('2026-01-15T21:30:00Z'), { from: '08:00', to: '08:00' })).toBeNull()
  })

  it('works in another time zone', () => {
    // New York, winter: UTC−5. 23:00 there → 08:00 there.
    expect(quietUntil(at('2026-01-16T04:00:00Z'), night, 'America/New_York')).toEqual(at('2026-01-16T13:00:00Z'))
  })
})

describe('chooseChannel', () => {
  const member = (overrides: Partial<Parameters<typeof chooseChannel>[0]> = {}) => ({
    status: 'active' as const,
    contactPreference: 'email' as const,
    managedByBroker: false,
    ...overrides,
  })
  const contact = { email: 'Anna@Example.nl', phone: '06-1234 5678', representatives: [] }

  it('follows the preference when there is an address for it, normalised', () => {
    expect(chooseChannel(member(), contact)).toBe('email')
    expect(deliveryAddress(member(), contact)).toEqual({ channel: 'email', to: 'anna@example.nl' })
    expect(chooseChannel(member({ contactPreference: 'sms' }), contact)).toBe('sms')
    expect(deliveryAddress(member({ contactPreference: 'sms' }), contact)).toEqual({
      channel: 'sms',
      to: '+31612345678',
    })
  })

  it('gives no channel for "none", a broker-managed account, an erased member or a missing address', () => {
    expect(chooseChannel(member({ contactPreference: 'none' }), contact)).toBeNull()
    expect(chooseChannel(member({ managedByBroker: true }), contact)).toBeNull()
    expect(chooseChannel(member({ status: 'erased' }), contact)).toBeNull()
    expect(chooseChannel(member(), undefined)).toBeNull()
    // E-mail chosen, only a phone number: not SMS instead, a broker phones.
    expect(chooseChannel(member(), { ...contact, email: null })).toBeNull()
    expect(chooseChannel(member({ contactPreference: 'sms' }), { ...contact, phone: 'onbekend' })).toBeNull()
  })

  it('uses a representative’s address for an organisation without one of its own', () => {
    const organisation = {
      email: null,
      phone: null,
      representatives: [{ name: 'Els', email: 'els@debrug.nl', phone: null }],
    }
    expect(deliveryAddress(member(), organisation)).toEqual({ channel: 'email', to: 'els@debrug.nl' })
  })
})
