// Request ids on successful results, and the client's default H5 page language (issue 10).
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { InvalidArgumentError, ValidationSession } from 'seedance-assets'
import { CALLBACK_URL, IMAGE_URL, clientFor, startSimulator } from './helpers.mjs'

/** The `x-request-id` the simulator sent with its last answer (its control API). */
async function lastRequestId(sim) {
  const response = await fetch(`${sim.url}/_sim/stats`)
  return (await response.json()).last_request_id
}

function lng(link) {
  return new URL(link).searchParams.getAll('lng')
}

test('every result carries the request id its answer had', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)

  const session = await client.createValidationSession({ callbackUrl: CALLBACK_URL })
  assert.match(session.requestId, /^req-[0-9a-f]{24}$/)
  assert.equal(session.requestId, await lastRequestId(sim))
  assert.equal(session.toStorable().requestId, session.requestId)
  const restored = new ValidationSession(JSON.parse(JSON.stringify(session.toStorable())))
  assert.equal(restored.requestId, session.requestId)
  assert.equal(restored.isExpired(), false)

  session.verifyCallback(sim.completeValidation(session.bytedToken, { passed: true }))
  const result = await client.getValidationResult(session.bytedToken)
  assert.equal(result.requestId, await lastRequestId(sim))

  const uploaded = await client.uploadAsset({
    name: 'a',
    assetType: 'Image',
    assetUrl: IMAGE_URL,
    groupId: result.groupId,
  })
  assert.equal(uploaded.requestId, await lastRequestId(sim))

  const asset = await client.getAsset(uploaded.assetId)
  assert.equal(asset.requestId, await lastRequestId(sim))
  assert.notEqual(asset.requestId, uploaded.requestId)
})

test('a session stored before sessions had a request id still restores', () => {
  const now = new Date()
  const session = new ValidationSession({
    bytedToken: 'token-20260101000000-abcdef',
    h5Link: 'https://h5.example/page?lng=zh',
    callbackUrl: CALLBACK_URL,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 60_000).toISOString(),
  })
  assert.equal(session.requestId, undefined)
  assert.equal(session.isExpired(), false)
  assert.deepEqual(lng(session.h5LinkFor('en')), ['en'])
})

test("the client's language is the default and a call's language wins", async (t) => {
  const sim = await startSimulator(t)
  const plain = clientFor(sim)
  assert.deepEqual(lng((await plain.createValidationSession({ callbackUrl: CALLBACK_URL })).h5Link), ['zh'])

  const english = clientFor(sim, { language: 'en' })
  assert.deepEqual(lng((await english.createValidationSession({ callbackUrl: CALLBACK_URL })).h5Link), ['en'])
  const hant = await english.createValidationSession({ callbackUrl: CALLBACK_URL, language: 'zh-Hant' })
  assert.deepEqual(lng(hant.h5Link), ['zh-Hant'])
  const derived = english.withOptions({ timeoutMs: 5000 })
  assert.deepEqual(lng((await derived.createValidationSession({ callbackUrl: CALLBACK_URL })).h5Link), ['en'])

  assert.throws(() => clientFor(sim, { language: 'fr' }), InvalidArgumentError)
})
