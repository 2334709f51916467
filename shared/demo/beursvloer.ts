/**
 * The demo Beursvloer of Lindeveen: invented organisations of every type with needs and offers
 * in the six corners, some of them checked in, and a dozen matches made on the floor, so the
 * floor, the proposals, the big screen and the report show something on `npm start`.
 */
import type { EventItemBody, RegisterParticipantBody } from '../schemas/event'
import type { ParticipantType } from '../schemas/vocabulary'

const need = (cornerId: string, title: string, wantsInReturn = '', quantity = 1): EventItemBody => ({
  kind: 'need',
  cornerId,
  title,
  description: '',
  quantity,
  wantsInReturn,
})
const offer = (cornerId: string, title: string, quantity = 1, wantsInReturn = ''): EventItemBody => ({
  kind: 'offer',
  cornerId,
  title,
  description: '',
  quantity,
  wantsInReturn,
})

const participant = (
  name: string,
  type: ParticipantType,
  contactName: string,
  items: EventItemBody[],
  showName = true,
): RegisterParticipantBody => ({
  name,
  type,
  contactName,
  email: `${name
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}@example.nl`,
  phone: null,
  showName,
  items,
})

export const demoEvent = {
  name: 'Beursvloer Lindeveen 2026',
  place: 'Dorpshuis De Linde, Lindeveen',
  floorStart: '09:30',
  floorEnd: '11:30',
} as const

export const demoParticipants: RegisterParticipantBody[] = [
  participant('Voedselbank Lindeveen', 'vrijwilligersorganisatie', 'Ria', [
    need('menskracht', 'Sjouwers voor de uitgifte op zaterdag', 'Een rondleiding voor een schoolklas', 2),
    need('faciliteiten', 'Koelcel voor verse producten'),
    offer('kennis', 'Uitleg over armoede in het dorp', 3),
  ]),
  participant('Bouwbedrijf De Vries', 'bedrijf', 'Peter', [
    offer('menskracht', 'Twee klusdagen met ons team', 2, 'Een plek voor een stagiair'),
    offer('materiaal', 'Restpartij hout en verf', 3),
    need('netwerk', 'Contact met jongeren die een vak willen leren'),
  ]),
  participant('Basisschool De Wilgen', 'school', 'Marloes', [
    need('materiaal', 'Verf en hout voor het schoolplein'),
    need('kennis', 'Gastles over geld en sparen'),
    offer('faciliteiten', 'Gymzaal op woensdagmiddag', 2),
  ]),
  participant('Rotary Lindeveen', 'serviceclub', 'Hans', [
    offer('netwerk', 'Ons netwerk van ondernemers', 3),
    offer('menskracht', 'Handen voor een buurtfeest', 1),
  ]),
  participant('Gemeente Lindeveen', 'overheid', 'Fatma', [
    offer('faciliteiten', 'Vergaderzaal in het gemeentehuis', 4),
    need('creativiteit', 'Ideeën voor een groener dorpsplein'),
  ]),
  participant('Stichting Welzijn Lindeveen', 'maatschappelijke-organisatie', 'Karin', [
    need('menskracht', 'Chauffeurs voor de boodschappenbus', 'Een training in gesprekken voeren', 2),
    offer('kennis', 'Training: het goede gesprek', 2),
  ]),
  participant('Bakkerij Van Leeuwen', 'bedrijf', 'Joost', [
    offer('materiaal', 'Brood van gisteren voor de voedselbank', 2),
    need('creativiteit', 'Een mooi bord voor de winkel'),
  ]),
  participant('Sportvereniging LVV', 'vrijwilligersorganisatie', 'Dennis', [
    need('materiaal', 'Ballen en hesjes voor de jeugd'),
    offer('faciliteiten', 'Kantine voor bijeenkomsten', 3),
    offer('menskracht', 'Jeugdleden die helpen bij een klus', 2),
  ]),
  participant('Accountantskantoor Smit', 'bedrijf', 'Ingrid', [
    offer('kennis', 'Hulp bij de jaarrekening van een vereniging', 3, 'Zichtbaarheid in het dorp'),
  ]),
  participant('Reclamebureau Helder', 'bedrijf', 'Tim', [
    offer('creativiteit', 'Een logo of een flyer ontwerpen', 2),
    need('netwerk', 'Kennismaken met de vrijwilligersorganisaties'),
  ]),
  participant('Bibliotheek Lindeveen', 'maatschappelijke-organisatie', 'Anouk', [
    offer('faciliteiten', 'Leeszaal voor een taalcafé', 2),
    need('menskracht', 'Vrijwilligers voor het taalcafé'),
  ]),
  participant('Zorgcentrum De Hof', 'maatschappelijke-organisatie', 'Willem', [
    need('menskracht', 'Wandelmaatjes voor bewoners', '', 3),
    need('creativiteit', 'Muziek op zondagmiddag'),
  ]),
  participant('Lions Club Lindeveen', 'serviceclub', 'Gerard', [
    offer('netwerk', 'Sponsors zoeken voor een project', 2),
  ]),
  participant('Techniekschool Lindeveen', 'school', 'Mehmet', [
    offer('menskracht', 'Leerlingen die fietsen repareren', 2),
    need('netwerk', 'Stageplekken bij bedrijven in het dorp'),
  ]),
  participant('Muziekvereniging Harmonie', 'vrijwilligersorganisatie', 'Els', [
    offer('creativiteit', 'Een optreden op een middag', 2),
    need('faciliteiten', 'Opslag voor instrumenten'),
  ]),
  participant('Kringloopwinkel Tweede Kans', 'maatschappelijke-organisatie', 'Yvonne', [
    offer('materiaal', 'Meubels voor een buurthuis', 2),
    need('menskracht', 'Een bus en chauffeur voor een ophaaldag'),
  ]),
  participant('Jan de Boer', 'vrijwilliger', 'Jan', [offer('kennis', 'Computerhulp voor ouderen', 2)], false),
  participant('Installatiebedrijf Warmte', 'bedrijf', 'Rob', [
    offer('kennis', 'Energiescan voor een clubgebouw', 2),
    need('creativiteit', 'Een filmpje over ons vak'),
  ]),
]

/** Floor matches in the demo: need and offer by participant name and item title (one-way when `back` is empty). */
export const demoFloorMatches: {
  need: [string, string]
  offer: [string, string]
  hours?: number
  people?: number
  statedEuros?: number
  back?: { what: string; hours: number }
  when: string
}[] = [
  {
    need: ['Basisschool De Wilgen', 'Verf en hout voor het schoolplein'],
    offer: ['Bouwbedrijf De Vries', 'Restpartij hout en verf'],
    statedEuros: 350,
    back: { what: 'Een rondleiding en een stageplek-presentatie voor de bovenbouw', hours: 2 },
    when: 'In de voorjaarsvakantie',
  },
  {
    need: ['Voedselbank Lindeveen', 'Sjouwers voor de uitgifte op zaterdag'],
    offer: ['Sportvereniging LVV', 'Jeugdleden die helpen bij een klus'],
    hours: 12,
    people: 4,
    when: 'Vier zaterdagen in maart',
  },
  {
    need: ['Stichting Welzijn Lindeveen', 'Chauffeurs voor de boodschappenbus'],
    offer: ['Rotary Lindeveen', 'Handen voor een buurtfeest'],
    hours: 20,
    people: 2,
    back: { what: 'Training: het goede gesprek', hours: 3 },
    when: 'Vanaf januari, elke dinsdag',
  },
  {
    need: ['Gemeente Lindeveen', 'Ideeën voor een groener dorpsplein'],
    offer: ['Reclamebureau Helder', 'Een logo of een flyer ontwerpen'],
    hours: 8,
    when: 'Voor de zomer',
  },
  {
    need: ['Reclamebureau Helder', 'Kennismaken met de vrijwilligersorganisaties'],
    offer: ['Rotary Lindeveen', 'Ons netwerk van ondernemers'],
    when: 'Bij de volgende netwerkborrel',
  },
  {
    need: ['Bibliotheek Lindeveen', 'Vrijwilligers voor het taalcafé'],
    offer: ['Bouwbedrijf De Vries', 'Twee klusdagen met ons team'],
    hours: 8,
    people: 3,
    back: { what: 'Leeszaal voor een teamoverleg', hours: 2 },
    when: 'In april',
  },
  {
    need: ['Zorgcentrum De Hof', 'Muziek op zondagmiddag'],
    offer: ['Muziekvereniging Harmonie', 'Een optreden op een middag'],
    hours: 2,
    people: 12,
    when: 'Eerste zondag van mei',
  },
  {
    need: ['Muziekvereniging Harmonie', 'Opslag voor instrumenten'],
    offer: ['Sportvereniging LVV', 'Kantine voor bijeenkomsten'],
    hours: 10,
    when: 'Het hele jaar, in overleg',
  },
  {
    need: ['Kringloopwinkel Tweede Kans', 'Een bus en chauffeur voor een ophaaldag'],
    offer: ['Techniekschool Lindeveen', 'Leerlingen die fietsen repareren'],
    hours: 4,
    people: 2,
    when: 'Op de ophaaldag in juni',
  },
  {
    need: ['Sportvereniging LVV', 'Ballen en hesjes voor de jeugd'],
    offer: ['Kringloopwinkel Tweede Kans', 'Meubels voor een buurthuis'],
    statedEuros: 150,
    when: 'Na de winterstop',
  },
]
