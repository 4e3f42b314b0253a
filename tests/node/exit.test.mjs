// A process that used the client exits on its own once nothing is pending.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runChild } from './helpers.mjs'

test('after the four steps the process exits by itself (simulator left running)', async () => {
  const { code, out } = await runChild(`
    import { Simulator } from 'seedance-assets/testing'
    const sim = await Simulator.start()
    const client = sim.client()
    const session = await client.createValidationSession({ callbackUrl: 'https://app.example.com/cb' })
    const cb = sim.completeValidation(session.bytedToken, { passed: true })
    const { groupId } = await client.getValidationResult(session.verifyCallback(cb).bytedToken)
    const { assetId } = await client.uploadAsset({ name: 'a', assetType: 'Image', assetUrl: 'https://cdn.example.com/a.jpg', groupId })
    const asset = await client.waitForAsset(assetId, { pollIntervalMs: 50 })
    console.log('done', asset.status)
  `)
  assert.equal(code, 0, out)
  assert.match(out, /done Active/)
})

test('a process with an idle client, an aborted call and a failed call exits by itself', async () => {
  const { code, out } = await runChild(`
    import { Client } from 'seedance-assets'
    import { Simulator } from 'seedance-assets/testing'
    const sim = await Simulator.start()
    const client = new Client({ apiKey: sim.apiKey, baseUrl: sim.url, maxRetries: 0 })
    sim.injectFault('asset-info', 'slow', { delayMs: 60000 })
    const controller = new AbortController()
    const pending = client.getAsset('asset-1', { signal: controller.signal }).catch((e) => e.code)
    setTimeout(() => controller.abort(), 50)
    console.log(await pending)
    console.log(await client.getAsset('asset-2').catch((e) => e.code))
    await sim.close()
    console.log(await client.getAsset('asset-3').catch((e) => e.code))
  `)
  assert.equal(code, 0, out)
  assert.match(out, /ERR_ABORTED\nERR_NOT_FOUND\nERR_CONNECTION/)
})
