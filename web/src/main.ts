import { renderDevBanner } from './components/dev-banner'
import { createShell } from './components/layout'
import { initLanguage, t } from './i18n'
import { apiDocsPage } from './pages/api-docs'
import { browsePage, browsePath } from './pages/browse'
import { failurePage, notFoundPage } from './pages/failure'
import { homePage } from './pages/home'
import { postDetailPage } from './pages/post-detail'
import { postFormPage, postFormPath } from './pages/post-form'
import { refresh, startRouter } from './router'
import { resetContext } from './session'

const root = document.getElementById('app')
if (!root) throw new Error('The page has no #app element')

initLanguage()
const shell = createShell(root, () => {
  void refresh()
  void renderDevBanner(shell.devSlot, onIdentityChange)
})

function onIdentityChange(label: string): void {
  resetContext()
  shell.announce(t('dev.changed', { name: label }))
  void refresh()
}

void renderDevBanner(shell.devSlot, onIdentityChange)
void startRouter({
  routes: [
    { path: '/', page: homePage },
    { path: browsePath, page: browsePage },
    { path: '/berichten/:postId', page: postDetailPage },
    { path: postFormPath, page: postFormPage },
    { path: '/api-docs', page: apiDocsPage },
  ],
  notFound: notFoundPage,
  failure: failurePage,
  outlet: shell.outlet,
  announce: shell.announce,
  onRendered: shell.markCurrent,
})
