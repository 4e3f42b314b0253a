// One surface: the hierarchy, option names and checks are the core's, the same as Python's.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as sa from 'seedance-assets'
import { CALLBACK_URL, IMAGE_URL, clientFor, startSimulator, validatedGroup } from './helpers.mjs'

/** The InvalidArgumentError `run` throws or rejects with. */
async function invalid(run) {
  let caught
  try {
    await run()
  } catch (error) {
    caught = error
  }
  assert.ok(caught instanceof sa.InvalidArgumentError, `${caught?.name}: ${caught?.message}`)
  assert.equal(caught.code, 'ERR_INVALID_ARGUMENT')
  return caught
}

test('one hierarchy: a timeout is a connection error, APIError is the old name of APIStatusError', () => {
  assert.ok(sa.APITimeoutError.prototype instanceof sa.APIConnectionError)
  assert.ok(sa.RateLimitError.prototype instanceof sa.APIStatusError)
  assert.equal(sa.APIError, sa.APIStatusError)
  assert.equal(sa.APIStatusError.code, 'ERR_API')
  assert.equal(typeof sa.RateLimitError.description, 'string')
})

test('a misspelt option is an error with a hint, and nothing is sent', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  const groupId = await validatedGroup(sim, client)
  sim.resetCounters()
  const err = await invalid(() =>
    client.uploadAsset({ name: 'front', assetType: 'Image', assetUrl: IMAGE_URL, groupID: groupId }),
  )
  assert.equal(err.field, 'params')
  assert.match(err.message, /unknown option "groupID".*did you mean "groupId"/)
  await invalid(() => client.getAsset('asset-1', { timeout: 5 }))
  assert.throws(() => new sa.Client({ api_key: 'x', baseUrl: sim.url }), /did you mean "apiKey"/)
  assert.throws(() => sim.client({ rateLimits: { getAset: '1/s' } }), /did you mean "getAsset"/)
  assert.equal(sim.requestCount(), 0)
})

test('durations in the wrong unit are refused with a hint about units', async (t) => {
  const sim = await startSimulator(t)
  const err = await invalid(() => sim.client({ timeoutMs: 30 }))
  assert.equal(err.field, 'timeoutMs')
  assert.match(err.message, /milliseconds: did you mean 30000\?/)
  const zero = await invalid(() => clientFor(sim).waitForAsset('asset-1', { timeoutMs: 0 }))
  assert.equal(zero.field, 'timeoutMs')
  const rate = await invalid(() => sim.client({ rateLimits: { uploadAsset: { maxRequests: 0, perMs: 1000 } } }))
  assert.equal(rate.field, 'maxRequests')
})

test('rate-limit keys are the method names, and rates read as the account states them', async (t) => {
  const sim = await startSimulator(t)
  const client = sim.client({ rateLimits: { getAsset: '1/min' } })
  const groupId = await validatedGroup(sim, client)
  const { assetId } = await client.uploadAsset({ name: 'a', assetType: 'Image', assetUrl: IMAGE_URL, groupId })
  await client.getAsset(assetId)
  const err = await client
    .withOptions({ deadlineMs: 300 })
    .getAsset(assetId)
    .catch((e) => e)
  assert.ok(err instanceof sa.RateLimitError, `${err?.name}: ${err?.message}`)
  assert.equal(err.status, null)
  assert.ok(err.waitedMs >= 250, `${err.waitedMs}`)
  assert.match(err.message, /queued locally .* client-side rate limit/)
})

test('a wait honours deadlineMs: the earlier of the two ends it', async (t) => {
  const sim = await startSimulator(t, { processingDelayMs: 3_600_000 })
  const client = clientFor(sim)
  const groupId = await validatedGroup(sim, client)
  const { assetId } = await client.uploadAsset({ name: 'a', assetType: 'Image', assetUrl: IMAGE_URL, groupId })
  const started = performance.now()
  const err = await client.waitForAsset(assetId, { deadlineMs: 500 }).catch((e) => e)
  const waited = performance.now() - started
  assert.ok(err instanceof sa.WaitTimeoutError, `${err?.name}: ${err?.message}`)
  assert.ok(waited >= 450, `${waited}`)
  assert.ok(waited < 5_000, `${waited}`)
  assert.doesNotMatch(err.message, /\d\.\d{4,}s/, 'durations read like 1.5 s')
})

test('URL objects are accepted where URLs go', async (t) => {
  const sim = await startSimulator(t)
  const session = await clientFor(sim).createValidationSession({ callbackUrl: new URL(CALLBACK_URL) })
  assert.equal(session.callbackUrl, CALLBACK_URL)
})

test('a session knows the TTL of the service it came from', async (t) => {
  const sim = await startSimulator(t, { linkTtlMs: 1000 })
  const session = await clientFor(sim).createValidationSession({ callbackUrl: CALLBACK_URL })
  assert.equal(session.expiresAt.getTime() - session.createdAt.getTime(), 1000)
  await new Promise((resolve) => setTimeout(resolve, 1200))
  assert.equal(session.isExpired(), true)
  const err = await clientFor(sim)
    .getValidationResult(session.bytedToken)
    .catch((e) => e)
  assert.ok(err instanceof sa.UnprocessableError, `${err?.name}: ${err?.message}`)
  assert.match(err.message, /expired: create a new session/)
})

test('a callback failure is `reason`, as in Python (`failure` is its deprecated alias)', () => {
  const err = (() => {
    try {
      sa.verifyCallback(`${CALLBACK_URL}?bytedToken=t&resultCode=20000`)
    } catch (e) {
      return e
    }
  })()
  assert.ok(err instanceof sa.CallbackError)
  assert.equal(err.reason, 'not_passed')
  assert.equal(err.failure, 'not_passed')
})

test('a reference passed for an id gets a hint; a URL with spaces says how to fix it', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  const err = await invalid(() => client.getAsset('asset://asset-1'))
  assert.equal(err.field, 'assetId')
  assert.match(err.message, /pass "asset-1"/)
  const spaced = await invalid(() =>
    client.uploadAsset({ name: 'a', assetType: 'Image', assetUrl: 'https://cdn.example/my photo.jpg' }),
  )
  assert.equal(spaced.field, 'assetUrl')
  assert.match(spaced.message, /%20/)
  assert.equal(sim.requestCount(), 0)
})
