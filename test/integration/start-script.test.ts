import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { claimPort, dynamoAnswers } from '../../scripts/lib/dynamodb-local'

const dataDir = mkdtempSync(join(tmpdir(), 'buurtbeurs-start-'))
afterAll(() => rmSync(dataDir, { recursive: true, force: true }))

/** Runs `npm start`'s script as a person would, until it prints its URL. */
const start = async (port: number, dynamoPort: number) => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: { ...process.env, PORT: String(port), DYNAMODB_PORT: String(dynamoPort), BUURTBEURS_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (chunk) => {
    output += chunk
  })
  child.stderr.on('data', (chunk) => {
    output += chunk
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const deadline = Date.now() + 90_000
  while (!output.includes('Press Ctrl-C to stop') && Date.now() < deadline && child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 200))
  }
  return { child, exited, output: () => output }
}

describe('npm start', () => {
  it('serves the web app and the API with demo data, keeps data across restarts, and stops Java on Ctrl-C', async () => {
    const port = await claimPort(0)
    const dynamoPort = await claimPort(0)

    const first = await start(port, dynamoPort)
    expect(first.output()).toContain(`http://localhost:${port}/`)
    expect(first.output()).toContain('Demo community "lindeveen" created')
    const page = await fetch(`http://127.0.0.1:${port}/vragen-en-aanbod`)
    expect(page.headers.get('content-type')).toContain('text/html')
    expect(await page.text()).toMatch(/<html/i)
    const community = await fetch(`http://127.0.0.1:${port}/api/communities/lindeveen`)
    expect((await community.json()).name).toBe('Buurtbeurs Lindeveen')

    // Sign in the way a person does locally: the code is in the outbox.
    const api = `http://127.0.0.1:${port}/api`
    const json = { 'content-type': 'application/json' }
    const address = { communityId: 'lindeveen', address: 'anna@example.nl' }
    await fetch(`${api}/auth/code`, { method: 'POST', headers: json, body: JSON.stringify(address) })
    const outbox = (await (await fetch(`http://127.0.0.1:${port}/dev/outbox.json`)).json()) as {
      items: { text: string }[]
    }
    const code = /\d{6}/.exec(outbox.items[0]?.text ?? '')?.[0]
    const session = await fetch(`${api}/auth/verify`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ ...address, code }),
    })
    const { token } = (await session.json()) as { token: string }
    const signedIn = { ...json, authorization: `Bearer ${token}` }

    const created = await fetch(`http://127.0.0.1:${port}/api/communities/lindeveen/posts`, {
      method: 'POST',
      headers: signedIn,
      body: JSON.stringify({
        kind: 'offer',
        title: 'Blijft na een herstart',
        categoryId: 'klussen',
        areaId: 'molenwijk',
        availability: { dayParts: ['sat-morning'], recurrence: 'once' },
      }),
    })
    const { id } = await created.json()

    first.child.kill('SIGINT')
    expect(await first.exited).toBe(0)
    expect(await dynamoAnswers(`http://127.0.0.1:${dynamoPort}`)).toBe(false)
    expect(await claimPort(dynamoPort)).toBe(dynamoPort)

    const second = await start(port, dynamoPort)
    expect(second.output()).toContain('already there; left as it is')
    // The data, the keys and the session all survived the restart.
    const kept = await fetch(`http://127.0.0.1:${port}/api/communities/lindeveen/posts/${id}`, { headers: signedIn })
    expect((await kept.json()).title).toBe('Blijft na een herstart')
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)
    expect(await claimPort(dynamoPort)).toBe(dynamoPort)
  }, 180_000)

  it('says which port is busy instead of a stack trace', async () => {
    const port = await claimPort(0)
    const blocker = (await import('node:net')).createServer().listen(port, '127.0.0.1')
    const run = await start(port, await claimPort(0))
    const code = await run.exited
    blocker.close()
    expect(code).toBe(1)
    expect(run.output()).toContain(`Port ${port} is already in use`)
    expect(run.output()).not.toMatch(/\n\s+at /)
  }, 60_000)
})
