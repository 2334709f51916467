import { h } from '../../dom'
import type { Page } from '../../router'

// SKELETON: replaced by the real page.
export const participantsPage: Page = async () => ({
  title: 'participantsPage',
  content: h('p', {}, 'participantsPage'),
})
export const badgePage: Page = async () => ({ title: 'badgePage', content: h('p', {}, 'badgePage') })
