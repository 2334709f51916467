/**
 * Runs before `npm test`: the browser tests need Debian's Chromium and DynamoDB Local needs
 * Java. A clean machine of this kind has Java but not Chromium; as root with apt-get we install
 * it (as CI does), otherwise we say exactly what to run.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const isRoot = process.getuid?.() === 0
const hasApt = spawnSync('apt-get', ['--version']).status === 0

if (spawnSync('java', ['-version']).error) {
  console.error('Java is needed for DynamoDB Local. Install it with:  apt-get install -y openjdk-17-jre-headless')
  process.exit(1)
}

if (!existsSync(chromium)) {
  if (isRoot && hasApt) {
    console.log('Chromium is missing for the browser tests; installing it with apt-get (about 15 s) …')
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    })
  } else {
    console.error(`Chromium is missing for the browser tests. Install it with:  sudo apt-get install -y chromium
(or point CHROMIUM_PATH at a Chromium binary)`)
    process.exit(1)
  }
}
