// Retries live in the core; these check they are reachable from Node and keep the POST rule.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { APITimeoutError, OutcomeUnknownError, RateLimitError } from 'seedance-assets'
import { IMAGE_URL, clientFor, since, startSimulator } from './helpers.mjs'

test('a 429 is retried after at least its Retry-After, then succeeds', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim, { maxRetries: 2 })
  const { assetId } = await client.uploadAsset({ name: 'a', assetType: 'Image', assetUrl: IMAGE_URL })
  sim.resetCounters()
  sim.injectFault('asset-info', 'rate_limited', { retryAfterSecs: 1 })
  const started = performance.now()
  const asset = await client.getAsset(assetId)
  const took = since(started)
  assert.equal(asset.assetId, assetId)
  assert.equal(sim.requestCount('asset-info'), 2)
  assert.ok(took >= 950, `retried after ${took} ms, before the Retry-After`)
  assert.ok(took < 20_000)
})

test('retries run out: the last error is reported', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim, { maxRetries: 1 })
  sim.injectFault('asset-info', 'rate_limited', { retryAfterSecs: 0, times: 5 })
  await assert.rejects(client.getAsset('asset-1'), RateLimitError)
  assert.equal(sim.requestCount('asset-info'), 2)
})

test('GET 5xx, 455 and dropped connections are retried', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim, { maxRetries: 3 })
  const { assetId } = await client.uploadAsset({ name: 'a', assetType: 'Image', assetUrl: IMAGE_URL })
  sim.resetCounters()
  sim.injectFault('asset-info', 'server_error_before')
  sim.injectFault('asset-info', 'service_unavailable')
  sim.injectFault('asset-info', 'drop_connection')
  const asset = await client.getAsset(assetId)
  assert.equal(asset.assetId, assetId)
  assert.equal(sim.requestCount('asset-info'), 4)
})

test('a POST answered 429 is retried (nothing happened) and creates one asset', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim, { maxRetries: 2 })
  sim.injectFault('asset-upload', 'rate_limited', { retryAfterSecs: 0 })
  const { assetId } = await client.uploadAsset({ name: 'a', assetType: 'Image', assetUrl: IMAGE_URL })
  assert.ok(assetId)
  assert.equal(sim.requestCount('asset-upload'), 2)
  assert.equal(sim.assetCount(), 1)
})

test('POSTs that may have arrived are never resent', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim, { maxRetries: 5 })
  const upload = () => client.uploadAsset({ name: 'a', assetType: 'Image', assetUrl: IMAGE_URL })

  sim.injectFault('asset-upload', 'server_error_after')
  await assert.rejects(upload(), OutcomeUnknownError)
  assert.equal(sim.requestCount('asset-upload'), 1)
  assert.equal(sim.assetCount(), 1, 'the side effect happened once')

  sim.resetCounters()
  sim.injectFault('asset-upload', 'slow', { delayMs: 2000 })
  await assert.rejects(client.uploadAsset({ name: 'b', assetType: 'Image', assetUrl: IMAGE_URL }, { timeoutMs: 200 }), {
    code: 'ERR_OUTCOME_UNKNOWN',
  })
  assert.equal(sim.requestCount('asset-upload'), 1)

  sim.resetCounters()
  sim.injectFault('visual-validate-session', 'server_error_after')
  await assert.rejects(
    client.createValidationSession({ callbackUrl: 'https://app.example.com/cb' }),
    OutcomeUnknownError,
  )
  assert.equal(sim.requestCount('visual-validate-session'), 1)
  assert.equal(sim.sessionCount(), 1)
})

test('deadlineMs: a Retry-After past the deadline is not waited for', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim, { maxRetries: 10 })
  sim.injectFault('asset-info', 'rate_limited', { retryAfterSecs: 30, times: 10 })
  const started = performance.now()
  const err = await client.getAsset('asset-1', { deadlineMs: 500 }).catch((e) => e)
  const took = since(started)
  assert.ok(err instanceof RateLimitError, `${err.name}: ${err.message}`)
  assert.equal(err.retryAfterMs, 30_000)
  assert.equal(sim.requestCount('asset-info'), 1, 'no retry: the wait would pass the deadline')
  assert.ok(took < 10_000, `took ${took} ms`)
})

test('deadlineMs bounds a slow attempt', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim, { maxRetries: 10 })
  sim.injectFault('asset-info', 'slow', { delayMs: 20_000, times: 10 })
  const started = performance.now()
  const err = await client.getAsset('asset-1', { deadlineMs: 500 }).catch((e) => e)
  const took = since(started)
  assert.ok(err instanceof APITimeoutError, `${err.name}: ${err.message}`)
  assert.ok(took >= 450, `gave up after ${took} ms, before the deadline`)
  assert.ok(took < 15_000, `took ${took} ms`)
})
