import { h } from '../../dom'
import type { Page } from '../../router'

// SKELETON: replaced by the real page.
export const tallyPage: Page = async () => ({ title: 'tallyPage', content: h('p', {}, 'tallyPage') })
