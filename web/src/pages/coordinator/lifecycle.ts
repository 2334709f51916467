import type { Community } from '../../../../shared/schemas/community'
import type { LifecycleSettings } from '../../../../shared/schemas/match'
import { ApiError, api } from '../../api'
import {
  apiForm,
  controlField,
  type Field,
  link,
  notice,
  pageHeading,
  paragraph,
  showFormProblem,
  showNotice,
  submitButton,
  textbox,
} from '../../components/ui'
import { h } from '../../dom'
import { t } from '../../i18n'
import { tl } from '../../i18n/lifecycle-settings'
import type { Page } from '../../router'
import { loadContext, resetCommunity } from '../../session'
import { errorText } from '../failure'

export const lifecyclePath = '/coordinator/opvolging'

type DayKey = 'contactDays' | 'outcomeDays' | 'reminderDays' | 'proposalExpiryDays' | 'linkValidDays'

/** A whole number of days: the browser's own arrows and keys; the API checks the range. */
function dayInput(name: string, value: number, max: number): HTMLInputElement {
  const input = textbox({ name, type: 'number', inputmode: 'numeric', min: 1, max, step: 1, value })
  input.classList.add('utrecht-textbox--numeric', 'bb-narrow')
  return input
}

/** What the field holds: a number, NaN for text the browser cannot read (the API names it), or missing. */
function readNumber(input: HTMLInputElement): number | undefined {
  if (input.value !== '') return Number(input.value)
  return input.validity.badInput ? Number.NaN : undefined
}

function group(legend: string, hint: string | null, ...fields: Field[]): HTMLFieldSetElement {
  const hintId = hint ? `${legend.replace(/\W+/g, '-').toLowerCase()}-hint` : null
  return h(
    'fieldset',
    {
      class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset bb-group',
      'aria-describedby': hintId,
    },
    h(
      'legend',
      { class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend bb-group__legend' },
      legend,
    ),
    hint && h('p', { class: 'utrecht-form-field-description', id: hintId }, hint),
    fields.map((field) => field.element),
  )
}

/** `/coordinator/opvolging`: when follow-up questions go out, when proposals expire, and quiet hours. */
export const lifecyclePage: Page = async ({ announce }) => {
  const { community: cached } = await loadContext()
  // The latest version, not the one cached at sign-in: saving needs it.
  let community: Community = await api.community(cached.id)
  const settings: LifecycleSettings = community.lifecycle

  const days: { key: DayKey; max: number; input: HTMLInputElement; field: Field }[] = (
    [
      ['contactDays', 60],
      ['outcomeDays', 365],
      ['reminderDays', 30],
      ['proposalExpiryDays', 90],
      ['linkValidDays', 365],
    ] as const
  ).map(([key, max]) => {
    const input = dayInput(key, settings[key], max)
    return {
      key,
      max,
      input,
      field: controlField({ path: key, label: tl(`lc.${key}`), hint: tl(`lc.${key}.hint`) }, input),
    }
  })
  const byKey = (key: DayKey) => days.find((d) => d.key === key) as (typeof days)[number]
  const eventInputs = settings.eventDays.map((value, index) => dayInput(`eventDays.${index}`, value, 730))
  const eventFields = eventInputs.map((input, index) =>
    controlField(
      {
        path: `eventDays.${index}`,
        label: tl(index === 0 ? 'lc.eventDays.0' : 'lc.eventDays.1'),
        hint: tl(index === 0 ? 'lc.eventDays.0.hint' : 'lc.eventDays.1.hint'),
      },
      input,
    ),
  )
  const quietFrom = textbox({ name: 'quietHours.from', type: 'time', value: settings.quietHours.from })
  const quietTo = textbox({ name: 'quietHours.to', type: 'time', value: settings.quietHours.to })
  quietFrom.classList.add('bb-narrow')
  quietTo.classList.add('bb-narrow')
  const quietFields = [
    controlField({ path: 'quietHours.from', label: tl('lc.quiet.from') }, quietFrom),
    controlField({ path: 'quietHours.to', label: tl('lc.quiet.to') }, quietTo),
  ]
  // Field errors name the setting itself; a rule about the tuple or the pair lands on its first field.
  const eventGroupField: Field = { ...(eventFields[0] as Field), path: 'eventDays' }
  const quietGroupField: Field = { ...(quietFields[0] as Field), path: 'quietHours' }
  const fields: Field[] = [
    byKey('contactDays').field,
    byKey('outcomeDays').field,
    byKey('reminderDays').field,
    ...eventFields,
    byKey('proposalExpiryDays').field,
    byKey('linkValidDays').field,
    ...quietFields,
    eventGroupField,
    quietGroupField,
  ]

  const summarySlot = h('div')
  const submit = submitButton(tl('lc.submit'))
  const form = apiForm(
    submit,
    async () => {
      const body: Partial<Record<keyof LifecycleSettings, unknown>> & { version: number } = {
        version: community.version,
        eventDays: eventInputs.map(readNumber),
        quietHours: { from: quietFrom.value, to: quietTo.value },
      }
      for (const { key, input } of days) {
        const value = readNumber(input)
        if (value !== undefined) body[key] = value
      }
      try {
        community = await api.putLifecycleSettings(community.id, body)
        // Other pages read the community from the cache: let them load the new settings.
        resetCommunity()
        for (const field of fields) field.setError(null)
        showNotice(summarySlot, notice('ok', tl('lc.saved')))
        announce(tl('lc.saved'))
      } catch (error) {
        const count = showFormProblem(summarySlot, fields, error, errorText(error))
        if (count > 0) announce(t('form.errors.announce', { count }))
        if (error instanceof ApiError && error.code === 'COMMUNITY_CHANGED') {
          // Saving again would overwrite the other change: offer the fresh settings instead.
          summarySlot.querySelector('.utrecht-alert__message')?.append(paragraph(link(lifecyclePath, tl('lc.reload'))))
        }
      }
    },
    summarySlot,
    group(
      tl('lc.followUp.legend'),
      null,
      byKey('contactDays').field,
      byKey('outcomeDays').field,
      byKey('reminderDays').field,
      ...eventFields,
    ),
    group(tl('lc.other.legend'), null, byKey('proposalExpiryDays').field, byKey('linkValidDays').field),
    group(tl('lc.quiet.legend'), tl('lc.quiet.hint'), ...quietFields),
    h('div', { class: 'bb-actions' }, submit),
  )

  const content = h(
    'div',
    { class: 'bb-narrow-page' },
    pageHeading(tl('lc.title')),
    paragraph(tl('lc.lead'), { lead: true }),
    form,
  )
  return { title: tl('lc.title'), content }
}
