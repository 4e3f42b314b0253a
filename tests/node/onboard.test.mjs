// Onboarding through the public API (mirrors core/tests/onboard.rs): the quota kept, 429s
// recovered from, per-item outcomes, Pending at the run's limit, by reference through a
// journal, abort then resume without duplicates, bad input refused before any request, and
// the progress events.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  AbortError,
  ConfigurationError,
  InvalidArgumentError,
  Journal,
  RateLimitError,
  setLogger,
} from 'seedance-assets'
import { Simulator, SimulatorError } from 'seedance-assets/testing'
import { CALLBACK_URL, clientFor, since, startSimulator, validatedGroup } from './helpers.mjs'

const UPLOAD = 'uploadAsset'
/** Assets are `Active` soon after their upload. */
const FAST = { processingDelayMs: [50, 300] }
/** The fields an `onProgress` event may have (the core's ONBOARD_EVENT_FIELDS). */
const EVENT_FIELDS = new Set(['kind', 'index', 'assetId', 'code', 'message', 'reason', 'delayMs'])

/** `n` image items with distinct URLs. */
function items(n, prefix = 'p') {
  return Array.from({ length: n }, (_, i) => ({
    name: `photo ${i}`,
    assetType: 'Image',
    assetUrl: `https://cdn.example.com/${prefix}/${i}.jpg`,
  }))
}

/** A validated person's group of `sim` (its counters reset afterwards). */
async function group(sim, client) {
  const groupId = await validatedGroup(sim, client)
  sim.resetCounters()
  return groupId
}

/** A journal in a scratch directory (removed after the test). */
async function scratchJournal(t) {
  const dir = mkdtempSync(join(tmpdir(), 'seedance-onboard-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return Journal.open(join(dir, 'journal.sqlite3'))
}

/** The report's statuses in one line, for assertion messages. */
function summary(report) {
  return report.items.map((i) => `${i.name}:${i.status}${i.errorCode ? `(${i.errorCode})` : ''}`).join(' ')
}

test('every asset ends Active, the upload rate is never exceeded, and progress is reported', async (t) => {
  const sim = await startSimulator(t, { ...FAST, quotas: { uploadAsset: '20/s' } })
  const client = clientFor(sim)
  const groupId = await group(sim, client)
  const events = []
  const started = performance.now()
  const report = await client.onboard({
    groupId,
    assets: items(30),
    uploadRate: '20/s',
    onProgress: (event) => events.push(event),
  })

  assert.equal(report.active.length, 30, summary(report))
  assert.equal(report.groupId, groupId)
  // Paced at the quota, a request now and then can meet a 429 when a loaded machine delays one
  // and the next arrives in the same window; a pace that overshoots meets them every window.
  assert.ok(report.rateLimited <= 2, `${report.rateLimited} uploads refused`)
  assert.equal(report.uploadsSent, 30 + report.rateLimited)
  for (const list of ['failed', 'ambiguous', 'pending', 'rejected']) assert.deepEqual(report[list], [], list)
  const most = sim.maxInWindow(UPLOAD, 1000)
  assert.ok(most <= 20, `${most} uploads arrived within one second`)
  assert.equal(sim.quotaRefusals(UPLOAD), report.rateLimited)
  // 30 uploads at 20/s cannot take less than 29 intervals.
  assert.ok(since(started) >= 1400, `${since(started)} ms`)

  report.items.forEach((item, i) => {
    assert.equal(Object.getPrototypeOf(item), Object.prototype, 'items are plain objects')
    assert.equal(item.name, `photo ${i}`, 'items keep the request order')
    assert.equal(item.assetUrl, `https://cdn.example.com/p/${i}.jpg`)
    assert.equal(item.assetType, 'Image')
    assert.equal(item.status, 'Active')
    assert.equal(item.reference, `asset://${item.assetId}`)
    assert.equal(item.errorCode, undefined)
    assert.equal(item.errorMessage, undefined)
    assert.equal(item.key, undefined)
  })

  // Events arrive on the JS thread while the run goes on; the last may trail the answer a little.
  for (let i = 0; i < 50 && events.filter((e) => e.kind === 'active').length < 30; i++) await sleep(10)
  const kinds = (kind) => events.filter((e) => e.kind === kind)
  assert.equal(kinds('uploaded').length, 30)
  assert.equal(kinds('active').length, 30)
  for (const event of events) {
    assert.equal(Object.getPrototypeOf(event), Object.prototype, 'events are plain objects')
    for (const key of Object.keys(event)) assert.ok(EVENT_FIELDS.has(key), `unknown event field ${key}`)
    assert.equal(typeof event.index, 'number')
  }
  const active = kinds('active').find((e) => e.index === 3)
  assert.equal(active.assetId, report.items[3].assetId)
  // One shared poller, not a wait loop per asset: a handful of looks per asset at most.
  assert.ok(sim.requestCount('getAsset') <= 30 * 4, `${sim.requestCount('getAsset')} polls`)
})

test('a rate set twice the quota meets 429s, waits them out and ends all Active', async (t) => {
  const sim = await startSimulator(t, { ...FAST, quotas: { uploadAsset: '10/s' } })
  const client = clientFor(sim)
  const events = []
  const report = await client.onboard({
    groupId: await group(sim, client),
    assets: items(20),
    uploadRate: '20/s',
    onProgress: (event) => events.push(event),
  })

  assert.equal(report.active.length, 20, summary(report))
  assert.ok(report.rateLimited > 0, 'the quota was hit')
  assert.equal(report.rateLimited, sim.quotaRefusals(UPLOAD))
  assert.equal(sim.assetCount(), 20, 'a refused upload is sent again, an accepted one never')
  assert.ok(sim.maxInWindow(UPLOAD, 1000) <= 10)
  const retrying = events.filter((e) => e.kind === 'retrying')
  assert.ok(retrying.length > 0, 'the 429s were reported')
  for (const event of retrying) {
    assert.equal(typeof event.reason, 'string')
    assert.equal(typeof event.delayMs, 'number')
    assert.ok(event.delayMs >= 0)
  }
})

test("each item reports its own failure and the run goes on (resolves, doesn't reject)", async (t) => {
  const sim = await startSimulator(t, FAST)
  const client = clientFor(sim)
  const assets = [
    ...items(3),
    { name: 'wrong face', assetType: 'image', assetUrl: 'https://cdn.example.com/face-mismatch.jpg' },
    { name: 'private', assetType: 'Video', assetUrl: new URL('https://cdn.example.com/download-failed.mp4') },
  ]
  const groupId = await group(sim, client)
  sim.injectFault(UPLOAD, 'status', { code: 422 })
  const events = []
  const report = await client.onboard({
    groupId,
    assets,
    uploadRate: '50/s',
    concurrency: 1,
    onProgress: (event) => events.push(event),
  })

  assert.equal(report.active.length, 2, summary(report))
  assert.equal(report.failed.length, 3)
  const codes = report.failed.map((i) => i.errorCode)
  assert.ok(codes.includes('422'), codes.join())
  assert.ok(codes.includes('FaceMismatch'), codes.join())
  assert.ok(
    codes.some((c) => c.includes('DownloadFailed')),
    codes.join(),
  )
  for (const item of report.failed) {
    assert.equal(item.status, 'Failed')
    assert.equal(item.reference, undefined, 'only an Active item has a reference')
    assert.equal(typeof item.errorMessage, 'string')
  }
  const privateItem = report.items[4]
  assert.equal(privateItem.assetType, 'Video')
  assert.equal(privateItem.assetUrl, 'https://cdn.example.com/download-failed.mp4')
  assert.equal(privateItem.key, undefined)
  for (let i = 0; i < 50 && events.filter((e) => e.kind === 'failed').length < 3; i++) await sleep(10)
  const failed = events.filter((e) => e.kind === 'failed')
  assert.equal(failed.length, 3)
  for (const event of failed) {
    assert.equal(typeof event.code, 'string')
    assert.equal(typeof event.message, 'string')
  }
})

test('items still processing when the run’s time runs out are Pending', async (t) => {
  const sim = await startSimulator(t, { processingDelayMs: 30_000 })
  const client = clientFor(sim)
  const started = performance.now()
  const report = await client.onboard({
    groupId: await group(sim, client),
    assets: items(3),
    uploadRate: '50/s',
    timeoutMs: 1000,
  })
  assert.equal(report.pending.length, 3, summary(report))
  assert.ok(since(started) < 15_000, 'the run ended at its limit')
  for (const item of report.items) {
    assert.equal(item.status, 'Pending')
    assert.equal(typeof item.assetId, 'string', 'uploaded, still processing')
    assert.equal(item.reference, undefined)
    assert.equal(typeof item.errorMessage, 'string')
  }
})

test('a person is onboarded by reference through the journal', async (t) => {
  const sim = await startSimulator(t, FAST)
  const journal = await scratchJournal(t)
  const client = clientFor(sim, { journal })
  const session = await client.createValidationSession({ callbackUrl: CALLBACK_URL, reference: 'user-7' })
  const person = await client.completeValidation(sim.completeValidation(session.bytedToken))
  sim.resetCounters()

  const assets = [...items(2), { ...items(3)[2], key: 'user-7/portrait' }]
  const report = await client.onboard({ reference: 'user-7', assets, uploadRate: '20/s' })
  assert.equal(report.groupId, person.groupId)
  assert.equal(report.active.length, 3, summary(report))
  assert.equal(report.items[2].key, 'user-7/portrait')
  assert.equal((await journal.asset('user-7/portrait'))?.assetId, report.items[2].assetId)
  const recorded = await journal.assets({ reference: 'user-7' })
  assert.equal(recorded.length, 3)
  assert.deepEqual(recorded.map((a) => a.assetId).sort(), report.items.map((i) => i.assetId).sort())

  const unknown = await client.onboard({ reference: 'nobody', assets: items(1) }).catch((e) => e)
  assert.ok(unknown instanceof InvalidArgumentError, String(unknown))
  assert.equal(unknown.field, 'reference')
  const noJournal = await clientFor(sim)
    .onboard({ reference: 'user-7', assets: items(1) })
    .catch((e) => e)
  assert.ok(noJournal instanceof ConfigurationError, String(noJournal))
  assert.equal(sim.requestCount(UPLOAD), 3, 'the refused runs sent nothing')
})

test('an aborted run stops, and resumes from its journal without uploading any URL twice', async (t) => {
  const sim = await startSimulator(t, FAST)
  const journal = await scratchJournal(t)
  const client = clientFor(sim, { journal })
  const run = { groupId: await group(sim, client), assets: items(20), uploadRate: '10/s' }

  const aborted = await client.onboard({ ...run, signal: AbortSignal.timeout(700) }).catch((e) => e)
  assert.ok(aborted instanceof AbortError, String(aborted))
  const sentBefore = sim.requestCount(UPLOAD)
  assert.ok(sentBefore > 0 && sentBefore < 20, `${sentBefore}`)
  await sleep(400)
  assert.equal(sim.requestCount(UPLOAD), sentBefore, 'nothing is sent after the abort')

  const report = await client.onboard(run)
  const perUrl = sim.uploadsPerUrl()
  assert.ok(
    Object.values(perUrl).every((n) => n === 1),
    `no asset uploaded twice: ${JSON.stringify(perUrl)}`,
  )
  // An upload cut off mid-request is ambiguous, never resent; everything else is Active.
  assert.equal(report.active.length + report.ambiguous.length, 20, summary(report))
  assert.ok(report.ambiguous.length <= 1)
  assert.ok(report.uploadsSent <= 20 - sentBefore + 1, `${report.uploadsSent} sent on resume`)

  const before = sim.totalRequests()
  const already = await client.onboard({ ...run, signal: AbortSignal.abort() }).catch((e) => e)
  assert.ok(already instanceof AbortError, String(already))
  assert.equal(sim.totalRequests(), before, 'an aborted signal sends nothing')
})

test('a throwing onProgress is logged and the run goes on', async (t) => {
  const sim = await startSimulator(t, FAST)
  const client = clientFor(sim)
  const records = []
  setLogger((record) => records.push(record), { level: 'warn' })
  t.after(() => setLogger(null))
  let calls = 0
  const report = await client.onboard({
    groupId: await group(sim, client),
    assets: items(3),
    uploadRate: '20/s',
    onProgress: () => {
      calls += 1
      throw new Error('boom')
    },
  })
  assert.equal(report.active.length, 3, summary(report))
  for (let i = 0; i < 50 && records.length === 0; i++) await sleep(10)
  assert.ok(calls > 0)
  const logged = records.find((r) => r.target === 'seedance_assets::onboard')
  assert.ok(logged, JSON.stringify(records))
  assert.equal(logged.level, 'warn')
  assert.match(logged.message, /onProgress threw/)
  assert.equal(logged.fields.error, 'boom')
})

test('bad input is refused naming the field, before any request', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  const one = items(1)
  const withItem = (item) => ({ groupId: 'g-1', assets: [...one, item] })
  const cases = [
    [withItem({ name: 'x', assetType: 'Image', assetUrl: 'ftp://cdn.example.com/x.jpg' }), 'assets', /item 1/],
    [withItem({ name: 'x', assetType: 'Image', assetUrl: 42 }), 'assets', /item 1: `assetUrl` must be a string/],
    [withItem({ name: 'x', assetType: 'Image', assetURL: 'https://cdn.example.com/x.jpg' }), 'assets', /did you mean "assetUrl"/],
    [withItem({ assetType: 'Image', assetUrl: 'https://cdn.example.com/x.jpg' }), 'assets', /item 1: `name` is required/],
    [withItem({ name: 'x', assetType: 'Photo', assetUrl: 'https://cdn.example.com/x.jpg' }), 'assets', /assetType/],
    [withItem(null), 'assets', /item 1: must be an object/],
    [{ groupId: 'g-1', assets: one[0] }, 'assets', /must be an array/],
    [{ groupId: 'g-1', assets: [] }, 'assets', /at least one/],
    [{ groupId: 'g-1' }, 'assets', /required/],
    [{ groupId: 'g-1', assets: one, concurrency: 0 }, 'concurrency', /from 1 to 64/],
    [{ groupId: 'g-1', assets: one, concurrency: 65 }, 'concurrency', /from 1 to 64/],
    [{ groupId: 'g-1', assets: one, concurrency: 1.5 }, 'concurrency', /whole number/],
    [{ groupId: 'g-1', assets: one, timeoutMs: 0 }, 'timeoutMs', /greater than zero/],
    [{ groupId: 'g-1', assets: one, timeoutMs: 30 }, 'timeoutMs', /did you mean 30000/],
    [{ groupId: 'g-1', assets: one, uploadrate: '3/s' }, 'options', /did you mean "uploadRate"/],
    [{ groupId: 'g-1', assets: one, uploadRate: 'fast' }, 'uploadRate', /not a rate/],
    [{ groupId: 'g-1', assets: one, uploadRate: 120 }, 'uploadRate', /must be a string/],
    [{ groupId: 'g-1', assets: one, onProgress: 'log' }, 'onProgress', /must be a function/],
    [{ groupId: 'g-1', assets: one, signal: 'stop' }, 'signal', /AbortSignal/],
    [{ groupId: 'g-1', reference: 'user-1', assets: one }, 'reference', /not both/],
    [{ assets: one }, 'groupId', /reference or/],
    [{ groupId: 'bad group', assets: one }, 'groupId', /./],
  ]
  for (const [options, field, says] of cases) {
    const error = await client.onboard(options).catch((e) => e)
    const shown = `${JSON.stringify(options)} → ${error}`
    assert.ok(error instanceof InvalidArgumentError, shown)
    assert.equal(error.code, 'ERR_INVALID_ARGUMENT', shown)
    assert.equal(error.field, field, shown)
    assert.match(error.message, says, shown)
  }
  const none = await client.onboard().catch((e) => e)
  assert.ok(none instanceof InvalidArgumentError && none.field === 'assets', String(none))
  assert.equal(sim.totalRequests(), 0)
})

test('the simulator’s quotas: set at start or later, lifted with null, refusals counted', async (t) => {
  await assert.rejects(startAndClose({ quotas: { uploadAsset: 'fast' } }), SimulatorError)
  await assert.rejects(startAndClose({ quotas: { upload: '1/s' } }), SimulatorError)
  const sim = await startSimulator(t)
  assert.throws(() => sim.setQuota('nowhere', '1/s'), SimulatorError)
  assert.throws(() => sim.setQuota(UPLOAD, '0/min'), SimulatorError)
  const client = clientFor(sim, { maxRetries: 0 })
  const groupId = await group(sim, client)
  const upload = (i) =>
    client.uploadAsset({ name: `a${i}`, assetType: 'Image', assetUrl: `https://cdn.example.com/q/${i}.jpg`, groupId })

  sim.setQuota(UPLOAD, '1/min')
  await upload(1)
  await assert.rejects(upload(2), RateLimitError)
  assert.equal(sim.quotaRefusals(UPLOAD), 1)
  assert.equal(sim.quotaRefusals('asset-upload'), 1, 'by wire name too')
  sim.setQuota(UPLOAD, null)
  await upload(3)
  assert.equal(sim.maxInWindow(UPLOAD, 60_000), 2, 'refused requests are not counted')
  assert.equal(sim.quotaRefusals(UPLOAD), 1)
})

/** `Simulator.start`, closing what starts (the cases above expect it not to). */
async function startAndClose(options) {
  const sim = await Simulator.start(options)
  await sim.close()
  return sim
}

/** 100 items (the last one's URL forces `download-failed`) onboarded one at a time, so the
 * simulator's draws meet the uploads in order; the report, failures drawn and the assets. */
async function onboardWithFailures(t, chaos) {
  const sim = await startSimulator(t, { processingDelayMs: 10, chaos })
  const client = clientFor(sim)
  const assets = [...items(99, 'share'), { name: 'forced', assetType: 'Image', assetUrl: 'https://x.example/download-failed.jpg' }]
  const report = await client.onboard({ groupId: await group(sim, client), assets, uploadRate: '200/s', concurrency: 1 })
  return { report, drawn: sim.failuresDrawn(), records: sim.assets() }
}

test('a failure share fails that share of uploads with the reason drawn, and a seed repeats it', async (t) => {
  const chaos = { failureShare: 0.3, failureKinds: ['face_mismatch'], seed: 7 }
  const { report, drawn, records } = await onboardWithFailures(t, chaos)
  assert.ok(report.failed.length >= 15 && report.failed.length <= 45, summary(report))
  assert.equal(report.active.length + report.failed.length, 100)
  assert.equal(report.items[99].errorCode, 'InvalidParameter.DownloadFailed', 'the keyword still forces its reason')
  assert.deepEqual({ ...drawn }, { face_mismatch: report.failed.length - 1 })
  const byId = new Map(records.map((r) => [r.assetId, r]))
  for (const item of report.items) {
    const record = byId.get(item.assetId)
    assert.ok(record, `${item.name}: the simulator has ${item.assetId}`)
    assert.equal(record.status, item.status)
    assert.equal(record.errorCode ?? null, item.errorCode ?? null)
  }
  for (const item of report.failed.filter((i) => i.name !== 'forced')) assert.equal(item.errorCode, 'FaceMismatch')

  const again = await onboardWithFailures(t, chaos)
  const outcomes = (r) => r.items.map((i) => `${i.status}:${i.errorCode}`)
  assert.deepEqual(outcomes(again.report), outcomes(report), 'the same seed fails the same uploads')
  const other = await onboardWithFailures(t, { probability: 0, failureShare: 0.3, seed: 8 })
  assert.deepEqual(Object.keys(other.drawn).sort(), ['download_failed', 'face_mismatch'])
  assert.notDeepEqual(outcomes(other.report), outcomes(report))
})

test('bad failure settings are refused naming the option', async (t) => {
  const sim = await startSimulator(t)
  for (const [chaos, field] of [
    [{ failureShare: 1.5 }, 'failureShare'],
    [{ failureShare: -0.1 }, 'failureShare'],
    [{ failureShare: 0.2, failureKinds: ['face-mismatch'] }, 'failureKinds'],
    [{ failureShare: 0.2, failureKinds: [] }, 'failureKinds'],
  ]) {
    assert.throws(() => sim.setChaos(chaos), { name: 'SimulatorError', message: new RegExp(`chaos\\.${field}`) })
    await assert.rejects(Simulator.start({ chaos }), { name: 'SimulatorError', message: new RegExp(`chaos\\.${field}`) })
  }
})
