import { ApiError } from '../api'
import { type Attrs, type Child, h, uid } from '../dom'
import { t } from '../i18n'

/** The page's main heading; the router focuses it after navigation. */
export function pageHeading(text: string): HTMLHeadingElement {
  return h('h1', { class: 'utrecht-heading-1', tabindex: '-1' }, text)
}

/** A section heading (level 2 or 3) in NL Design System style. */
export function heading(level: 2 | 3, text: string, attrs: Attrs = {}): HTMLHeadingElement {
  return h(level === 2 ? 'h2' : 'h3', { class: `utrecht-heading-${level}`, ...attrs }, text)
}

/** A paragraph; `lead` makes it the larger intro text. */
export function paragraph(children: Child, options: { lead?: boolean } = {}): HTMLParagraphElement {
  return h('p', { class: options.lead ? 'utrecht-paragraph utrecht-paragraph--lead' : 'utrecht-paragraph' }, children)
}

/** A link; app-internal links are handled by the router. */
export function link(href: string, text: Child, attrs: Attrs = {}): HTMLAnchorElement {
  return h('a', { href, class: 'utrecht-link utrecht-link--html-a', ...attrs }, text)
}

/** A link that looks like a button, for the main call to action. */
export function buttonLink(href: string, text: string, appearance: 'primary' | 'secondary' = 'primary') {
  return h(
    'a',
    { href, class: `utrecht-button-link utrecht-button-link--html-a utrecht-button-link--${appearance}-action` },
    text,
  )
}

/** A button in NL Design System style. */
export function button(
  text: string,
  attrs: Attrs = {},
  appearance: 'primary' | 'secondary' | 'subtle' = 'primary',
): HTMLButtonElement {
  return h('button', { type: 'button', class: `utrecht-button utrecht-button--${appearance}-action`, ...attrs }, text)
}

/** A message box: `error` and `ok` after an action, `info` for hints. */
export function alert(type: 'info' | 'ok' | 'warning' | 'error', ...children: Child[]): HTMLDivElement {
  return h(
    'div',
    { class: `utrecht-alert utrecht-alert--${type}` },
    h('div', { class: 'utrecht-alert__content' }, h('div', { class: 'utrecht-alert__message' }, children)),
  )
}

/** A small label for the kind or status of a post. */
export function badge(text: string, variant: string): HTMLSpanElement {
  return h('span', { class: `bb-badge bb-badge--${variant}` }, text)
}

/** One form control with its label, hint and error, wired together with ids and ARIA. */
export interface Field {
  /** The API's `path` for this field, e.g. `title` or `availability.dayParts`. */
  path: string
  label: string
  element: HTMLElement
  /** What the error summary links to and focuses. */
  focusTarget: () => HTMLElement
  setError: (message: string | null) => void
}

interface FieldOptions {
  path: string
  label: string
  hint?: string
  optional?: boolean
}

function labelText(options: FieldOptions): Child[] {
  return [options.label, options.optional ? h('span', { class: 'bb-optional' }, ` ${t('common.optional')}`) : null]
}

function errorSlot(id: string): { node: HTMLDivElement; set: (message: string | null) => void } {
  const text = h('p', { class: 'utrecht-form-field-error-message', id })
  const node = h('div', { class: 'utrecht-form-field__error-message', hidden: true }, text)
  return {
    node,
    set: (message) => {
      text.textContent = message ?? ''
      node.hidden = !message
    },
  }
}

function describe(control: HTMLElement, ids: (string | null)[]): void {
  const value = ids.filter(Boolean).join(' ')
  if (value) control.setAttribute('aria-describedby', value)
  else control.removeAttribute('aria-describedby')
}

/** A labelled text input, textarea or select with hint and error message. */
export function controlField(
  options: FieldOptions,
  control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement,
): Field {
  const id = control.id || uid(`field-${options.path.replace(/\W+/g, '-')}`)
  control.id = id
  const hintId = options.hint ? `${id}-hint` : null
  const errorId = `${id}-error`
  const error = errorSlot(errorId)
  describe(control, [hintId])
  const element = h(
    'div',
    { class: 'utrecht-form-field utrecht-form-field--distanced' },
    h(
      'div',
      { class: 'utrecht-form-field__label' },
      h('label', { class: 'utrecht-form-label', for: id }, labelText(options)),
    ),
    options.hint &&
      h(
        'div',
        { class: 'utrecht-form-field__description', id: hintId },
        h('p', { class: 'utrecht-form-field-description' }, options.hint),
      ),
    error.node,
    h('div', { class: 'utrecht-form-field__input' }, control),
  )
  return {
    path: options.path,
    label: options.label,
    element,
    focusTarget: () => control,
    setError: (message) => {
      error.set(message)
      element.classList.toggle('utrecht-form-field--invalid', Boolean(message))
      const invalidClass =
        control instanceof HTMLSelectElement
          ? 'utrecht-select--invalid'
          : control instanceof HTMLTextAreaElement
            ? 'utrecht-textarea--invalid'
            : 'utrecht-textbox--invalid'
      control.classList.toggle(invalidClass, Boolean(message))
      if (message) control.setAttribute('aria-invalid', 'true')
      else control.removeAttribute('aria-invalid')
      describe(control, [hintId, message ? errorId : null])
    },
  }
}

/** A text input in NL Design System style. */
export function textbox(attrs: Attrs = {}): HTMLInputElement {
  return h('input', { type: 'text', class: 'utrecht-textbox utrecht-textbox--html-input', ...attrs })
}

/** A textarea in NL Design System style. */
export function textarea(attrs: Attrs = {}): HTMLTextAreaElement {
  return h('textarea', { class: 'utrecht-textarea utrecht-textarea--html-textarea', rows: 5, ...attrs })
}

export interface Option {
  value: string
  label: string
  selected?: boolean
}

/** A select in NL Design System style. */
export function select(choices: Option[], attrs: Attrs = {}): HTMLSelectElement {
  return h(
    'select',
    { class: 'utrecht-select utrecht-select--html-select', ...attrs },
    choices.map((choice) => h('option', { value: choice.value, selected: choice.selected ?? false }, choice.label)),
  )
}

/** One checkbox or radio button with its label. */
export function choice(
  type: 'checkbox' | 'radio',
  name: string,
  value: string,
  label: string,
  checked = false,
): { element: HTMLDivElement; input: HTMLInputElement } {
  const id = uid(`${name}-${value}`)
  const input = h('input', {
    type,
    id,
    name,
    value,
    checked,
    class:
      type === 'checkbox'
        ? 'utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom'
        : 'utrecht-radio-button utrecht-radio-button--html-input',
  })
  const element = h(
    'div',
    { class: `utrecht-form-field utrecht-form-field--${type}` },
    h(
      'div',
      { class: 'utrecht-form-field__label' },
      h('label', { class: `utrecht-form-label utrecht-form-label--${type}`, for: id }, label),
    ),
    h('div', { class: 'utrecht-form-field__input' }, input),
  )
  return { element, input }
}

/**
 * A group of checkboxes or radio buttons in a fieldset with legend. The hint and the error
 * are tied to the fieldset, and each input is marked invalid, so both are read out.
 */
export function fieldsetField(
  options: FieldOptions & { legendClass?: string },
  inputs: () => HTMLInputElement[],
  ...content: Child[]
): Field {
  const id = uid(`fieldset-${options.path.replace(/\W+/g, '-')}`)
  const hintId = options.hint ? `${id}-hint` : null
  const errorId = `${id}-error`
  const error = errorSlot(errorId)
  const fieldset = h(
    'fieldset',
    { class: 'utrecht-form-fieldset__fieldset utrecht-form-fieldset--html-fieldset', id },
    h(
      'legend',
      {
        class: `utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend ${options.legendClass ?? ''}`,
      },
      labelText(options),
    ),
    options.hint && h('p', { class: 'utrecht-form-field-description', id: hintId }, options.hint),
    error.node,
    content,
  )
  describe(fieldset, [hintId])
  const element = h('div', { class: 'utrecht-form-fieldset utrecht-form-fieldset--distanced' }, fieldset)
  return {
    path: options.path,
    label: options.label,
    element,
    focusTarget: () => inputs()[0] ?? fieldset,
    setError: (message) => {
      error.set(message)
      element.classList.toggle('utrecht-form-fieldset--invalid', Boolean(message))
      describe(fieldset, [hintId, message ? errorId : null])
      for (const input of inputs()) {
        if (message) input.setAttribute('aria-invalid', 'true')
        else input.removeAttribute('aria-invalid')
      }
    },
  }
}

/**
 * The error summary above a form: a heading, the API's message and a link per field error.
 * It receives focus so that screen reader and keyboard users start there.
 */
export function errorSummary(message: string, items: { field: Field | null; message: string }[]): HTMLDivElement {
  const headingId = uid('error-summary')
  const summary = h(
    'div',
    {
      class: 'utrecht-alert utrecht-alert--error bb-error-summary',
      role: 'group',
      'aria-labelledby': headingId,
      tabindex: '-1',
    },
    h(
      'div',
      { class: 'utrecht-alert__content' },
      h(
        'div',
        { class: 'utrecht-alert__message' },
        heading(2, t('form.errors.title'), { id: headingId }),
        message && paragraph(message),
        items.length > 0 &&
          h(
            'ul',
            { class: 'utrecht-unordered-list' },
            items.map(({ field, message: text }) =>
              h(
                'li',
                { class: 'utrecht-unordered-list__item' },
                field
                  ? link(`#${field.focusTarget().id}`, t('form.errors.field', { field: field.label, message: text }), {
                      onclick: (event: Event) => {
                        event.preventDefault()
                        const target = field.focusTarget()
                        target.focus()
                        target.scrollIntoView({ block: 'center' })
                      },
                    })
                  : text,
              ),
            ),
          ),
      ),
    ),
  )
  return summary
}

/**
 * Show a failed API call's details next to the fields, and return the summary entries.
 * A detail's path is matched to the field whose path it equals or starts with, so
 * `availability.dayParts.3` lands on the day-part fieldset.
 */
export function applyErrors(fields: Field[], details: { path: string; message: string }[]) {
  for (const field of fields) field.setError(null)
  const shown = new Map<Field, string>()
  const items: { field: Field | null; message: string }[] = []
  for (const detail of details) {
    const field =
      fields
        .filter((f) => detail.path === f.path || detail.path.startsWith(`${f.path}.`))
        .sort((a, b) => b.path.length - a.path.length)[0] ?? null
    if (field) {
      // One message per field; the first is usually the most useful.
      if (shown.has(field)) continue
      shown.set(field, detail.message)
      field.setError(detail.message)
    }
    items.push({ field, message: detail.message })
  }
  // Summary in the order of the form, not the order of the API's list.
  items.sort((a, b) => (a.field ? fields.indexOf(a.field) : -1) - (b.field ? fields.indexOf(b.field) : -1))
  return items
}

/**
 * Shows why a form was refused: for a 422 each field gets its message and a focused summary
 * lists them; anything else becomes one focused alert with `otherText`. Returns how many
 * field errors were shown.
 */
export function showFormProblem(slot: HTMLElement, fields: Field[], error: unknown, otherText: string): number {
  if (error instanceof ApiError && error.code === 'VALIDATION_FAILED') {
    const items = applyErrors(fields, error.details)
    const summary = errorSummary(error.message, items)
    slot.replaceChildren(summary)
    summary.focus()
    return items.length
  }
  for (const field of fields) field.setError(null)
  const problem = alert('error', paragraph(otherText))
  problem.tabIndex = -1
  slot.replaceChildren(problem)
  problem.focus()
  return 0
}

/** A submit button in NL Design System style. */
export function submitButton(text: string, appearance: 'primary' | 'secondary' = 'primary'): HTMLButtonElement {
  return h('button', { type: 'submit', class: `utrecht-button utrecht-button--${appearance}-action` }, text)
}

/**
 * Runs `work` with `control` marked busy, so that a double click sends once. The button stays
 * focusable (aria-disabled, not disabled), so focus is not lost while it waits.
 */
export async function busy(control: HTMLElement, work: () => Promise<void>): Promise<void> {
  if (control.getAttribute('aria-disabled') === 'true') return
  control.setAttribute('aria-disabled', 'true')
  try {
    await work()
  } finally {
    control.removeAttribute('aria-disabled')
  }
}

/** A message that receives focus: the result of an action, read out at once. */
export function notice(type: 'ok' | 'error' | 'info' | 'warning', text: string): HTMLDivElement {
  const box = alert(type, paragraph(text))
  box.tabIndex = -1
  return box
}

/** Put `box` in `slot` and focus it. */
export function showNotice(slot: HTMLElement, box: HTMLElement): void {
  slot.replaceChildren(box)
  box.focus()
}

/** Facts as a definition list: a label and its value per row; rows that are false are left out. */
export function dataList(rows: ([string, Child] | false | null)[], extraClass = ''): HTMLDListElement {
  return h(
    'dl',
    { class: `utrecht-data-list bb-facts ${extraClass}` },
    rows.map(
      (row) =>
        row &&
        h(
          'div',
          { class: 'bb-facts__row' },
          h('dt', { class: 'utrecht-data-list__item-key' }, row[0]),
          h('dd', { class: 'utrecht-data-list__item-value utrecht-data-list__item-value--html-dd' }, row[1]),
        ),
    ),
  )
}

/** Marks a label's text as another language, so screen readers pronounce it right. */
export function inLanguage<T extends HTMLElement>(element: T, language: string): T {
  element.querySelector('label')?.setAttribute('lang', language)
  return element
}

/**
 * A form that submits through `work` with the submit button marked busy (so a double click
 * sends once), without the browser's own validation: the API's messages are shown instead.
 */
export function apiForm(submit: HTMLElement, work: () => Promise<void>, ...children: Child[]): HTMLFormElement {
  return h(
    'form',
    {
      class: 'bb-form',
      novalidate: true,
      onsubmit: (event: Event) => {
        event.preventDefault()
        void busy(submit, work)
      },
    },
    ...children,
  )
}
