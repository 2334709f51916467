import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { errorCodes } from '../../shared/schemas/errors'

describe('the README', () => {
  const readme = readFileSync('README.md', 'utf8')

  it('lists every error code the API can return', () => {
    expect(errorCodes.filter((code) => !readme.includes(`\`${code}\``))).toEqual([])
  })

  it('gives the two commands', () => {
    expect(readme).toContain('npm ci && npm start')
    expect(readme).toContain('npm test')
  })
})
