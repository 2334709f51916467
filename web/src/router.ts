import { h } from './dom'
import { type MessageKey, t } from './i18n'

/** What a page gets: the path's parameters, the query and any state passed by `navigate`. */
export interface RouteContext {
  path: string
  params: Record<string, string>
  query: URLSearchParams
  state: NavigationState
  /** Say something through the live region, e.g. "10 more posts loaded". */
  announce: (text: string) => void
}

/** State carried along one navigation, e.g. a success message to show on the next page. */
export interface NavigationState {
  flash?: MessageKey
  /** Focus this element instead of the main heading, e.g. the results after filtering. */
  focusId?: string
}

/** A rendered page: its title (for `<title>` and the announcement) and its content. */
export interface PageView {
  title: string
  content: Node
  /** Said after "page loaded", e.g. how many results were found. */
  announcement?: string
}

export type Page = (context: RouteContext) => Promise<PageView>

export interface Route {
  /** `/berichten/:postId` style; each `:name` matches one path segment. */
  path: string
  page: Page
}

interface RouterOptions {
  routes: Route[]
  notFound: Page
  /** Shown when a page throws. */
  failure: (error: unknown) => PageView
  outlet: HTMLElement
  announce: (text: string) => void
  /** Called after every render with the current path, e.g. to mark the current menu item. */
  onRendered?: (path: string) => void
}

let options: RouterOptions | null = null
let compiled: { pattern: RegExp; names: string[]; page: Page }[] = []
let renderCount = 0
let renderedLocation = ''

// Pages are rendered after their data arrives; only when that takes a while is a loading text shown.
const loadingDelayMs = 250

function compile(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = []
  const source = path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      names.push(segment.slice(1))
      return '([^/]+)'
    })
    .join('/')
  return { pattern: new RegExp(`^${source}/?$`), names }
}

function currentLocation(): string {
  return `${location.pathname}${location.search}`
}

function match(pathname: string): { page: Page; params: Record<string, string> } | null {
  for (const route of compiled) {
    const found = route.pattern.exec(pathname)
    if (!found) continue
    const params: Record<string, string> = {}
    route.names.forEach((name, index) => {
      params[name] = decodeURIComponent(found[index + 1] ?? '')
    })
    return { page: route.page, params }
  }
  return null
}

/**
 * Render the page for the current address. `moveFocus` is false on the first load, so that
 * the skip link stays the first thing a keyboard user reaches.
 */
async function render(moveFocus: boolean, state: NavigationState = {}): Promise<void> {
  if (!options) return
  const { outlet, announce, notFound, failure, onRendered } = options
  const seq = ++renderCount
  renderedLocation = currentLocation()
  const found = match(location.pathname)
  const context: RouteContext = {
    path: location.pathname,
    params: found?.params ?? {},
    query: new URLSearchParams(location.search),
    state,
    announce,
  }
  outlet.setAttribute('aria-busy', 'true')
  const loadingTimer = window.setTimeout(() => {
    if (seq !== renderCount) return
    outlet.replaceChildren(h('p', { class: 'utrecht-paragraph' }, t('common.loading')))
    announce(t('live.loading'))
  }, loadingDelayMs)
  let view: PageView
  try {
    view = await (found?.page ?? notFound)(context)
  } catch (error) {
    view = failure(error)
  }
  window.clearTimeout(loadingTimer)
  // A newer navigation started while this page was loading: drop this one.
  if (seq !== renderCount) return
  outlet.replaceChildren(view.content)
  outlet.removeAttribute('aria-busy')
  document.title = t('app.documentTitle', { page: view.title })
  onRendered?.(location.pathname)
  announce([t('live.loaded', { title: view.title }), view.announcement].filter(Boolean).join(' '))
  if (moveFocus) {
    const target =
      (state.focusId ? document.getElementById(state.focusId) : null) ?? outlet.querySelector<HTMLElement>('h1')
    if (target) {
      if (!target.hasAttribute('tabindex')) target.tabIndex = -1
      target.focus({ preventScroll: !state.focusId })
    }
  }
}

/** Go to `url` inside the app (History API), rendering its page and moving focus to its heading. */
export function navigate(url: string, navigation: { replace?: boolean; state?: NavigationState } = {}): Promise<void> {
  if (navigation.replace) history.replaceState(null, '', url)
  else history.pushState(null, '', url)
  // Instant: the theme turns on smooth scrolling, which would animate every page change.
  window.scrollTo({ top: 0, left: 0, behavior: 'instant' })
  return render(true, navigation.state)
}

/** Render the current page again (after a language or identity change) without moving focus. */
export function refresh(): Promise<void> {
  return render(false)
}

function isAppLink(anchor: HTMLAnchorElement, event: MouseEvent): boolean {
  if (event.defaultPrevented || event.button !== 0) return false
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return false
  if ((anchor.target && anchor.target !== '_self') || anchor.hasAttribute('download')) return false
  const url = new URL(anchor.href, location.href)
  if (url.origin !== location.origin) return false
  // The API, the local development tools and files (the OpenAPI document, assets) are real
  // addresses, not pages of the app; so is anything marked rel="external".
  if (anchor.relList.contains('external')) return false
  if (/^\/(api|dev)\//.test(url.pathname) || /\.[a-z0-9]+$/i.test(url.pathname)) return false
  // Same page, other fragment: let the browser jump to it.
  if (url.pathname === location.pathname && url.search === location.search && url.hash) return false
  return true
}

/** Start handling links, back and forward; renders the current address once. */
export function startRouter(routerOptions: RouterOptions): Promise<void> {
  options = routerOptions
  compiled = routerOptions.routes.map((route) => ({ ...compile(route.path), page: route.page }))
  document.addEventListener('click', (event) => {
    const anchor = (event.target as Element | null)?.closest?.('a[href]')
    if (!(anchor instanceof HTMLAnchorElement) || !isAppLink(anchor, event)) return
    event.preventDefault()
    const url = new URL(anchor.href, location.href)
    void navigate(`${url.pathname}${url.search}${url.hash}`)
  })
  window.addEventListener('popstate', () => {
    // Jumping to a fragment on the same page also fires popstate; the page itself did not change.
    if (currentLocation() === renderedLocation) return
    void render(true)
  })
  return render(false)
}
