/**
 * The exception procedure's request form, pre-filled with what the requester typed, in their
 * language, for them to print, sign and upload. Standard PDF fonts only (no font files to
 * ship), so text is reduced to what their WinAnsi encoding can show.
 */
import type { PDFFont } from 'pdf-lib';

export type FormLang = 'nl' | 'fr' | 'de' | 'en';

export interface FormData {
  reference?: string;
  enterprise?: string;
  enterpriseName?: string;
  requester?: {
    familyName?: string;
    givenName?: string;
    personNumber?: string | null;
    idDocument?: { type?: string; number?: string; issuingCountry?: string; expiry?: string } | null;
    capacity?: string;
    email?: string;
    phone?: string | null;
  };
  proposed?: { personNumber?: string; familyName?: string; givenName?: string; email?: string; phone?: string };
  reason?: string;
  reasonText?: string | null;
}

type Labels = Record<
  | 'title'
  | 'intro'
  | 'reference'
  | 'enterprise'
  | 'enterpriseNumber'
  | 'enterpriseName'
  | 'requester'
  | 'name'
  | 'personNumber'
  | 'idDocument'
  | 'capacity'
  | 'email'
  | 'phone'
  | 'proposed'
  | 'reason'
  | 'declaration'
  | 'place'
  | 'date'
  | 'signature'
  | 'no_eid'
  | 'not_in_register'
  | 'foreign_enterprise'
  | 'other'
  | 'attach',
  string
>;

const labels: Record<FormLang, Labels> = {
  nl: {
    title: 'Aanvraag: aanstelling van een hoofdtoegangsbeheerder (uitzonderingsprocedure)',
    intro: 'Druk dit formulier af, controleer de gegevens, onderteken het en voeg het bij uw aanvraag.',
    reference: 'Referentie',
    enterprise: 'Onderneming',
    enterpriseNumber: 'Ondernemingsnummer',
    enterpriseName: 'Naam',
    requester: 'Aanvrager (wettelijke vertegenwoordiger)',
    name: 'Naam en voornaam',
    personNumber: 'Rijksregister- of BIS-nummer',
    idDocument: 'Identiteitsdocument (soort, nummer, land, vervaldatum)',
    capacity: 'Hoedanigheid',
    email: 'E-mailadres',
    phone: 'Telefoon',
    proposed: 'Voorgestelde hoofdtoegangsbeheerder',
    reason: 'Reden van de aanvraag',
    declaration:
      'Ik verklaar op eer dat deze gegevens juist zijn en dat ik bevoegd ben om de onderneming te vertegenwoordigen.',
    place: 'Plaats',
    date: 'Datum',
    signature: 'Handtekening',
    no_eid: 'Geen eID of elektronische vreemdelingenkaart',
    not_in_register: 'Vertegenwoordiger niet in het register',
    foreign_enterprise: 'Buitenlandse onderneming',
    other: 'Andere reden',
    attach:
      'Bijlagen: dit ondertekende formulier, een kopie van een identiteitsdocument, een bewijs van vertegenwoordiging (statuten, publicatie in het Belgisch Staatsblad, uittreksel uit een buitenlands register).',
  },
  fr: {
    title: "Demande : désignation d'un gestionnaire d'accès principal (procédure d'exception)",
    intro: 'Imprimez ce formulaire, vérifiez les données, signez-le et joignez-le à votre demande.',
    reference: 'Référence',
    enterprise: 'Entreprise',
    enterpriseNumber: "Numéro d'entreprise",
    enterpriseName: 'Dénomination',
    requester: 'Demandeur (représentant légal)',
    name: 'Nom et prénom',
    personNumber: 'Numéro de registre national ou BIS',
    idDocument: "Document d'identité (type, numéro, pays, expiration)",
    capacity: 'Qualité',
    email: 'Adresse e-mail',
    phone: 'Téléphone',
    proposed: "Gestionnaire d'accès principal proposé",
    reason: 'Motif de la demande',
    declaration:
      "Je déclare sur l'honneur que ces données sont exactes et que je suis habilité(e) à représenter l'entreprise.",
    place: 'Lieu',
    date: 'Date',
    signature: 'Signature',
    no_eid: "Pas d'eID ni de carte électronique d'étranger",
    not_in_register: 'Représentant absent du registre',
    foreign_enterprise: 'Entreprise étrangère',
    other: 'Autre motif',
    attach:
      "Annexes : ce formulaire signé, une copie d'un document d'identité, une preuve de représentation (statuts, publication au Moniteur belge, extrait d'un registre étranger).",
  },
  de: {
    title: 'Antrag: Ernennung eines Hauptzugangsverwalters (Ausnahmeverfahren)',
    intro:
      'Drucken Sie dieses Formular aus, prüfen Sie die Angaben, unterschreiben Sie es und fügen Sie es Ihrem Antrag bei.',
    reference: 'Referenz',
    enterprise: 'Unternehmen',
    enterpriseNumber: 'Unternehmensnummer',
    enterpriseName: 'Name',
    requester: 'Antragsteller (gesetzlicher Vertreter)',
    name: 'Name und Vorname',
    personNumber: 'Nationalregister- oder BIS-Nummer',
    idDocument: 'Ausweisdokument (Art, Nummer, Land, Ablaufdatum)',
    capacity: 'Eigenschaft',
    email: 'E-Mail-Adresse',
    phone: 'Telefon',
    proposed: 'Vorgeschlagener Hauptzugangsverwalter',
    reason: 'Grund des Antrags',
    declaration:
      'Ich erkläre ehrenwörtlich, dass diese Angaben richtig sind und dass ich befugt bin, das Unternehmen zu vertreten.',
    place: 'Ort',
    date: 'Datum',
    signature: 'Unterschrift',
    no_eid: 'Keine eID und keine elektronische Ausländerkarte',
    not_in_register: 'Vertreter nicht im Register',
    foreign_enterprise: 'Ausländisches Unternehmen',
    other: 'Anderer Grund',
    attach:
      'Anlagen: dieses unterschriebene Formular, eine Kopie eines Ausweisdokuments, ein Vertretungsnachweis (Satzung, Veröffentlichung im Belgischen Staatsblatt, Auszug aus einem ausländischen Register).',
  },
  en: {
    title: 'Request: appointment of a main access manager (exception procedure)',
    intro: 'Print this form, check the data, sign it and attach it to your request.',
    reference: 'Reference',
    enterprise: 'Enterprise',
    enterpriseNumber: 'Enterprise number',
    enterpriseName: 'Name',
    requester: 'Requester (legal representative)',
    name: 'Family and given name',
    personNumber: 'National register or BIS number',
    idDocument: 'Identity document (type, number, country, expiry)',
    capacity: 'Capacity',
    email: 'E-mail address',
    phone: 'Phone',
    proposed: 'Proposed main access manager',
    reason: 'Reason for the request',
    declaration:
      'I declare on my honour that these data are correct and that I am authorised to represent the enterprise.',
    place: 'Place',
    date: 'Date',
    signature: 'Signature',
    no_eid: 'No eID or electronic foreigner card',
    not_in_register: 'Representative not in the register',
    foreign_enterprise: 'Foreign enterprise',
    other: 'Other reason',
    attach:
      'Attachments: this signed form, a copy of an identity document, proof of representation (statutes, publication in the Belgian Official Gazette, extract of a foreign register).',
  },
};

/** The kind of identity document in the form's language, as the web form names it. */
const idTypes: Record<FormLang, Record<string, string>> = {
  nl: {
    passport: 'Paspoort',
    id_card: 'Identiteitskaart',
    residence_permit: 'Verblijfsvergunning',
    other: 'Ander document',
  },
  fr: {
    passport: 'Passeport',
    id_card: "Carte d'identité",
    residence_permit: 'Titre de séjour',
    other: 'Autre document',
  },
  de: {
    passport: 'Reisepass',
    id_card: 'Personalausweis',
    residence_permit: 'Aufenthaltstitel',
    other: 'Anderes Dokument',
  },
  en: { passport: 'Passport', id_card: 'Identity card', residence_permit: 'Residence permit', other: 'Other document' },
};

// WinAnsi beyond Latin-1: what the standard fonts can show besides U+0020..U+00FF.
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
// Letters without a Unicode decomposition that still have an obvious Latin base.
const STROKED: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i' };

/** Keeps what the standard font can encode; strips accents it cannot show; '?' for the rest. */
export function winAnsi(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else if (c === 0x0a || c === 0x09) out += ' ';
    else if (STROKED[ch]) out += STROKED[ch];
    else {
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
      out += base.length === 1 && base.charCodeAt(0) < 0x7f ? base : '?';
    }
  }
  return out;
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(next, size) > width && line) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

const fmtEnterprise = (n?: string) =>
  n && /^\d{10}$/.test(n) ? `${n.slice(0, 4)}.${n.slice(4, 7)}.${n.slice(7)}` : (n ?? '');

export async function requestFormPdf(lang: FormLang, data: FormData = {}): Promise<Uint8Array> {
  const L = labels[lang];
  // pdf-lib is loaded on the first form asked for, not at start-up (issue 15 item 2).
  const { PDFDocument, rgb, StandardFonts } = await import('pdf-lib');
  const pdf = await PDFDocument.create();
  pdf.setTitle(winAnsi(L.title));
  pdf.setLanguage(lang);
  pdf.setCreator('btb');
  const page = pdf.addPage([595.28, 841.89]); // A4
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const left = 50;
  const width = 495;
  let y = 790;
  const text = (t: string, opts: { size?: number; f?: PDFFont; indent?: number } = {}) => {
    const size = opts.size ?? 10;
    const f = opts.f ?? font;
    for (const l of wrap(winAnsi(t), f, size, width - (opts.indent ?? 0))) {
      page.drawText(l, { x: left + (opts.indent ?? 0), y, size, font: f, color: rgb(0, 0, 0) });
      y -= size + 4;
    }
  };
  const field = (label: string, value: string | null | undefined) => {
    text(`${label}: ${value?.trim() ? value : '____________________________________'}`, { indent: 10 });
  };
  const heading = (t: string) => {
    y -= 8;
    text(t, { size: 12, f: bold });
  };

  text(L.title, { size: 14, f: bold });
  text(L.intro, { size: 9 });
  if (data.reference) field(L.reference, data.reference);
  heading(L.enterprise);
  field(L.enterpriseNumber, fmtEnterprise(data.enterprise));
  field(L.enterpriseName, data.enterpriseName);
  const r = data.requester ?? {};
  heading(L.requester);
  field(L.name, [r.familyName, r.givenName].filter(Boolean).join(' '));
  field(L.personNumber, r.personNumber ?? undefined);
  const d = r.idDocument;
  const kind = d?.type ? (Object.hasOwn(idTypes[lang], d.type) ? idTypes[lang][d.type] : d.type) : undefined;
  field(L.idDocument, d ? [kind, d.number, d.issuingCountry, d.expiry].filter(Boolean).join(', ') : undefined);
  field(L.capacity, r.capacity);
  field(L.email, r.email);
  field(L.phone, r.phone ?? undefined);
  const p = data.proposed ?? {};
  heading(L.proposed);
  field(L.name, [p.familyName, p.givenName].filter(Boolean).join(' '));
  field(L.personNumber, p.personNumber);
  field(L.email, p.email);
  field(L.phone, p.phone);
  heading(L.reason);
  for (const key of ['no_eid', 'not_in_register', 'foreign_enterprise', 'other'] as const) {
    text(`[${data.reason === key ? 'X' : ' '}] ${L[key]}`, { indent: 10 });
  }
  if (data.reasonText) text(data.reasonText, { indent: 20, size: 9 });
  y -= 10;
  text(L.declaration);
  y -= 6;
  field(L.place, undefined);
  field(L.date, undefined);
  y -= 6;
  text(`${L.signature}:`, { indent: 10 });
  page.drawRectangle({
    x: left + 10,
    y: y - 60,
    width: 240,
    height: 60,
    borderColor: rgb(0.4, 0.4, 0.4),
    borderWidth: 0.8,
  });
  y -= 80;
  text(L.attach, { size: 8 });
  return pdf.save();
}
