import { h } from '../../dom'
import type { Page } from '../../router'

// SKELETON: replaced by the real page.
export const registerParticipantPage: Page = async () => ({
  title: 'registerParticipantPage',
  content: h('p', {}, 'registerParticipantPage'),
})
