import type { Community } from '../../../shared/schemas/community'
import { ApiError, api, hasDevOutbox } from '../api'
import { setSession, signedInMember } from '../auth'
import {
  alert,
  apiForm,
  controlField,
  type Field,
  heading,
  link,
  pageHeading,
  paragraph,
  select,
  showFormProblem,
  submitButton,
  textbox,
} from '../components/ui'
import { communityId } from '../config'
import { h } from '../dom'
import { t } from '../i18n'
import { navigate, type Page, type RouteContext } from '../router'
import { loadCommunity } from '../session'
import { areaChoices } from './browse'
import { errorText } from './failure'

/** The sign-in page, remembering where the person wanted to go. */
export function signInUrl(returnTo?: string): string {
  return returnTo && returnTo !== '/' ? `/inloggen?terug=${encodeURIComponent(returnTo)}` : '/inloggen'
}

/** Only addresses inside the app: a link must not send people elsewhere after signing in. */
function returnPath(query: URLSearchParams): string {
  const target = query.get('terug') ?? ''
  return target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/inloggen') ? target : '/'
}

function addressField(value = ''): { field: Field; input: HTMLInputElement } {
  const input = textbox({ name: 'address', autocomplete: 'username', spellcheck: 'false', maxlength: 200, value })
  const field = controlField(
    { path: 'address', label: t('signIn.address.label'), hint: t('signIn.address.hint') },
    input,
  )
  return { field, input }
}

/** Whom to call instead: the community's helpdesk, when it has one. */
function helpdeskHint(community: Community | null): HTMLElement | null {
  if (!community?.helpdesk) return null
  return paragraph(t('signIn.helpdesk', { name: community.helpdesk.name, phone: community.helpdesk.phone }))
}

/**
 * The second step, for sign-in and sign-up alike: the code that was sent. In local development
 * a marked note points to the outbox where the code can be read.
 */
function codeStep(
  address: string,
  expiresInSeconds: number,
  context: RouteContext,
  restart: (address: string) => void,
): HTMLElement {
  const summarySlot = h('div')
  const input = textbox({
    name: 'code',
    inputmode: 'numeric',
    autocomplete: 'one-time-code',
    maxlength: 6,
    spellcheck: 'false',
  })
  input.classList.add('bb-narrow', 'bb-code-input')
  const field = controlField({ path: 'code', label: t('signIn.code.label'), hint: t('signIn.code.hint') }, input)
  const submit = submitButton(t('signIn.code.submit'))
  const devNote = h('div', { class: 'bb-dev-note', hidden: true })
  void hasDevOutbox().then((present) => {
    if (!present) return
    devNote.replaceChildren(
      h('strong', null, t('signIn.dev.title')),
      ' ',
      t('signIn.dev.text'),
      ' ',
      link('/dev/outbox', t('signIn.dev.link'), { rel: 'external' }),
    )
    devNote.hidden = false
  })
  const form = apiForm(
    submit,
    async () => {
      try {
        const session = await api.verifyCode(communityId, address, input.value.trim())
        setSession(session)
        context.announce(t('signIn.done', { name: session.member.displayName }))
        await navigate(returnPath(context.query), { replace: true })
      } catch (error) {
        showFormProblem(summarySlot, [field], error, errorText(error))
        // A wrong code belongs to the code field too, so it is read out there.
        if (error instanceof ApiError && (error.code === 'CODE_INVALID' || error.code === 'TOO_MANY_REQUESTS'))
          field.setError(error.message)
      }
    },
    field.element,
    h('div', { class: 'bb-actions' }, submit),
  )
  const title = heading(2, t('signIn.code.title'), { tabindex: '-1', id: 'code-title' })
  return h(
    'section',
    { class: 'bb-step', 'aria-labelledby': 'code-title' },
    title,
    paragraph(t('signIn.code.sent', { address, minutes: Math.round(expiresInSeconds / 60) })),
    devNote,
    summarySlot,
    form,
    h(
      'p',
      { class: 'utrecht-paragraph bb-step__again' },
      t('signIn.code.none'),
      ' ',
      h('button', { type: 'button', class: 'bb-link-button', onclick: () => restart(address) }, t('signIn.code.again')),
    ),
  )
}

function alreadySignedIn(name: string): HTMLElement {
  return alert('info', paragraph([t('signIn.already', { name }), ' ', link('/', t('notFound.home'))]))
}

/** `/inloggen`: sign in with a one-time code sent to an e-mail address or phone. */
export const signInPage: Page = async (context) => {
  const { state, announce } = context
  const community = await loadCommunity().catch(() => null)
  const slot = h('div')

  const showAddressStep = (value = '', focus = false) => {
    const summarySlot = h('div')
    const { field, input } = addressField(value)
    const submit = submitButton(t('signIn.address.submit'))
    const form = apiForm(
      submit,
      async () => {
        const address = input.value.trim()
        try {
          const sent = await api.requestCode(communityId, address)
          showCodeStep(address, sent.expiresInSeconds)
        } catch (error) {
          showFormProblem(summarySlot, [field], error, errorText(error))
        }
      },
      field.element,
      h('div', { class: 'bb-actions' }, submit),
    )
    slot.replaceChildren(summarySlot, form)
    if (focus) input.focus()
  }

  const showCodeStep = (address: string, expiresInSeconds: number) => {
    slot.replaceChildren(codeStep(address, expiresInSeconds, context, (again) => showAddressStep(again, true)))
    slot.querySelector<HTMLElement>('#code-title')?.focus()
    announce(t('signIn.code.title'))
  }

  showAddressStep()
  const signedIn = signedInMember()
  const register = link(`/aanmelden${location.search}`, t('signIn.register.link'))
  const content = h(
    'div',
    { class: 'bb-narrow-page' },
    pageHeading(t('signIn.title')),
    state.flash && alert('info', paragraph(t(state.flash))),
    signedIn && alreadySignedIn(signedIn.displayName),
    paragraph(t('signIn.lead'), { lead: true }),
    slot,
    h(
      'section',
      { class: 'bb-section', 'aria-labelledby': 'register-title' },
      heading(2, t('signIn.register.title'), { id: 'register-title' }),
      paragraph([t('signIn.register.text'), ' ', register]),
      helpdeskHint(community),
    ),
  )
  return { title: t('signIn.title'), content, announcement: state.flash ? t(state.flash) : undefined }
}

/** `/aanmelden`: a resident signs up with a first name, an address and their buurt; a code follows. */
export const registerPage: Page = async (context) => {
  const { announce } = context
  const community = await loadCommunity()
  const slot = h('div')

  const showForm = () => {
    const summarySlot = h('div')
    const name = textbox({ name: 'displayName', autocomplete: 'given-name', maxlength: 80 })
    const nameField = controlField(
      { path: 'displayName', label: t('register.name.label'), hint: t('register.name.hint') },
      name,
    )
    const { field: addressFieldValue, input: address } = addressField()
    const area = select([{ value: '', label: t('form.area.choose') }], { name: 'areaId' })
    area.append(...areaChoices(community, undefined))
    const areaField = controlField(
      { path: 'areaId', label: t('register.area.label'), hint: t('register.area.hint') },
      area,
    )
    const fields = [nameField, addressFieldValue, areaField]
    const submit = submitButton(t('register.submit'))
    const form = apiForm(
      submit,
      async () => {
        const value = address.value.trim()
        try {
          const sent = await api.register({
            communityId: community.id,
            address: value,
            displayName: name.value,
            ...(area.value ? { areaId: area.value } : {}),
          })
          slot.replaceChildren(
            codeStep(value, sent.expiresInSeconds, context, () => {
              void navigate(`/inloggen${location.search}`)
            }),
          )
          slot.querySelector<HTMLElement>('#code-title')?.focus()
          announce(t('signIn.code.title'))
        } catch (error) {
          const count = showFormProblem(summarySlot, fields, error, errorText(error))
          if (count > 0) announce(t('form.errors.announce', { count }))
        }
      },
      fields.map((field) => field.element),
      h('div', { class: 'bb-actions' }, submit),
    )
    slot.replaceChildren(summarySlot, form)
  }

  showForm()
  const content = h(
    'div',
    { class: 'bb-narrow-page' },
    pageHeading(t('register.title')),
    paragraph(t('register.lead'), { lead: true }),
    alert('info', paragraph(t('register.offline'))),
    slot,
    paragraph([t('register.haveAccount'), ' ', link(`/inloggen${location.search}`, t('signIn.title'))]),
  )
  return { title: t('register.title'), content }
}
