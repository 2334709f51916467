import { h } from '../../dom'
import type { Page } from '../../router'

// SKELETON: replaced by the real page.
export const proposalsPage: Page = async () => ({ title: 'proposalsPage', content: h('p', {}, 'proposalsPage') })
