import { h } from '../../dom'
import type { Page } from '../../router'

// SKELETON: replaced by the real page.
export const eventMatchesPage: Page = async () => ({
  title: 'eventMatchesPage',
  content: h('p', {}, 'eventMatchesPage'),
})
export const matchFormPage: Page = async () => ({ title: 'matchFormPage', content: h('p', {}, 'matchFormPage') })
