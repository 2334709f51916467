import type { Community } from '../../../../shared/schemas/community'
import type { MemberContact, MemberDetails } from '../../../../shared/schemas/member'
import { ApiError, api } from '../../api'
import { setActingFor, signedInMember } from '../../auth'
import { contactForm } from '../../components/contact-form'
import { blockedList, helpingForm } from '../../components/matching-prefs'
import {
  activeConsents,
  consentFields,
  consentText,
  contactRows,
  mayActFor,
  note,
  screeningText,
} from '../../components/member-info'
import { notificationForm } from '../../components/notification-prefs'
import { postSummary } from '../../components/post-summary'
import {
  apiForm,
  badge,
  busy,
  button,
  buttonLink,
  choice,
  controlField,
  dataList,
  type Field,
  fieldsetField,
  heading,
  link,
  notice,
  pageHeading,
  paragraph,
  showFormProblem,
  showNotice,
  submitButton,
  textbox,
} from '../../components/ui'
import { type Child, h, replaceChildren } from '../../dom'
import { formatDate, todayIso } from '../../format'
import { t } from '../../i18n'
import { th } from '../../i18n/helping'
import { tn } from '../../i18n/notifications'
import { navigate, type Page } from '../../router'
import { areaName, loadContext } from '../../session'
import { errorText } from '../failure'
import { downloadJson } from '../privacy'

const section = (id: string, title: string, ...children: Child[]) =>
  h('section', { class: 'bb-section bb-member-section', 'aria-labelledby': id }, heading(2, title, { id }), children)

const disclosure = (summary: string, ...children: Child[]) =>
  h('details', { class: 'bb-disclosure' }, h('summary', { class: 'bb-disclosure__summary' }, summary), children)

/** `/makelaar/leden/{memberId}`: a member as a broker sees them, with what a broker can do. */
export const memberPage: Page = async ({ params, state, announce }) => {
  const { community } = await loadContext()
  const memberId = params.memberId ?? ''
  let member: MemberDetails
  try {
    member = await api.getMember(community.id, memberId)
  } catch (error) {
    if (error instanceof ApiError && (error.code === 'MEMBER_NOT_FOUND' || error.code === 'VALIDATION_FAILED')) {
      return {
        title: t('member.notFound'),
        content: h(
          'div',
          null,
          pageHeading(t('member.notFound')),
          paragraph(error.message),
          paragraph(link('/makelaar/bewoners', t('member.back'))),
        ),
      }
    }
    throw error
  }
  const posts = await api.memberPosts(community.id, memberId, null, { asSelf: true }).catch(() => null)
  const viewer = signedInMember()
  const container = h('div', { class: 'bb-member' })
  let contact: MemberContact | null = null

  /** Draw the page for `current`; `message` shows (and focuses) a result in one section. */
  const render = (current: MemberDetails, message?: { at: string; box: HTMLElement }) => {
    member = current
    const slots: Record<string, HTMLElement> = {}
    const slot = (name: string) => {
      slots[name] = h('div', { class: 'bb-result' })
      return slots[name]
    }
    const resident = member.kind === 'resident' && member.role === 'resident'
    replaceChildren(
      container,
      h('p', { class: 'bb-back' }, link('/makelaar/bewoners', t('member.back'))),
      slot('top'),
      pageHeading(member.displayName),
      h(
        'p',
        { class: 'bb-post__meta' },
        badge(t(`role.${member.role}`), 'role'),
        member.managedByBroker && [' ', badge(t('member.managedBadge'), 'managed')],
        member.status === 'erased' && [' ', badge(t('member.erasedBadge'), 'closed')],
      ),
      facts(community, member),
      resident && member.status === 'active' && actSection(),
      contactSection(slot('contact')),
      member.kind === 'resident' && member.status === 'active' && messagesSection(slot('messages')),
      member.kind === 'resident' && consentSection(slot('consent')),
      member.kind === 'resident' && screeningSection(slot('screening')),
      member.kind === 'resident' && member.status === 'active' && matchingSections(slot('helping'), slot('blocked')),
      postsSection(),
      viewer?.role === 'coordinator' && member.status === 'active' && privacySection(slot('privacy')),
    )
    if (message) {
      const target = slots[message.at]
      if (target) showNotice(target, message.box)
    }
  }

  const facts = (c: Community, m: MemberDetails) =>
    dataList([
      [t('member.kind'), t(`kind.member.${m.kind}`)],
      [t('member.area'), areaName(c, m.areaId)],
      [t('member.contactPreference'), t(`contact.preference.${m.contactPreference}`)],
      [t('member.language'), t(`contact.language.${m.language}`)],
      [t('member.createdAt'), formatDate(m.createdAt)],
      [t('member.lastActiveAt'), formatDate(m.lastActiveAt)],
    ])

  const actSection = () => {
    const canAct = mayActFor(member)
    const start = button(t('member.act.start', { name: member.displayName }))
    start.addEventListener('click', () => {
      setActingFor({ id: member.id, displayName: member.displayName })
      void navigate('/mijn-berichten', { state: { flash: 'acting.started' } })
    })
    return section(
      'act-title',
      t('member.act.title'),
      paragraph(canAct ? t('member.act.text', { name: member.displayName }) : t('member.act.needsConsent')),
      h(
        'div',
        { class: 'bb-actions' },
        canAct && start,
        buttonLink(`/makelaar/leden/${encodeURIComponent(member.id)}/print`, t('member.print'), 'secondary'),
      ),
    )
  }

  const contactSection = (result: HTMLElement) => {
    const body = h('div')
    const showContact = (value: MemberContact) => {
      contact = value
      body.replaceChildren(
        dataList(contactRows(value)),
        disclosure(
          t('member.contact.edit'),
          contactForm({
            member,
            contact: value,
            audience: 'other',
            announce,
            withPreference: member.kind !== 'resident' || member.status !== 'active',
            current: () => member,
            onSaved: (saved, savedContact) => {
              contact = savedContact
              render(saved, { at: 'contact', box: notice('ok', t('contact.savedOther')) })
            },
          }),
        ),
      )
    }
    if (contact) showContact(contact)
    else {
      const reveal = button(t('member.contact.show'), {}, 'secondary')
      reveal.addEventListener('click', () => {
        void busy(reveal, async () => {
          try {
            showContact(await api.getContact(community.id, member.id))
            const list = body.querySelector<HTMLElement>('dl')
            if (list) {
              list.tabIndex = -1
              list.focus()
            }
            announce(t('member.contact.shown'))
          } catch (error) {
            showNotice(result, notice('error', errorText(error)))
          }
        })
      })
      body.replaceChildren(note(t('member.contact.audited')), h('div', { class: 'bb-actions' }, reveal))
    }
    return section('contact-title', t('member.contact.title'), result, body)
  }

  const consentSection = (result: HTMLElement) => {
    const active = activeConsents(member)
    const summarySlot = h('div')
    const fields = consentFields('', todayIso())
    const submit = submitButton(t('member.consent.submit'))
    const form = apiForm(
      submit,
      async () => {
        try {
          const updated = await api.addConsent(community.id, member.id, {
            ...fields.read(),
            version: member.version,
          })
          render(updated, { at: 'consent', box: notice('ok', t('member.consent.saved')) })
          announce(t('member.consent.saved'))
        } catch (error) {
          await problem(error, summarySlot, fields.fields, 'consent')
        }
      },
      summarySlot,
      fields.element,
      h('div', { class: 'bb-actions' }, submit),
    )
    const withdraw = button(t('member.consent.withdraw'), {}, 'secondary')
    withdraw.addEventListener('click', () => {
      void busy(withdraw, async () => {
        try {
          const updated = await api.withdrawConsent(community.id, member.id, member.version)
          render(updated, { at: 'consent', box: notice('ok', t('member.consent.withdrawn')) })
          announce(t('member.consent.withdrawn'))
        } catch (error) {
          await problem(error, result, [], 'consent')
        }
      })
    })
    return section(
      'consent-title',
      t('member.consent.title'),
      result,
      member.consents.length > 0
        ? h(
            'ul',
            { class: 'utrecht-unordered-list' },
            member.consents.map((c) =>
              h(
                'li',
                { class: 'utrecht-unordered-list__item' },
                consentText(c),
                c.withdrawnAt === null && [' ', badge(t('member.consent.active'), 'offer')],
              ),
            ),
          )
        : paragraph(t('member.consent.none')),
      active.length > 0 && h('div', { class: 'bb-actions' }, withdraw),
      disclosure(t('member.consent.add'), form),
    )
  }

  const screeningSection = (result: HTMLElement) => {
    const summarySlot = h('div')
    const kinds = (['vog', 'other'] as const).map((kind) =>
      choice('radio', 'screeningKind', kind, t(`screening.kind.${kind}`), kind === 'vog'),
    )
    const checkedOn = textbox({ name: 'checkedOn', type: 'date', value: todayIso(), max: todayIso() })
    const validUntil = textbox({ name: 'validUntil', type: 'date' })
    const noteInput = textbox({ name: 'note', maxlength: 200 })
    checkedOn.classList.add('bb-narrow')
    validUntil.classList.add('bb-narrow')
    const fields: Field[] = [
      fieldsetField(
        { path: 'kind', label: t('screening.kind.legend') },
        () => kinds.map((c) => c.input),
        kinds.map((c) => c.element),
      ),
      controlField({ path: 'checkedOn', label: t('screening.checkedOn') }, checkedOn),
      controlField(
        { path: 'validUntil', label: t('screening.validUntil'), hint: t('screening.validUntil.hint') },
        validUntil,
      ),
      controlField(
        { path: 'note', label: t('screening.note'), hint: t('screening.note.hint'), optional: true },
        noteInput,
      ),
    ]
    const submit = submitButton(t('screening.submit'))
    const form = apiForm(
      submit,
      async () => {
        try {
          const updated = await api.addScreening(community.id, member.id, {
            kind: kinds.find((c) => c.input.checked)?.input.value ?? 'vog',
            checkedOn: checkedOn.value,
            validUntil: validUntil.value,
            note: noteInput.value.trim(),
            version: member.version,
          })
          render(updated, { at: 'screening', box: notice('ok', t('screening.saved')) })
          announce(t('screening.saved'))
        } catch (error) {
          await problem(error, summarySlot, fields, 'screening')
        }
      },
      summarySlot,
      fields.map((field) => field.element),
      h('div', { class: 'bb-actions' }, submit),
    )
    const today = todayIso()
    return section(
      'screening-title',
      t('screening.title'),
      note(t('screening.lead')),
      result,
      member.screenings.length > 0
        ? h(
            'ul',
            { class: 'utrecht-unordered-list' },
            member.screenings.map((s) => h('li', { class: 'utrecht-unordered-list__item' }, screeningText(s, today))),
          )
        : paragraph(t('screening.none')),
      disclosure(t('screening.add'), form),
    )
  }

  /** How the resident gets messages about matches; chosen acting for them (audited by the API). */
  const messagesSection = (result: HTMLElement) =>
    section(
      'messages-title',
      tn('np.title'),
      note(tn('np.leadOther', { name: member.displayName })),
      result,
      notificationForm({
        member: () => member,
        audience: 'other',
        result,
        announce,
        onChanged: (saved, message) => {
          render(saved, { at: 'messages', box: notice('ok', message) })
          announce(message)
        },
      }),
    )

  /** How many people the resident helps at once, a pause, languages, and whom they blocked. */
  const matchingSections = (helpingResult: HTMLElement, blockedResult: HTMLElement) => {
    const prefs = (result: HTMLElement, at: string) => ({
      member: () => member,
      audience: 'other' as const,
      result,
      announce,
      onChanged: (saved: MemberDetails, message: string) => {
        render(saved, { at, box: notice('ok', message) })
        announce(message)
      },
    })
    return [
      section(
        'helping-title',
        th('helping.title'),
        note(th('helping.leadOther', { name: member.displayName })),
        helpingResult,
        helpingForm(prefs(helpingResult, 'helping')),
      ),
      section(
        'blocked-title',
        th('blocked.title'),
        note(th('blocked.leadOther', { name: member.displayName })),
        blockedResult,
        blockedList(prefs(blockedResult, 'blocked')),
      ),
    ]
  }

  /** Coordinators only: the member's AVG rights exercised on their behalf (audited by the API). */
  const privacySection = (result: HTMLElement) => {
    const download = button(t('member.privacy.download'), {}, 'secondary')
    download.addEventListener('click', () => {
      void busy(download, async () => {
        try {
          downloadJson(await api.exportMember(community.id, member.id), `buurtbeurs-${member.id}-${todayIso()}.json`)
          showNotice(result, notice('ok', t('member.privacy.downloaded')))
          announce(t('member.privacy.downloaded'))
        } catch (error) {
          showNotice(result, notice('error', errorText(error)))
        }
      })
    })
    const understood = choice(
      'checkbox',
      'erase-confirm',
      'yes',
      t('member.privacy.confirm', { name: member.displayName }),
    )
    const reason = textbox({ name: 'erase-reason', maxlength: 300 })
    const erase = button(t('member.privacy.erase'), {}, 'secondary')
    erase.addEventListener('click', () => {
      void busy(erase, async () => {
        if (!understood.input.checked) {
          showNotice(result, notice('error', t('member.privacy.confirmMissing')))
          return
        }
        try {
          const erased = await api.eraseMember(community.id, member.id, reason.value.trim() || undefined)
          render(erased, { at: 'top', box: notice('ok', t('member.privacy.erased')) })
          announce(t('member.privacy.erased'))
        } catch (error) {
          showNotice(result, notice('error', errorText(error)))
        }
      })
    })
    return section(
      'privacy-title',
      t('member.privacy.title'),
      note(t('member.privacy.lead')),
      result,
      h('div', { class: 'bb-actions' }, download),
      understood.element,
      controlField({ path: 'reason', label: t('member.privacy.reason'), optional: true }, reason).element,
      h('div', { class: 'bb-actions' }, erase),
    )
  }

  const postsSection = () =>
    section(
      'member-posts-title',
      t('member.posts'),
      posts === null
        ? paragraph(t('common.unknownError'))
        : posts.items.length > 0
          ? h(
              'ul',
              { class: 'bb-post-list', role: 'list' },
              posts.items.map((post) => postSummary(community, post)),
            )
          : paragraph(t('member.posts.none')),
    )

  /** A refused change: someone else changed the member meanwhile → show the fresh version. */
  const problem = async (error: unknown, slot: HTMLElement, fields: Field[], at: string) => {
    if (error instanceof ApiError && error.code === 'MEMBER_CHANGED') {
      const fresh = await api.getMember(community.id, member.id).catch(() => member)
      render(fresh, { at, box: notice('error', error.message) })
      return
    }
    showFormProblem(slot, fields, error, errorText(error))
  }

  render(
    member,
    state.flash ? { at: 'top', box: notice('ok', t(state.flash, { name: member.displayName })) } : undefined,
  )
  return {
    title: member.displayName,
    content: container,
    announcement: state.flash ? t(state.flash, { name: member.displayName }) : undefined,
  }
}
