import { h } from '../dom'
import { getLanguage, type Language, setLanguage, t } from '../i18n'

export interface Shell {
  /** Where pages are rendered. */
  outlet: HTMLElement
  /** Where the development banner goes (hidden unless the server has development mode on). */
  devSlot: HTMLElement
  /** Say something through the polite live region. */
  announce: (text: string) => void
  /** Render the header and footer texts again (after a language change). */
  renderChrome: () => void
  /** Mark the menu item for `path` as the current page. */
  markCurrent: (path: string) => void
}

const menu = [
  { href: '/', key: 'nav.home' },
  { href: '/vragen-en-aanbod', key: 'nav.browse' },
  { href: '/plaatsen', key: 'nav.post' },
] as const

/**
 * Build the page frame once: skip link, development banner, header with menu and language
 * switch, main, footer and the live region. The live region must exist before anything is
 * announced, and stays in place so that screen readers keep listening to it.
 */
export function createShell(root: HTMLElement, onLanguageChange: (language: Language) => void): Shell {
  const skipLink = h('a', { href: '#main', class: 'utrecht-skip-link utrecht-skip-link--visible-on-focus' })
  const devSlot = h('section', { class: 'bb-dev-banner', 'aria-labelledby': 'dev-banner-title', hidden: true })
  const header = h('header', { class: 'utrecht-page-header bb-header' })
  const outlet = h('div', { class: 'bb-container' })
  const main = h('main', { id: 'main', class: 'utrecht-page-content bb-main', tabindex: '-1' }, outlet)
  const footer = h('footer', { class: 'utrecht-page-footer bb-footer' })
  const live = h('div', { class: 'bb-visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true', id: 'announcer' })
  root.replaceChildren(skipLink, devSlot, header, main, footer, live)

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
          onLanguageChange(getLanguage())
          header.querySelector<HTMLButtonElement>('.bb-lang-switch')?.focus()
        },
      },
      t('lang.other'),
    )
    header.replaceChildren(
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
        h('div', { class: 'bb-header__tools', role: 'group', 'aria-label': t('lang.label') }, languageButton),
      ),
      h(
        'nav',
        { class: 'utrecht-nav-bar bb-nav', 'aria-label': t('nav.label') },
        h(
          'div',
          { class: 'utrecht-nav-bar__content' },
          h(
            'ul',
            { class: 'utrecht-nav-list' },
            menu.map((item) =>
              h(
                'li',
                { class: 'utrecht-nav-list__item' },
                h('a', { href: item.href, class: 'utrecht-nav-list__link bb-nav__link' }, t(item.key)),
              ),
            ),
          ),
        ),
      ),
    )
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
            h('li', null, h('a', { href: '/api-docs', class: 'utrecht-link' }, t('footer.apiDocs'))),
          ),
        ),
      ),
    )
    markCurrent(currentPath)
  }

  renderChrome()
  return { outlet, devSlot, announce, renderChrome, markCurrent }
}
