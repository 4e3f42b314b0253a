// Security promises through the Node API: hostile servers on 127.0.0.1 only.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import { inspect } from 'node:util'
import * as sa from 'seedance-assets'
import { CALLBACK_URL, IMAGE_URL, clientFor, startSimulator } from './helpers.mjs'

const KEY = 'sk-live-QQ7d2f0c9a8b7e6d5c4b3a2f1e0d9c8b7a6'

function assertHidden(secret, ...texts) {
  for (const text of texts) {
    for (let i = 0; i + 6 <= secret.length; i++) {
      const run = secret.slice(i, i + 6)
      assert.ok(!text.includes(run), `${JSON.stringify(run)} of the secret shown in ${text}`)
    }
  }
}

/** A one-purpose server on 127.0.0.1; `t.after` closes it. Resolves with its URL and the paths asked for. */
async function serve(t, handle) {
  const seen = []
  const server = http.createServer((req, res) => {
    seen.push(req.url)
    handle(req, res)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  t.after(() => {
    server.closeAllConnections()
    server.close()
  })
  return { url: `http://127.0.0.1:${server.address().port}`, seen }
}

async function errorOfGetAsset(url, options = {}) {
  const client = new sa.Client({ apiKey: KEY, baseUrl: url, ...options })
  return client.getAsset('asset-1').then(
    () => assert.fail('getAsset succeeded'),
    (err) => err,
  )
}

test('a redirect is not followed and the other origin sees nothing', async (t) => {
  const other = await serve(t, (_req, res) => res.end('{}'))
  const hop = await serve(t, (_req, res) => {
    res.writeHead(302, { Location: `${other.url}/steal?key=1` })
    res.end()
  })
  const err = await errorOfGetAsset(hop.url, { maxRetries: 3 })
  assert.ok(err instanceof sa.APIStatusError, `${err?.name}: ${err?.message}`)
  assert.equal(err.status, 302)
  assert.ok(err.message.includes(other.url), err.message)
  assert.ok(!err.message.includes('/steal'), err.message)
  assert.deepEqual(other.seen, [])
  assert.equal(hop.seen.length, 1, 'a redirect is not retried')
})

test('plain http to a remote host needs allowInsecureHttp', () => {
  assert.throws(() => new sa.Client({ apiKey: KEY, baseUrl: 'http://api.example.com' }), (err) => {
    assert.ok(err instanceof sa.ConfigurationError, `${err?.name}`)
    assert.match(err.message, /allowInsecureHttp|allow_insecure_http/)
    return true
  })
  assert.ok(new sa.Client({ apiKey: KEY, baseUrl: 'http://api.example.com', allowInsecureHttp: true }))
})

test('credentials in the base URL are refused without echoing them', () => {
  assert.throws(
    () => new sa.Client({ apiKey: KEY, baseUrl: 'https://user:pw-SECRET-value@api.example.com' }),
    (err) => {
      assert.ok(err instanceof sa.ConfigurationError, `${err?.name}`)
      assert.ok(!inspect(err).includes('pw-SECRET'))
      assert.ok(!JSON.stringify(err).includes('pw-SECRET'))
      return true
    },
  )
})

test('the response size limit is an option and names itself', async (t) => {
  const sim = await startSimulator(t)
  const small = clientFor(sim, { maxResponseBytes: 64 })
  await assert.rejects(small.createValidationSession({ callbackUrl: CALLBACK_URL }), (err) => {
    assert.ok(err instanceof sa.OutcomeUnknownError, `${err?.name}: ${err?.message}`)
    assert.match(err.message, /64-byte limit/)
    return true
  })
  assert.throws(() => clientFor(sim, { maxResponseBytes: 0 }), { code: 'ERR_INVALID_ARGUMENT' })
})

test('a 1 GiB answer is refused with bounded memory', async (t) => {
  const server = await serve(t, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(1 << 30) })
    const chunk = Buffer.alloc(1 << 16, 32)
    const pump = () => {
      while (res.write(chunk)) {
        if (res.writableLength > 1 << 30) return
      }
      res.once('drain', pump)
    }
    res.on('error', () => {})
    pump()
  })
  const before = process.memoryUsage().rss
  const err = await errorOfGetAsset(server.url, { maxRetries: 0 })
  assert.ok(err instanceof sa.DecodeError, `${err?.name}: ${err?.message}`)
  assert.match(err.message, /limit/)
  const grownMib = (process.memoryUsage().rss - before) / 2 ** 20
  assert.ok(grownMib < 64, `RSS grew by ${grownMib.toFixed(0)} MiB`)
})

for (const offset of [0, 150, 155, 160, 400]) {
  test(`the key echoed in an error body at ${offset} never shows`, async (t) => {
    const server = await serve(t, (req, res) => {
      const body = `${'x'.repeat(offset)}bad key ${req.headers['x-api-key']} refused`
      res.writeHead(401, { 'Content-Length': Buffer.byteLength(body) })
      res.end(body)
    })
    const err = await errorOfGetAsset(server.url)
    assert.ok(err instanceof sa.AuthenticationError, `${err?.name}: ${err?.message}`)
    assertHidden(KEY, err.message, String(err), inspect(err), JSON.stringify(err))
  })
}

test('tokens show their last four characters; the H5 link is not in toJSON', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  const session = await client.createValidationSession({ callbackUrl: CALLBACK_URL })
  const token = session.bytedToken
  assert.ok(inspect(session).includes(token.slice(-4)), inspect(session))
  assertHidden(token.slice(-20), inspect(session), String(session), JSON.stringify(session))
  const other = await client.createValidationSession({ callbackUrl: CALLBACK_URL })
  const err = (() => {
    try {
      session.verifyCallback(sim.completeValidation(other.bytedToken))
    } catch (e) {
      return e
    }
  })()
  assert.ok(err instanceof sa.CallbackError)
  assert.ok(err.message.includes(token.slice(-4)) && err.message.includes(other.bytedToken.slice(-4)), err.message)
})

const hostile = [
  ['name', (c) => c.uploadAsset({ name: 'a\r\nb', assetType: 'Image', assetUrl: IMAGE_URL })],
  ['assetUrl', (c) => c.uploadAsset({ name: 'a', assetType: 'Image', assetUrl: 'https://u:p@cdn.example/a.jpg' })],
  ['assetId', (c) => c.getAsset('x'.repeat(1_000_000))],
  ['callbackUrl', (c) => c.createValidationSession({ callbackUrl: 'ftp://example.com/cb' })],
  ['name', (c) => c.uploadAsset({ name: 'a\ud800b', assetType: 'Image', assetUrl: IMAGE_URL })],
]
for (const [field, call] of hostile) {
  test(`a hostile ${field} is refused by name and nothing is sent`, async (t) => {
    const sim = await startSimulator(t)
    await assert.rejects(call(clientFor(sim)), (err) => {
      assert.ok(err instanceof sa.InvalidArgumentError, `${err?.name}: ${err?.message}`)
      assert.equal(err.field, field)
      return true
    })
    assert.equal(sim.requestCount(), 0)
  })
}
