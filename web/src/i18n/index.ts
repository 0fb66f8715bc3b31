import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Lang } from '../types.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { fr } from './fr.ts';
import { nl } from './nl.ts';

export const languages: Lang[] = ['nl', 'fr', 'de', 'en'];
const STORAGE_KEY = 'btb.lang';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

/** The remembered choice first, then the browser's languages in order, then English. */
export function initialLanguage(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && (languages as string[]).includes(saved)) return saved as Lang;
  } catch {
    // storage can be disabled; the browser's language still works
  }
  for (const l of navigator.languages ?? [navigator.language]) {
    const base = l.toLowerCase().split('-')[0] as Lang;
    if (languages.includes(base)) return base;
  }
  return 'en';
}

export function setLanguage(lang: Lang): void {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // not remembered, but still switched
  }
  void i18next.changeLanguage(lang);
}

i18next.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

export async function initI18n(): Promise<void> {
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, nl: { translation: nl }, fr: { translation: fr }, de: { translation: de } },
    lng: initialLanguage(),
    fallbackLng: false,
    supportedLngs: languages,
    nsSeparator: false,
    // React escapes what it renders; i18next must not escape a second time.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18next.language;
}

/** Error codes and audit actions contain dots; their keys use a slash instead. */
export function codeKey(code: string): string {
  return code.replaceAll('.', '/');
}

export { i18next };
