import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { matchRoute } from '../../functions/routes'
import { toApiGatewayEvent } from '../../scripts/lib/local-server'

const request = (headers: Record<string, string | string[]>, method = 'GET') =>
  ({ headers, method, httpVersion: '1.1', socket: { remoteAddress: '127.0.0.1' } }) as unknown as IncomingMessage

describe('the local gateway', () => {
  it('matches routes as API Gateway does, telling a wrong method from an unknown path', () => {
    const found = matchRoute('PATCH', '/api/communities/lindeveen/posts/abc123def')
    expect(found.route?.operationId).toBe('updatePost')
    expect(found.pathParameters).toEqual({ communityId: 'lindeveen', postId: 'abc123def' })
    expect(matchRoute('DELETE', '/api/communities/lindeveen/posts/abc123def')).toEqual({ pathExists: true })
    expect(matchRoute('GET', '/api/communities/lindeveen/posts/abc/extra')).toEqual({ pathExists: false })
    expect(matchRoute('GET', '/api/openapi.json').route?.function).toBe('meta')
  })

  it('builds an HTTP API v2 event: route key, joined repeated query values, cookies apart, text body', () => {
    const url = new URL('http://localhost/api/communities/lindeveen/posts?kind=offer&kind=request&limit=5')
    const event = toApiGatewayEvent(
      request({ 'content-type': 'application/json', cookie: 'a=1; b=2', host: 'localhost:3000' }, 'POST'),
      url,
      Buffer.from('{"x":1}'),
      'POST /api/communities/{communityId}/posts',
      { communityId: 'lindeveen' },
    )
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'POST /api/communities/{communityId}/posts',
      rawPath: '/api/communities/lindeveen/posts',
      rawQueryString: 'kind=offer&kind=request&limit=5',
      queryStringParameters: { kind: 'offer,request', limit: '5' },
      cookies: ['a=1', 'b=2'],
      pathParameters: { communityId: 'lindeveen' },
      body: '{"x":1}',
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: '/api/communities/lindeveen/posts' }, stage: '$default' },
    })
    expect(event.headers.cookie).toBeUndefined()
  })

  it('sends a binary body base64-encoded', () => {
    const event = toApiGatewayEvent(
      request({ 'content-type': 'application/octet-stream' }, 'POST'),
      new URL('http://localhost/api/x'),
      Buffer.from([0, 255, 1]),
      '$default',
      undefined,
    )
    expect(event).toMatchObject({ body: 'AP8B', isBase64Encoded: true })
  })
})
