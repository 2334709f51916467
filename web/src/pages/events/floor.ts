import { h } from '../../dom'
import type { Page } from '../../router'

// SKELETON: replaced by the real page.
export const floorPage: Page = async () => ({ title: 'floorPage', content: h('p', {}, 'floorPage') })
