// The README's Express pattern ("Keep what you get"), run as written: examples/express-journal.mjs
// holds the README's code block verbatim; here it serves a browser (Node's fetch) against the
// simulator, twice the same callback, and a restart finds the person in the journal file.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Journal } from 'seedance-assets'
import { ROOT, startSimulator } from './helpers.mjs'

const EXAMPLE = join(ROOT, 'examples', 'express-journal.mjs')
const STARTUP_BOUND_MS = 30_000

/** The README's code block under `### Node (Express)`. */
function readmeBlock() {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('### Node (Express)'))
  const block = /```js\n([\s\S]*?)```/.exec(section)
  assert.ok(block, 'README has a js block under ### Node (Express)')
  return block[1]
}

/** A port nothing listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

/** Runs the example with `env`; resolves once it listens. `t.after` stops it. */
function startExample(t, env) {
  const child = spawn(process.execPath, [EXAMPLE], {
    cwd: ROOT,
    env: { ...process.env, ...env, RUST_BACKTRACE: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  t.after(() => child.kill('SIGKILL'))
  let out = ''
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the example did not listen:\n${out}`)), STARTUP_BOUND_MS)
    const read = (data) => {
      out += data
      if (out.includes('listening')) {
        clearTimeout(timer)
        resolve(child)
      }
    }
    child.stdout.on('data', read)
    child.stderr.on('data', read)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`the example exited with ${code}:\n${out}`))
    })
  })
}

test('the README Express block is examples/express-journal.mjs', () => {
  assert.ok(readFileSync(EXAMPLE, 'utf8').endsWith(readmeBlock()), 'the example ends with the README block, verbatim')
})

test('the README Express pattern: session for a user, redirect, completeValidation once, kept across restarts', async (t) => {
  const sim = await startSimulator(t)
  const dir = mkdtempSync(join(tmpdir(), 'seedance-express-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  const journalPath = join(dir, 'journal.sqlite3')
  const port = await freePort()
  const publicUrl = `http://127.0.0.1:${port}`
  const example = await startExample(t, {
    SEEDANCE_API_KEY: sim.apiKey,
    SEEDANCE_BASE_URL: sim.url,
    SEEDANCE_JOURNAL: journalPath,
    PUBLIC_URL: publicUrl,
    PORT: String(port),
  })

  // The user's browser asks to be validated and is sent to the H5 page.
  const start = await fetch(`${publicUrl}/users/user-42/validate`, { redirect: 'manual' })
  assert.equal(start.status, 302)
  const h5Link = new URL(start.headers.get('location'))
  assert.equal(h5Link.origin, sim.url)
  // The person passes; the H5 page sends the browser back to the callback.
  const callback = sim.completeValidation(h5Link.searchParams.get('bytedToken'))
  assert.ok(callback.startsWith(`${publicUrl}/seedance/callback?`), callback)

  const first = await fetch(callback)
  assert.equal(first.status, 200)
  const person = await first.json()
  assert.equal(person.user, 'user-42')
  assert.equal(typeof person.groupId, 'string')
  // A reload (or a second tab) delivers the same callback: the same person, no second exchange.
  const again = await fetch(callback)
  assert.deepEqual(await again.json(), person)
  assert.equal(sim.requestCount('visual-validate-result'), 1)

  const malformed = await fetch(`${publicUrl}/seedance/callback?resultCode=10000`)
  assert.equal(malformed.status, 400)
  assert.deepEqual(await malformed.json(), { error: 'ERR_CALLBACK' })
  assert.equal(sim.requestCount('visual-validate-result'), 1)

  // The server goes away; the person stays in the journal.
  example.kill('SIGKILL')
  const journal = await Journal.open(journalPath, { readOnly: true })
  assert.equal((await journal.person('user-42')).groupId, person.groupId)
})
