import { describe, expect, it } from 'vitest'
import { DomainError } from '../../shared/domain/errors'
import { canManagePost, closedPost, dutchDate, isOpenOn, newPost, updatedPost } from '../../shared/domain/post'
import { member, testCommunity, validPostBody } from '../support/fixtures'

const now = new Date('2026-11-23T10:00:00.000Z')
const later = new Date('2026-11-24T10:00:00.000Z')

const errorOf = (fn: () => unknown) => {
  try {
    fn()
  } catch (error) {
    if (error instanceof DomainError)
      return { code: error.code, details: error.details?.map((d) => `${d.path}:${d.code}`) }
  }
  return undefined
}

describe('newPost', () => {
  it('builds an open post, version 1, with the author’s first name and buurt only', () => {
    const { post, areaPath } = newPost({
      id: 'p-0000001',
      community: testCommunity,
      author: member('henk'),
      body: validPostBody(),
      now,
    })
    expect(post).toMatchObject({
      id: 'p-0000001',
      communityId: 'lindeveen',
      status: 'open',
      version: 1,
      resourceType: 'menskracht',
      endDate: null,
      createdAt: now.toISOString(),
      author: { memberId: 'henk', displayName: 'Henk', kind: 'resident', areaId: 'oude-markt' },
    })
    expect(Object.keys(post.author).sort()).toEqual(['areaId', 'displayName', 'kind', 'memberId'])
    expect(areaPath).toBe('/lindeveen/noord/de-akkers/')
  })

  it('refuses an end date in the past, by the Dutch calendar', () => {
    // 23:30 UTC on the 22nd is already the 23rd in Amsterdam.
    const lateEvening = new Date('2026-11-22T23:30:00.000Z')
    expect(dutchDate(lateEvening)).toBe('2026-11-23')
    expect(
      errorOf(() =>
        newPost({
          id: 'p-1',
          community: testCommunity,
          author: member('anna'),
          body: validPostBody({ endDate: '2026-11-22' }),
          now: lateEvening,
        }),
      ),
    ).toEqual({ code: 'VALIDATION_FAILED', details: ['endDate:date_in_past'] })
  })
})

describe('updatedPost and closedPost', () => {
  const { post } = newPost({
    id: 'p-0000001',
    community: testCommunity,
    author: member('anna'),
    body: validPostBody(),
    now,
  })

  it('lets the author change a post and raises the version', () => {
    const next = updatedPost({
      caller: member('anna'),
      community: testCommunity,
      current: post,
      change: { version: 1, title: 'Nieuwe titel' },
      now: later,
    })
    expect(next.post).toMatchObject({
      title: 'Nieuwe titel',
      version: 2,
      updatedAt: later.toISOString(),
      createdAt: now.toISOString(),
    })
  })

  it('gives a new category its own resource type', () => {
    const next = updatedPost({
      caller: member('anna'),
      community: testCommunity,
      current: post,
      change: { version: 1, categoryId: 'taal' },
      now,
    })
    expect(next.post.resourceType).toBe('kennis')
  })

  it('lets a broker change it, but not another resident', () => {
    expect(canManagePost(member('samira'), post)).toBe(true)
    expect(canManagePost(member('jeroen'), post)).toBe(true)
    expect(
      errorOf(() =>
        updatedPost({
          caller: member('henk'),
          community: testCommunity,
          current: post,
          change: { version: 1, title: 'Van mij' },
          now,
        }),
      ),
    ).toEqual({
      code: 'NOT_POST_OWNER',
      details: undefined,
    })
  })

  it('refuses a stale version and a change to a closed post', () => {
    expect(
      errorOf(() =>
        updatedPost({
          caller: member('anna'),
          community: testCommunity,
          current: post,
          change: { version: 7, title: 'Oud' },
          now,
        }),
      )?.code,
    ).toBe('POST_CHANGED')
    const closed = closedPost({
      caller: member('anna'),
      current: { post, areaPath: '/x/' },
      change: { version: 1, reason: 'fulfilled' },
      now,
    })
    expect(closed.post).toMatchObject({ status: 'closed', closeReason: 'fulfilled', version: 2 })
    expect(
      errorOf(() =>
        closedPost({ caller: member('anna'), current: closed, change: { version: 2, reason: 'other' }, now }),
      )?.code,
    ).toBe('POST_CLOSED')
  })

  it('shows a post as open until the end of its end date', () => {
    const withEnd = { ...post, endDate: '2026-11-30' }
    expect(isOpenOn(withEnd, '2026-11-30')).toBe(true)
    expect(isOpenOn(withEnd, '2026-12-01')).toBe(false)
    expect(isOpenOn({ ...post, status: 'closed' }, '2026-11-01')).toBe(false)
  })
})
