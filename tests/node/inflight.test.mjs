// Many calls in flight settle each with its own outcome; a pending call keeps the process
// alive, and nothing else does.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { NotFoundError, AbortError } from 'seedance-assets'
import { IMAGE_URL, clientFor, runChild, startSimulator } from './helpers.mjs'

test('many calls in flight on several clients each settle with their own outcome', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  const other = client.withOptions({ maxRetries: 0 })
  const ids = []
  for (let i = 0; i < 4; i++) {
    ids.push((await client.uploadAsset({ name: `a${i}`, assetType: 'Image', assetUrl: IMAGE_URL })).assetId)
  }
  const calls = Array.from({ length: 400 }, (_, i) => {
    const c = i % 2 ? client : other
    if (i % 5 === 0) return { want: 'missing', p: c.getAsset(`asset-missing-${i}`).catch((e) => e) }
    if (i % 7 === 0) {
      return { want: 'aborted', p: c.getAsset(ids[0], { signal: AbortSignal.abort() }).catch((e) => e) }
    }
    const id = ids[i % ids.length]
    return { want: id, p: c.getAsset(id) }
  })
  const results = await Promise.all(calls.map((c) => c.p))
  calls.forEach(({ want }, i) => {
    const got = results[i]
    if (want === 'missing') assert.ok(got instanceof NotFoundError, `call ${i}: ${got}`)
    else if (want === 'aborted') assert.ok(got instanceof AbortError, `call ${i}: ${got}`)
    else assert.equal(got.assetId, want, `call ${i}`)
  })
})

test('a pending call keeps an otherwise idle process alive until it settles', async () => {
  const { code, out } = await runChild(`
    import { Simulator } from 'seedance-assets/testing'
    const sim = await Simulator.start()
    const client = sim.client({ rateLimits: false })
    sim.injectFault('asset-info', 'slow', { delayMs: 400 })
    // No await, no timer: only the pending call can keep the event loop running.
    client.getAsset('asset-none').catch((e) => console.log('settled', e.code))
  `)
  assert.equal(code, 0, out)
  assert.match(out, /settled ERR_NOT_FOUND/)
})
