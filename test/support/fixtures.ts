import { demoAreas, demoMembers, standardCategories, standardResourceTypeList } from '../../shared/demo/lindeveen'
import type { Community } from '../../shared/schemas/community'
import type { MemberProfile } from '../../shared/schemas/member'
import type { CreatePostBody } from '../../shared/schemas/post'

export const testCommunity: Community = {
  id: 'lindeveen',
  name: 'Buurtbeurs Lindeveen',
  description: 'Test',
  areas: demoAreas,
  resourceTypes: standardResourceTypeList,
  categories: standardCategories,
  version: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
}

export const member = (id: string): MemberProfile => {
  const found = demoMembers.find((m) => m.id === id)
  if (!found) throw new Error(`No demo member ${id}`)
  return found
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
})
