/**
 * The shapes every mail template shares: templates.ts merges the per-area tables
 * (exception-templates.ts, mandate-templates.ts), and all three name these types from here,
 * so the tables never import back the file that merges them (issue 21, item 3).
 */
export type MailLang = 'nl' | 'fr' | 'de' | 'en';
export interface Rendered {
  subject: string;
  text: string;
}

export interface Names {
  service(code: string, lang: MailLang): string;
  domain(code: string, lang: MailLang): string;
}
