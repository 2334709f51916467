import type { nl } from './nl'

export type MessageKey = keyof typeof nl
/** A catalogue: every key of the Dutch one, no more, no less. */
export type Messages = Record<MessageKey, string>
export type Language = 'nl' | 'en'
