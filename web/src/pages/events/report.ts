import { h } from '../../dom'
import type { Page } from '../../router'

// SKELETON: replaced by the real page.
export const reportPage: Page = async () => ({ title: 'reportPage', content: h('p', {}, 'reportPage') })
