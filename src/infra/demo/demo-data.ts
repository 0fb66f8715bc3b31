import { makeEnterpriseNumber, makePersonNumber } from '../../domain/identifiers.ts';

/**
 * The demo data set: a few enterprises and persons that let a newcomer try every role.
 * Every number is valid by checksum; README.md lists the persons and what each can do.
 */
export const demoPersons = {
  anPeeters: {
    number: '78031400273',
    familyName: 'Peeters',
    givenName: 'An',
    language: 'nl',
    email: 'an.peeters@example.be',
  },
  lucDubois: {
    number: '69110201197',
    familyName: 'Dubois',
    givenName: 'Luc',
    language: 'fr',
    email: 'luc.dubois@example.be',
  },
  sofieJanssens: {
    number: '90052104883',
    familyName: 'Janssens',
    givenName: 'Sofie',
    language: 'nl',
    email: 'sofie.janssens@example.be',
  },
  karimElAmrani: {
    number: '86090801760',
    familyName: 'El Amrani',
    givenName: 'Karim',
    language: 'fr',
    email: 'karim.elamrani@example.be',
  },
  juliaSchmitz: {
    number: '95013006270',
    familyName: 'Schmitz',
    givenName: 'Julia',
    language: 'de',
    email: 'julia.schmitz@example.be',
  },
  marcLambert: {
    number: '72061903576',
    familyName: 'Lambert',
    givenName: 'Marc',
    language: 'fr',
    email: 'marc.lambert@example.be',
  },
  erikVos: {
    number: '58120109315',
    familyName: 'Vos',
    givenName: 'Erik',
    language: 'nl',
    email: 'erik.vos@example.be',
  },
  emmaWouters: {
    number: '01040702438',
    familyName: 'Wouters',
    givenName: 'Emma',
    language: 'en',
    email: 'emma.wouters@example.be',
  },
  nadiaClaes: {
    number: '83082510670',
    familyName: 'Claes',
    givenName: 'Nadia',
    language: 'nl',
    email: 'nadia.claes@example.be',
  },
  tomMaes: {
    number: '99021102787',
    familyName: 'Maes',
    givenName: 'Tom',
    language: 'nl',
    email: 'tom.maes@example.be',
  },
  lotteMartens: {
    number: '92070408431',
    familyName: 'Martens',
    givenName: 'Lotte',
    language: 'nl',
    email: 'lotte.martens@example.be',
  },
  jonasWillems: {
    number: '88031714550',
    familyName: 'Willems',
    givenName: 'Jonas',
    language: 'fr',
    email: 'jonas.willems@example.be',
  },
  ilseJacobs: {
    number: '76110526297',
    familyName: 'Jacobs',
    givenName: 'Ilse',
    language: 'nl',
    email: 'ilse.jacobs@example.be',
  },
} as const;

export const demoEnterprises = {
  brewery: {
    number: '0566988259',
    status: 'AC',
    typeOfEnterprise: '2',
    juridicalForm: '610',
    startDate: '2009-03-02',
    names: [
      { language: '2', type: '001', name: 'Brouwerij De Drie Sleutels' },
      { language: '1', type: '003', name: 'Brasserie Les Trois Clés' },
    ],
    establishments: [
      { number: '2123456791', startDate: '2009-03-02' },
      { number: '2234567818', startDate: '2016-09-01' },
    ],
  },
  selfEmployed: {
    number: '0428759497',
    status: 'AC',
    typeOfEnterprise: '1',
    juridicalForm: null,
    startDate: '1998-05-11',
    names: [{ language: '1', type: '001', name: 'Marc Lambert, menuisier' }],
    establishments: [{ number: '2345678942', startDate: '1998-05-11' }],
  },
  stopped: {
    number: '0353456320',
    status: 'ST',
    typeOfEnterprise: '2',
    juridicalForm: '014',
    startDate: '1987-01-15',
    names: [{ language: '2', type: '001', name: 'Transport Vos NV (in vereffening afgesloten)' }],
    establishments: [],
  },
  newSeries: {
    number: '1000000021',
    status: 'AC',
    typeOfEnterprise: '2',
    juridicalForm: '610',
    startDate: '2024-02-01',
    names: [{ language: '4', type: '001', name: 'Wouters Digital Studio' }],
    establishments: [],
  },
  accountant: {
    number: '0765432146',
    status: 'AC',
    typeOfEnterprise: '2',
    juridicalForm: '610',
    startDate: '2003-10-01',
    names: [{ language: '2', type: '001', name: 'Boekhoudkantoor Cijfers & Co' }],
    // issue 19: an office with two units, so that a grant can be limited to one of them
    establishments: [
      { number: '2456789076', startDate: '2003-10-01' },
      { number: '2567890106', startDate: '2019-04-15' },
    ],
  },
} as const;

const p = demoPersons;
const e = demoEnterprises;

/** Legal functions (the register's second feed). `end` null while the function runs. */
export const demoFunctions = [
  { enterprise: e.brewery.number, person: p.anPeeters.number, code: '10012', start: '2009-03-02', end: null },
  { enterprise: e.brewery.number, person: p.lucDubois.number, code: '10012', start: '2015-06-30', end: null },
  // ended in the register: no powers any more
  { enterprise: e.brewery.number, person: p.erikVos.number, code: '10012', start: '2009-03-02', end: '2014-12-31' },
  { enterprise: e.selfEmployed.number, person: p.marcLambert.number, code: '10000', start: '1998-05-11', end: null },
  { enterprise: e.stopped.number, person: p.erikVos.number, code: '10012', start: '1987-01-15', end: null },
  { enterprise: e.newSeries.number, person: p.emmaWouters.number, code: '10012', start: '2024-02-01', end: null },
  { enterprise: e.accountant.number, person: p.tomMaes.number, code: '10012', start: '2003-10-01', end: null },
] as const;

export const demoEmployment = [
  { enterprise: e.brewery.number, person: p.sofieJanssens.number, start: '2018-01-08', end: null },
  { enterprise: e.brewery.number, person: p.karimElAmrani.number, start: '2020-04-01', end: null },
  { enterprise: e.brewery.number, person: p.juliaSchmitz.number, start: '2022-09-15', end: null },
  { enterprise: e.accountant.number, person: p.lotteMartens.number, start: '2019-02-01', end: null },
  { enterprise: e.accountant.number, person: p.jonasWillems.number, start: '2021-03-01', end: null },
  { enterprise: e.newSeries.number, person: p.sofieJanssens.number, start: '2017-01-01', end: '2023-06-30' },
] as const;

/**
 * Issue 19, section 4: Social Security capacities, as `btb import capacities` would load them.
 * The brewery and the office are employers (social-security.dmfa needs it); the office is also a
 * service provider; the carpenter (self-employed, no staff) and the others hold none.
 */
export const demoCapacities = [
  { enterprise: e.brewery.number, domain: 'social-security', capacity: 'employer', start: '2009-03-02', end: null },
  { enterprise: e.accountant.number, domain: 'social-security', capacity: 'employer', start: '2003-10-01', end: null },
  {
    enterprise: e.accountant.number,
    domain: 'social-security',
    capacity: 'service_provider',
    start: '2012-01-01',
    end: null,
  },
] as const;

/** The code.csv entries the demo needs, in the four languages the KBO publishes. */
export const demoCodes: { category: string; code: string; labels: Record<'NL' | 'FR' | 'DE' | 'EN', string> }[] = [
  { category: 'Status', code: 'AC', labels: { NL: 'Actief', FR: 'Actif', DE: 'Aktiv', EN: 'Active' } },
  { category: 'Status', code: 'ST', labels: { NL: 'Stopgezet', FR: 'Arrêté', DE: 'Eingestellt', EN: 'Stopped' } },
  {
    category: 'JuridicalForm',
    code: '610',
    labels: {
      NL: 'Besloten vennootschap',
      FR: 'Société à responsabilité limitée',
      DE: 'Gesellschaft mit beschränkter Haftung',
      EN: 'Private limited company',
    },
  },
  {
    category: 'JuridicalForm',
    code: '014',
    labels: {
      NL: 'Naamloze vennootschap',
      FR: 'Société anonyme',
      DE: 'Aktiengesellschaft',
      EN: 'Public limited company',
    },
  },
  {
    category: 'TypeOfEnterprise',
    code: '1',
    labels: { NL: 'Natuurlijk persoon', FR: 'Personne physique', DE: 'Natürliche Person', EN: 'Natural person' },
  },
  {
    category: 'TypeOfEnterprise',
    code: '2',
    labels: { NL: 'Rechtspersoon', FR: 'Personne morale', DE: 'Juristische Person', EN: 'Legal person' },
  },
];

/**
 * The accounting office's clients (issue 9): small enterprises with valid generated numbers
 * (0810.000.0xx), each with its own legal representative, so that mandates can be proposed to
 * many at once. The first client's representative is Ilse Jacobs, who can log in to accept.
 */
const trades = [
  'Bakkerij',
  'Garage',
  'Kapsalon',
  'Bouwbedrijf',
  'Café',
  'Apotheek',
  'Drukkerij',
  'Tuinaanleg',
  'Schrijnwerkerij',
  'Bloemenwinkel',
];
const families = [
  'Peeters',
  'Janssens',
  'Maes',
  'Jacobs',
  'Mertens',
  'Willems',
  'Claes',
  'Goossens',
  'Wouters',
  'De Smet',
];
const givens = ['Anke', 'Bart', 'Chloé', 'Dirk', 'Elif', 'Frank', 'Greet', 'Hugo', 'Inge', 'Jan'];

export const DEMO_CLIENT_COUNT = 50;

export const demoClients = Array.from({ length: DEMO_CLIENT_COUNT }, (_, i) => {
  const family = families[(i + Math.floor(i / 10)) % 10]!;
  const language = i % 3 === 2 ? 'fr' : 'nl';
  const given = givens[(i * 7) % 10]!;
  const lr =
    i === 0
      ? demoPersons.ilseJacobs
      : {
          number: makePersonNumber({
            birth: { year: 1960 + (i % 35), month: 1 + (i % 12), day: 1 + (i % 28) },
            seq: 301 + 2 * i,
          }),
          familyName: family,
          givenName: given,
          language,
          email: `client${String(i + 1).padStart(2, '0')}@example.be`,
        };
  return {
    number: makeEnterpriseNumber(8_100_000 + i),
    name: `${trades[i % 10]} ${family}`,
    language: language === 'fr' ? '1' : '2',
    startDate: `${2005 + (i % 18)}-0${1 + (i % 9)}-15`,
    lr,
  };
});
