import { h } from '../../dom'
import type { Page } from '../../router'

// SKELETON: replaced by the real page.
export const eventOverviewPage: Page = async () => ({
  title: 'eventOverviewPage',
  content: h('p', {}, 'eventOverviewPage'),
})
