// A Rust panic becomes an InternalError (ERR_INTERNAL); the process or worker lives on and
// exits on its own. The panicking exports exist only in the addon built with the `test-hooks`
// cargo feature (native-test/, built by scripts/node-test.sh); the shipped addon has none.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { InternalError } from 'seedance-assets'
import { ROOT, runChild } from './helpers.mjs'

const require = createRequire(import.meta.url)
const HOOKS = join(ROOT, 'native-test', 'index.js')
const built = existsSync(HOOKS)
// scripts/node-test.sh sets SEEDANCE_REQUIRE_TEST_HOOKS: there a missing build is a failure.
const skip =
  built || process.env.SEEDANCE_REQUIRE_TEST_HOOKS
    ? false
    : 'the test-hooks addon (native-test/) is not built; scripts/node-test.sh builds it'

/** The public error for what a call of the test addon threw or rejected with. */
function mapped(error) {
  return require('../../lib/errors.js').fromNative(error)
}

test('the shipped addon has no panic hooks', () => {
  const native = require('../../lib/native.js')
  assert.equal(native.__panicForTests, undefined)
  assert.equal(native.__panicInFutureForTests, undefined)
})

test('a panic in a synchronous call throws an InternalError', { skip }, () => {
  const hooks = require(HOOKS)
  let err
  try {
    hooks.__panicForTests()
  } catch (e) {
    err = mapped(e)
  }
  assert.ok(err instanceof InternalError, `${err}`)
  assert.match(err.message, /deliberate panic/)
})

test('a panic inside a future rejects with an InternalError', { skip }, async () => {
  const hooks = require(HOOKS)
  const err = await hooks.__panicInFutureForTests().then(
    () => assert.fail('resolved'),
    (e) => mapped(e),
  )
  assert.ok(err instanceof InternalError, `${err.name}: ${err.message}`)
  assert.equal(err.code, 'ERR_INTERNAL')
  assert.match(err.message, /deliberate panic in a future/)
})

test('after panics the process goes on and exits by itself', { skip }, async () => {
  const { code, out } = await runChild(`
    import { createRequire } from 'node:module'
    const require = createRequire(import.meta.url)
    const hooks = require(${JSON.stringify(HOOKS)})
    const { fromNative } = require('./lib/errors.js')
    try { hooks.__panicForTests() } catch (e) { console.log('sync', fromNative(e).code) }
    const future = hooks.__panicInFutureForTests()
    console.log('async', await future.catch((e) => fromNative(e).code))
  `)
  assert.equal(code, 0, out)
  assert.match(out, /sync ERR_INTERNAL/)
  assert.match(out, /async ERR_INTERNAL/)
})

test('a panic inside a future in a worker rejects there and the worker exits', { skip }, async () => {
  const { code, out } = await runChild(`
    import { Worker } from 'node:worker_threads'
    const source = \`
      const hooks = require(${JSON.stringify(HOOKS)})
      const { fromNative } = require(process.cwd() + '/lib/errors.js')
      hooks.__panicInFutureForTests()
        .catch((e) => console.log('worker', fromNative(e).code))
    \`
    // execArgv: [] so the worker's eval is CommonJS (this child runs with --input-type=module).
    const worker = new Worker(source, { eval: true, execArgv: [] })
    worker.on('exit', (c) => console.log('worker exit', c))
  `)
  assert.equal(code, 0, out)
  assert.match(out, /worker ERR_INTERNAL/)
  assert.match(out, /worker exit 0/)
})
