type Lang = 'nl' | 'fr' | 'de' | 'en';

export type Titles = Record<string, Record<Lang, string>>;

/** en, nl, fr, de: one line per code keeps the four languages of a message side by side. */
export const t = (en: string, nl: string, fr: string, de: string): Record<Lang, string> => ({ en, nl, fr, de });
