import { h } from '../../dom'
import type { Page } from '../../router'

// SKELETON: replaced by the real page.
export const eventSetupPage: Page = async () => ({ title: 'eventSetupPage', content: h('p', {}, 'eventSetupPage') })
export const valuationPage: Page = async () => ({ title: 'valuationPage', content: h('p', {}, 'valuationPage') })
