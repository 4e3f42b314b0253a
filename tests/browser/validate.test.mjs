// A person validated in a real browser (Debian's headless Chromium driven by playwright-core):
// `seedance-assets validate --listen` shows the H5 link, the browser opens it, taps Pass, and
// lands on the receiver's page; the CLI prints the GroupId and the journal holds it. The failed
// and expired pages are tested over plain HTTP in core/cli/tests/validate.rs.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { Running, runCli, startSimulator } from './cli.mjs'

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url))

test('the H5 page, Pass, the receiver page, the GroupId printed and journaled', async (t) => {
  const { env } = await startSimulator(t)
  const validate = new Running(
    ['--json', 'validate', '--reference', 'actor-browser', '--listen', '127.0.0.1:0', '--language', 'en'],
    env,
  )
  t.after(() => validate.child.kill())
  const session = await validate.event('session')

  // --no-sandbox: the tests run as root, where Chromium's sandbox refuses to start.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] })
  t.after(() => browser.close())
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 })
  await page.goto(session.h5_link)
  await page.click('#pass')
  await page.waitForURL(/\/callback\?/)
  const heading = await page.textContent('h1')
  assert.equal(heading, 'Verification complete')
  assert.match(await page.textContent('body'), /You can close this page/)
  mkdirSync(ARTIFACTS, { recursive: true })
  await page.screenshot({ path: join(ARTIFACTS, 'result-page.png') })

  const validated = await validate.event('validated')
  assert.equal(validated.reference, 'actor-browser')
  assert.match(validated.group_id, /^group-/)
  assert.equal(await validate.exitCode(), 0)

  const people = await runCli(['--json', 'journal', 'people'], env)
  assert.equal(people.code, 0)
  const [person] = JSON.parse(people.stdout).people
  assert.equal(person.reference, 'actor-browser')
  assert.equal(person.group_id, validated.group_id)
})
