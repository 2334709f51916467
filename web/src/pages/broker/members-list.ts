import type { MemberDetails, Role } from '../../../../shared/schemas/member'
import { controlField, heading, select } from '../../components/ui'
import { h } from '../../dom'
import { t } from '../../i18n'
import { navigate } from '../../router'

export const roles: Role[] = ['resident', 'organisation', 'broker', 'coordinator']
const all = 'alle'

/** The role in the address (`?rol=`): `fallback` when absent, undefined for everyone. */
export function roleFromQuery(query: URLSearchParams, fallback: Role | undefined): Role | undefined {
  const value = query.get('rol')
  if (value === all) return undefined
  return roles.includes(value as Role) ? (value as Role) : fallback
}

/** A small GET form that filters a member list by role; the choice goes into the address. */
export function roleFilter(path: string, role: Role | undefined): HTMLFormElement {
  const choice = select(
    [
      { value: all, label: t('members.filter.all'), selected: role === undefined },
      ...roles.map((value) => ({ value, label: t(`roles.${value}`), selected: role === value })),
    ],
    { name: 'rol' },
  )
  return h(
    'form',
    {
      class: 'bb-filter bb-filter--inline',
      role: 'search',
      'aria-labelledby': 'member-filter-title',
      method: 'get',
      action: path,
      onsubmit: (event: Event) => {
        event.preventDefault()
        void navigate(`${path}?rol=${encodeURIComponent(choice.value)}`, { state: { focusId: 'members-caption' } })
      },
    },
    heading(2, t('members.filter.title'), { id: 'member-filter-title' }),
    h(
      'div',
      { class: 'bb-filter__row' },
      controlField({ path: 'role', label: t('members.filter.role') }, choice).element,
      h(
        'button',
        { type: 'submit', class: 'utrecht-button utrecht-button--primary-action' },
        t('members.filter.submit'),
      ),
    ),
  )
}

export const memberUrl = (member: Pick<MemberDetails, 'id'>) => `/makelaar/leden/${encodeURIComponent(member.id)}`
