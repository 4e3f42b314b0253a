// The package's `bin` (lib/cli.js) runs the core's one command line; a session's QR code.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { promisify } from 'node:util'
import { CALLBACK_URL, ROOT, clientFor, startSimulator } from './helpers.mjs'

const run = promisify(execFile)
const CLI = join(ROOT, 'lib', 'cli.js')
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))

/** The environment of a CLI run against `sim`, with a journal in a scratch folder. */
function cliEnv(t, sim) {
  const dir = mkdtempSync(join(tmpdir(), 'seedance-cli-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return {
    ...process.env,
    SEEDANCE_API_KEY: sim.apiKey,
    SEEDANCE_BASE_URL: sim.url,
    SEEDANCE_JOURNAL: join(dir, 'journal.sqlite3'),
  }
}

/** Runs `node lib/cli.js …args` against `sim` with a journal in a scratch folder. */
async function cli(t, sim, args) {
  const env = cliEnv(t, sim)
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env, timeout: 60_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    if (typeof error.code !== 'number') throw error
    return { code: error.code, stdout: error.stdout, stderr: error.stderr }
  }
}

test('the bin prints the package version', async (t) => {
  const sim = await startSimulator(t)
  const { code, stdout } = await cli(t, sim, ['--version'])
  assert.equal(code, 0)
  assert.equal(stdout.trim(), `seedance-assets ${version}`)
})

test('the bin uploads and reads the status, with documented exit codes', async (t) => {
  const sim = await startSimulator(t, { processingDelayMs: 50 })
  const uploaded = await cli(t, sim, [
    '--json', 'upload', '--name', 'face', '--type', 'Image', '--url', 'https://cdn.example/face.png', '--wait',
  ])
  assert.equal(uploaded.code, 0, uploaded.stdout + uploaded.stderr)
  const asset = JSON.parse(uploaded.stdout)
  assert.equal(asset.status, 'Active')
  const status = await cli(t, sim, ['--json', 'status', asset.asset_id])
  assert.equal(JSON.parse(status.stdout).reference, `asset://${asset.asset_id}`)

  const bad = await cli(t, sim, ['--json', 'status', 'asset-20260101-unknown'])
  assert.equal(bad.code, 4, bad.stdout)
  assert.equal(JSON.parse(bad.stdout).error.code, 'ERR_NOT_FOUND')
})

test('a session draws its H5 link as an SVG QR code', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  const session = await client.createValidationSession({ callbackUrl: CALLBACK_URL })
  const svg = session.qrSvg()
  assert.match(svg, /<svg[\s>]/)
  assert.equal(session.qrSvg(), svg)
  const other = await client.createValidationSession({ callbackUrl: CALLBACK_URL })
  assert.notEqual(other.qrSvg(), svg)
})

test('Ctrl-C ends the bin with exit code 130', async (t) => {
  const sim = await startSimulator(t)
  const env = cliEnv(t, sim)
  const args = [CLI, '--json', 'validate', '--reference', 'actor-1', '--listen', '127.0.0.1:0']
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)))
  for await (const line of createInterface({ input: child.stdout })) {
    if (JSON.parse(line).event === 'session') break
  }
  child.kill('SIGINT')
  assert.equal(await exited, 130)
})
