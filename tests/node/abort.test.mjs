// AbortSignal on every call: prompt rejection with ERR_ABORTED, the Rust future dropped.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { getEventListeners } from 'node:events'
import { AbortError, SeedanceError, ValidationSession } from 'seedance-assets'
import { CALLBACK_URL, IMAGE_URL, clientFor, since, startSimulator } from './helpers.mjs'

test('aborting a slow call rejects promptly with AbortError', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  sim.injectFault('asset-info', 'slow', { delayMs: 10_000 })
  const controller = new AbortController()
  const started = performance.now()
  setTimeout(() => controller.abort(), 100)
  const err = await client.getAsset('asset-1', { signal: controller.signal }).catch((e) => e)
  const took = since(started)
  assert.ok(err instanceof AbortError, `${err.name}: ${err.message}`)
  assert.ok(err instanceof SeedanceError)
  assert.equal(err.code, 'ERR_ABORTED')
  assert.equal(err.name, 'AbortError')
  assert.ok(took >= 90, `rejected after ${took} ms`)
  assert.ok(took < 5000, `rejected after ${took} ms, not promptly`)
  assert.equal(err.cause, controller.signal.reason)
  assert.equal(getEventListeners(controller.signal, 'abort').length, 0, 'listener removed')
})

test('aborting waitForAsset stops the polling', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  const { assetId } = await client.uploadAsset({ name: 'a', assetType: 'Image', assetUrl: IMAGE_URL })
  sim.setAssetStatus(assetId, 'Reviewing')
  const controller = new AbortController()
  const waiting = client.waitForAsset(assetId, { pollIntervalMs: 50, timeoutMs: 60_000, signal: controller.signal })
  await new Promise((resolve) => setTimeout(resolve, 300))
  controller.abort(new Error('user went away'))
  const err = await waiting.catch((e) => e)
  assert.ok(err instanceof AbortError)
  assert.equal(err.cause.message, 'user went away')
  await new Promise((resolve) => setTimeout(resolve, 200))
  const polls = sim.requestCount('asset-info')
  await new Promise((resolve) => setTimeout(resolve, 400))
  assert.equal(sim.requestCount('asset-info'), polls, 'no polls after the abort')
})

test('an already aborted signal rejects without sending anything', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  const signal = AbortSignal.abort()
  const calls = [
    () => client.createValidationSession({ callbackUrl: CALLBACK_URL }, { signal }),
    () => client.getValidationResult('token', { signal }),
    () => client.uploadAsset({ name: 'a', assetType: 'Image', assetUrl: IMAGE_URL }, { signal }),
    () => client.getAsset('asset-1', { signal }),
    () => client.waitForAsset('asset-1', { signal }),
  ]
  for (const call of calls) {
    await assert.rejects(call(), (e) => e instanceof AbortError && e.code === 'ERR_ABORTED')
  }
  assert.equal(sim.totalRequests(), 0)
})

test('a signal that never fires changes nothing, and one signal serves many calls', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  const controller = new AbortController()
  const signal = controller.signal
  const sessions = await Promise.all(
    Array.from({ length: 5 }, () => client.createValidationSession({ callbackUrl: CALLBACK_URL }, { signal })),
  )
  for (const session of sessions) {
    assert.ok(session instanceof ValidationSession)
    assert.equal(session.callbackUrl, CALLBACK_URL)
  }
  assert.equal(new Set(sessions.map((s) => s.bytedToken)).size, 5, 'five distinct sessions')
  assert.equal(sim.sessionCount(), 5)
  assert.equal(getEventListeners(signal, 'abort').length, 0)
  const timeoutSignal = AbortSignal.timeout(150)
  sim.injectFault('asset-info', 'slow', { delayMs: 5000 })
  const err = await client.getAsset('asset-1', { signal: timeoutSignal }).catch((e) => e)
  assert.equal(err.code, 'ERR_ABORTED')
  assert.equal(err.cause.name, 'TimeoutError')
})
