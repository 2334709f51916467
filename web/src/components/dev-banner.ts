import { api, type DevIdentity, getDevMember, setDevMember } from '../api'
import { h } from '../dom'
import { t } from '../i18n'

let identities: Promise<DevIdentity[] | null> | null = null

/** The demo identities, or null when the server has development mode off (or no such route). */
function loadIdentities(): Promise<DevIdentity[] | null> {
  identities ??= api
    .devIdentities()
    .then((list) => (list.enabled ? list.items : null))
    .catch(() => null)
  return identities
}

const identityValue = (identity: DevIdentity) => `${identity.communityId}/${identity.memberId}`

/**
 * Fill `slot` with the development banner: a clearly marked strip where a developer chooses
 * which demo member to act as. Stays empty (and hidden) when development mode is off.
 */
export async function renderDevBanner(slot: HTMLElement, onChange: (label: string) => void): Promise<void> {
  const items = await loadIdentities()
  if (!items) {
    slot.hidden = true
    slot.replaceChildren()
    return
  }
  const current = getDevMember()
  // A remembered identity that no longer exists (e.g. after a new seed) falls back to the default.
  if (current && !items.some((item) => identityValue(item) === current)) setDevMember(null)
  const selectId = 'dev-identity'
  const select = h(
    'select',
    {
      id: selectId,
      class: 'utrecht-select utrecht-select--html-select',
      onchange: () => {
        const value = select.value || null
        setDevMember(value)
        onChange(select.selectedOptions[0]?.textContent ?? '')
      },
    },
    h('option', { value: '', selected: !getDevMember() }, t('dev.default')),
    items.map((item) =>
      h('option', { value: identityValue(item), selected: identityValue(item) === getDevMember() }, item.label),
    ),
  )
  slot.replaceChildren(
    h(
      'div',
      { class: 'bb-dev-banner__content' },
      h('h2', { class: 'bb-dev-banner__title', id: 'dev-banner-title' }, t('dev.title')),
      h('p', { class: 'bb-dev-banner__text' }, t('dev.text')),
      h(
        'div',
        { class: 'bb-dev-banner__field' },
        h('label', { class: 'utrecht-form-label', for: selectId }, t('dev.actAs')),
        select,
      ),
    ),
  )
  slot.hidden = false
}
