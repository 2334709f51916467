import type { CreatePostBody } from '../../../shared/schemas/post'
import {
  type DayPart,
  dayPartsOfDay,
  type PostKind,
  postKinds,
  type Recurrence,
  recurrences,
  weekDays,
} from '../../../shared/schemas/vocabulary'
import { ApiError, api } from '../api'
import {
  alert,
  choice,
  controlField,
  type Field,
  fieldsetField,
  pageHeading,
  paragraph,
  select,
  showFormProblem,
  textarea,
  textbox,
} from '../components/ui'
import { h, uid } from '../dom'
import { localized, t } from '../i18n'
import { navigate, type Page } from '../router'
import { loadContext } from '../session'
import { areaChoices } from './browse'
import { errorText } from './failure'

export const postFormPath = '/plaatsen'

/** `/plaatsen`: post a request or an offer. The API validates; its details appear at the fields. */
export const postFormPage: Page = async ({ query, announce }) => {
  const { me, community, actingFor } = await loadContext()
  const preset = query.get('soort')

  const kindChoices = postKinds.map((kind) =>
    choice('radio', 'kind', kind, t(kind === 'request' ? 'form.kind.request' : 'form.kind.offer'), kind === preset),
  )
  const kindField = fieldsetField(
    { path: 'kind', label: t('form.kind.legend') },
    () => kindChoices.map((c) => c.input),
    kindChoices.map((c) => c.element),
  )

  const title = textbox({ name: 'title', autocomplete: 'off', maxlength: 120 })
  const titleField = controlField(
    { path: 'title', label: t('form.postTitle.label'), hint: t('form.postTitle.hint') },
    title,
  )

  const description = textarea({ name: 'description', maxlength: 2000 })
  const descriptionField = controlField(
    { path: 'description', label: t('form.description.label'), hint: t('form.description.hint'), optional: true },
    description,
  )

  // Grouped by resource type (the Beursvloer corners), so a long list stays easy to scan.
  const category = h(
    'select',
    { name: 'categoryId', class: 'utrecht-select utrecht-select--html-select' },
    h('option', { value: '' }, t('form.category.choose')),
    community.resourceTypes.map((type) => {
      const inType = community.categories.filter((c) => c.resourceType === type.id)
      if (inType.length === 0) return null
      return h(
        'optgroup',
        { label: localized(type.name) },
        inType.map((c) => h('option', { value: c.id }, localized(c.name))),
      )
    }),
    community.categories
      .filter((c) => !community.resourceTypes.some((type) => type.id === c.resourceType))
      .map((c) => h('option', { value: c.id }, localized(c.name))),
  )
  const categoryField = controlField(
    { path: 'categoryId', label: t('form.category.label'), hint: t('form.category.hint') },
    category,
  )

  const area = select([{ value: '', label: t('form.area.choose') }], { name: 'areaId' })
  area.append(...areaChoices(community, me.areaId))
  const areaField = controlField({ path: 'areaId', label: t('form.area.label'), hint: t('form.area.hint') }, area)

  const dayPartInputs: HTMLInputElement[] = []
  const days = weekDays.map((day) => {
    const parts = dayPartsOfDay.map((part) => {
      const box = choice('checkbox', 'dayParts', `${day}-${part}`, t(`dayPart.${part}`))
      dayPartInputs.push(box.input)
      return box.element
    })
    return h(
      'fieldset',
      { class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset bb-day' },
      h(
        'legend',
        { class: 'utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend bb-day__legend' },
        t(`day.${day}`),
      ),
      h('div', { class: 'bb-day__parts' }, parts),
    )
  })
  const whenField = fieldsetField(
    { path: 'availability.dayParts', label: t('form.when.legend'), hint: t('form.when.hint') },
    () => dayPartInputs,
    h('div', { class: 'bb-days' }, days),
  )

  // Asked as a question in the person's own terms: "will you need this again?", not "recurrence".
  const recurrenceChoices = recurrences.map((r) =>
    choice('radio', 'recurrence', r, t(`form.recurrence.${r}`), r === 'once'),
  )
  const recurrenceField = fieldsetField(
    { path: 'availability.recurrence', label: t('form.recurrence.legend'), hint: t('form.recurrence.hint') },
    () => recurrenceChoices.map((c) => c.input),
    recurrenceChoices.map((c) => c.element),
  )
  const recurrenceLegend = recurrenceField.element.querySelector('legend')
  const phraseRecurrence = () => {
    const kind = kindChoices.find((c) => c.input.checked)?.input.value
    const legend =
      kind === 'request' || kind === 'offer' ? t(`form.recurrence.legend.${kind}`) : t('form.recurrence.legend')
    if (recurrenceLegend) recurrenceLegend.textContent = legend
    recurrenceField.label = legend
  }
  for (const c of kindChoices) c.input.addEventListener('change', phraseRecurrence)
  phraseRecurrence()

  const tags = textbox({ name: 'tags', autocomplete: 'off', spellcheck: 'true', maxlength: 300 })
  const tagsField = controlField(
    { path: 'tags', label: t('form.tags.label'), hint: t('form.tags.hint'), optional: true },
    tags,
  )
  // The words as they will be saved, so a stray comma or a too-long list shows before sending.
  const tagPreviewId = uid('tags-preview')
  const tagPreview = h('ul', { class: 'bb-tags', 'aria-labelledby': tagPreviewId })
  const tagPreviewWrap = h(
    'div',
    { class: 'bb-tags-preview', hidden: true },
    h('p', { class: 'bb-tags-preview__label', id: tagPreviewId }, t('form.tags.preview')),
    tagPreview,
  )
  const readTags = () =>
    tags.value
      .split(',')
      .map((word) => word.trim())
      .filter(Boolean)
  tags.addEventListener('input', () => {
    const words = readTags()
    tagPreview.replaceChildren(...words.map((word) => h('li', { class: 'bb-tag' }, word)))
    tagPreviewWrap.hidden = words.length === 0
  })
  tagsField.element.append(tagPreviewWrap)

  const quantity = textbox({ name: 'quantity', type: 'number', inputmode: 'numeric', min: 1, max: 999, value: 1 })
  quantity.classList.add('utrecht-textbox--numeric', 'bb-narrow')
  const quantityField = controlField(
    { path: 'quantity', label: t('form.quantity.label'), hint: t('form.quantity.hint') },
    quantity,
  )

  const endDate = textbox({ name: 'endDate', type: 'date' })
  endDate.classList.add('bb-narrow')
  const endDateField = controlField(
    { path: 'endDate', label: t('form.endDate.label'), hint: t('form.endDate.hint'), optional: true },
    endDate,
  )

  const fields: Field[] = [
    kindField,
    titleField,
    descriptionField,
    categoryField,
    areaField,
    whenField,
    recurrenceField,
    tagsField,
    quantityField,
    endDateField,
  ]

  /** The body as filled in; empty fields are left out so the API names them as missing. */
  const readBody = (): Partial<CreatePostBody> => {
    const body: Partial<CreatePostBody> = {
      title: title.value,
      description: description.value,
      availability: {
        dayParts: dayPartInputs.filter((input) => input.checked).map((input) => input.value as DayPart),
        recurrence: (recurrenceChoices.find((c) => c.input.checked)?.input.value ?? 'once') as Recurrence,
      },
    }
    const kind = kindChoices.find((c) => c.input.checked)?.input.value
    if (kind) body.kind = kind as PostKind
    if (category.value) body.categoryId = category.value
    if (area.value) body.areaId = area.value
    // A number the browser cannot read is sent as text, so the API reports it at the field.
    if (quantity.value !== '') body.quantity = Number(quantity.value)
    else if (quantity.validity.badInput) body.quantity = Number.NaN
    if (endDate.value) body.endDate = endDate.value
    const words = readTags()
    if (words.length > 0) body.tags = words
    return body
  }

  const summarySlot = h('div')
  const submit = h(
    'button',
    { type: 'submit', class: 'utrecht-button utrecht-button--primary-action' },
    t('form.submit'),
  )
  const form = h(
    'form',
    {
      class: 'bb-form',
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault()
        if (submit.getAttribute('aria-disabled') === 'true') return
        submit.setAttribute('aria-disabled', 'true')
        announce(t('form.submitting'))
        try {
          const post = await api.createPost(community.id, readBody())
          await navigate(`/berichten/${encodeURIComponent(post.id)}`, { state: { flash: 'detail.created' } })
        } catch (error) {
          const count = showFormProblem(summarySlot, fields, error, errorText(error))
          if (count > 0) announce(t('form.errors.announce', { count }))
          if (error instanceof ApiError && error.code === 'SCREENING_REQUIRED') {
            // Say where the problem is, and who can help: the broker screens helpers.
            categoryField.setError(error.message)
            const helpdesk = community.helpdesk
            summarySlot
              .querySelector('.utrecht-alert__message')
              ?.append(
                paragraph(
                  helpdesk
                    ? t('form.screening.call', { name: helpdesk.name, phone: helpdesk.phone })
                    : t('form.screening.ask'),
                ),
              )
          }
        } finally {
          submit.removeAttribute('aria-disabled')
        }
      },
    },
    fields.map((field) => field.element),
    h('div', { class: 'bb-actions' }, submit),
  )

  const content = h(
    'div',
    { class: 'bb-narrow-page' },
    pageHeading(t('form.title')),
    paragraph(t('form.lead'), { lead: true }),
    actingFor
      ? alert('warning', paragraph(t('form.acting', { name: actingFor.displayName })))
      : alert('info', paragraph(t('form.phoneHint'))),
    summarySlot,
    form,
  )
  return { title: t('form.title'), content }
}
