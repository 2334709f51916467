import { h } from '../dom'
import { tx } from '../i18n/match'
import { readHours } from './match-parts'
import { choice, controlField, type Field, fieldsetField, textarea, textbox } from './ui'

/** The optional extras of an answer about how it went, as the API names them. */
export interface OutcomeExtras {
  hours: number | string | null
  knewEachOther: boolean | null
  story: string | null
  storyConsent: boolean
}

/**
 * The optional questions after "how did it go?": hours, whether the two knew each other, a
 * short story and consent to use it without names. Used on the match page and behind the
 * one-click links.
 */
export function outcomeExtrasFields(): { fields: Field[]; elements: HTMLElement[]; read: () => OutcomeExtras } {
  const hours = textbox({ name: 'hours', inputmode: 'decimal', autocomplete: 'off', maxlength: 8 })
  hours.classList.add('bb-narrow')
  const knew = (['yes', 'no', 'unknown'] as const).map((value) =>
    choice('radio', 'knewEachOther', value, tx(`mp.outcome.knew.${value}`)),
  )
  const story = textarea({ name: 'story', rows: 4, maxlength: 2000 })
  const consent = choice('checkbox', 'storyConsent', 'yes', tx('mp.outcome.consent'))
  const consentHintId = `${consent.input.id}-hint`
  consent.input.setAttribute('aria-describedby', consentHintId)
  const fields: Field[] = [
    controlField(
      { path: 'hours', label: tx('mp.outcome.hours'), hint: tx('mp.outcome.hoursHint'), optional: true },
      hours,
    ),
    fieldsetField(
      { path: 'knewEachOther', label: tx('mp.outcome.knew'), optional: true },
      () => knew.map((c) => c.input),
      knew.map((c) => c.element),
    ),
    controlField(
      { path: 'story', label: tx('mp.outcome.story'), hint: tx('mp.outcome.storyHint'), optional: true },
      story,
    ),
    {
      path: 'storyConsent',
      label: tx('mp.outcome.consent'),
      element: h(
        'div',
        { class: 'bb-consent-choice' },
        consent.element,
        h('p', { class: 'utrecht-form-field-description', id: consentHintId }, tx('mp.outcome.consentHint')),
      ),
      focusTarget: () => consent.input,
      setError: (message) => {
        if (message) consent.input.setAttribute('aria-invalid', 'true')
        else consent.input.removeAttribute('aria-invalid')
      },
    },
  ]
  const read = (): OutcomeExtras => {
    const knewValue = knew.find((c) => c.input.checked)?.input.value
    const text = story.value.trim()
    return {
      hours: readHours(hours.value),
      knewEachOther: knewValue === 'yes' ? true : knewValue === 'no' ? false : null,
      story: text === '' ? null : text,
      storyConsent: consent.input.checked,
    }
  }
  return { fields, elements: fields.map((field) => field.element), read }
}
