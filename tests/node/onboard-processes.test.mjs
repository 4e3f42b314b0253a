// Onboarding across processes (mirrors core/tests/journal_processes.rs through the Node
// package): a run killed with SIGKILL mid-way is finished by a rerun on its SQLite journal
// without sending anything twice, and three processes onboarding one person's assets on one
// PostgreSQL journal split the work and keep to the rate together.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ROOT, clientFor, postgresJournal, startSimulator, validatedGroup } from './helpers.mjs'

// The child: onboards the job's items on its journal, prints each upload as it is answered (so
// the parent can kill it mid-run) and its report as the last line.
const CHILD = `
  import { Client, Journal } from 'seedance-assets'
  const job = JSON.parse(process.env.ONBOARD_JOB)
  const assets = Array.from({ length: job.items }, (_, i) => ({
    name: 'shot ' + i, assetType: 'Image', assetUrl: 'https://cdn.example.com/' + job.run + '/' + i + '.jpg',
  }))
  const journal = await Journal.open(job.journal)
  const client = new Client({ apiKey: job.apiKey, baseUrl: job.url, journal, rateLimits: false, timeoutMs: 5000 })
  const onProgress = (event) => {
    if (event.kind === 'uploaded') process.stdout.write('UPLOADED ' + event.index + '\\n')
  }
  const report = await client.onboard({ groupId: job.groupId, assets, uploadRate: job.rate, onProgress })
  const items = report.items.map(({ assetUrl, assetId, status, errorCode }) => ({ assetUrl, assetId, status, errorCode }))
  process.stdout.write('REPORT ' + JSON.stringify({ items, uploadsSent: report.uploadsSent }) + '\\n')
`
// Bound on any one child: the runs below take seconds.
const CHILD_TIMEOUT_MS = 120_000

/** Starts a child onboarding `items` assets; `lines` yields its output lines as they come. */
function startChild(sim, { groupId, journal, items, rate, run }) {
  const job = { apiKey: sim.apiKey, url: sim.url, journal, groupId, items, rate, run }
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
    cwd: ROOT,
    env: { ...process.env, ONBOARD_JOB: JSON.stringify(job) },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let out = ''
  const waiters = []
  child.stdout.on('data', (d) => {
    out += d
    for (const w of waiters.splice(0)) w()
  })
  const exited = new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`child did not exit within ${CHILD_TIMEOUT_MS} ms:\n${out}`))
    }, CHILD_TIMEOUT_MS)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal })
    })
  })
  /** Resolves once the child has printed `n` lines starting with `prefix`. */
  const printed = async (prefix, n) => {
    while (out.split('\n').filter((l) => l.startsWith(prefix)).length < n) {
      await new Promise((resolve) => waiters.push(resolve))
    }
  }
  const report = async () => {
    const { code } = await exited
    assert.equal(code, 0, out)
    const line = out.split('\n').find((l) => l.startsWith('REPORT '))
    return JSON.parse(line.slice('REPORT '.length))
  }
  return { child, exited, printed, report }
}

function scratch(t) {
  const dir = mkdtempSync(join(tmpdir(), 'seedance-onboard-processes-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

test('a run killed mid-way is finished by a rerun on its journal without duplicates', async (t) => {
  const sim = await startSimulator(t, { processingDelayMs: 50, quotas: { uploadAsset: '5/s' } })
  const groupId = await validatedGroup(sim, clientFor(sim))
  sim.resetCounters()
  const job = { groupId, journal: join(scratch(t), 'journal.sqlite3'), items: 20, rate: '5/s', run: 'killed' }
  const first = startChild(sim, job)
  await first.printed('UPLOADED ', 4)
  first.child.kill('SIGKILL')
  assert.equal((await first.exited).signal, 'SIGKILL')
  const before = sim.requestCount('uploadAsset')
  assert.ok(before >= 4 && before < 20, `killed mid-run: ${before} uploads sent`)

  const report = await startChild(sim, job).report()
  const perUrl = sim.uploadsPerUrl()
  const ambiguous = report.items.filter((i) => i.status === 'Ambiguous')
  assert.ok(Object.values(perUrl).every((n) => n === 1), `an asset uploaded twice: ${JSON.stringify(perUrl)}`)
  assert.ok(ambiguous.length <= 1, 'only an upload the kill cut off may be unknown')
  assert.equal(report.items.filter((i) => i.status === 'Active').length, 20 - ambiguous.length, JSON.stringify(report))
  assert.ok(Object.keys(perUrl).length >= 20 - ambiguous.length, 'every item but an unknown one reached the service')
  // What the killed run had sent is not sent again: the two runs together sent each once, but
  // for a 429 now and then on a loaded machine (counted as sent, then sent again).
  const total = Object.values(perUrl).reduce((a, b) => a + b, 0)
  const refused = sim.quotaRefusals('uploadAsset')
  assert.ok(refused <= 2, `${refused} uploads refused`)
  assert.equal(report.uploadsSent + before, total + refused)
})

test('PostgreSQL: three processes onboarding one person share the work and the rate', async (t) => {
  const { url: journal } = await postgresJournal(t, 'seedance_node_onboard')

  const sim = await startSimulator(t, { processingDelayMs: 50, quotas: { uploadAsset: '10/s' } })
  const groupId = await validatedGroup(sim, clientFor(sim))
  sim.resetCounters()
  const job = { groupId, journal, items: 30, rate: '10/s', run: 'shared' }
  const reports = await Promise.all([0, 1, 2].map(() => startChild(sim, job).report()))
  for (const report of reports) {
    assert.deepEqual(
      report.items.map((i) => i.status),
      Array(30).fill('Active'),
    )
  }
  const perUrl = sim.uploadsPerUrl()
  assert.equal(Object.keys(perUrl).length, 30)
  assert.ok(Object.values(perUrl).every((n) => n === 1), JSON.stringify(perUrl))
  const refused = sim.quotaRefusals('uploadAsset')
  assert.ok(refused <= 2, `${refused} uploads refused: the processes did not share the rate`)
  assert.equal(reports.reduce((sum, r) => sum + r.uploadsSent, 0), 30 + refused, 'the processes split the uploads')
  assert.ok(sim.maxInWindow('uploadAsset', 1000) <= 10, 'together they kept to the rate')
})
