import { h } from '../../dom'
import type { Page } from '../../router'

// SKELETON: replaced by the real page.
export const eventsPage: Page = async () => ({ title: 'eventsPage', content: h('p', {}, 'eventsPage') })
export const newEventPage: Page = async () => ({ title: 'newEventPage', content: h('p', {}, 'newEventPage') })
