import { api } from '../api'
import { getActingFor, signedInMember } from '../auth'
import {
  alert,
  busy,
  button,
  buttonLink,
  heading,
  link,
  notice,
  pageHeading,
  paragraph,
  showNotice,
} from '../components/ui'
import { h } from '../dom'
import { todayIso } from '../format'
import { type MessageKey, t } from '../i18n'
import type { Page } from '../router'
import { loadCommunity } from '../session'
import { errorText } from './failure'
import { signInUrl } from './sign-in'

const list = (keys: MessageKey[]) =>
  h(
    'ul',
    { class: 'utrecht-unordered-list' },
    keys.map((key) => h('li', { class: 'utrecht-unordered-list__item' }, t(key))),
  )

/** Saves `data` as a JSON file on the person's device. */
export function downloadJson(data: unknown, fileName: string): void {
  const blob = new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: 'application/json' })
  const url = URL.createObjectURL(blob)
  const anchor = h('a', { href: url, download: fileName, hidden: true })
  document.body.append(anchor)
  anchor.click()
  anchor.remove()
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/** The download button: fetches the export and saves it, saying so in `slot`. */
export function downloadButton(announce: (text: string) => void, slot: HTMLElement): HTMLButtonElement {
  const download = button(t('privacy.download'), {}, 'secondary')
  download.addEventListener('click', () => {
    void busy(download, async () => {
      const member = signedInMember()
      if (!member) return
      try {
        const data = await api.exportMember(member.communityId, member.id)
        downloadJson(data, `buurtbeurs-mijn-gegevens-${todayIso()}.json`)
        showNotice(slot, notice('ok', t('privacy.downloaded')))
        announce(t('privacy.downloaded'))
      } catch (error) {
        showNotice(slot, notice('error', errorText(error)))
      }
    })
  })
  return download
}

/** `/privacy`: what Buurtbeurs keeps, who sees it, for how long, and the member's own data. */
export const privacyPage: Page = async ({ announce, state }) => {
  const community = await loadCommunity().catch(() => null)
  const member = signedInMember()
  const actingFor = getActingFor()
  const result = h('div', { class: 'bb-result' })

  let yours: HTMLElement
  if (!member) {
    yours = paragraph([t('privacy.yours.signIn'), ' ', link(signInUrl('/privacy'), t('account.signIn'))])
  } else if (actingFor) {
    yours = alert('warning', paragraph(t('privacy.yours.acting', { name: actingFor.displayName })))
  } else {
    yours = h(
      'div',
      null,
      paragraph(t('privacy.yours.text')),
      h(
        'div',
        { class: 'bb-actions' },
        downloadButton(announce, result),
        link('/privacy/mijn-gegevens', t('privacy.view')),
      ),
      result,
      h(
        'section',
        { class: 'bb-section bb-danger-zone', 'aria-labelledby': 'erase-title' },
        heading(3, t('privacy.erase.title'), { id: 'erase-title' }),
        paragraph(t('privacy.erase.text')),
        buttonLink('/privacy/verwijderen', t('privacy.erase.link'), 'secondary'),
      ),
    )
  }

  const retention = community?.retention
  const helpdesk = community?.helpdesk
  const content = h(
    'div',
    { class: 'bb-narrow-page' },
    pageHeading(t('privacy.title')),
    state.flash && alert('ok', paragraph(t(state.flash))),
    paragraph(t('privacy.lead'), { lead: true }),
    h(
      'section',
      { class: 'bb-section', 'aria-labelledby': 'what-title' },
      heading(2, t('privacy.what.title'), { id: 'what-title' }),
      list([
        'privacy.what.profile',
        'privacy.what.contact',
        'privacy.what.posts',
        'privacy.what.matching',
        'privacy.what.consent',
        'privacy.what.log',
      ]),
      paragraph(t('privacy.what.not')),
    ),
    h(
      'section',
      { class: 'bb-section', 'aria-labelledby': 'who-title' },
      heading(2, t('privacy.who.title'), { id: 'who-title' }),
      list(['privacy.who.everyone', 'privacy.who.broker', 'privacy.who.match', 'privacy.who.nobody']),
    ),
    h(
      'section',
      { class: 'bb-section', 'aria-labelledby': 'how-long-title' },
      heading(2, t('privacy.howLong.title'), { id: 'how-long-title' }),
      retention &&
        h(
          'ul',
          { class: 'utrecht-unordered-list' },
          h(
            'li',
            { class: 'utrecht-unordered-list__item' },
            t('privacy.howLong.posts', { days: retention.closedPostDays }),
          ),
          h(
            'li',
            { class: 'utrecht-unordered-list__item' },
            t('privacy.howLong.members', { days: retention.inactiveMemberDays }),
          ),
        ),
      paragraph(t('privacy.howLong.erase')),
    ),
    h(
      'section',
      { class: 'bb-section', 'aria-labelledby': 'yours-title' },
      heading(2, t('privacy.yours.title'), { id: 'yours-title' }),
      yours,
    ),
    helpdesk &&
      h(
        'section',
        { class: 'bb-section', 'aria-labelledby': 'questions-title' },
        heading(2, t('privacy.questions.title'), { id: 'questions-title' }),
        paragraph(t('privacy.questions.text', { name: helpdesk.name, phone: helpdesk.phone })),
      ),
  )
  return { title: t('privacy.title'), content, announcement: state.flash ? t(state.flash) : undefined }
}
