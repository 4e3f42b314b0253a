// Shared set-up for the node tests: a simulator per test, child processes, timing helpers.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { Simulator } from 'seedance-assets/testing'

/** The repository root (child processes run there, so `seedance-assets` resolves to it). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CHILD_BOUND_MS = 30_000

export const CALLBACK_URL = 'https://app.example.com/seedance/callback'
export const IMAGE_URL = 'https://cdn.example.com/person.jpg'

/** Starts a simulator; `t.after` closes it. */
export async function startSimulator(t, options) {
  const sim = await Simulator.start(options)
  t.after(() => sim.close())
  return sim
}

/** A client of `sim` without client-side rate limits, so tests never wait on them. */
export function clientFor(sim, options = {}) {
  return sim.client({ rateLimits: false, ...options })
}

/** Steps 1–2: a passed session and its GroupId. */
export async function validatedGroup(sim, client) {
  const session = await client.createValidationSession({ callbackUrl: CALLBACK_URL })
  const callback = sim.completeValidation(session.bytedToken, { passed: true })
  session.verifyCallback(callback)
  const { groupId } = await client.getValidationResult(session.bytedToken)
  return groupId
}

/** Milliseconds since `start` (a `performance.now()` value). */
export function since(start) {
  return performance.now() - start
}

/**
 * Runs `source` as an ES module in a child node; resolves with its exit code and output
 * (stdout and stderr), or rejects if it has not exited within 30 s.
 */
export function runChild(source) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', source], {
      cwd: ROOT,
      env: { ...process.env, RUST_BACKTRACE: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
    })
    child.stderr.on('data', (d) => {
      out += d
    })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`child did not exit within ${CHILD_BOUND_MS} ms:\n${out}`))
    }, CHILD_BOUND_MS)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, out })
    })
  })
}

/**
 * A journal `url` on the test PostgreSQL server (`SEEDANCE_TEST_POSTGRES_URL`) in a `schema` of
 * its own (`prefix` + pid + time), with an `admin` connection to look into it; dropped when
 * test `t` ends.
 */
export async function postgresJournal(t, prefix) {
  const base = process.env.SEEDANCE_TEST_POSTGRES_URL || 'postgresql://postgres@127.0.0.1:5432/test'
  const schema = `${prefix}_${process.pid}_${Date.now()}`
  const admin = new pg.Client({ connectionString: base })
  await admin.connect()
  t.after(async () => {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
    await admin.end()
  })
  await admin.query(`CREATE SCHEMA ${schema}`)
  // Plain TCP unless the URL asks for TLS (this core's default `prefer` would try TLS and
  // verify the local server's self-signed certificate).
  const params = [`options=-csearch_path%3D${schema}`, ...(/[?&]sslmode=/.test(base) ? [] : ['sslmode=disable'])]
  return { url: `${base}${base.includes('?') ? '&' : '?'}${params.join('&')}`, schema, admin }
}
