import { en } from './en'
import { nl } from './nl'
import type { Language, MessageKey, Messages } from './types'

export type { Language, MessageKey } from './types'

const catalogues: Record<Language, Messages> = { nl, en }
const storageKey = 'buurtbeurs.language'
let current: Language = 'nl'

function fill(text: string, vars?: Record<string, string | number>): string {
  if (!vars) return text
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match))
}

/** The text for `key` in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  return fill(catalogues[current][key], vars)
}

/**
 * A catalogue of its own for a part of the app that is loaded on demand (the broker's work
 * queue, the coordinator's settings, suggestions on a post): its texts travel in that part's
 * chunk, not in everyone's first download. Same rules as the main catalogues: Dutch at B1 and
 * English, with exactly the same keys (the compiler checks that).
 */
export function moreTexts<const K extends string>(nl: Record<K, string>, en: Record<NoInfer<K>, string>) {
  const more: Record<Language, Record<K, string>> = { nl, en }
  return (key: K, vars?: Record<string, string | number>): string => fill(more[current][key], vars)
}

/** The language the interface is shown in. */
export function getLanguage(): Language {
  return current
}

/** Switch the interface language, remember it and tell assistive technology via `<html lang>`. */
export function setLanguage(language: Language): void {
  current = language
  document.documentElement.lang = language
  try {
    localStorage.setItem(storageKey, language)
  } catch {
    // Storage can be blocked (private mode, policies); the choice then lasts for this page only.
  }
}

/** Pick the remembered language; Dutch unless English was chosen before. */
export function initLanguage(): Language {
  let stored: string | null = null
  try {
    stored = localStorage.getItem(storageKey)
  } catch {
    stored = null
  }
  setLanguage(stored === 'en' ? 'en' : 'nl')
  return current
}

/** A text the API keeps in both languages, such as a category name. */
export function localized(text: { nl: string; en: string }): string {
  return text[current]
}
