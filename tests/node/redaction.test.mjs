// The API key never shows in what util.inspect / JSON.stringify / toString print.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { inspect } from 'node:util'
import { Client } from 'seedance-assets'
import { CALLBACK_URL, clientFor, startSimulator } from './helpers.mjs'

const SECRET = 'sk-live-SECRET-0123456789abcdef'

function allShown(value) {
  return [
    inspect(value, { depth: 10, showHidden: true }),
    JSON.stringify(value),
    String(value),
    value instanceof Error ? `${value.stack}\n${value.message}` : '',
  ].join('\n')
}

test('the client never shows its key', async (t) => {
  const sim = await startSimulator(t, { apiKey: SECRET })
  const client = clientFor(sim)
  const shown = allShown(client)
  assert.ok(!shown.includes(SECRET), shown)
  assert.match(shown, /<redacted>/)
  assert.ok(shown.includes(sim.url))
  assert.equal(JSON.parse(JSON.stringify(client)).apiKey, '<redacted>')
  assert.deepEqual(Object.keys(client), [])
  assert.ok(!allShown(client.withOptions({ maxRetries: 1 })).includes(SECRET))
})

test('errors never show the key, whatever went wrong', async (t) => {
  const sim = await startSimulator(t)
  const wrongKey = new Client({ apiKey: SECRET, baseUrl: sim.url, maxRetries: 0, rateLimits: false })
  const errors = []
  errors.push(await wrongKey.getAsset('asset-1').catch((e) => e))
  sim.injectFault('asset-info', 'html_error', { httpStatus: 502 })
  errors.push(await wrongKey.getAsset('asset-1').catch((e) => e))
  sim.injectFault('asset-info', 'malformed_body')
  errors.push(await wrongKey.getAsset('asset-1').catch((e) => e))
  sim.injectFault('asset-upload', 'server_error_after')
  errors.push(
    await wrongKey
      .uploadAsset({ name: 'a', assetType: 'Image', assetUrl: 'https://cdn.example.com/a.jpg' })
      .catch((e) => e),
  )
  try {
    new Client({ apiKey: `${SECRET} with space`, baseUrl: sim.url })
  } catch (e) {
    errors.push(e)
  }
  assert.equal(errors.length, 5)
  for (const err of errors) {
    assert.ok(err instanceof Error)
    const shown = allShown(err)
    assert.ok(!shown.includes(SECRET), shown)
    assert.ok(!shown.includes('SECRET-0123'), shown)
    assert.equal(JSON.parse(JSON.stringify(err)).code, err.code)
  }
})

test('a session prints its token and link credentials redacted', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  const session = await client.createValidationSession({ callbackUrl: CALLBACK_URL })
  const shown = inspect(session, { depth: 5 })
  assert.ok(!shown.includes(session.bytedToken), shown)
  const secretAccessKey = new URL(session.h5Link).searchParams.get('secretAccessKey')
  assert.ok(secretAccessKey)
  assert.ok(!shown.includes(secretAccessKey), shown)
  assert.ok(shown.includes(CALLBACK_URL))
  assert.equal(session.bytedToken.length > 6, true, 'the real value stays available')
})
