import type { Community } from '../../../../shared/schemas/community'
import type { MatchingSettings, MatchingWeights } from '../../../../shared/schemas/matching'
import { type ScoreComponent, scoreComponents } from '../../../../shared/schemas/vocabulary'
import { api } from '../../api'
import { numberInput, readNumber, saveCommunitySettings } from '../../components/community-settings'
import {
  apiForm,
  controlField,
  type Field,
  fieldsetField,
  pageHeading,
  paragraph,
  submitButton,
} from '../../components/ui'
import { h } from '../../dom'
import { tm } from '../../i18n/matching-settings'
import type { Page } from '../../router'
import { loadContext } from '../../session'

export const matchingPath = '/coordinator/matching'

/** `/coordinator/matching`: the weights of the score and when the broker steps in. */
export const matchingPage: Page = async ({ announce }) => {
  const { community: cached } = await loadContext()
  // The latest version, not the one cached at sign-in: saving needs it.
  let community: Community = await api.community(cached.id)
  const settings = community.matching

  const weightInputs = new Map<ScoreComponent, HTMLInputElement>()
  const weightFields: Field[] = scoreComponents.map((component) => {
    const input = numberInput(`weights.${component}`, settings.weights[component], 0, 10)
    weightInputs.set(component, input)
    return controlField(
      {
        path: `weights.${component}`,
        label: tm(`matching.weight.${component}`),
        hint: tm(`matching.weight.${component}.hint`),
      },
      input,
    )
  })
  const weightsField = fieldsetField(
    {
      path: 'weights',
      label: tm('matching.weights.legend'),
      hint: tm('matching.weights.hint'),
      legendClass: 'bb-group__legend',
    },
    () => [...weightInputs.values()],
    h(
      'div',
      { class: 'bb-weights' },
      weightFields.map((field) => field.element),
    ),
  )

  // Both groups drawn as boxes, so the page reads as two sets of choices.
  weightsField.element.querySelector('fieldset')?.classList.add('bb-group')

  const perPost = numberInput('suggestionsPerPost', settings.suggestionsPerPost, 1, 10)
  const goodScore = numberInput('goodScorePercent', settings.goodScorePercent, 0, 100)
  const waitingDays = numberInput('waitingDays', settings.waitingDays, 1, 60)
  const replyDays = numberInput('interestReplyDays', settings.interestReplyDays, 1, 14)
  const otherFields: Field[] = [
    controlField(
      { path: 'suggestionsPerPost', label: tm('matching.perPost'), hint: tm('matching.perPost.hint') },
      perPost,
    ),
    controlField(
      { path: 'goodScorePercent', label: tm('matching.goodScore'), hint: tm('matching.goodScore.hint') },
      goodScore,
    ),
    controlField(
      { path: 'waitingDays', label: tm('matching.waitingDays'), hint: tm('matching.waitingDays.hint') },
      waitingDays,
    ),
    controlField(
      { path: 'interestReplyDays', label: tm('matching.replyDays'), hint: tm('matching.replyDays.hint') },
      replyDays,
    ),
  ]
  const otherGroup = h(
    'fieldset',
    { class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset bb-group' },
    h(
      'legend',
      { class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend bb-group__legend' },
      tm('matching.other.legend'),
    ),
    otherFields.map((field) => field.element),
  )
  // Field errors name the weight itself (`weights.fit`); a rule about all weights lands on the group.
  const fields = [...weightFields, weightsField, ...otherFields]

  const summarySlot = h('div')
  const submit = submitButton(tm('matching.submit'))
  const form = apiForm(
    submit,
    async () => {
      const weights = Object.fromEntries(
        scoreComponents.map((component) => [component, readNumber(weightInputs.get(component) as HTMLInputElement)]),
      ) as MatchingWeights
      const body: Partial<MatchingSettings> & { version: number } = {
        weights,
        version: community.version,
      }
      const put = (
        key: 'suggestionsPerPost' | 'goodScorePercent' | 'waitingDays' | 'interestReplyDays',
        input: HTMLInputElement,
      ) => {
        const value = readNumber(input)
        if (value !== undefined) body[key] = value
      }
      put('suggestionsPerPost', perPost)
      put('goodScorePercent', goodScore)
      put('waitingDays', waitingDays)
      put('interestReplyDays', replyDays)
      community =
        (await saveCommunitySettings({
          save: () => api.putMatchingSettings(community.id, body),
          fields,
          summarySlot,
          announce,
          savedText: tm('matching.saved'),
          reload: { path: matchingPath, text: tm('matching.reload') },
        })) ?? community
    },
    summarySlot,
    weightsField.element,
    otherGroup,
    h('div', { class: 'bb-actions' }, submit),
  )

  const content = h(
    'div',
    { class: 'bb-narrow-page' },
    pageHeading(tm('matching.title')),
    paragraph(tm('matching.lead'), { lead: true }),
    form,
  )
  return { title: tm('matching.title'), content }
}
