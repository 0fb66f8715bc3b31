/** The landing page, the enterprise finder and the page for a person with no role yet. English: the reference (see ../en.ts). */

export const start = {
  landing: {
    title: 'Who may act for your enterprise online?',
    lead: 'Government online services need to know who may act on behalf of an enterprise. Here, your enterprise decides: its legal representatives name a main access manager, who organises everyone else.',
    ctaLogin: 'Log in to manage access',
    ctaGuide: 'Read the step-by-step guide',
    whatTitle: 'What is the management of access managers?',
    whatBody:
      'Tax returns, social security declarations, permits: many online services of the government are used by employees, accountants or others on behalf of an enterprise. The management of access managers is where an enterprise records who may do that. It starts from the people the Crossroads Bank for Enterprises lists as representing the enterprise, and every right can be traced back to them.',
    whoTitle: 'Who does what',
    who: {
      lr: 'Is listed in the Crossroads Bank for Enterprises as representing the enterprise (director, manager, self-employed person…). Appoints or replaces the main access manager, after logging in with eID or itsme.',
      main: 'One per enterprise; an employee or a legal representative. Appoints co-main access managers and access managers per domain, and may manage users in every domain.',
      coMain:
        'Helps the main access manager and has the same powers, except appointing or removing other co-main access managers.',
      domain:
        'Manages one domain (for example Finance or Mobility): gives users access to its online services, extends and ends that access.',
      user: 'Uses the online services they were given, for the enterprise, until the end date, if any.',
      desk: 'Staff of the operating agency. Handles the exception procedure and helps when nobody can log in.',
    },
    proceduresTitle: 'Two ways to appoint the main access manager',
    standardTitle: 'Standard procedure',
    standardBody:
      'A legal representative logs in with eID or itsme, enters the enterprise number and appoints themself or someone else. The register is checked at that moment: it takes a minute.',
    exceptionTitle: 'Exception procedure',
    exceptionBody:
      'For those who cannot use the standard procedure: no Belgian eID, a representative not yet in the register, or a foreign enterprise. You submit an online request with the signed form and supporting documents; the service desk checks it and appoints the main access manager. You follow your request with its reference.',
    systemsTitle: 'Three kinds of access-management system',
    systemsLead: 'Which system grants access to an online service depends on its domain:',
    systems: {
      btbTitle: 'Built-in role management',
      btbBody:
        'For most federal online services. Access managers grant users access here, by national register number or by e-mail invitation, with an optional end date.',
      ssTitle: 'Social Security',
      ssBody:
        'Social Security has its own user management, organised by the capacity in which the enterprise acts (employer, social secretariat…). It asks this service who the access managers are and is told of every change.',
      otherTitle: 'Other systems',
      otherBody:
        'Some authorities, such as a regional government, run their own access management. They too rely on the access managers recorded here.',
    },
    guideTitle: 'Step by step',
    guide: {
      s1: 'Log in with eID or itsme as a legal representative of the enterprise.',
      s2: 'Open the enterprise under "My enterprises" and choose "Appoint the main access manager". Enter the national register number, e-mail address and phone number of the person (it may be yourself).',
      s3: 'The main access manager logs in and appoints co-main access managers and access managers for the domains the enterprise works in.',
      s4: 'Access managers give users access to online services: by national register number, or by sending an e-mail invitation.',
      s5: 'Users log in to the online service and act for the enterprise. Under "My access" everyone sees what they may do, and why.',
      s6: "Everything is recorded: the enterprise's history shows who did what, on whose authority.",
    },
    demoTitle: 'Trying it out',
    demoBody:
      'In this demonstration environment, "Log in" opens a test identity provider: choose one of the fictitious people and a means of authentication.',
  },
  enterprises: {
    title: 'My enterprises',
    lead: 'The enterprises you act for, and your role in each.',
    empty:
      'You do not act for any enterprise yet. If you represent an enterprise that is not listed, it may not yet be in the register: the exception procedure can help.',
    open: 'Open {{name}}',
    stopped: 'This enterprise has stopped: nobody can act for it any more.',
    services: 'Online services: {{count}}',
    number: 'Enterprise number',
    yourRoles: 'Your roles',
    hello: 'Welcome, {{name}}',
  },
  noRole: {
    title: 'What you can do',
    askTitle: 'Ask an enterprise for access',
    askText:
      'An access manager of the enterprise gives you access to its online services. Give them your national register number: {{number}}.',
    lrTitle: 'Are you a legal representative?',
    lrText:
      'A legal representative listed in the Crossroads Bank for Enterprises finds the enterprise here after logging in with eID or itsme, and first appoints its main access manager.',
    exceptionTitle: 'No eID, or not in the register?',
    exceptionText: 'The service desk can appoint the main access manager on the basis of documents.',
  },
};
