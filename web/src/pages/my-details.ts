import { api } from '../api'
import { contactForm } from '../components/contact-form'
import { activeConsents, consentText, note, screeningText } from '../components/member-info'
import { alert, dataList, heading, link, notice, pageHeading, paragraph, showNotice } from '../components/ui'
import { h } from '../dom'
import { capitalize, todayIso } from '../format'
import { t } from '../i18n'
import type { Page } from '../router'
import { areaName, loadContext } from '../session'

/** `/mijn-gegevens`: what others see, the member's contact details and how we reach them. */
export const myDetailsPage: Page = async ({ announce }) => {
  const { me, community, actingFor } = await loadContext()
  if (actingFor) {
    // A broker's own details are not the resident's, and the resident's are on the broker's pages.
    return {
      title: t('myDetails.title'),
      content: h(
        'div',
        null,
        pageHeading(t('myDetails.title')),
        alert('warning', paragraph(t('myDetails.acting', { name: actingFor.displayName }))),
      ),
    }
  }
  // The matching sections load their code with the data, so the first page stays small.
  const [loaded, contact, attributes, prefs, messages] = await Promise.all([
    api.getMember(community.id, me.id),
    api.getContact(community.id, me.id),
    api.getAttributes(community.id, me.id).catch(() => null),
    import('../components/matching-prefs'),
    import('../components/notification-prefs'),
  ])
  let member = loaded
  const current = () => member
  const helpingResult = h('div', { class: 'bb-result' })
  const messagesResult = h('div', { class: 'bb-result' })
  const blockedResult = h('div', { class: 'bb-result' })
  const prefsFor = (result: HTMLElement) => ({
    member: current,
    audience: 'self' as const,
    result,
    announce,
    onChanged: (saved: typeof member, message: string) => {
      member = saved
      showNotice(result, notice('ok', message))
      announce(message)
    },
  })
  const consents = activeConsents(member)
  const today = todayIso()

  const content = h(
    'div',
    { class: 'bb-narrow-page' },
    pageHeading(t('myDetails.title')),
    paragraph(t('myDetails.lead'), { lead: true }),
    h(
      'section',
      { class: 'bb-section', 'aria-labelledby': 'public-title' },
      heading(2, t('myDetails.public.title'), { id: 'public-title' }),
      note(t('myDetails.public.text')),
      dataList([
        [t(member.kind === 'organisation' ? 'member.orgName' : 'member.firstName'), member.displayName],
        [t('member.area'), areaName(community, member.areaId)],
        [t('member.role'), capitalize(t(`role.${member.role}`))],
      ]),
    ),
    h(
      'section',
      { class: 'bb-section', 'aria-labelledby': 'contact-title' },
      heading(2, t('myDetails.contact.title'), { id: 'contact-title' }),
      note(t('myDetails.contact.text')),
      contactForm({
        member,
        contact,
        audience: 'self',
        announce,
        current,
        withPreference: false,
        onSaved: (saved) => {
          member = saved
        },
      }),
    ),
    h(
      'section',
      { class: 'bb-section', 'aria-labelledby': 'messages-title' },
      heading(2, messages.tn('np.title'), { id: 'messages-title' }),
      note(messages.tn('np.lead')),
      messagesResult,
      messages.notificationForm(prefsFor(messagesResult)),
    ),
    h(
      'section',
      { class: 'bb-section', 'aria-labelledby': 'helping-title' },
      heading(2, prefs.th('helping.title'), { id: 'helping-title' }),
      note(prefs.th('helping.lead')),
      helpingResult,
      prefs.helpingForm(prefsFor(helpingResult)),
    ),
    h(
      'section',
      { class: 'bb-section', 'aria-labelledby': 'blocked-title' },
      heading(2, prefs.th('blocked.title'), { id: 'blocked-title' }),
      note(prefs.th('blocked.lead')),
      blockedResult,
      prefs.blockedList(prefsFor(blockedResult)),
    ),
    attributes &&
      h(
        'section',
        { class: 'bb-section', 'aria-labelledby': 'age-title' },
        heading(2, prefs.th('age.title'), { id: 'age-title' }),
        prefs.ageForm(member, attributes, announce),
      ),
    (consents.length > 0 || member.screenings.length > 0) &&
      h(
        'section',
        { class: 'bb-section', 'aria-labelledby': 'broker-title' },
        heading(2, t('myDetails.broker.title'), { id: 'broker-title' }),
        consents.length > 0 && paragraph(t('myDetails.broker.consent')),
        h(
          'ul',
          { class: 'utrecht-unordered-list' },
          consents.map((consent) => h('li', { class: 'utrecht-unordered-list__item' }, consentText(consent))),
          member.screenings.map((screening) =>
            h('li', { class: 'utrecht-unordered-list__item' }, screeningText(screening, today)),
          ),
        ),
      ),
    h(
      'section',
      { class: 'bb-section', 'aria-labelledby': 'privacy-title' },
      heading(2, t('myDetails.privacy.title'), { id: 'privacy-title' }),
      paragraph([t('myDetails.privacy.text'), ' ', link('/privacy', t('myDetails.privacy.link'))]),
    ),
  )
  return { title: t('myDetails.title'), content }
}
