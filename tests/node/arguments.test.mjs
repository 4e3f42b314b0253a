// Arguments of the wrong JS type: an InvalidArgumentError naming the argument as the caller
// wrote it and the JS type it must have, never a Rust type name, and nothing sent.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Client, InvalidArgumentError, parseCallback, verifyCallback } from 'seedance-assets'
import { CALLBACK_URL, IMAGE_URL, clientFor, startSimulator } from './helpers.mjs'

/** What only a Rust or napi message would say. */
const RUST_WORDS = /rust type|Undefined|String`|\bf64\b|\bbool\b|HashMap|Params\b|Options\b|Either|napi/

/** Asserts `err` is the refusal of `field` as `must be <expected>, got <got>`. */
function assertRefused(err, field, expected, got) {
  assert.ok(err instanceof InvalidArgumentError, `${err?.constructor?.name}: ${err?.message}`)
  assert.equal(err.code, 'ERR_INVALID_ARGUMENT')
  assert.equal(err.field, field)
  assert.equal(err.message, `invalid argument \`${field}\`: must be ${expected}, got ${got}`)
  assert.doesNotMatch(err.message, RUST_WORDS)
  return true
}

const UPLOAD = { name: 'me', assetType: 'Image', assetUrl: IMAGE_URL }

/** [what, call(client), field, expected, got]; each must reject without a request. */
const ASYNC_CASES = [
  ['getAsset()', (c) => c.getAsset(), 'assetId', 'a string', 'undefined'],
  ['getAsset(42)', (c) => c.getAsset(42), 'assetId', 'a string', 'a number'],
  ['waitForAsset(null)', (c) => c.waitForAsset(null), 'assetId', 'a string', 'null'],
  ['getValidationResult({})', (c) => c.getValidationResult({}), 'bytedToken', 'a string', 'an object'],
  ['uploadAsset name', (c) => c.uploadAsset({ ...UPLOAD, name: 5 }), 'name', 'a string', 'a number'],
  ['uploadAsset assetType', (c) => c.uploadAsset({ ...UPLOAD, assetType: ['Image'] }), 'assetType', 'a string', 'an array'],
  ['uploadAsset groupId', (c) => c.uploadAsset({ ...UPLOAD, groupId: true }), 'groupId', 'a string', 'a boolean'],
  ['callbackUrl', (c) => c.createValidationSession({ callbackUrl: 5 }), 'callbackUrl', 'a string', 'a number'],
  ['language', (c) => c.createValidationSession({ callbackUrl: CALLBACK_URL, language: 1 }), 'language', 'a string', 'a number'],
  ['call timeoutMs', (c) => c.getAsset('a', { timeoutMs: '30' }), 'timeoutMs', 'a number', 'a string'],
  ['call deadlineMs', (c) => c.getAsset('a', { deadlineMs: {} }), 'deadlineMs', 'a number', 'an object'],
  ['call signal', (c) => c.getAsset('a', { signal: 'stop' }), 'signal', 'an AbortSignal', 'a string'],
  ['wait pollIntervalMs', (c) => c.waitForAsset('a', { pollIntervalMs: '1' }), 'pollIntervalMs', 'a number', 'a string'],
  ['wait onPoll', (c) => c.waitForAsset('a', { onPoll: 'log' }), 'onPoll', 'a function', 'a string'],
  ['params', (c) => c.uploadAsset('me'), 'params', 'an object', 'a string'],
]

for (const [what, call, field, expected, got] of ASYNC_CASES) {
  test(`${what}: refused naming \`${field}\`, nothing sent`, async (t) => {
    const sim = await startSimulator(t)
    const client = clientFor(sim)
    await assert.rejects(call(client), (err) => assertRefused(err, field, expected, got))
    assert.equal(sim.totalRequests(), 0)
  })
}

test('a missing required parameter is refused naming it, nothing sent', async (t) => {
  const sim = await startSimulator(t)
  await assert.rejects(clientFor(sim).createValidationSession({ callbackUrl: undefined }), (err) => {
    assert.ok(err instanceof InvalidArgumentError)
    assert.equal(err.field, 'callbackUrl')
    assert.equal(err.message, 'invalid argument `callbackUrl`: is required')
    return true
  })
  assert.equal(sim.totalRequests(), 0)
})

/** [what, make(), field, expected, got]: constructors and other synchronous calls. */
const SYNC_CASES = [
  ['timeoutMs', () => new Client({ apiKey: 'k', timeoutMs: '30' }), 'timeoutMs', 'a number', 'a string'],
  ['apiKey', () => new Client({ apiKey: 5 }), 'apiKey', 'a string', 'a number'],
  ['allowInsecureHttp', () => new Client({ apiKey: 'k', allowInsecureHttp: 'yes' }), 'allowInsecureHttp', 'a boolean', 'a string'],
  ['rateLimits', () => new Client({ apiKey: 'k', rateLimits: 5 }), 'rateLimits', 'a boolean or an object', 'a number'],
  [
    'rateLimits entry',
    () => new Client({ apiKey: 'k', rateLimits: { getAsset: 5 } }),
    'rateLimits',
    'a boolean, a string or an object',
    'a number',
  ],
  [
    'rateLimits maxRequests',
    () => new Client({ apiKey: 'k', rateLimits: { getAsset: { maxRequests: '5', perMs: 1000 } } }),
    'maxRequests',
    'a number',
    'a string',
  ],
  ['options', () => new Client('k'), 'options', 'an object', 'a string'],
  ['withOptions', () => new Client({ apiKey: 'k' }).withOptions({ maxRetries: '1' }), 'maxRetries', 'a number', 'a string'],
  ['verifyCallback(undefined)', () => verifyCallback(undefined), 'url', 'a string or a URL', 'undefined'],
  ['parseCallback(5)', () => parseCallback(5), 'url', 'a string or a URL', 'a number'],
  ['expectedToken', () => parseCallback('bytedToken=t&resultCode=10000', { expectedToken: 5 }), 'expectedToken', 'a string', 'a number'],
]

for (const [what, make, field, expected, got] of SYNC_CASES) {
  test(`${what}: refused naming \`${field}\``, () => {
    assert.throws(make, (err) => assertRefused(err, field, expected, got))
  })
}

test('a rate limit missing a field is refused naming it', () => {
  assert.throws(
    () => new Client({ apiKey: 'k', rateLimits: { getAsset: { maxRequests: 5 } } }),
    (err) => {
      assert.ok(err instanceof InvalidArgumentError)
      assert.equal(err.field, 'perMs')
      assert.doesNotMatch(err.message, RUST_WORDS)
      return true
    },
  )
})

test("a session's methods check their arguments too", async (t) => {
  const sim = await startSimulator(t)
  const session = await clientFor(sim).createValidationSession({ callbackUrl: CALLBACK_URL })
  assert.throws(() => session.h5LinkFor(5), (err) => assertRefused(err, 'language', 'a string', 'a number'))
  assert.throws(
    () => session.verifyCallback(undefined),
    (err) => assertRefused(err, 'url', 'a string or a URL', 'undefined'),
  )
  assert.equal(sim.totalRequests(), 1)
})

test('toString shows the base URL and a redacted key, not Rust Debug output', () => {
  const client = new Client({ apiKey: 'sk-secret-key', baseUrl: 'https://api.example.com' })
  assert.equal(String(client), 'Client(baseUrl=https://api.example.com/, apiKey=<redacted>)')
  assert.doesNotMatch(`${client}`, /CallOptions|api_key|base_url|\{|sk-secret/)
})

test("the simulator's controls name a wrong argument the same way", async (t) => {
  const { SimulatorError } = await import('seedance-assets/testing')
  const sim = await startSimulator(t)
  assert.throws(
    () => sim.completeValidation(5),
    (err) => {
      assert.ok(err instanceof SimulatorError)
      assert.equal(err.message, 'invalid argument `bytedToken`: must be a string, got a number')
      return true
    },
  )
  assert.throws(() => sim.injectFault(undefined, 'slow'), /`endpoint`: must be a string, got undefined/)
  assert.equal(sim.totalRequests(), 0)
})
