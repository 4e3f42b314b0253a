// Answers lost on the way are transient for the GETs; well-formed wrong envelopes are not;
// chaos mode keeps the simulator's own records.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { DecodeError, OutcomeUnknownError } from 'seedance-assets'
import { Simulator } from 'seedance-assets/testing'
import { CALLBACK_URL, IMAGE_URL, clientFor, startSimulator } from './helpers.mjs'

for (const kind of ['truncated_body', 'malformed_body']) {
  test(`a GET answer hit by ${kind} is asked again`, async (t) => {
    const sim = await startSimulator(t)
    const client = clientFor(sim)
    const { assetId } = await client.uploadAsset({ name: 'a', assetType: 'Image', assetUrl: IMAGE_URL })
    sim.resetCounters()
    sim.injectFault('asset-info', kind)
    assert.equal((await client.getAsset(assetId)).assetId, assetId)
    assert.equal(sim.requestCount('asset-info'), 2)
    assert.deepEqual({ ...sim.faultsInjected() }, { [kind]: 1 })
  })
}

test('a wait rides through truncated and malformed answers', async (t) => {
  const sim = await startSimulator(t, { processingDelayMs: 50 })
  const client = clientFor(sim, { maxRetries: 0 })
  const { assetId } = await client.uploadAsset({ name: 'a', assetType: 'Image', assetUrl: IMAGE_URL })
  sim.injectFault('asset-info', 'truncated_body', { times: 2 })
  sim.injectFault('asset-info', 'malformed_body', { times: 2 })
  const asset = await client.waitForAsset(assetId, { timeoutMs: 30_000, pollIntervalMs: 50 })
  assert.equal(asset.status, 'Active')
})

test('a lost validation result stays OutcomeUnknownError', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  const session = await client.createValidationSession({ callbackUrl: CALLBACK_URL })
  sim.completeValidation(session.bytedToken)
  sim.injectFault('visual-validate-result', 'malformed_body')
  await assert.rejects(client.getValidationResult(session.bytedToken), OutcomeUnknownError)
})

test('a well-formed envelope with wrong data is an immediate DecodeError', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  sim.injectFault('asset-info', 'missing_data', { times: 3 })
  await assert.rejects(client.waitForAsset('asset-1', { timeoutMs: 30_000, pollIntervalMs: 50 }), DecodeError)
  assert.equal(sim.requestCount('asset-info'), 1)
})

test('chaos: nothing uploaded twice, every accepted asset finished, faults recorded', async (t) => {
  const sim = await Simulator.start({ processingDelayMs: 20, chaos: { probability: 0.3, seed: 5 } })
  t.after(() => sim.close())
  const client = clientFor(sim, { maxRetries: 6 })
  const accepted = []
  await Promise.all(
    Array.from({ length: 40 }, async (_, n) => {
      const assetUrl = `https://cdn.example.com/chaos-${n}.jpg`
      let created
      try {
        created = await client.uploadAsset({ name: 'c', assetType: 'Image', assetUrl })
      } catch (error) {
        // Only an honest "unknown" or a refusal before any effect may come back.
        assert.ok(error instanceof OutcomeUnknownError || sim.uploadsPerUrl()[assetUrl] === undefined, String(error))
        return
      }
      await client.waitForAsset(created.assetId, { timeoutMs: 60_000, pollIntervalMs: 20 })
      accepted.push(assetUrl)
    }),
  )
  assert.ok(accepted.length > 0, 'no upload went through: nothing was checked')
  const uploads = sim.uploadsPerUrl()
  assert.ok(Object.values(uploads).every((n) => n === 1), JSON.stringify(uploads))
  for (const url of accepted) assert.equal(uploads[url], 1)
  assert.ok(Object.values(sim.faultsInjected()).reduce((a, b) => a + b, 0) > 0)
  sim.setChaos(null)
  sim.resetCounters()
  assert.deepEqual({ ...sim.faultsInjected() }, {})
  assert.throws(() => sim.setChaos({ probability: 0.2, kinds: ['nope'] }), /unknown fault/)
})
