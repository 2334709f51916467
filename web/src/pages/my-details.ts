import { api } from '../api'
import { contactForm } from '../components/contact-form'
import { activeConsents, consentText, note, screeningText } from '../components/member-info'
import { alert, dataList, heading, link, pageHeading, paragraph } from '../components/ui'
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
  const [member, contact] = await Promise.all([api.getMember(community.id, me.id), api.getContact(community.id, me.id)])
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
      contactForm({ member, contact, audience: 'self', announce, onSaved: () => {} }),
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
