import { randomUUID } from 'node:crypto'
import { type Context, Hono } from 'hono'
import type { LambdaContext, LambdaEvent } from 'hono/aws-lambda'
import type { z } from 'zod'
import type { Caller } from '../../shared/domain/caller'
import { DomainError, isDomainError } from '../../shared/domain/errors'
import { type ErrorBody, type ErrorCode, type ErrorDetail, errorCatalogue } from '../../shared/schemas/errors'
import type { Deps } from './deps'
import {
  acceptsIdempotencyKey,
  type FinalResponse,
  idempotencyKeyHeader,
  idempotencyKeySchema,
  idempotencyScope,
  replayedHeader,
  requestFingerprint,
  runIdempotently,
  unquoteIdempotencyKey,
} from './idempotency'
import { issuesToDetails } from './issue-messages'
import { type Language, pickLanguage } from './language'
import { type HttpFunctionName, type HttpRoute, routeMatcher } from './route'

/** A broker or coordinator acting for a resident names the resident in this header. */
export const actForHeader = 'x-act-for'

const bearerToken = (header: string | undefined): string | undefined => {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '')
  return match?.[1]
}

/** Request bodies above this are refused before parsing (API Gateway itself allows 10 MB). */
export const maxBodyBytes = 64 * 1024

type Out<S> = S extends z.ZodType ? z.output<S> : undefined

/** What a route implementation receives: validated input and the caller. */
export interface RouteInput<R extends HttpRoute> {
  params: Out<R['params']>
  query: Out<R['query']>
  body: Out<R['body']>
  caller: R['auth'] extends 'member' ? Caller : undefined
  deps: Deps
  requestId: string
  /** Who is asking from where, for per-client limits: the source IP API Gateway saw. */
  clientId: string
}

export type RouteImplementation<R extends HttpRoute> = (
  input: RouteInput<R>,
) => Promise<z.input<R['response']['schema']>>

/** The implementations a function provides: exactly the routes declared for it. */
export type FunctionRoutes<T extends Record<string, HttpRoute>> = { [N in keyof T]: RouteImplementation<T[N]> }

/** How an app tells an unknown address (404) from a known one with another method (405). */
export type PathMatcher = (method: string, path: string) => { pathExists: boolean }

type Env = { Bindings: { event?: LambdaEvent; lambdaContext?: LambdaContext }; Variables: { requestId: string } }

const errorBody = (code: ErrorCode, language: Language, requestId: string, details?: ErrorDetail[]): ErrorBody => ({
  error: code,
  message: errorCatalogue[code][language],
  ...(details && details.length > 0 ? { details } : {}),
  requestId,
})

export const errorResponse = (c: Context<Env>, code: ErrorCode, details?: ErrorDetail[]) => {
  const language = pickLanguage(c.req.header('accept-language'))
  const status = errorCatalogue[code].status as 400
  return c.json(errorBody(code, language, c.get('requestId') ?? 'unknown', details), status)
}

const validate = <S extends z.ZodType>(schema: S, data: unknown, prefix: string, language: Language): z.output<S> => {
  const result = schema.safeParse(data, { reportInput: true })
  if (result.success) return result.data
  const details = issuesToDetails(result.error.issues, language).map((d) =>
    prefix ? { ...d, path: d.path ? `${prefix}.${d.path}` : prefix } : d,
  )
  throw new DomainError('VALIDATION_FAILED', details)
}

const readJsonBody = async (c: Context<Env>): Promise<unknown> => {
  const type = c.req.header('content-type') ?? ''
  if (!/^application\/(.+\+)?json\s*(;|$)/i.test(type)) throw new DomainError('UNSUPPORTED_MEDIA_TYPE')
  const declared = Number(c.req.header('content-length') ?? 0)
  if (declared > maxBodyBytes) throw new DomainError('BODY_TOO_LARGE')
  const text = await c.req.text()
  if (Buffer.byteLength(text) > maxBodyBytes) throw new DomainError('BODY_TOO_LARGE')
  try {
    return JSON.parse(text)
  } catch {
    throw new DomainError('MALFORMED_JSON')
  }
}

/** Query strings arrive as strings; a repeated parameter is kept as its first value. */
const queryObject = (c: Context<Env>): Record<string, string> => {
  const all = c.req.queries()
  const out: Record<string, string> = {}
  for (const [name, values] of Object.entries(all)) if (values[0] !== undefined) out[name] = values[0]
  return out
}

/**
 * A Hono app for one Lambda function: it mounts the function's routes (declared in
 * `functions/<function>/routes.ts`, so the bundle carries only its own schemas), validates every input with the declared zod schemas, resolves the
 * caller, calls the implementation, checks the response against its (strict) schema — so no
 * undeclared field, such as contact data, can leave — and maps every error in one place.
 * State-changing requests with an `Idempotency-Key` run at most once per key (./idempotency.ts).
 */
export const createFunctionApp = <T extends Record<string, HttpRoute>>(
  functionName: HttpFunctionName,
  table: T,
  implementations: FunctionRoutes<T>,
  getDeps: () => Promise<Deps>,
  /** 404 or 405 for a request no route of this function takes; default: by this function's routes. The fallback function passes all routes. */
  pathMatcher: PathMatcher = routeMatcher(Object.values(table)),
): Hono<Env> => {
  const app = new Hono<Env>()

  app.use(async (c, next) => {
    c.set('requestId', (c.env?.event?.requestContext as { requestId?: string } | undefined)?.requestId ?? randomUUID())
    await next()
    c.header('x-request-id', c.get('requestId'))
    c.header('cache-control', 'no-store')
  })

  for (const [name, implementation] of Object.entries(implementations) as [string, RouteImplementation<HttpRoute>][]) {
    const route: HttpRoute | undefined = table[name]
    if (!route) throw new Error(`Route ${name} is not declared for function ${functionName}`)
    if (route.function !== functionName) throw new Error(`Route ${name} does not belong to function ${functionName}`)
    const honoPath = route.path.replace(/\{(\w+)\}/g, ':$1')
    app.on(route.method, honoPath, async (c) => {
      const language = pickLanguage(c.req.header('accept-language'))
      const deps = await getDeps()
      const params = route.params ? validate(route.params, c.req.param(), '', language) : undefined
      const query = route.query ? validate(route.query, queryObject(c), '', language) : undefined
      const body = route.body ? validate(route.body, await readJsonBody(c), '', language) : undefined
      const idempotencyKey = acceptsIdempotencyKey(route.method)
        ? validate(
            idempotencyKeySchema.optional(),
            unquoteIdempotencyKey(c.req.header(idempotencyKeyHeader)),
            idempotencyKeyHeader,
            language,
          )
        : undefined
      const caller =
        route.auth === 'member'
          ? await deps.services.auth.resolveCaller(
              bearerToken(c.req.header('authorization')),
              c.req.header(actForHeader),
            )
          : undefined
      const requestId = c.get('requestId')
      const clientId =
        c.env?.event?.requestContext && 'http' in c.env.event.requestContext
          ? c.env.event.requestContext.http.sourceIp
          : 'unknown'
      const run = async (): Promise<FinalResponse> => {
        const result = await implementation({
          params,
          query,
          body,
          caller,
          deps,
          requestId,
          clientId,
        } as RouteInput<HttpRoute>)
        // Fresh answers only: a replayed answer was checked when it was fresh.
        return { status: route.response.status, body: route.response.schema.parse(result) }
      }
      const answer =
        idempotencyKey === undefined
          ? await run()
          : await runIdempotently({
              store: deps.services.stores.idempotency,
              scope: idempotencyScope(idempotencyKey, caller, params, clientId),
              fingerprint: requestFingerprint(
                route.method,
                c.req.url,
                caller ? c.req.header(actForHeader) : undefined,
                route.body ? await c.req.text() : '',
              ),
              now: () => new Date(),
              run,
              answerTo: (error) =>
                isDomainError(error)
                  ? {
                      status: errorCatalogue[error.code].status,
                      body: errorBody(error.code, language, requestId, error.details),
                    }
                  : undefined,
              onStoreError: (cause) => log('error', c, 'INTERNAL', cause),
            }).catch((error: unknown) => {
              if (isDomainError(error) && error.code === 'IDEMPOTENCY_IN_PROGRESS') c.header('retry-after', '1')
              throw error
            })
      if ('replayed' in answer && answer.replayed) c.header(replayedHeader, 'true')
      return c.json(answer.body as object, answer.status as 200)
    })
  }

  app.notFound((c) =>
    errorResponse(c, pathMatcher(c.req.method, c.req.path).pathExists ? 'METHOD_NOT_ALLOWED' : 'ROUTE_NOT_FOUND'),
  )

  app.onError((error, c) => {
    if (isDomainError(error)) {
      // An expected refusal (such as a lost race) is worth a line, not a stack trace.
      if (error.cause) log('info', c, error.code, error.cause)
      return errorResponse(c, error.code, error.details)
    }
    // Anything else is our fault: log the cause, send a generic message with the request id.
    log('error', c, 'INTERNAL', error)
    return errorResponse(c, 'INTERNAL')
  })

  return app
}

const log = (level: 'info' | 'error', c: Context<Env>, code: ErrorCode, cause: unknown) => {
  const entry = {
    level,
    code,
    requestId: c.get('requestId'),
    method: c.req.method,
    path: c.req.path,
    cause:
      cause instanceof Error
        ? { name: cause.name, message: cause.message, ...(level === 'error' ? { stack: cause.stack } : {}) }
        : String(cause),
  }
  console[level](JSON.stringify(entry))
}
