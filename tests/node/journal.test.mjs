// The journal through the public API (mirrors core/tests/journal.rs): people kept across
// restarts, one exchange per token across processes, uploads as intents, erasure, export,
// read-only and corrupt files, and a smoke run on PostgreSQL.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  AbortError,
  CallbackError,
  ConfigurationError,
  InvalidArgumentError,
  Journal,
  JournalError,
  OutcomeUnknownError,
} from 'seedance-assets'
import { CALLBACK_URL, clientFor, postgresJournal, runChild, startSimulator } from './helpers.mjs'

const EXCHANGE = 'visual-validate-result'
const UPLOAD = 'asset-upload'

/** A scratch directory (removed after the test) and the journal file path in it. */
function scratch(t) {
  const dir = mkdtempSync(join(tmpdir(), 'seedance-journal-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return join(dir, 'journal.sqlite3')
}

/** A journal at a fresh path and a client of `sim` with it attached. */
async function journaled(t, sim, path = scratch(t)) {
  const journal = await Journal.open(path)
  return { path, journal, client: clientFor(sim, { journal }) }
}

/** A session for `reference` and the URL the person's browser comes back to. */
async function passedCallback(sim, client, reference, { passed = true } = {}) {
  const session = await client.createValidationSession({
    callbackUrl: CALLBACK_URL,
    reference,
    consent: 'signed form 7',
  })
  return { session, redirect: sim.completeValidation(session.bytedToken, { passed }) }
}

test('a callback is exchanged once, and a new Journal.open on the same file sees the person and assets', async (t) => {
  const sim = await startSimulator(t)
  const { path, journal, client } = await journaled(t, sim)
  const { redirect } = await passedCallback(sim, client, 'user-42')

  const person = await client.completeValidation(redirect)
  assert.equal(person.reference, 'user-42')
  assert.equal(typeof person.groupId, 'string')
  assert.ok(person.validatedAt instanceof Date)
  assert.equal(Object.getPrototypeOf(person), Object.prototype, 'models are plain objects')
  const again = await client.completeValidation(new URL(redirect))
  assert.deepEqual(again, person)
  assert.equal(sim.requestCount(EXCHANGE), 1, 'a repeated callback makes no second exchange')
  assert.deepEqual(await journal.person('user-42'), person)
  assert.equal(await journal.person('nobody'), null)

  const uploaded = await client.uploadAsset({
    name: 'front',
    assetType: 'image',
    assetUrl: 'https://cdn.example.com/front.jpg?X-Amz-Signature=one',
    groupId: person.groupId,
  })

  const reopened = await Journal.open(path)
  assert.equal(reopened.location, path)
  assert.equal(String(reopened), `Journal(${path})`)
  assert.deepEqual(await reopened.person('user-42'), person)
  assert.deepEqual(
    (await reopened.people()).map((p) => p.groupId),
    [person.groupId],
  )
  const [asset] = await reopened.assets({ reference: 'user-42' })
  assert.equal(asset.assetId, uploaded.assetId)
  assert.equal(asset.assetUrl, 'https://cdn.example.com/front.jpg', 'the query string is not kept')
  assert.equal(asset.assetType, 'Image')
  assert.equal(asset.groupId, person.groupId)
  assert.equal(asset.reference, 'user-42')
  assert.equal(asset.status, 'Processing')
  assert.equal(asset.attempts, 1)
  assert.ok(asset.updatedAt instanceof Date)
  assert.deepEqual(await reopened.asset(asset.key), asset)
  assert.deepEqual(await reopened.assets({ groupId: person.groupId, status: 'Processing' }), [asset])
  assert.deepEqual(await reopened.assets({ status: 'Active' }), [])

  // The same upload (another signature) is the recorded asset, without a request.
  const second = await clientFor(sim, { journal: reopened }).uploadAsset({
    name: 'front',
    assetType: 'Image',
    assetUrl: 'https://cdn.example.com/front.jpg?X-Amz-Signature=two',
    groupId: person.groupId,
  })
  assert.equal(second.assetId, uploaded.assetId)
  assert.equal(sim.requestCount(UPLOAD), 1)
})

test('8 concurrent completeValidation calls from 4 processes on one SQLite file: one exchange, one GroupId', async (t) => {
  const sim = await startSimulator(t)
  const { path, client } = await journaled(t, sim)
  const { redirect } = await passedCallback(sim, client, 'user-8')
  // A slow answer keeps the exchange open while the other callers arrive.
  sim.injectFault(EXCHANGE, 'slow', { delayMs: 1500 })

  const source = `
    import { Client, Journal } from 'seedance-assets'
    const journal = await Journal.open(${JSON.stringify(path)})
    const client = new Client({
      apiKey: ${JSON.stringify(sim.apiKey)},
      baseUrl: ${JSON.stringify(sim.url)},
      rateLimits: false,
      journal,
    })
    const redirect = ${JSON.stringify(redirect)}
    const people = await Promise.all([client.completeValidation(redirect), client.completeValidation(redirect)])
    console.log('GROUPS ' + JSON.stringify(people.map((p) => p.groupId)))
  `
  const children = await Promise.all(Array.from({ length: 4 }, () => runChild(source)))
  const groups = children.flatMap(({ code, out }) => {
    assert.equal(code, 0, out)
    return JSON.parse(/GROUPS (.*)/.exec(out)[1])
  })
  assert.equal(groups.length, 8)
  assert.equal(new Set(groups).size, 1, `one GroupId for all: ${groups}`)
  assert.equal(sim.requestCount(EXCHANGE), 1, 'exactly one upstream exchange')
  const journal = await Journal.open(path)
  assert.equal((await journal.person('user-8')).groupId, groups[0])
})

test('unknown, failed and malformed callbacks: CallbackError with its reason, no upstream call', async (t) => {
  const sim = await startSimulator(t)
  const { journal, client } = await journaled(t, sim)

  // A session made without the journal: its token is unknown to it.
  const other = await clientFor(sim).createValidationSession({ callbackUrl: CALLBACK_URL })
  const foreign = sim.completeValidation(other.bytedToken)
  await assert.rejects(client.completeValidation(foreign), (err) => {
    assert.ok(err instanceof CallbackError)
    assert.equal(err.reason, 'unknown_token')
    assert.ok(!err.message.includes(other.bytedToken), 'the token is not in the message')
    return true
  })

  const { redirect: failed } = await passedCallback(sim, client, 'user-f', { passed: false })
  await assert.rejects(client.completeValidation(failed), { name: 'CallbackError', reason: 'not_passed' })

  await assert.rejects(client.completeValidation('https://app.example/cb?resultCode=10000'), {
    name: 'CallbackError',
    reason: 'malformed',
  })
  await assert.rejects(client.completeValidation(42), { name: 'InvalidArgumentError', field: 'redirectedUrl' })
  assert.equal(sim.requestCount(EXCHANGE), 0)
  assert.equal(await journal.person('user-f'), null)
})

test('complete_validation, reference and key need a journal; journal must be a Journal', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  await assert.rejects(client.completeValidation('https://app.example/cb?bytedToken=abc&resultCode=10000'), (err) => {
    assert.ok(err instanceof ConfigurationError)
    return true
  })
  await assert.rejects(client.createValidationSession({ callbackUrl: CALLBACK_URL, reference: 'user-1' }), {
    code: 'ERR_CONFIGURATION',
  })
  await assert.rejects(
    client.uploadAsset({ name: 'a', assetType: 'Image', assetUrl: 'https://cdn.example.com/a.jpg', key: 'k' }),
    { code: 'ERR_CONFIGURATION' },
  )
  assert.equal(sim.totalRequests(), 0)
  assert.throws(() => clientFor(sim, { journal: {} }), (err) => {
    assert.ok(err instanceof InvalidArgumentError)
    assert.equal(err.field, 'journal')
    return true
  })
  assert.throws(() => clientFor(sim, { journal: 'journal.sqlite3' }), { field: 'journal' })
})

test('a completeValidation aborted by its signal rejects with AbortError', async (t) => {
  const sim = await startSimulator(t)
  const { client } = await journaled(t, sim)
  const { redirect } = await passedCallback(sim, client, 'user-a')
  await assert.rejects(client.completeValidation(redirect, { signal: AbortSignal.abort() }), (err) => {
    assert.ok(err instanceof AbortError)
    return true
  })
  // The claim was never taken: a later callback is exchanged.
  assert.equal((await client.completeValidation(redirect)).reference, 'user-a')
})

test('a completeValidation aborted mid-exchange: the answer is still stored, and the next callback gets the person', async (t) => {
  const sim = await startSimulator(t)
  const { journal, client } = await journaled(t, sim)
  const { redirect } = await passedCallback(sim, client, 'user-gone')
  sim.injectFault(EXCHANGE, 'slow', { delayMs: 800 })
  await assert.rejects(client.completeValidation(redirect, { signal: AbortSignal.timeout(150) }), { name: 'AbortError' })
  const person = await client.completeValidation(redirect, { signal: AbortSignal.timeout(20_000) })
  assert.equal(person.reference, 'user-gone')
  assert.deepEqual(await journal.person('user-gone'), person)
  assert.equal(sim.requestCount(EXCHANGE), 1)
})

test('an ambiguous upload rejects with OutcomeUnknownError carrying the key, until resolved', async (t) => {
  const sim = await startSimulator(t)
  const { journal, client } = await journaled(t, sim)
  const request = { name: 'clip', assetType: 'Video', assetUrl: 'https://cdn.example.com/clip.mp4', key: 'actor-7/clip' }

  sim.injectFault(UPLOAD, 'server_error_after')
  await assert.rejects(client.uploadAsset(request), (err) => {
    assert.ok(err instanceof OutcomeUnknownError)
    assert.equal(err.key, 'actor-7/clip')
    return true
  })
  await assert.rejects(client.uploadAsset(request), { name: 'OutcomeUnknownError', key: 'actor-7/clip' })
  assert.equal(sim.requestCount(UPLOAD), 1, 'not sent again')
  const [pending] = await journal.pending()
  assert.equal(pending.key, 'actor-7/clip')
  assert.equal(pending.status, 'Ambiguous')
  assert.equal(pending.assetId, undefined)

  // It did not happen: the record goes and the next upload is sent.
  assert.equal(await journal.resolve('actor-7/clip'), null)
  const uploaded = await client.uploadAsset(request)
  assert.equal(sim.requestCount(UPLOAD), 2)
  await assert.rejects(journal.resolve('actor-7/clip', 'asset-x'), { name: 'InvalidArgumentError', field: 'key' })
  assert.equal((await journal.asset('actor-7/clip')).assetId, uploaded.assetId)
  await assert.rejects(journal.resolve(''), { name: 'InvalidArgumentError', field: 'key' })
})

test('resolve with an asset id, and allowDuplicate', async (t) => {
  const sim = await startSimulator(t)
  const { journal, client } = await journaled(t, sim)
  const voice = { name: 'voice', assetType: 'Audio', assetUrl: 'https://cdn.example.com/voice.mp3' }

  sim.injectFault(UPLOAD, 'truncated_body')
  const key = await client.uploadAsset(voice).then(
    () => assert.fail('the answer was lost'),
    (err) => err.key,
  )
  assert.equal(typeof key, 'string')
  const resolved = await journal.resolve(key, 'asset-known')
  assert.equal(resolved.status, 'Processing')
  assert.equal(resolved.assetId, 'asset-known')
  assert.equal((await client.uploadAsset(voice)).assetId, 'asset-known', 'the resolved asset, no request')

  sim.injectFault(UPLOAD, 'truncated_body')
  const other = { name: 'voice2', assetType: 'Audio', assetUrl: 'https://cdn.example.com/voice2.mp3' }
  await assert.rejects(client.uploadAsset(other), { name: 'OutcomeUnknownError' })
  const forced = await client.uploadAsset({ ...other, allowDuplicate: true })
  assert.ok(forced.assetId)
  // The two first attempts and the forced one; the resolved key sent nothing.
  assert.equal(sim.requestCount(UPLOAD), 3)
})

test('forget erases a person; export has camelCase records and no secrets', async (t) => {
  const sim = await startSimulator(t)
  const { journal, client } = await journaled(t, sim)
  const { session, redirect } = await passedCallback(sim, client, 'user-e')
  const { groupId } = await client.completeValidation(redirect)
  await client.uploadAsset({
    name: 'a',
    assetType: 'Image',
    assetUrl: 'https://cdn.example.com/a.jpg?sig=SECRETSIG',
    groupId,
  })
  const pending = await client.createValidationSession({ callbackUrl: CALLBACK_URL, reference: 'user-p' })

  const records = await journal.export()
  const text = JSON.stringify(records)
  assert.ok(!text.includes(session.bytedToken))
  assert.ok(!text.includes(pending.bytedToken))
  assert.ok(!text.includes('SECRETSIG'))
  assert.ok(!/_[a-z]/.test(Object.keys(Object.assign({}, ...records)).join(' ')), 'keys are camelCase')
  const person = records.find((r) => r.kind === 'person')
  assert.equal(person.reference, 'user-e')
  assert.equal(person.groupId, groupId)
  assert.equal(person.consent, 'signed form 7')
  assert.equal(typeof person.validatedAt, 'string')
  assert.ok(!Number.isNaN(Date.parse(person.validatedAt)))
  assert.deepEqual(
    new Set(records.map((r) => r.kind)),
    new Set(['person', 'session', 'asset', 'history']),
  )
  assert.equal(records.find((r) => r.kind === 'asset').assetUrl, 'https://cdn.example.com/a.jpg')

  const removed = await journal.forget('user-e')
  assert.equal(typeof removed, 'number')
  assert.ok(removed >= 3, `${removed}`)
  assert.equal(await journal.person('user-e'), null)
  const after = JSON.stringify(await journal.export())
  assert.ok(!after.includes('user-e') && !after.includes(groupId), after)
  assert.ok(after.includes('user-p'))
  assert.equal(await journal.forget('user-e'), 0)
})

test('a read-only journal reads and refuses writes with JournalError read_only', async (t) => {
  const sim = await startSimulator(t)
  const { path, client } = await journaled(t, sim)
  const { redirect } = await passedCallback(sim, client, 'user-ro')
  await client.completeValidation(redirect)

  const readOnly = await Journal.open(path, { readOnly: true })
  assert.equal((await readOnly.person('user-ro')).reference, 'user-ro')
  await assert.rejects(readOnly.forget('user-ro'), (err) => {
    assert.ok(err instanceof JournalError)
    assert.equal(err.reason, 'read_only')
    return true
  })
  sim.resetCounters()
  await assert.rejects(
    clientFor(sim, { journal: readOnly }).uploadAsset({
      name: 'a',
      assetType: 'Image',
      assetUrl: 'https://cdn.example.com/ro.jpg',
    }),
    { name: 'JournalError', reason: 'read_only' },
  )
  assert.equal(sim.totalRequests(), 0, 'no intent, no upload')
  await assert.rejects(Journal.open(path, { readonly: true }), (err) => {
    assert.ok(err instanceof InvalidArgumentError)
    assert.match(err.message, /readOnly/)
    return true
  })
  await assert.rejects(Journal.open(path, { readOnly: 'yes' }), { name: 'InvalidArgumentError', field: 'readOnly' })
  await assert.rejects(readOnly.assets({ groupid: 'g' }), { name: 'InvalidArgumentError' })
})

test('a corrupt file is refused untouched with JournalError corrupt; an empty path is an argument error', async (t) => {
  const path = scratch(t)
  const garbage = 'this is not a database, it is a shopping list\n'.repeat(200)
  writeFileSync(path, garbage)
  await assert.rejects(Journal.open(path), (err) => {
    assert.ok(err instanceof JournalError)
    assert.equal(err.code, 'ERR_JOURNAL')
    assert.equal(err.reason, 'corrupt')
    return true
  })
  assert.equal(readFileSync(path, 'utf8'), garbage)
  await assert.rejects(Journal.open('  '), { name: 'InvalidArgumentError', field: 'pathOrUrl' })
  await assert.rejects(Journal.open(42), { name: 'InvalidArgumentError', field: 'pathOrUrl' })
  assert.throws(() => new Journal(), TypeError)
})

test('without an argument, Journal.open uses SEEDANCE_JOURNAL', async (t) => {
  const path = scratch(t)
  const { code, out } = await runChild(`
    process.env.SEEDANCE_JOURNAL = ${JSON.stringify(path)}
    const { Journal } = await import('seedance-assets')
    const journal = await Journal.open()
    console.log('AT ' + journal.location + ' ' + JSON.stringify(await journal.people()))
  `)
  assert.equal(code, 0, out)
  assert.match(out, new RegExp(`AT ${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\[\\]`))
})

test('PostgreSQL: the flow on a journal in a schema of its own', async (t) => {
  const { url, schema, admin } = await postgresJournal(t, 'seedance_node')

  const sim = await startSimulator(t)
  const journal = await Journal.open(url)
  assert.ok(!journal.location.includes('search_path'), journal.location)
  assert.ok(journal.location.startsWith('postgresql://'), journal.location)
  const client = clientFor(sim, { journal })
  const { redirect } = await passedCallback(sim, client, 'user-pg')
  const people = await Promise.all([client.completeValidation(redirect), client.completeValidation(redirect)])
  assert.equal(people[0].groupId, people[1].groupId)
  assert.equal(sim.requestCount(EXCHANGE), 1)
  await client.uploadAsset({
    name: 'pg',
    assetType: 'Image',
    assetUrl: 'https://cdn.example.com/pg.jpg',
    groupId: people[0].groupId,
  })

  const reopened = await Journal.open(url)
  assert.equal((await reopened.person('user-pg')).groupId, people[0].groupId)
  assert.equal((await reopened.assets({ reference: 'user-pg' })).length, 1)
  const tables = await admin.query('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema])
  assert.ok(
    tables.rows.some((row) => row.table_name === 'seedance_people'),
    'the journal lives in the run schema',
  )
  assert.ok((await reopened.forget('user-pg')) >= 3)
})
