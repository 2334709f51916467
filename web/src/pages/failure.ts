import { ApiError } from '../api'
import { alert, link, pageHeading, paragraph } from '../components/ui'
import { h } from '../dom'
import { t } from '../i18n'
import type { Page, PageView } from '../router'

/** A text for a failed call: the API's own (already localized) message, or ours when there is none. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === 'NETWORK') return t('common.networkError')
    return error.message || t('common.unknownError')
  }
  return t('common.unknownError')
}

/** The page shown when loading a page failed. */
export function failurePage(error: unknown): PageView {
  if (!(error instanceof ApiError)) console.error(error)
  const requestId = error instanceof ApiError ? error.requestId : undefined
  return {
    title: t('common.errorTitle'),
    content: h(
      'div',
      null,
      pageHeading(t('common.errorTitle')),
      alert(
        'error',
        paragraph(errorText(error)),
        requestId && h('p', { class: 'bb-request-id' }, t('common.requestId', { id: requestId })),
      ),
      paragraph(link('/', t('notFound.home'))),
    ),
  }
}

/** Any address that is not a page. */
export const notFoundPage: Page = async () => ({
  title: t('notFound.title'),
  content: h(
    'div',
    null,
    pageHeading(t('notFound.title')),
    paragraph(t('notFound.text')),
    paragraph(link('/', t('notFound.home'))),
  ),
})

/** A page for another role: say so plainly, without pretending it does not exist. */
export const forbiddenPage: Page = async () => ({
  title: t('forbidden.title'),
  content: h(
    'div',
    null,
    pageHeading(t('forbidden.title')),
    paragraph(t('forbidden.text')),
    paragraph(link('/', t('notFound.home'))),
  ),
})
