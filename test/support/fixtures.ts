import { demoAreas, demoMembers, standardCategories, standardResourceTypeList } from '../../shared/demo/lindeveen'
import type { Community } from '../../shared/schemas/community'
import { defaultLifecycleSettings } from '../../shared/schemas/match'
import { defaultMatchingSettings } from '../../shared/schemas/matching'
import { type MemberDetails, newMemberMatching } from '../../shared/schemas/member'
import type { CreatePostBody } from '../../shared/schemas/post'
import { defaultValuationRules } from '../../shared/schemas/valuation'

export const testCommunity: Community = {
  id: 'lindeveen',
  name: 'Buurtbeurs Lindeveen',
  description: 'Test',
  areas: demoAreas,
  resourceTypes: standardResourceTypeList,
  categories: standardCategories,
  helpdesk: null,
  retention: { closedPostDays: 365, inactiveMemberDays: 730 },
  matching: structuredClone(defaultMatchingSettings),
  lifecycle: structuredClone(defaultLifecycleSettings),
  valuationRules: structuredClone(defaultValuationRules),
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
}

/** A demo member as stored: active, no consents or screenings. */
export const member = (id: string): MemberDetails => {
  const found = demoMembers.find((m) => m.id === id)
  if (!found) throw new Error(`No demo member ${id}`)
  return {
    ...found,
    managedByBroker: false,
    status: 'active',
    ...newMemberMatching(),
    contactPreference: 'email',
    language: 'nl',
    consents: [],
    screenings: [],
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    lastActiveAt: '2026-01-01T00:00:00.000Z',
    retentionNoticeAt: null,
  }
}

export const validPostBody = (overrides: Partial<CreatePostBody> = {}): CreatePostBody => ({
  kind: 'request',
  title: 'Hulp bij boodschappen',
  description: 'Elke dinsdag naar de supermarkt.',
  categoryId: 'boodschappen',
  areaId: 'de-akkers',
  availability: { dayParts: ['tue-morning'], recurrence: 'weekly' },
  quantity: 1,
  ...overrides,
  tags: overrides.tags ?? [],
})
