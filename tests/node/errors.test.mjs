// Every error class and code, provoked through the public API (simulator faults).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import * as sa from 'seedance-assets'
import { CALLBACK_URL, IMAGE_URL, clientFor, startSimulator } from './helpers.mjs'

/** Asserts `promise` rejects with an instance of `cls` whose code is `code`; returns the error. */
async function rejectsWith(promise, cls, code) {
  let caught
  await assert.rejects(promise, (err) => {
    caught = err
    return true
  })
  assert.ok(caught instanceof cls, `${caught?.name} is not a ${cls.name}: ${caught?.message}`)
  assert.ok(caught instanceof sa.SeedanceError)
  assert.ok(caught instanceof Error)
  assert.equal(caught.code, code)
  assert.equal(caught.name, cls.name)
  assert.equal(typeof caught.message, 'string')
  assert.ok('status' in caught && 'requestId' in caught)
  return caught
}

test('every documented code has its class', () => {
  const table = {
    ERR_INVALID_ARGUMENT: sa.InvalidArgumentError,
    ERR_CONFIGURATION: sa.ConfigurationError,
    ERR_AUTHENTICATION: sa.AuthenticationError,
    ERR_INSUFFICIENT_CREDITS: sa.InsufficientCreditsError,
    ERR_NOT_FOUND: sa.NotFoundError,
    ERR_UNPROCESSABLE: sa.UnprocessableError,
    ERR_RATE_LIMITED: sa.RateLimitError,
    ERR_SERVICE_UNAVAILABLE: sa.ServiceUnavailableError,
    ERR_SERVER: sa.ServerError,
    ERR_GENERATION_FAILED: sa.GenerationFailedError,
    ERR_FEATURE_DISABLED: sa.FeatureDisabledError,
    ERR_CONNECTION: sa.APIConnectionError,
    ERR_TIMEOUT: sa.APITimeoutError,
    ERR_OUTCOME_UNKNOWN: sa.OutcomeUnknownError,
    ERR_DECODE: sa.DecodeError,
    ERR_ASSET_FAILED: sa.AssetFailedError,
    ERR_WAIT_TIMEOUT: sa.WaitTimeoutError,
    ERR_CALLBACK: sa.CallbackError,
    ERR_ABORTED: sa.AbortError,
  }
  for (const [code, cls] of Object.entries(table)) {
    assert.equal(cls.code, code)
    assert.ok(cls.prototype instanceof sa.SeedanceError)
  }
})

test('service statuses map to their classes, with status, request id and envelope code', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim, { maxRetries: 0 })
  const cases = [
    [402, sa.InsufficientCreditsError, 'ERR_INSUFFICIENT_CREDITS'],
    [404, sa.NotFoundError, 'ERR_NOT_FOUND'],
    [422, sa.UnprocessableError, 'ERR_UNPROCESSABLE'],
    [455, sa.ServiceUnavailableError, 'ERR_SERVICE_UNAVAILABLE'],
    [500, sa.ServerError, 'ERR_SERVER'],
    [501, sa.GenerationFailedError, 'ERR_GENERATION_FAILED'],
    [505, sa.FeatureDisabledError, 'ERR_FEATURE_DISABLED'],
    [401, sa.AuthenticationError, 'ERR_AUTHENTICATION'],
    [429, sa.RateLimitError, 'ERR_RATE_LIMITED'],
    [400, sa.APIError, 'ERR_API'],
  ]
  for (const [status, cls, code] of cases) {
    sim.injectFault('asset-info', 'status', { code: status })
    const err = await rejectsWith(client.getAsset('asset-1'), cls, code)
    assert.ok(err instanceof sa.APIError)
    assert.equal(err.status, status)
    assert.equal(err.envelopeCode, status)
    assert.match(err.requestId, /\S/)
  }
})

test('the envelope code wins over HTTP 200', async (t) => {
  const sim = await startSimulator(t, { statusMode: 'envelope_only' })
  const client = clientFor(sim, { maxRetries: 0 })
  sim.injectFault('asset-info', 'status', { code: 402 })
  const err = await rejectsWith(client.getAsset('asset-1'), sa.InsufficientCreditsError, 'ERR_INSUFFICIENT_CREDITS')
  assert.equal(err.status, 200)
  assert.equal(err.envelopeCode, 402)
})

test('a wrong API key is an AuthenticationError', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim, { apiKey: 'not-the-key' })
  const err = await rejectsWith(client.getAsset('asset-1'), sa.AuthenticationError, 'ERR_AUTHENTICATION')
  assert.equal(err.status, 401)
})

test('rate limited without retries left is a RateLimitError with retryAfterMs', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim, { maxRetries: 0 })
  sim.injectFault('asset-info', 'rate_limited', { retryAfterSecs: 7 })
  const err = await rejectsWith(client.getAsset('asset-1'), sa.RateLimitError, 'ERR_RATE_LIMITED')
  assert.equal(err.status, 429)
  assert.equal(err.retryAfterMs, 7000)
})

test('configuration errors: no key, bad base URL', async (t) => {
  const saved = { ...process.env }
  t.after(() => {
    for (const key of ['SEEDANCE_API_KEY', 'CRUN_API_KEY']) {
      if (saved[key] === undefined) delete process.env[key]
      else process.env[key] = saved[key]
    }
  })
  delete process.env.SEEDANCE_API_KEY
  delete process.env.CRUN_API_KEY
  assert.throws(() => new sa.Client(), (err) => err instanceof sa.ConfigurationError && err.code === 'ERR_CONFIGURATION')
  assert.throws(
    () => new sa.Client({ apiKey: 'k', baseUrl: 'ftp://nowhere' }),
    (err) => err instanceof sa.ConfigurationError,
  )
})

test('connection failures are APIConnectionError', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim, { maxRetries: 0 })
  sim.injectFault('asset-info', 'drop_connection')
  await rejectsWith(client.getAsset('asset-1'), sa.APIConnectionError, 'ERR_CONNECTION')

  const closed = await startSimulator(t)
  const orphan = clientFor(closed, { maxRetries: 0 })
  await closed.close()
  await rejectsWith(orphan.getAsset('asset-1'), sa.APIConnectionError, 'ERR_CONNECTION')
})

test('a slow answer past timeoutMs is APITimeoutError', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim, { maxRetries: 0 })
  sim.injectFault('asset-info', 'slow', { delayMs: 3000 })
  await rejectsWith(client.getAsset('asset-1', { timeoutMs: 200 }), sa.APITimeoutError, 'ERR_TIMEOUT')
})

test('bodies that are not the envelope are DecodeError (GET) or OutcomeUnknownError (POST)', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim, { maxRetries: 0 })
  sim.injectFault('asset-info', 'malformed_body')
  const decode = await rejectsWith(client.getAsset('asset-1'), sa.DecodeError, 'ERR_DECODE')
  assert.equal(decode.status, 200)
  sim.injectFault('asset-info', 'missing_data')
  await rejectsWith(client.getAsset('asset-1'), sa.DecodeError, 'ERR_DECODE')
  sim.injectFault('asset-upload', 'malformed_body')
  const unknown = await rejectsWith(
    client.uploadAsset({ name: 'a', assetType: 'Image', assetUrl: IMAGE_URL }),
    sa.OutcomeUnknownError,
    'ERR_OUTCOME_UNKNOWN',
  )
  assert.ok(unknown.cause instanceof sa.DecodeError)
})

test('an HTML error page from a proxy keeps its HTTP status', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim, { maxRetries: 0 })
  sim.injectFault('asset-info', 'html_error', { httpStatus: 502 })
  const err = await rejectsWith(client.getAsset('asset-1'), sa.ServerError, 'ERR_SERVER')
  assert.equal(err.status, 502)
  assert.ok(err.envelopeCode == null, 'no envelope in an HTML page')
  assert.match(err.message, /HTTP 502: an HTML page, titled "502 Bad Gateway"/)
  assert.doesNotMatch(err.message, /<center>/)
})

test('POST answered 500 after its side effect: OutcomeUnknownError, not retried, one asset', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim, { maxRetries: 3 })
  sim.injectFault('asset-upload', 'server_error_after')
  const err = await rejectsWith(
    client.uploadAsset({ name: 'a', assetType: 'Image', assetUrl: IMAGE_URL }),
    sa.OutcomeUnknownError,
    'ERR_OUTCOME_UNKNOWN',
  )
  assert.equal(err.operation, 'asset-upload')
  assert.equal(err.status, 500)
  assert.ok(err.cause instanceof sa.ServerError)
  assert.equal(sim.requestCount('asset-upload'), 1)
  assert.equal(sim.assetCount(), 1)
})

test('an asset that fails review is AssetFailedError with the asset', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  const { assetId } = await client.uploadAsset({
    name: 'a',
    assetType: 'Image',
    assetUrl: 'https://cdn.example.com/face-mismatch.jpg',
  })
  const err = await rejectsWith(
    client.waitForAsset(assetId, { timeoutMs: 20_000, pollIntervalMs: 50 }),
    sa.AssetFailedError,
    'ERR_ASSET_FAILED',
  )
  assert.equal(err.asset.assetId, assetId)
  assert.equal(err.asset.status, 'Failed')
  assert.equal(err.asset.errorCode, 'FaceMismatch')
  assert.ok(err.asset.updateTime instanceof Date)
})

test('waiting past the deadline is WaitTimeoutError with the last asset seen', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  const { assetId } = await client.uploadAsset({ name: 'a', assetType: 'Image', assetUrl: IMAGE_URL })
  sim.setAssetStatus(assetId, 'Reviewing')
  const started = performance.now()
  const err = await rejectsWith(
    client.waitForAsset(assetId, { timeoutMs: 1200, pollIntervalMs: 100 }),
    sa.WaitTimeoutError,
    'ERR_WAIT_TIMEOUT',
  )
  const took = performance.now() - started
  assert.ok(took >= 1000, `gave up after ${took} ms`)
  assert.ok(took < 15_000, `took ${took} ms`)
  assert.equal(err.last.status, 'Reviewing')
  assert.equal(err.assetId, assetId)
  assert.ok(err.waitedMs >= 1000)
})

test('callback refusals are CallbackError with the reason', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  const session = await client.createValidationSession({ callbackUrl: CALLBACK_URL })
  const failed = sim.completeValidation(session.bytedToken, { passed: false })
  const notPassed = (() => {
    try {
      session.verifyCallback(failed)
    } catch (e) {
      return e
    }
  })()
  assert.ok(notPassed instanceof sa.CallbackError)
  assert.equal(notPassed.code, 'ERR_CALLBACK')
  assert.equal(notPassed.failure, 'not_passed')
  assert.notEqual(notPassed.resultCode, '10000')

  assert.throws(
    () => session.verifyCallback('https://app.example.com/cb?bytedToken=other&resultCode=10000'),
    (e) => e instanceof sa.CallbackError && e.failure === 'token_mismatch' && !e.message.includes(session.bytedToken),
  )
  assert.throws(
    () => sa.parseCallback('https://app.example.com/cb?nothing=here'),
    (e) => e instanceof sa.CallbackError && e.failure === 'malformed',
  )
  assert.throws(
    () => sa.verifyCallback('bytedToken=t&resultCode=10000', { expectedToken: 'u' }),
    (e) => e instanceof sa.CallbackError && e.failure === 'token_mismatch',
  )
})

test('bad input is InvalidArgumentError and sends nothing', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  const bad = [
    () => client.createValidationSession({ callbackUrl: 'not a url' }),
    () => client.createValidationSession({}),
    () => client.createValidationSession('https://app.example.com/cb'),
    () => client.createValidationSession({ callbackUrl: CALLBACK_URL, language: 'klingon' }),
    () => client.getValidationResult(''),
    () => client.getValidationResult(42),
    () => client.uploadAsset({ name: 'a', assetType: 'Hologram', assetUrl: IMAGE_URL }),
    () => client.uploadAsset({ name: 'a', assetType: 'Image', assetUrl: 'ftp://x/y.jpg' }),
    () => client.uploadAsset({ name: '', assetType: 'Image', assetUrl: IMAGE_URL }),
    () => client.uploadAsset({ name: 'a', assetType: 'Image' }),
    () => client.uploadAsset({ name: 12, assetType: 'Image', assetUrl: IMAGE_URL }),
    () => client.uploadAsset(null),
    () => client.getAsset(''),
    () => client.getAsset(undefined),
    () => client.getAsset('asset-1', { timeoutMs: -5 }),
    () => client.getAsset('asset-1', { maxRetries: 1.5 }),
    () => client.getAsset('asset-1', { signal: 'yes' }),
    () => client.waitForAsset('asset-1', { timeoutMs: 0 }),
    () => client.waitForAsset('asset-1', { pollIntervalMs: 0 }),
    () => client.waitForAsset('asset-1', { timeoutMs: Number.NaN }),
  ]
  for (const call of bad) {
    const err = await call().then(
      () => assert.fail(`${call} resolved`),
      (e) => e,
    )
    assert.ok(err instanceof sa.InvalidArgumentError, `${call}: ${err.name} ${err.message}`)
    assert.equal(err.code, 'ERR_INVALID_ARGUMENT')
  }
  const named = await client
    .uploadAsset({ name: 'a', assetType: 'Image', assetUrl: 'data:image/png;base64,iVBORw0KGgo=' })
    .catch((e) => e)
  assert.equal(named.field, 'assetUrl', 'arguments are named as JS callers write them')
  assert.match(named.message, /`assetUrl`/)
  assert.throws(() => new sa.Client({ apiKey: 'k', baseUrl: sim.url, timeoutMs: -1 }), sa.InvalidArgumentError)
  assert.throws(() => new sa.Client({ apiKey: 'k', baseUrl: sim.url, maxRetries: -1 }), sa.InvalidArgumentError)
  assert.throws(() => new sa.Client('key'), sa.InvalidArgumentError)
  assert.equal(sim.totalRequests(), 0)
})
