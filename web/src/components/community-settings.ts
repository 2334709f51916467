import type { Community } from '../../../shared/schemas/community'
import { ApiError } from '../api'
import { t } from '../i18n'
import { errorText } from '../pages/failure'
import { resetCommunity } from '../session'
import { type Field, link, notice, paragraph, showFormProblem, showNotice, textbox } from './ui'

/**
 * Saves a form of community settings (matching weights, follow-up timings). On success the
 * cached community is dropped, so other pages load the new settings, and a notice says so. On
 * an error each field shows its own problem; when someone else changed the settings first,
 * saving again would overwrite their change, so the summary offers the fresh settings instead.
 */
export const saveCommunitySettings = async (options: {
  save: () => Promise<Community>
  fields: Field[]
  summarySlot: HTMLElement
  announce: (text: string) => void
  savedText: string
  reload: { path: string; text: string }
}): Promise<Community | undefined> => {
  const { fields, summarySlot, announce } = options
  try {
    const saved = await options.save()
    resetCommunity()
    for (const field of fields) field.setError(null)
    showNotice(summarySlot, notice('ok', options.savedText))
    announce(options.savedText)
    return saved
  } catch (error) {
    const count = showFormProblem(summarySlot, fields, error, errorText(error))
    if (count > 0) announce(t('form.errors.announce', { count }))
    if (error instanceof ApiError && error.code === 'COMMUNITY_CHANGED') {
      summarySlot
        .querySelector('.utrecht-alert__message')
        ?.append(paragraph(link(options.reload.path, options.reload.text)))
    }
    return undefined
  }
}

/** A small whole-number input: the browser's own arrows and keys; the API checks the range. */
export function numberInput(name: string, value: number, min: number, max: number): HTMLInputElement {
  const input = textbox({ name, type: 'number', inputmode: 'numeric', min, max, step: 1, value })
  input.classList.add('utrecht-textbox--numeric', 'bb-narrow')
  return input
}

/** What the field holds: a number, NaN for text the browser cannot read (the API names it), or missing. */
export function readNumber(input: HTMLInputElement): number | undefined {
  if (input.value !== '') return Number(input.value)
  return input.validity.badInput ? Number.NaN : undefined
}
