import type { Role } from '../../shared/schemas/member'
import { api, setUnauthenticatedHandler } from './api'
import { getActingFor, onAuthChange, setActingFor, setRenewer, setSession, signedInMember } from './auth'
import { createShell } from './components/layout'
import { h } from './dom'
import { initLanguage, t } from './i18n'
import { apiDocsPage } from './pages/api-docs'
import { browsePage, browsePath } from './pages/browse'
import { failurePage, forbiddenPage, notFoundPage } from './pages/failure'
import { homePage } from './pages/home'
import { myDetailsPage } from './pages/my-details'
import { myPostsPage } from './pages/my-posts'
import { postDetailPage } from './pages/post-detail'
import { postFormPage, postFormPath } from './pages/post-form'
import { privacyPage } from './pages/privacy'
import { registerPage, signInPage, signInUrl } from './pages/sign-in'
import { navigate, type Page, refresh, startRouter } from './router'

const root = document.getElementById('app')
if (!root) throw new Error('The page has no #app element')

initLanguage()

async function signOut(): Promise<void> {
  try {
    await api.signOut()
  } catch {
    // Signed out here anyway; the token expires on its own.
  }
  setSession(null)
  await navigate('/', { state: { flash: 'account.signedOut' } })
}

async function stopActing(): Promise<void> {
  const actingFor = getActingFor()
  setActingFor(null)
  await navigate(actingFor ? `/makelaar/leden/${encodeURIComponent(actingFor.id)}` : '/makelaar/bewoners', {
    state: { flash: 'acting.stopped' },
  })
}

const shell = createShell(root, {
  onLanguageChange: () => void refresh(),
  onSignOut: () => void signOut(),
  onStopActing: () => void stopActing(),
})

// The header changes with who is signed in and for whom they act; a renewal changes neither.
const chromeKey = () => {
  const member = signedInMember()
  return `${member?.id}|${member?.role}|${member?.displayName}|${getActingFor()?.id}`
}
let renderedChrome = chromeKey()
onAuthChange(() => {
  if (chromeKey() === renderedChrome) return
  renderedChrome = chromeKey()
  shell.renderChrome()
})

setRenewer(() => api.renew())
setUnauthenticatedHandler(() => {
  if (location.pathname === '/inloggen') return
  void navigate(signInUrl(`${location.pathname}${location.search}`), {
    replace: true,
    state: { flash: 'signIn.expired' },
  })
})

/** Pages for signed-in members only (and, with `roles`, only for those roles). */
function signedIn(page: Page, roles?: Role[]): Page {
  return async (context) => {
    const user = signedInMember()
    if (!user) {
      await navigate(signInUrl(`${location.pathname}${location.search}`), {
        replace: true,
        state: { flash: 'signIn.needed' },
      })
      // The sign-in page is shown by now; this view is dropped by the router.
      return { title: t('signIn.title'), content: h('div') }
    }
    if (roles && !roles.includes(user.role)) return forbiddenPage(context)
    return page(context)
  }
}

/** Pages only brokers and coordinators use: loaded when first opened, so residents never download them. */
const lazy =
  (load: () => Promise<Page>): Page =>
  async (context) =>
    (await load())(context)

const brokers: Role[] = ['broker', 'coordinator']
const coordinators: Role[] = ['coordinator']

void startRouter({
  routes: [
    { path: '/', page: homePage },
    { path: '/inloggen', page: signInPage },
    { path: '/aanmelden', page: registerPage },
    { path: browsePath, page: signedIn(browsePage) },
    { path: '/berichten/:postId', page: signedIn(postDetailPage) },
    { path: postFormPath, page: signedIn(postFormPage) },
    { path: '/mijn-berichten', page: signedIn(myPostsPage) },
    { path: '/mijn-gegevens', page: signedIn(myDetailsPage) },
    // The match pages load on demand, with their own texts; messages about a match link here.
    {
      path: '/mijn-matches',
      page: signedIn(lazy(() => import('./pages/my-matches').then((m) => m.myMatchesPage))),
    },
    {
      path: '/matches/:matchId',
      page: signedIn(lazy(() => import('./pages/match').then((m) => m.matchPage))),
    },
    // Behind the one-click links in follow-up messages: no sign-in, the token after `#`.
    { path: '/antwoord', page: lazy(() => import('./pages/follow-up-answer').then((m) => m.followUpAnswerPage)) },
    { path: '/privacy', page: privacyPage },
    {
      path: '/privacy/mijn-gegevens',
      page: signedIn(lazy(() => import('./pages/privacy-data').then((m) => m.myDataPage))),
    },
    {
      path: '/privacy/verwijderen',
      page: signedIn(lazy(() => import('./pages/privacy-data').then((m) => m.erasePage))),
    },
    {
      path: '/makelaar/taken',
      page: signedIn(
        lazy(() => import('./pages/broker/queue').then((m) => m.queuePage)),
        brokers,
      ),
    },
    {
      path: '/makelaar/matches',
      page: signedIn(
        lazy(() => import('./pages/broker/matches').then((m) => m.brokerMatchesPage)),
        brokers,
      ),
    },
    {
      path: '/makelaar/bewoners',
      page: signedIn(
        lazy(() => import('./pages/broker/residents').then((m) => m.residentsPage)),
        brokers,
      ),
    },
    {
      path: '/makelaar/nieuw',
      page: signedIn(
        lazy(() => import('./pages/broker/intake').then((m) => m.intakePage)),
        brokers,
      ),
    },
    {
      path: '/makelaar/leden/:memberId',
      page: signedIn(
        lazy(() => import('./pages/broker/member').then((m) => m.memberPage)),
        brokers,
      ),
    },
    {
      path: '/makelaar/leden/:memberId/print',
      page: signedIn(
        lazy(() => import('./pages/broker/print').then((m) => m.printPage)),
        brokers,
      ),
    },
    {
      path: '/coordinator/leden',
      page: signedIn(
        lazy(() => import('./pages/coordinator/roles').then((m) => m.rolesPage)),
        coordinators,
      ),
    },
    {
      path: '/coordinator/organisaties',
      page: signedIn(
        lazy(() => import('./pages/coordinator/organisations').then((m) => m.organisationsPage)),
        coordinators,
      ),
    },
    {
      path: '/coordinator/uitnodigen',
      page: signedIn(
        lazy(() => import('./pages/coordinator/invite').then((m) => m.invitePage)),
        coordinators,
      ),
    },
    {
      path: '/coordinator/matching',
      page: signedIn(
        lazy(() => import('./pages/coordinator/matching').then((m) => m.matchingPage)),
        coordinators,
      ),
    },
    {
      path: '/coordinator/opvolging',
      page: signedIn(
        lazy(() => import('./pages/coordinator/lifecycle').then((m) => m.lifecyclePage)),
        coordinators,
      ),
    },
    {
      path: '/coordinator/logboek',
      page: signedIn(
        lazy(() => import('./pages/coordinator/audit').then((m) => m.auditPage)),
        coordinators,
      ),
    },
    {
      path: '/coordinator/waardering',
      page: signedIn(
        lazy(() => import('./pages/events/setup').then((m) => m.valuationPage)),
        coordinators,
      ),
    },
    { path: '/beursvloer', page: signedIn(lazy(() => import('./pages/events/list').then((m) => m.eventsPage))) },
    {
      path: '/beursvloer/nieuw',
      page: signedIn(
        lazy(() => import('./pages/events/list').then((m) => m.newEventPage)),
        coordinators,
      ),
    },
    {
      path: '/beursvloer/:eventId',
      page: signedIn(lazy(() => import('./pages/events/overview').then((m) => m.eventOverviewPage))),
    },
    {
      path: '/beursvloer/:eventId/instellen',
      page: signedIn(
        lazy(() => import('./pages/events/setup').then((m) => m.eventSetupPage)),
        coordinators,
      ),
    },
    {
      path: '/beursvloer/:eventId/aanmelden',
      page: signedIn(lazy(() => import('./pages/events/register').then((m) => m.registerParticipantPage))),
    },
    {
      path: '/beursvloer/:eventId/importeren',
      page: signedIn(
        lazy(() => import('./pages/events/import').then((m) => m.importPage)),
        brokers,
      ),
    },
    {
      path: '/beursvloer/:eventId/deelnemers',
      page: signedIn(
        lazy(() => import('./pages/events/participants').then((m) => m.participantsPage)),
        brokers,
      ),
    },
    {
      path: '/beursvloer/:eventId/deelnemers/:participantId/badge',
      page: signedIn(lazy(() => import('./pages/events/participants').then((m) => m.badgePage))),
    },
    {
      path: '/beursvloer/:eventId/vloer',
      page: signedIn(lazy(() => import('./pages/events/floor').then((m) => m.floorPage))),
    },
    {
      path: '/beursvloer/:eventId/voorstellen',
      page: signedIn(
        lazy(() => import('./pages/events/proposals').then((m) => m.proposalsPage)),
        brokers,
      ),
    },
    {
      path: '/beursvloer/:eventId/matches',
      page: signedIn(lazy(() => import('./pages/events/matches').then((m) => m.eventMatchesPage))),
    },
    {
      path: '/beursvloer/:eventId/matches/:matchId/formulier',
      page: signedIn(lazy(() => import('./pages/events/matches').then((m) => m.matchFormPage))),
    },
    {
      path: '/beursvloer/:eventId/verslag',
      page: signedIn(
        lazy(() => import('./pages/events/report').then((m) => m.reportPage)),
        brokers,
      ),
    },
    // The big screen: no sign-in, aggregate figures only.
    {
      path: '/scherm/:communityId/:eventId',
      page: lazy(() => import('./pages/events/tally').then((m) => m.tallyPage)),
    },
    { path: '/api-docs', page: apiDocsPage },
  ],
  notFound: notFoundPage,
  failure: failurePage,
  outlet: shell.outlet,
  announce: shell.announce,
  onRendered: shell.markCurrent,
})
