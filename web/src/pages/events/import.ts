import { h } from '../../dom'
import type { Page } from '../../router'

// SKELETON: replaced by the real page.
export const importPage: Page = async () => ({ title: 'importPage', content: h('p', {}, 'importPage') })
