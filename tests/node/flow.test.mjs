// The four steps through the public API, as the README tells a user to run them.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import * as esm from 'seedance-assets'
import { Client, ValidationSession, parseCallback, verifyCallback, version } from 'seedance-assets'
import { CALLBACK_URL, IMAGE_URL, clientFor, startSimulator } from './helpers.mjs'

test('the four steps: session, callback, group, upload, wait until Active', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)

  const session = await client.createValidationSession({ callbackUrl: CALLBACK_URL })
  assert.ok(session instanceof ValidationSession)
  assert.match(session.bytedToken, /^\w+$/)
  assert.ok(session.h5Link.startsWith(sim.url))
  assert.equal(session.callbackUrl, CALLBACK_URL)
  assert.ok(session.createdAt instanceof Date)
  assert.equal(session.expiresAt.getTime() - session.createdAt.getTime(), 120_000)
  assert.equal(session.isExpired(), false)

  const callbackUrl = sim.completeValidation(session.bytedToken, { passed: true })
  const callback = session.verifyCallback(callbackUrl)
  assert.equal(callback.passed, true)
  assert.equal(callback.resultCode, '10000')
  assert.equal(callback.bytedToken, session.bytedToken)

  const result = await client.getValidationResult(session.bytedToken)
  assert.equal(typeof result.groupId, 'string')
  assert.deepEqual(Object.keys(result), ['groupId', 'requestId'])

  const uploaded = await client.uploadAsset({
    name: 'portrait',
    assetType: 'Image',
    assetUrl: IMAGE_URL,
    groupId: result.groupId,
  })
  assert.equal(uploaded.reference, `asset://${uploaded.assetId}`)
  assert.equal(Object.getPrototypeOf(uploaded), Object.prototype, 'models are plain objects')

  const first = await client.getAsset(uploaded.assetId)
  assert.equal(first.assetId, uploaded.assetId)
  assert.ok(['Processing', 'Active'].includes(first.status))

  const asset = await client.waitForAsset(uploaded.assetId, { timeoutMs: 30_000, pollIntervalMs: 50 })
  assert.equal(asset.status, 'Active')
  assert.equal(asset.name, 'portrait')
  assert.equal(asset.assetType, 'Image')
  assert.equal(asset.reference, `asset://${uploaded.assetId}`)
  assert.ok(asset.createTime instanceof Date)
  assert.ok(asset.updateTime instanceof Date)
  assert.equal(asset.raw.AssetId, uploaded.assetId)
  assert.equal(JSON.parse(JSON.stringify(asset)).assetId, uploaded.assetId)
  assert.equal(sim.assetCount(), 1)
  assert.equal(sim.sessionCount(), 1)
})

test('unix timestamps become Dates too', async (t) => {
  const sim = await startSimulator(t, { timeFormat: 'unix', processingDelayMs: 0 })
  const client = clientFor(sim)
  const { assetId } = await client.uploadAsset({ name: 'a', assetType: 'video', assetUrl: IMAGE_URL })
  const asset = await client.waitForAsset(assetId, { timeoutMs: 10_000, pollIntervalMs: 50 })
  assert.ok(asset.createTime instanceof Date)
  assert.ok(Math.abs(asset.createTime.getTime() - Date.now()) < 600_000)
})

test('session language and h5LinkFor', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  const session = await client.createValidationSession({ callbackUrl: CALLBACK_URL, language: 'en' })
  assert.equal(new URL(session.h5Link).searchParams.get('lng'), 'en')
  const hant = new URL(session.h5LinkFor('zh-Hant'))
  assert.equal(hant.searchParams.get('lng'), 'zh-Hant')
  assert.equal(hant.searchParams.getAll('lng').length, 1)
  assert.throws(() => session.h5LinkFor('fr'), { code: 'ERR_INVALID_ARGUMENT' })
})

test('a stored session comes back from JSON; isExpired compares expiresAt with the clock', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  const session = await client.createValidationSession({ callbackUrl: CALLBACK_URL })
  const restored = new ValidationSession(JSON.parse(JSON.stringify(session.toStorable())))
  assert.deepEqual(restored, session)
  assert.equal(restored.isExpired(), false)
  const callback = sim.completeValidation(session.bytedToken, { passed: true })
  assert.equal(restored.verifyCallback(callback).passed, true)
  const old = new ValidationSession({ ...session, expiresAt: new Date(Date.now() - 1000) })
  assert.equal(old.isExpired(), true)
})

test('parseCallback and verifyCallback accept URLs, paths and bare queries', () => {
  const query = 'bytedToken=tok123&resultCode=10000&algorithmBaseRespCode=0&verify_type=real_time&extra1=x'
  for (const input of [
    `https://app.example.com/cb?${query}`,
    new URL(`https://app.example.com/cb?${query}`),
    `/cb?${query}`,
    query,
  ]) {
    const parsed = parseCallback(input)
    assert.equal(parsed.bytedToken, 'tok123')
    assert.equal(parsed.passed, true)
    assert.equal(parsed.verifyType, 'real_time')
    assert.equal(parsed.algorithmBaseRespCode, '0')
    assert.deepEqual(parsed.extra, { extra1: 'x' })
  }
  assert.equal(parseCallback(query, { expectedToken: 'tok123' }).passed, true)
  const failed = parseCallback('bytedToken=tok123&resultCode=20001')
  assert.equal(failed.passed, false)
  assert.equal(verifyCallback(query, { expectedToken: 'tok123' }).passed, true)
})

test('require and import give the same classes', () => {
  const require = createRequire(import.meta.url)
  const cjs = require('seedance-assets')
  assert.equal(cjs.Client, Client)
  assert.equal(cjs.RateLimitError, esm.RateLimitError)
  assert.equal(require('seedance-assets/testing').Simulator.name, 'Simulator')
  assert.match(version, /^\d+\.\d+\.\d+/)
  assert.equal(esm.default.Client, Client)
})

test('the ESM entry exports exactly the CommonJS exports, the same objects', () => {
  const require = createRequire(import.meta.url)
  const cjs = require('seedance-assets')
  const named = Object.entries(esm).filter(([name]) => name !== 'default')
  assert.deepEqual(named.map(([name]) => name).sort(), Object.keys(cjs).sort())
  for (const [name, value] of named) assert.equal(value, cjs[name], name)
  assert.ok(cjs.InternalError.prototype instanceof cjs.SeedanceError)
})

test('withOptions shares the client and applies per-call defaults', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  const strict = client.withOptions({ maxRetries: 0 })
  assert.ok(strict instanceof Client)
  assert.equal(strict.baseUrl, client.baseUrl)
  sim.injectFault('asset-info', 'service_unavailable', { times: 1 })
  await assert.rejects(strict.getAsset('asset-x'), { code: 'ERR_SERVICE_UNAVAILABLE' })
  assert.equal(sim.requestCount('asset-info'), 1)
})

test('the client reads SEEDANCE_API_KEY and SEEDANCE_BASE_URL', async (t) => {
  const sim = await startSimulator(t)
  const saved = { ...process.env }
  t.after(() => {
    for (const key of ['SEEDANCE_API_KEY', 'CRUN_API_KEY', 'SEEDANCE_BASE_URL']) {
      if (saved[key] === undefined) delete process.env[key]
      else process.env[key] = saved[key]
    }
  })
  delete process.env.SEEDANCE_API_KEY
  process.env.CRUN_API_KEY = sim.apiKey
  process.env.SEEDANCE_BASE_URL = sim.url
  const client = new Client({ rateLimits: false })
  assert.equal(client.baseUrl, `${sim.url}/`)
  const session = await client.createValidationSession({ callbackUrl: CALLBACK_URL })
  assert.ok(session.bytedToken)
})
