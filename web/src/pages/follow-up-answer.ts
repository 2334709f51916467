import type { FollowUpQuestion, FollowUpReply } from '../../../shared/schemas/match'
import { type FollowUpAnswer, followUpAnswers } from '../../../shared/schemas/vocabulary'
import { ApiError, api } from '../api'
import { signedInMember } from '../auth'
import { outcomeExtrasFields } from '../components/outcome-fields'
import {
  alert,
  apiForm,
  choice,
  type Field,
  fieldsetField,
  heading,
  link,
  pageHeading,
  paragraph,
  showFormProblem,
  submitButton,
} from '../components/ui'
import { type Child, h, replaceChildren } from '../dom'
import { formatDateTime } from '../format'
import { t } from '../i18n'
import { tf } from '../i18n/follow-up'
import type { Page } from '../router'
import { errorText } from './failure'

/** What the address holds after `#`: the signed token and, from a one-click link, the answer. */
function readFragment(): { token: string; answer: FollowUpAnswer | null } {
  const values = new URLSearchParams(location.hash.replace(/^#/, ''))
  const answer = values.get('a')
  return {
    token: values.get('t') ?? '',
    answer: followUpAnswers.includes(answer as FollowUpAnswer) ? (answer as FollowUpAnswer) : null,
  }
}

/** The answers in the order the message lists them, labelled for the step as in the message. */
const answerOrder = (step: FollowUpQuestion['step']): FollowUpAnswer[] =>
  step === 'contact'
    ? ['still-running', 'carried-out', 'partly', 'not-carried-out']
    : ['carried-out', 'partly', 'not-carried-out', 'still-running']

const answerLabel = (step: FollowUpQuestion['step'], answer: FollowUpAnswer) =>
  tf(step === 'contact' ? `fa.contact.${answer}` : `fa.agreement.${answer}`)

/** Once answered (or refused), the token leaves the address bar and the history entry. */
const forgetToken = () => history.replaceState(null, '', location.pathname)

/**
 * `/antwoord#t=<token>[&a=<answer>]`: the page behind the links in follow-up messages. No
 * sign-in: the signed token is the right to answer, and it never leaves the browser in an
 * address (it is posted in the body). With `a` the answer is recorded at once, one click from
 * the message, and the page then offers the optional extras (hours, whether they knew each
 * other, a story), which the same link may add once; without it the page asks, with the extras,
 * and sends everything in one go.
 */
export const followUpAnswerPage: Page = async ({ announce }) => {
  const { token, answer } = readFragment()
  const container = h('div', { class: 'bb-narrow-page bb-follow-up' })
  const home = h(
    'p',
    { class: 'utrecht-paragraph bb-follow-up__home' },
    signedInMember() ? link('/mijn-matches', tf('fa.myMatches')) : link('/inloggen', tf('fa.signIn')),
  )

  const show = (title: string, ...children: Child[]) => {
    replaceChildren(container, pageHeading(title), children, home)
    return title
  }
  /** The page for a link that cannot be used; null for other failures (the network, our side). */
  const linkProblem = (error: unknown): string | null => {
    const code = error instanceof ApiError ? error.code : null
    if (code === 'LINK_EXPIRED') {
      forgetToken()
      return show(tf('fa.expired.title'), alert('warning', paragraph(errorText(error))))
    }
    if (code === 'LINK_USED') {
      forgetToken()
      return show(tf('fa.used.title'), alert('info', paragraph(errorText(error))))
    }
    if (code === 'LINK_INVALID' || code === 'VALIDATION_FAILED' || error === null) {
      return show(tf('fa.invalid.title'), alert('warning', paragraph(tf('fa.invalid.text'))))
    }
    return null
  }
  /** While loading: a link problem is a page of its own; anything else the router's failure page. */
  const problemPage = (error: unknown): string => {
    const title = linkProblem(error)
    if (title === null) throw error
    return title
  }

  const about = (question: FollowUpQuestion) =>
    paragraph(
      tf(`fa.about.${question.side}`, {
        own: question.side === 'request' ? question.requestTitle : question.offerTitle,
        other: question.side === 'request' ? question.offerTitle : question.requestTitle,
        name: question.otherName,
      }),
      { lead: true },
    )

  const nextText = (question: FollowUpQuestion, reply: FollowUpReply) => {
    if (reply.answer === 'still-running') return tf('fa.next.running')
    if (reply.answer === 'not-carried-out')
      return question.step === 'contact' ? tf('fa.next.noContact') : tf('fa.next.not')
    return tf('fa.next.done')
  }

  /** `more`: what follows an answer without extras (by default: phone the broker to tell more). */
  const thanks = (question: FollowUpQuestion, reply: FollowUpReply, more?: Child) => {
    forgetToken()
    const hasExtras = reply.hours !== null || reply.knewEachOther !== null || reply.story !== null
    return show(
      tf('fa.thanks.title'),
      alert(
        'ok',
        paragraph(tf('fa.thanks')),
        paragraph(h('strong', null, tf('fa.yourAnswer', { answer: answerLabel(question.step, reply.answer) }))),
      ),
      about(question),
      paragraph(nextText(question, reply)),
      !hasExtras && (more ?? paragraph(tf('fa.next.more'))),
    )
  }

  /** The page changed after sending a form: the title follows, the heading gets the focus. */
  const shown = (title: string, announcement: string) => {
    document.title = t('app.documentTitle', { page: title })
    container.querySelector<HTMLElement>('h1')?.focus()
    announce(announcement)
  }

  /** A form's answer was refused: at its fields, or a page of its own for a link that cannot be used. */
  const refused = (error: unknown, summarySlot: HTMLElement, fields: Field[]) => {
    if (error instanceof ApiError && error.code === 'VALIDATION_FAILED') {
      const count = showFormProblem(summarySlot, fields, error, errorText(error))
      if (count > 0) announce(t('form.errors.announce', { count }))
      return
    }
    const title = linkProblem(error)
    if (title === null) {
      showFormProblem(summarySlot, fields, error, errorText(error))
      return
    }
    shown(title, title)
  }

  /** After a one-click answer: the optional extras, sent once with the same link and answer. */
  const extrasForm = (question: FollowUpQuestion, reply: FollowUpReply) => {
    const summarySlot = h('div')
    const extras = outcomeExtrasFields()
    const submit = submitButton(tf('fa.extras.submit'))
    const form = apiForm(
      submit,
      async () => {
        try {
          announce(tf('fa.sending'))
          const saved = await api.answerFollowUp({ token, answer: reply.answer, ...extras.read() })
          // Nothing filled in: the answer stays as it was (the API returns it unchanged).
          const told = saved.hours !== null || saved.knewEachOther !== null || saved.story !== null
          const text = told ? tf('fa.extras.thanks') : tf('fa.thanks')
          const title = show(
            tf('fa.thanks.title'),
            alert('ok', paragraph(text)),
            about(question),
            paragraph(nextText(question, saved)),
          )
          shown(title, text)
        } catch (error) {
          refused(error, summarySlot, extras.fields)
        }
      },
      summarySlot,
      extras.elements,
      h('div', { class: 'bb-actions' }, submit),
    )
    return h(
      'section',
      { class: 'bb-section', 'aria-labelledby': 'extras-title' },
      heading(2, tf('fa.extras.title'), { id: 'extras-title' }),
      paragraph(`${tf('fa.extras.lead')} ${tf('fa.extras.once')}`),
      form,
    )
  }

  if (!token) return { title: problemPage(null), content: container }

  let question: FollowUpQuestion
  try {
    question = await api.followUpQuestion(token)
  } catch (error) {
    return { title: problemPage(error), content: container }
  }

  if (question.answered) {
    forgetToken()
    const title = show(
      tf('fa.used.title'),
      alert(
        'info',
        paragraph(tf('fa.used.text')),
        paragraph(
          h('strong', null, tf('fa.yourAnswer', { answer: answerLabel(question.step, question.answered.answer) })),
        ),
      ),
      about(question),
    )
    return { title, content: container }
  }

  // One click from the message: record it now.
  if (answer) {
    try {
      const reply = await api.answerFollowUp({ token, answer })
      // The link may add the extras once: the form for them, in place of "phone the broker".
      const title = thanks(question, reply, extrasForm(question, reply))
      return { title, content: container, announcement: tf('fa.thanks') }
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'VALIDATION_FAILED'))
        return { title: problemPage(error), content: container }
      // A refused answer falls through to the form, which shows why.
    }
  }

  const questionText = tf(question.step === 'contact' ? 'fa.question.contact' : 'fa.question.agreement')
  const summarySlot = h('div')
  const answers = answerOrder(question.step).map((value) =>
    choice('radio', 'answer', value, answerLabel(question.step, value), value === answer),
  )
  const extras = outcomeExtrasFields()
  const answerField = fieldsetField(
    { path: 'answer', label: tf('fa.answer.legend') },
    () => answers.map((c) => c.input),
    answers.map((c) => c.element),
  )
  const fields: Field[] = [answerField, ...extras.fields]
  const submit = submitButton(tf('fa.submit'))
  const form = apiForm(
    submit,
    async () => {
      try {
        announce(tf('fa.sending'))
        const reply = await api.answerFollowUp({
          token,
          answer: answers.find((c) => c.input.checked)?.input.value,
          ...extras.read(),
        })
        shown(thanks(question, reply), tf('fa.thanks'))
      } catch (error) {
        refused(error, summarySlot, fields)
      }
    },
    summarySlot,
    answerField.element,
    h(
      'section',
      { class: 'bb-section', 'aria-labelledby': 'extras-title' },
      heading(2, tf('fa.extras.title'), { id: 'extras-title' }),
      paragraph(tf('fa.extras.lead')),
      extras.elements,
    ),
    h('div', { class: 'bb-actions' }, submit),
  )
  const title = show(
    questionText,
    about(question),
    paragraph(
      h('span', { class: 'bb-note' }, [
        tf('fa.noSignIn'),
        ' ',
        tf('fa.expires', { date: formatDateTime(question.expiresAt) }),
      ]),
    ),
    form,
  )
  return { title, content: container }
}
