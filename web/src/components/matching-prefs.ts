import type { MemberAttributes } from '../../../shared/schemas/matching'
import type { MemberDetails } from '../../../shared/schemas/member'
import { type AgeBand, ageBands, type SpokenLanguage, spokenLanguages } from '../../../shared/schemas/vocabulary'
import { ApiError, api } from '../api'
import { h } from '../dom'
import { formatDate } from '../format'
import { t } from '../i18n'
import { th } from '../i18n/helping'
import { errorText } from '../pages/failure'
import {
  apiForm,
  busy,
  button,
  choice,
  controlField,
  type Field,
  fieldsetField,
  link,
  notice,
  paragraph,
  showFormProblem,
  showNotice,
  submitButton,
  textbox,
} from './ui'

/**
 * What a member sets for matching: how many people they help at once, a pause, the languages
 * they speak, whom they never want to be matched with, and (the member only) an age band.
 * Used on "Mijn gegevens" and, for a resident who is not online, on the broker's member page.
 */
export interface MatchingPrefsOptions {
  /** The member as it is now: other forms on the page may have changed its version. */
  member: () => MemberDetails
  /** `self`: "you"; `other`: a broker sets them for a resident. */
  audience: 'self' | 'other'
  /** Where the result of a change is shown (the host may redraw the page instead). */
  result: HTMLElement
  announce: (text: string) => void
  /** Called with the changed member and the message to show. */
  onChanged: (member: MemberDetails, message: string) => void
}

/** After MEMBER_CHANGED: saving again would overwrite someone else's change, so offer the fresh page. */
function problem(slot: HTMLElement, fields: Field[], error: unknown, announce: (text: string) => void): void {
  const count = showFormProblem(slot, fields, error, errorText(error))
  if (count > 0) announce(t('form.errors.announce', { count }))
  if (error instanceof ApiError && error.code === 'MEMBER_CHANGED')
    slot.querySelector('.utrecht-alert__message')?.append(paragraph(link(location.pathname, th('helping.reload'))))
}

/** Max matches at once, a pause and the languages spoken. */
export function helpingForm(options: MatchingPrefsOptions): HTMLFormElement {
  const self = options.audience === 'self'
  const start = options.member()
  const name = start.displayName
  const summarySlot = h('div')

  const max = textbox({
    name: 'maxActiveMatches',
    type: 'number',
    inputmode: 'numeric',
    min: 1,
    max: 20,
    value: start.helping.maxActiveMatches,
  })
  max.classList.add('utrecht-textbox--numeric', 'bb-narrow')
  const pause = choice(
    'checkbox',
    'paused',
    'yes',
    self ? th('helping.pause.label') : th('helping.pause.labelOther', { name }),
    start.helping.paused,
  )
  const languageChoices = spokenLanguages.map((code) =>
    choice('checkbox', 'languages', code, th(`language.${code}`), start.languages.includes(code)),
  )
  const fields: Field[] = [
    controlField(
      {
        path: 'maxActiveMatches',
        label: self ? th('helping.max.label') : th('helping.max.labelOther', { name }),
        hint: th('helping.max.hint'),
      },
      max,
    ),
    fieldsetField(
      { path: 'paused', label: th('helping.pause.legend'), hint: th('helping.pause.hint') },
      () => [pause.input],
      pause.element,
    ),
    fieldsetField(
      {
        path: 'languages',
        label: self ? th('helping.languages.legend') : th('helping.languages.legendOther', { name }),
        hint: th('helping.languages.hint'),
      },
      () => languageChoices.map((c) => c.input),
      h(
        'div',
        { class: 'bb-choice-grid' },
        languageChoices.map((c) => c.element),
      ),
    ),
  ]

  const submit = submitButton(th('helping.submit'))
  return apiForm(
    submit,
    async () => {
      const member = options.member()
      // A number the browser cannot read goes as NaN, so the API names the field.
      const count = max.value === '' ? undefined : Number(max.value)
      try {
        const saved = await api.putHelping(
          member.communityId,
          member.id,
          {
            ...(count === undefined ? {} : { maxActiveMatches: count }),
            paused: pause.input.checked,
            languages: languageChoices.filter((c) => c.input.checked).map((c) => c.input.value as SpokenLanguage),
            version: member.version,
          },
          { asSelf: true },
        )
        for (const field of fields) field.setError(null)
        summarySlot.replaceChildren()
        const message = !self
          ? th('helping.savedOther')
          : saved.helping.paused
            ? th('helping.savedPaused')
            : th('helping.saved')
        options.onChanged(saved, message)
      } catch (error) {
        problem(summarySlot, fields, error, options.announce)
      }
    },
    summarySlot,
    start.activeMatches > 0 && paragraph(th('helping.active', { count: start.activeMatches })),
    fields.map((field) => field.element),
    h('div', { class: 'bb-actions' }, submit),
  )
}

/** The people the member does not want to be matched with, each with "opheffen". */
export function blockedList(options: MatchingPrefsOptions): HTMLElement {
  const self = options.audience === 'self'
  const wrap = h('div', { class: 'bb-blocked' })
  const render = () => {
    const member = options.member()
    if (member.blocked.length === 0) {
      wrap.replaceChildren(paragraph(self ? th('blocked.none') : th('blocked.noneOther', { name: member.displayName })))
      return
    }
    wrap.replaceChildren(
      h(
        'ul',
        { class: 'bb-member-list', role: 'list' },
        member.blocked.map((blocked) => {
          const lift = button(th('blocked.lift'), {}, 'secondary')
          // The visible word is short; the name makes each button distinct for a screen reader.
          lift.append(
            h('span', { class: 'bb-visually-hidden' }, ` ${th('blocked.liftFor', { name: blocked.displayName })}`),
          )
          lift.addEventListener('click', () => {
            void busy(lift, async () => {
              const current = options.member()
              try {
                const saved = await api.removeBlock(
                  current.communityId,
                  current.id,
                  { memberId: blocked.memberId, version: current.version },
                  // A block is the resident's own choice: a broker lifts it acting for them.
                  self ? {} : { actFor: current.id },
                )
                options.onChanged(saved, th('blocked.lifted', { name: blocked.displayName }))
                render()
              } catch (error) {
                problem(options.result, [], error, options.announce)
              }
            })
          })
          return h(
            'li',
            { class: 'bb-member-item bb-blocked__item' },
            h(
              'p',
              { class: 'bb-member-item__name' },
              blocked.displayName,
              h(
                'span',
                { class: 'bb-note bb-blocked__since' },
                ` (${th('blocked.since', { date: formatDate(blocked.at) })})`,
              ),
            ),
            lift,
          )
        }),
      ),
    )
  }
  render()
  return wrap
}

/** The optional age band, with an explanation and explicit consent; "rather not say" withdraws it. */
export function ageForm(
  member: MemberDetails,
  attributes: MemberAttributes,
  announce: (text: string) => void,
): HTMLElement {
  const summarySlot = h('div')
  const current = h('div')
  const none = 'none' as const
  const bands = [...ageBands, none].map((band) =>
    choice('radio', 'ageBand', band, th(`age.band.${band}`), (attributes.ageBand ?? none) === band),
  )
  const consent = choice('checkbox', 'consent', 'yes', th('age.consent.label'), attributes.ageBand !== null)
  const fields: Field[] = [
    fieldsetField(
      { path: 'ageBand', label: th('age.legend') },
      () => bands.map((c) => c.input),
      bands.map((c) => c.element),
    ),
    fieldsetField({ path: 'consent', label: th('age.consent.legend') }, () => [consent.input], consent.element),
  ]
  const showCurrent = (value: MemberAttributes) => {
    current.replaceChildren(
      value.ageBand && value.consentedAt ? paragraph(th('age.current', { date: formatDate(value.consentedAt) })) : '',
    )
  }
  showCurrent(attributes)

  const submit = submitButton(th('age.submit'))
  const form = apiForm(
    submit,
    async () => {
      const chosen = bands.find((c) => c.input.checked)?.input.value ?? none
      const ageBand = chosen === none ? null : (chosen as AgeBand)
      try {
        // Withdrawing sends no consent: nothing is kept, so nothing is agreed to.
        const saved = await api.putAttributes(member.communityId, member.id, {
          ageBand,
          consent: ageBand === null ? false : consent.input.checked,
        })
        for (const field of fields) field.setError(null)
        if (saved.ageBand === null) consent.input.checked = false
        showCurrent(saved)
        const text = saved.ageBand ? th('age.saved') : th('age.withdrawn')
        showNotice(summarySlot, notice('ok', text))
        announce(text)
      } catch (error) {
        problem(summarySlot, fields, error, announce)
      }
    },
    summarySlot,
    fields.map((field) => field.element),
    h('div', { class: 'bb-actions' }, submit),
  )
  return h('div', null, paragraph(th('age.lead')), paragraph(th('age.why')), current, form)
}
export { th } from '../i18n/helping'
