// Progress and logs of a slow wait: `onPoll` events, the `setLogger` hook and `SEEDANCE_LOG`.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { InvalidArgumentError, setLogger } from 'seedance-assets'
import { IMAGE_URL, clientFor, runChild, startSimulator } from './helpers.mjs'

const SECRET = 'sk-live-logging-0123456789abcdef'

/** Resolves once `check()` holds: events cross from the runtime without blocking it. */
async function until(check) {
  const deadline = performance.now() + 10_000
  while (!check() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10))
  assert.ok(check(), 'never happened')
}

/** An uploaded asset whose first poll answers 429 (Retry-After: 1 s). */
async function rateLimitedAsset(t, options) {
  const sim = await startSimulator(t, options)
  const client = clientFor(sim)
  const { assetId } = await client.uploadAsset({ name: 'a', assetType: 'Image', assetUrl: IMAGE_URL })
  sim.injectFault('asset-info', 'rate_limited', { retryAfterSecs: 1 })
  return { client, assetId }
}

test('onPoll hears of the 429 retry before the final Active poll', async (t) => {
  const { client, assetId } = await rateLimitedAsset(t)
  const events = []
  const asset = await client.waitForAsset(assetId, { pollIntervalMs: 50, timeoutMs: 30_000, onPoll: (e) => events.push(e) })
  assert.equal(asset.status, 'Active')
  await until(() => events.at(-1)?.status === 'Active')
  const retry = events.findIndex((e) => e.kind === 'retrying')
  assert.ok(retry >= 0, JSON.stringify(events))
  assert.equal(events[retry].code, 'ERR_RATE_LIMITED')
  assert.ok(events[retry].delayMs >= 900, JSON.stringify(events[retry]))
  const last = events.at(-1)
  assert.equal(last.kind, 'polled')
  assert.equal(last.status, 'Active')
  assert.equal(typeof last.elapsedMs, 'number')
  assert.ok(retry < events.length - 1)
})

test('a throwing onPoll does not break the wait', async (t) => {
  const { client, assetId } = await rateLimitedAsset(t)
  let calls = 0
  const onPoll = () => {
    calls += 1
    throw new Error('callback bug')
  }
  const asset = await client.waitForAsset(assetId, { pollIntervalMs: 50, timeoutMs: 30_000, onPoll })
  assert.equal(asset.status, 'Active')
  await until(() => calls >= 2)
})

test('onPoll must be a function', async (t) => {
  const sim = await startSimulator(t)
  await assert.rejects(clientFor(sim).waitForAsset('asset-1', { onPoll: 'yes' }), InvalidArgumentError)
})

test('setLogger receives the retry record, without the key', async (t) => {
  const { client, assetId } = await rateLimitedAsset(t, { apiKey: SECRET })
  const records = []
  setLogger((record) => records.push(record), { level: 'debug' })
  t.after(() => setLogger(null))
  await client.waitForAsset(assetId, { pollIntervalMs: 50, timeoutMs: 30_000 })
  await until(() => records.some((r) => r.message === 'retrying after a transient failure'))
  const retry = records.find((r) => r.message === 'retrying after a transient failure')
  assert.ok(retry, JSON.stringify(records))
  assert.equal(retry.level, 'info')
  assert.equal(retry.target, 'seedance_assets::http')
  assert.equal(retry.fields.code, 'ERR_RATE_LIMITED')
  assert.ok(records.some((r) => r.level === 'debug'), 'one debug record per HTTP attempt')
  assert.ok(!JSON.stringify(records).includes(SECRET))
  assert.throws(() => setLogger(() => {}, { level: 'loud' }), InvalidArgumentError)
})

test('SEEDANCE_LOG=info writes the retry line to stderr, and nothing of the key', async () => {
  const { code, out } = await runChild(`
    process.env.SEEDANCE_LOG = 'info'
    const { Simulator } = await import('seedance-assets/testing')
    const sim = await Simulator.start({ apiKey: ${JSON.stringify(SECRET)} })
    const client = sim.client({ rateLimits: false })
    const { assetId } = await client.uploadAsset({ name: 'a', assetType: 'Image', assetUrl: ${JSON.stringify(IMAGE_URL)} })
    sim.injectFault('asset-info', 'rate_limited', { retryAfterSecs: 1 })
    await client.waitForAsset(assetId, { pollIntervalMs: 50 })
    await sim.close()
  `)
  assert.equal(code, 0, out)
  assert.match(out, /seedance_assets::http INFO retrying after a transient failure .*code=ERR_RATE_LIMITED/)
  assert.ok(!out.includes(SECRET), out)
  assert.ok(!out.includes(' DEBUG '), 'debug records stay off at info')
})
