/**
 * The local API gateway: what API Gateway (HTTP API) and CloudFront do in AWS, on one port.
 * `/api/*` requests are matched against the route declaration (`functions/routes.ts`), turned
 * into API Gateway v2 events and handed to the same handler modules that CDK bundles;
 * everything else is the built web front end, with the same security headers as CloudFront.
 */
import { randomUUID } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda'
import { fallbackFunction, type HttpFunctionName, httpFunctions, matchRoute } from '../../functions/routes'
import { readOutbox } from '../../shared/db/outbox'
import { renderOutboxPage } from './outbox-page'

const repoRoot = resolve(import.meta.dirname, '../..')

/** API Gateway's own payload limit; the handlers enforce a much smaller one. */
const gatewayMaxBody = 10 * 1024 * 1024

/** The same headers the CloudFront response headers policy adds in AWS (infra/web-stack.ts). */
export const securityHeaders: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
}

type LambdaHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>

export interface LocalServerOptions {
  /** 0 picks a free port. */
  port: number
  host?: string
  dynamoEndpoint: string
  tableName: string
  /** The built front end (web/dist). */
  webRoot?: string
  /** The key secret the handlers derive their signing and hashing keys from. */
  keys: string
  /** Where e-mails and SMS go (one JSON file each), listed at /dev/outbox. */
  outboxDir: string
  /**
   * The folder of queue folders (`<queueDir>/notifications`), shared with the local queue
   * runners (scripts/lib/local-workers.ts): the handlers put notification jobs there. Without
   * it, handlers that queue notifications fail (the sign-in codes still go to the outbox).
   */
  queueDir?: string
  log?: (line: string) => void
}

export interface LocalServer {
  url: string
  port: number
  close(): Promise<void>
}

const readBody = (req: IncomingMessage): Promise<Buffer | 'too-large'> =>
  new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= gatewayMaxBody) chunks.push(chunk)
    })
    req.on('end', () => resolveBody(size > gatewayMaxBody ? 'too-large' : Buffer.concat(chunks)))
    req.on('error', reject)
  })

const isTextType = (type: string | undefined) =>
  !type || /^(text\/|application\/(.+\+)?(json|xml|x-www-form-urlencoded)|application\/javascript)/i.test(type)

/** Builds the event API Gateway (HTTP API, payload format 2.0) would send for this request. */
export const toApiGatewayEvent = (
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  routeKey: string,
  pathParameters: Record<string, string> | undefined,
): APIGatewayProxyEventV2 => {
  const headers: Record<string, string> = {}
  const cookies: string[] = []
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue
    if (name === 'cookie') cookies.push(...String(value).split(/;\s*/))
    else headers[name] = Array.isArray(value) ? value.join(',') : value
  }
  const query: Record<string, string> = {}
  for (const [name, value] of url.searchParams)
    query[name] = query[name] === undefined ? value : `${query[name]},${value}`
  const text = isTextType(headers['content-type'])
  const now = new Date()
  const requestId = randomUUID()
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0] ?? 'localhost',
      http: {
        method: req.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(pathParameters && Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    ...(body.length > 0 ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: body.length > 0 && !text,
  }
}

const lambdaContext = (functionName: string, requestId: string): Context => {
  const deadline = Date.now() + 10_000
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '256',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  }
}

const sendResult = (res: ServerResponse, result: APIGatewayProxyStructuredResultV2) => {
  const headers: Record<string, string | string[]> = { ...(result.headers as Record<string, string>) }
  if (result.cookies && result.cookies.length > 0) headers['set-cookie'] = result.cookies
  res.writeHead(result.statusCode ?? 200, headers)
  res.end(result.body === undefined ? undefined : Buffer.from(result.body, result.isBase64Encoded ? 'base64' : 'utf8'))
}

const sendGatewayError = (res: ServerResponse, status: number, message: string) => {
  // API Gateway's own answers (before any Lambda runs) have this shape.
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify({ message }))
}

/**
 * Starts the local gateway. The handler modules read their configuration from the process
 * environment on their first request, as in Lambda; so one local server runs per process.
 */
export const startLocalServer = async (options: LocalServerOptions): Promise<LocalServer> => {
  process.env.TABLE_NAME = options.tableName
  process.env.DYNAMODB_ENDPOINT = options.dynamoEndpoint
  process.env.BUURTBEURS_KEYS = options.keys
  process.env.BUURTBEURS_OUTBOX_DIR = options.outboxDir
  if (options.queueDir) process.env.BUURTBEURS_QUEUE_DIR = options.queueDir
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'

  const handlers = new Map<HttpFunctionName, Promise<LambdaHandler>>()
  const handlerFor = (name: HttpFunctionName): Promise<LambdaHandler> => {
    let loaded = handlers.get(name)
    if (!loaded) {
      const entry = pathToFileURL(join(repoRoot, httpFunctions[name].entry)).href
      loaded = import(entry).then((module: { handler: LambdaHandler }) => module.handler)
      handlers.set(name, loaded)
    }
    return loaded
  }
  const webRoot = options.webRoot ? resolve(options.webRoot) : undefined
  const log = options.log ?? (() => {})

  const serveApi = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const body = await readBody(req)
    if (body === 'too-large') return sendGatewayError(res, 413, 'Request Entity Too Large')
    const { route, pathParameters } = matchRoute(req.method ?? 'GET', url.pathname)
    const functionName = route?.function ?? fallbackFunction
    const routeKey = route ? `${route.method} ${route.path}` : '$default'
    const event = toApiGatewayEvent(req, url, body, routeKey, pathParameters)
    const handler = await handlerFor(functionName)
    const started = performance.now()
    const result = await handler(event, lambdaContext(functionName, event.requestContext.requestId))
    log(
      `${req.method} ${url.pathname} → ${functionName} ${result.statusCode} ${(performance.now() - started).toFixed(1)} ms`,
    )
    sendResult(res, result)
  }

  const serveStatic = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (!webRoot) return sendGatewayError(res, 404, 'Not Found')
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendGatewayError(res, 405, 'Method Not Allowed')
    const relative = normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, '')
    let file = join(webRoot, relative)
    if (!file.startsWith(webRoot)) return sendGatewayError(res, 404, 'Not Found')
    const info = await stat(file).catch(() => undefined)
    if (info?.isDirectory()) file = join(file, 'index.html')
    else if (!info) {
      // Client-side routes (no file extension) get the app shell, as CloudFront's error responses do.
      if (extname(relative) !== '') return sendGatewayError(res, 404, 'Not Found')
      file = join(webRoot, 'index.html')
    }
    const content = await readFile(file).catch(() => undefined)
    if (!content) return sendGatewayError(res, 404, 'Not Found — run `npm run build:web`')
    const type = contentTypes[extname(file)] ?? 'application/octet-stream'
    // Hashed assets never change; the HTML shell must always be fresh.
    const cache = /\.[0-9A-Z]{8}\.(js|css|woff2?)$/i.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache'
    res.writeHead(200, { ...securityHeaders, 'content-type': type, 'cache-control': cache })
    res.end(req.method === 'HEAD' ? undefined : content)
  }

  /** Only the local stack has an outbox to read: in AWS these addresses do not exist. */
  const serveOutbox = async (_req: IncomingMessage, res: ServerResponse, url: URL) => {
    const items = await readOutbox(options.outboxDir)
    if (url.pathname === '/dev/outbox.json') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' })
      res.end(JSON.stringify({ items }))
      return
    }
    res.writeHead(200, { ...securityHeaders, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    res.end(renderOutboxPage(items))
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    const serve =
      url.pathname === '/api' || url.pathname.startsWith('/api/')
        ? serveApi
        : url.pathname === '/dev/outbox' || url.pathname === '/dev/outbox.json'
          ? serveOutbox
          : serveStatic
    serve(req, res, url).catch((error: unknown) => {
      // The handlers answer their own errors; this is the gateway failing, as a 502 would be in AWS.
      console.error(error)
      if (!res.headersSent) sendGatewayError(res, 502, 'Bad Gateway')
      else res.end()
    })
  })
  server.keepAliveTimeout = 5000

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolveListen())
  })
  const { port } = server.address() as AddressInfo
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'
  // The links in messages (read by the notify worker on its first job) lead to this server.
  process.env.BUURTBEURS_SITE_URL ??= `http://localhost:${port}`
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise((resolveClose) => {
        server.closeAllConnections()
        server.close(() => resolveClose())
      }),
  }
}
