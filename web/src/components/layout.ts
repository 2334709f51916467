import { getActingFor, isBroker, isCoordinator, signedInMember } from '../auth'
import { h, replaceChildren } from '../dom'
import { getLanguage, type Language, type MessageKey, setLanguage, t } from '../i18n'

export interface Shell {
  /** Where pages are rendered. */
  outlet: HTMLElement
  /** Say something through the polite live region. */
  announce: (text: string) => void
  /** Render the header, banner and footer again (after a language, sign-in or acting change). */
  renderChrome: () => void
  /** Mark the menu item for `path` as the current page. */
  markCurrent: (path: string) => void
}

export interface ShellActions {
  onLanguageChange: (language: Language) => void
  onSignOut: () => void
  onStopActing: () => void
}

interface MenuItem {
  href: string
  key: MessageKey
}

/** The main menu: the same for everyone, plus the member's own pages once signed in. */
function mainMenu(): MenuItem[] {
  const items: MenuItem[] = [
    { href: '/', key: 'nav.home' },
    { href: '/vragen-en-aanbod', key: 'nav.browse' },
    { href: '/plaatsen', key: 'nav.post' },
  ]
  if (signedInMember()) {
    items.push({ href: '/mijn-berichten', key: 'nav.myPosts' }, { href: '/mijn-matches', key: 'nav.myMatches' })
    // Someone's own details are not the resident's: while acting, only the resident's posts.
    if (!getActingFor()) items.push({ href: '/mijn-gegevens', key: 'nav.myDetails' })
    // Organisations and volunteers register for a Beursvloer themselves (staff reach it from their work menu).
    if (!isBroker() && !getActingFor()) items.push({ href: '/beursvloer', key: 'nav.events' })
  }
  return items
}

/** The work menu of brokers and coordinators (not while acting for a resident). */
function workMenu(): MenuItem[] {
  if (!isBroker() || getActingFor()) return []
  const items: MenuItem[] = [
    { href: '/makelaar/taken', key: 'nav.queue' },
    { href: '/makelaar/matches', key: 'nav.brokerMatches' },
    { href: '/makelaar/bewoners', key: 'nav.residents' },
    { href: '/makelaar/nieuw', key: 'nav.intake' },
    { href: '/beursvloer', key: 'nav.events' },
  ]
  if (isCoordinator())
    items.push(
      { href: '/coordinator/leden', key: 'nav.members' },
      { href: '/coordinator/organisaties', key: 'nav.organisations' },
      { href: '/coordinator/uitnodigen', key: 'nav.invite' },
      { href: '/coordinator/matching', key: 'nav.matching' },
      { href: '/coordinator/opvolging', key: 'nav.lifecycle' },
      { href: '/coordinator/waardering', key: 'nav.valuation' },
      { href: '/coordinator/logboek', key: 'nav.audit' },
    )
  return items
}

function navBar(label: string, items: MenuItem[], extraClass = ''): HTMLElement {
  return h(
    'nav',
    { class: `utrecht-nav-bar bb-nav ${extraClass}`, 'aria-label': label },
    h(
      'div',
      { class: 'utrecht-nav-bar__content' },
      h(
        'ul',
        { class: 'utrecht-nav-list' },
        items.map((item) =>
          h(
            'li',
            { class: 'utrecht-nav-list__item' },
            h('a', { href: item.href, class: 'utrecht-nav-list__link bb-nav__link' }, t(item.key)),
          ),
        ),
      ),
    ),
  )
}

/**
 * Build the page frame once: skip link, header with menus, account and language switch, the
 * acting-for banner, main, footer and the live region. The live region and the banner's
 * status region must exist before anything is said in them, and stay in place.
 */
export function createShell(root: HTMLElement, actions: ShellActions): Shell {
  const skipLink = h('a', { href: '#main', class: 'utrecht-skip-link utrecht-skip-link--visible-on-focus' })
  const header = h('header', { class: 'utrecht-page-header bb-header bb-no-print' })
  const acting = h('div', { class: 'bb-acting bb-no-print', role: 'status', id: 'acting-banner' })
  const outlet = h('div', { class: 'bb-container' })
  const main = h('main', { id: 'main', class: 'utrecht-page-content bb-main', tabindex: '-1' }, outlet)
  const footer = h('footer', { class: 'utrecht-page-footer bb-footer bb-no-print' })
  const live = h('div', { class: 'bb-visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true', id: 'announcer' })
  root.replaceChildren(skipLink, header, acting, main, footer, live)

  skipLink.addEventListener('click', (event) => {
    // Focus main directly: no "#main" history entry, and it works in every browser.
    event.preventDefault()
    main.focus()
    main.scrollIntoView()
  })

  let currentPath = location.pathname
  let announceTimer = 0
  const announce = (text: string) => {
    // Clearing first makes the same text be read again when it repeats.
    live.textContent = ''
    window.clearTimeout(announceTimer)
    announceTimer = window.setTimeout(() => {
      live.textContent = text
    }, 50)
  }

  const markCurrent = (path: string) => {
    currentPath = path
    for (const anchor of header.querySelectorAll<HTMLAnchorElement>('nav a')) {
      if (anchor.getAttribute('href') === path) anchor.setAttribute('aria-current', 'page')
      else anchor.removeAttribute('aria-current')
    }
  }

  const accountTools = (): HTMLElement => {
    const member = signedInMember()
    if (!member)
      return h(
        'a',
        {
          href: '/inloggen',
          class: 'utrecht-button-link utrecht-button-link--html-a utrecht-button-link--secondary-action',
        },
        t('account.signIn'),
      )
    return h(
      'div',
      { class: 'bb-account' },
      h(
        'p',
        { class: 'bb-account__name' },
        t('account.signedInAs', { name: member.displayName, role: t(`role.${member.role}`) }),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'utrecht-button utrecht-button--secondary-action bb-sign-out',
          onclick: actions.onSignOut,
        },
        t('account.signOut'),
      ),
    )
  }

  const renderActing = () => {
    const actingFor = getActingFor()
    acting.classList.toggle('bb-acting--on', Boolean(actingFor))
    if (!actingFor) {
      acting.replaceChildren()
      return
    }
    acting.replaceChildren(
      h(
        'div',
        { class: 'bb-acting__content' },
        h('span', { class: 'bb-acting__icon', 'aria-hidden': 'true' }, '!'),
        h('p', { class: 'bb-acting__text' }, h('strong', null, t('acting.banner', { name: actingFor.displayName }))),
        h(
          'button',
          {
            type: 'button',
            class: 'utrecht-button utrecht-button--secondary-action bb-acting__stop',
            onclick: actions.onStopActing,
          },
          t('acting.stop'),
        ),
      ),
    )
  }

  const renderChrome = () => {
    skipLink.textContent = t('skipLink')
    const other = t('lang.otherCode') as Language
    const languageButton = h(
      'button',
      {
        type: 'button',
        class: 'utrecht-button utrecht-button--subtle bb-lang-switch',
        lang: other,
        onclick: () => {
          setLanguage(other)
          renderChrome()
          actions.onLanguageChange(getLanguage())
          header.querySelector<HTMLButtonElement>('.bb-lang-switch')?.focus()
        },
      },
      t('lang.other'),
    )
    const work = workMenu()
    replaceChildren(
      header,
      h(
        'div',
        { class: 'utrecht-page-header__content bb-header__content' },
        h(
          'a',
          { href: '/', class: 'bb-logo' },
          h('span', { class: 'bb-logo__mark', 'aria-hidden': 'true' }),
          h(
            'span',
            { class: 'bb-logo__text' },
            h('span', { class: 'bb-logo__name' }, t('app.name')),
            h('span', { class: 'bb-logo__tagline' }, t('app.tagline')),
          ),
        ),
        h(
          'div',
          { class: 'bb-header__tools' },
          accountTools(),
          h('div', { role: 'group', 'aria-label': t('lang.label') }, languageButton),
        ),
      ),
      navBar(t('nav.label'), mainMenu()),
      work.length > 0 &&
        navBar(t(isCoordinator() ? 'nav.workLabelCoordinator' : 'nav.workLabel'), work, 'bb-nav--work'),
    )
    renderActing()
    footer.replaceChildren(
      h(
        'div',
        { class: 'utrecht-page-footer__content bb-footer__content' },
        h(
          'div',
          null,
          h('p', { class: 'bb-footer__name' }, t('app.name')),
          h('p', null, t('footer.about')),
          h('p', null, t('footer.help')),
        ),
        h(
          'nav',
          { 'aria-label': t('footer.navLabel') },
          h(
            'ul',
            { class: 'bb-footer__links' },
            h('li', null, h('a', { href: '/privacy', class: 'utrecht-link' }, t('footer.privacy'))),
            h('li', null, h('a', { href: '/api-docs', class: 'utrecht-link' }, t('footer.apiDocs'))),
          ),
        ),
      ),
    )
    markCurrent(currentPath)
  }

  renderChrome()
  return { outlet, announce, renderChrome, markCurrent }
}
