import { alert, buttonLink, heading, link, pageHeading, paragraph } from '../components/ui'
import { h } from '../dom'
import { t } from '../i18n'
import type { Page } from '../router'

/** `/`: what Buurtbeurs is, in plain words, and the ways in. */
export const homePage: Page = async ({ state }) => {
  const card = (title: string, text: string, action: Node | null) =>
    h('section', { class: 'bb-card' }, heading(2, title), paragraph(text), action)
  const content = h(
    'div',
    { class: 'bb-home' },
    pageHeading(t('home.title')),
    state.flash && alert('ok', paragraph(t(state.flash))),
    paragraph(t('home.lead'), { lead: true }),
    h(
      'div',
      { class: 'bb-card-grid' },
      card(t('home.ask.title'), t('home.ask.text'), buttonLink('/plaatsen?soort=request', t('home.ask.link'))),
      card(t('home.offer.title'), t('home.offer.text'), buttonLink('/plaatsen?soort=offer', t('home.offer.link'))),
      card(t('home.phone.title'), t('home.phone.text'), null),
    ),
    h(
      'section',
      { class: 'bb-section' },
      heading(2, t('home.browse.title')),
      paragraph(t('home.browse.text')),
      paragraph(link('/vragen-en-aanbod', t('home.browse.link'))),
    ),
    h(
      'section',
      { class: 'bb-section' },
      heading(2, t('home.how.title')),
      h(
        'ol',
        { class: 'utrecht-ordered-list' },
        h('li', { class: 'utrecht-ordered-list__item' }, t('home.how.step1')),
        h('li', { class: 'utrecht-ordered-list__item' }, t('home.how.step2')),
        h('li', { class: 'utrecht-ordered-list__item' }, t('home.how.step3')),
      ),
      paragraph(t('home.how.free')),
    ),
  )
  return { title: t('home.title'), content, announcement: state.flash ? t(state.flash) : undefined }
}
