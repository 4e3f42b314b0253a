// The completion bridge: every env's calls settle through one shared threadsafe function, in
// batches. Many calls in flight settle each with its own outcome; a pending call keeps the
// process alive, and nothing else does.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { NotFoundError, AbortError } from 'seedance-assets'
import { IMAGE_URL, clientFor, startSimulator } from './helpers.mjs'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

function runChild(source) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', source], {
      cwd: ROOT,
      env: { ...process.env, RUST_BACKTRACE: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    child.stderr.on('data', (d) => (out += d))
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`child did not exit within 30 s:\n${out}`))
    }, 30_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, out })
    })
  })
}

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

test('a panic through the bridge in a worker rejects there and the worker exits', async () => {
  const { code, out } = await runChild(`
    import { Worker } from 'node:worker_threads'
    const source = \`
      const native = require(process.cwd() + '/lib/native.js')
      const { fromNative } = require(process.cwd() + '/lib/errors.js')
      native.__panicInFutureForTests().catch((e) => console.log('worker', fromNative(e).code))
    \`
    const worker = new Worker(source, { eval: true, execArgv: [] })
    worker.on('exit', (c) => console.log('worker exit', c))
  `)
  assert.equal(code, 0, out)
  assert.match(out, /worker ERR_INTERNAL/)
  assert.match(out, /worker exit 0/)
})
