import type { Community } from '../../../../shared/schemas/community'
import type { LifecycleSettings } from '../../../../shared/schemas/match'
import { api } from '../../api'
import { numberInput, readNumber, saveCommunitySettings } from '../../components/community-settings'
import { apiForm, controlField, type Field, pageHeading, paragraph, submitButton, textbox } from '../../components/ui'
import { h } from '../../dom'
import { tl } from '../../i18n/lifecycle-settings'
import type { Page } from '../../router'
import { loadContext } from '../../session'

export const lifecyclePath = '/coordinator/opvolging'

type DayKey = 'contactDays' | 'outcomeDays' | 'reminderDays' | 'proposalExpiryDays' | 'linkValidDays'

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
    const input = numberInput(key, settings[key], 1, max)
    return {
      key,
      max,
      input,
      field: controlField({ path: key, label: tl(`lc.${key}`), hint: tl(`lc.${key}.hint`) }, input),
    }
  })
  const byKey = (key: DayKey) => days.find((d) => d.key === key) as (typeof days)[number]
  const eventInputs = settings.eventDays.map((value, index) => numberInput(`eventDays.${index}`, value, 1, 730))
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
      community =
        (await saveCommunitySettings({
          save: () => api.putLifecycleSettings(community.id, body),
          fields,
          summarySlot,
          announce,
          savedText: tl('lc.saved'),
          reload: { path: lifecyclePath, text: tl('lc.reload') },
        })) ?? community
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
