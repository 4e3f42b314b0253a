// The addon from worker_threads: calls work there, and workers coming and going leave the
// main thread's client working.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Worker } from 'node:worker_threads'
import { IMAGE_URL, clientFor, startSimulator } from './helpers.mjs'

const WORKER_FLOW = `
  const { parentPort, workerData } = require('node:worker_threads')
  const { Client, NotFoundError } = require('seedance-assets')
  ;(async () => {
    const client = new Client({ apiKey: workerData.apiKey, baseUrl: workerData.url, rateLimits: false })
    const session = await client.createValidationSession({ callbackUrl: 'https://app.example.com/cb' })
    const uploaded = await client.uploadAsset({ name: 'w', assetType: 'Image', assetUrl: workerData.imageUrl })
    const asset = await client.waitForAsset(uploaded.assetId, { timeoutMs: 20000, pollIntervalMs: 50 })
    const missing = await client.getAsset('asset-none').catch((e) => e)
    parentPort.postMessage({
      token: session.bytedToken,
      status: asset.status,
      isDate: asset.createTime instanceof Date,
      notFound: missing instanceof NotFoundError,
    })
  })().catch((e) => parentPort.postMessage({ error: String(e && e.stack) }))
`

function runWorker(source, workerData) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData })
    let message
    worker.on('message', (m) => (message = m))
    worker.on('error', reject)
    worker.on('exit', (code) => (code === 0 ? resolve(message) : reject(new Error(`worker exited ${code}`))))
  })
}

test('four workers run the flow at once, then the main thread still works', async (t) => {
  const sim = await startSimulator(t)
  const data = { apiKey: sim.apiKey, url: sim.url, imageUrl: IMAGE_URL }
  const results = await Promise.all([1, 2, 3, 4].map(() => runWorker(WORKER_FLOW, data)))
  for (const result of results) {
    assert.equal(result.error, undefined, result.error)
    assert.equal(result.status, 'Active')
    assert.equal(result.isDate, true)
    assert.equal(result.notFound, true)
  }
  assert.equal(new Set(results.map((r) => r.token)).size, 4)
  assert.equal(sim.assetCount(), 4)

  const client = clientFor(sim)
  const { assetId } = await client.uploadAsset({ name: 'main', assetType: 'Image', assetUrl: IMAGE_URL })
  const asset = await client.waitForAsset(assetId, { timeoutMs: 20_000, pollIntervalMs: 50 })
  assert.equal(asset.status, 'Active')
})

test('a worker can run its own simulator and exits on its own', async () => {
  const source = `
    const { parentPort } = require('node:worker_threads')
    const { Simulator } = require('seedance-assets/testing')
    ;(async () => {
      const sim = await Simulator.start()
      const client = sim.client({ rateLimits: false })
      const s = await client.createValidationSession({ callbackUrl: 'https://app.example.com/cb' })
      const callback = sim.completeValidation(s.bytedToken, { passed: true })
      const { groupId } = await client.getValidationResult(s.verifyCallback(callback).bytedToken)
      parentPort.postMessage({ groupId })
      // no close(): the worker must still exit once nothing is pending
    })().catch((e) => parentPort.postMessage({ error: String(e && e.stack) }))
  `
  const result = await runWorker(source)
  assert.equal(result.error, undefined, result.error)
  assert.ok(result.groupId)
})

test('terminating a worker mid-call does not disturb the main thread', async (t) => {
  const sim = await startSimulator(t)
  sim.injectFault('asset-info', 'slow', { delayMs: 1500 })
  const source = `
    const { parentPort, workerData } = require('node:worker_threads')
    const { Client } = require('seedance-assets')
    const client = new Client({ apiKey: workerData.apiKey, baseUrl: workerData.url })
    client.getAsset('asset-1').catch(() => {})
    parentPort.postMessage('started')
  `
  const worker = new Worker(source, { eval: true, workerData: { apiKey: sim.apiKey, url: sim.url } })
  await new Promise((resolve) => worker.once('message', resolve))
  await new Promise((resolve) => setTimeout(resolve, 200))
  await worker.terminate()
  const client = clientFor(sim)
  const session = await client.createValidationSession({ callbackUrl: 'https://app.example.com/cb' })
  assert.ok(session.bytedToken)
})
