// Local files through the public API (mirrors core/tests/staging.rs): a folder of media staged
// in a real S3-protocol server (s3s-fs on 127.0.0.1, signatures checked) and fetched by the
// simulator in download mode through the presigned URLs until Active; a bucket refusing the
// credentials, a missing or unreadable file and a non-media file are clear errors with nothing
// uploaded.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { accessSync, chmodSync, constants, copyFileSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AssetFailedError, ConfigurationError, InvalidArgumentError, PreflightError, StagingError } from 'seedance-assets'
import { ROOT, clientFor, startSimulator, validatedGroup } from './helpers.mjs'
import { startAzurite } from './azurite.mjs'
import { BUCKET, startS3Server, withEnvironment } from './s3-server.mjs'

const FIXTURES = join(ROOT, 'core', 'tests', 'fixtures', 'media')
const MEDIA = ['image-ok.jpg', 'image-ok.png', 'video-ok.mp4', 'audio-ok.wav']

function scratch(t) {
  const dir = mkdtempSync(join(tmpdir(), 'seedance-files-'))
  t.after(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

async function setup(t, prefix, secret) {
  delete process.env.SEEDANCE_STAGING
  const s3 = await startS3Server(t)
  const sim = await startSimulator(t, { processingDelayMs: 50, downloadAssets: true })
  const client = withEnvironment(s3.environment(secret), () => clientFor(sim, { staging: `s3://${BUCKET}/${prefix}` }))
  return { s3, sim, client }
}

test('a folder of media goes from disk to Active through presigned URLs', async (t) => {
  const { s3, sim, client } = await setup(t, 'people/42')
  const dir = scratch(t)
  for (const name of MEDIA) copyFileSync(join(FIXTURES, name), join(dir, name))
  writeFileSync(join(dir, 'notes.txt'), 'not media')
  const groupId = await validatedGroup(sim, client)
  // A folder with another file is refused, naming it, before anything is staged.
  await assert.rejects(client.folderAssets(dir), (err) => {
    assert.ok(err instanceof InvalidArgumentError)
    assert.equal(err.field, 'dir')
    assert.match(err.message, /notes\.txt/)
    return true
  })
  assert.equal(s3.objects('people/42').length, 0)
  await assert.rejects(client.folderAssets(dir, { skipOtherFile: true }), /did you mean "skipOtherFiles"/)

  const assets = await client.folderAssets(dir, { skipOtherFiles: true })
  assert.deepEqual(
    assets.map((a) => [a.name, a.assetType, a.file]),
    [...MEDIA].sort().map((name) => [name.split('.')[0], { a: 'Audio', i: 'Image', v: 'Video' }[name[0]], join(dir, name)]),
  )
  const report = await client.onboard({ groupId, assets, preflight: true, timeoutMs: 60_000 })

  assert.deepEqual(
    report.items.map((item) => item.status),
    ['Active', 'Active', 'Active', 'Active'],
  )
  for (const item of report.items) {
    assert.ok(item.assetUrl.startsWith(s3.endpoint), item.assetUrl)
    assert.ok(!item.assetUrl.includes('?'), 'the signature is never kept')
  }
  assert.equal(s3.objects('people/42').length, 4)

  // One more through uploadAsset with a file, its type read from the content.
  const { assetId } = await client.uploadAsset({ name: 'again', file: join(FIXTURES, 'image-ok.webp'), groupId })
  const asset = await client.waitForAsset(assetId, { timeoutMs: 30_000 })
  assert.equal(asset.status, 'Active')
  assert.equal(asset.assetType, 'Image')
})

test('stage resolves with a presigned URL and puts a file once', async (t) => {
  const { s3, client } = await setup(t, 'once')
  const first = await client.stage(join(FIXTURES, 'image-ok.png'))
  const second = await client.stage(join(FIXTURES, 'image-ok.png'))
  assert.ok(first.startsWith(`${s3.endpoint}/${BUCKET}/once/`), first)
  assert.ok(first.includes('X-Amz-Signature=') && second.includes('X-Amz-Signature='))
  assert.ok(first.includes('X-Amz-Expires=86400&'), `valid for the default 24 h: ${first}`)
  assert.equal(first.split('?')[0], second.split('?')[0])
  assert.equal(s3.objects('once').length, 1)
})

test('a bucket that refuses the credentials rejects with StagingError and nothing is uploaded', async (t) => {
  const wrong = 'wrongsecret-zqxjvkpmwtrl'
  const { s3, sim, client } = await setup(t, 'refused', wrong)
  const groupId = await validatedGroup(sim, client)
  const file = join(FIXTURES, 'image-ok.jpg')
  const error = await client.uploadAsset({ name: 'front', file, groupId }).catch((e) => e)
  assert.ok(error instanceof StagingError, String(error))
  assert.equal(error.code, 'ERR_STAGING')
  assert.match(error.message, /refused the credentials/)
  assert.ok(!error.message.includes(wrong) && !JSON.stringify(error).includes(wrong))
  await assert.rejects(client.onboard({ groupId, assets: [{ name: 'front', file }] }), StagingError)
  assert.equal(sim.requestCount('uploadAsset'), 0)
  assert.deepEqual(sim.uploadsPerUrl(), {})
  assert.deepEqual(s3.objects('refused'), [])
})

// Run by a process that may not read the file: both calls' errors, one JSON line.
const UNREADABLE_CHILD = `
import { Client, InvalidArgumentError } from 'seedance-assets'
const [url, key, path] = process.argv.slice(1)
const client = new Client({ apiKey: key, baseUrl: url, staging: 's3://assets/never' })
const seen = []
for (const call of [() => client.uploadAsset({ name: 'x', groupId: 'g-1', file: path }), () => client.stage(path)]) {
  const error = await call().then(() => null, (e) => e)
  seen.push(error instanceof InvalidArgumentError ? { field: error.field, message: error.message } : { other: String(error) })
}
console.log(JSON.stringify(seen))
`

test('an unreadable file rejects naming the field and nothing is sent', async (t) => {
  const { s3, sim } = await setup(t, 'never')
  const photo = join(scratch(t), 'photo.jpg')
  copyFileSync(join(FIXTURES, 'image-ok.jpg'), photo)
  chmodSync(photo, 0)
  let readable = true
  try {
    accessSync(photo, constants.R_OK)
  } catch {
    readable = false
  }
  const node = [process.execPath, '--input-type=module', '-e', UNREADABLE_CHILD, sim.url, sim.apiKey, photo]
  // Root reads any file: the child runs without the capabilities that allow it.
  const command = readable ? ['setpriv', '--bounding-set=-dac_override,-dac_read_search', ...node] : node
  const done = spawnSync(command[0], command.slice(1), {
    cwd: ROOT,
    env: { ...process.env, ...s3.environment() },
    encoding: 'utf8',
    timeout: 120_000,
  })
  assert.equal(done.status, 0, done.stderr)
  const seen = JSON.parse(done.stdout)
  assert.equal(seen.length, 2)
  for (const error of seen) {
    assert.equal(error.field, 'file', JSON.stringify(error))
    assert.ok(error.message.includes('permission denied') && error.message.includes(photo), error.message)
  }
  assert.equal(sim.requestCount('uploadAsset'), 0)
  assert.deepEqual(s3.objects('never'), [])
})

test('missing, unreadable and non-media files reject naming the field', async (t) => {
  const { s3, sim, client } = await setup(t, 'never')
  const dir = scratch(t)
  const notes = join(dir, 'notes.txt')
  writeFileSync(notes, 'not a picture\n')
  const dangling = join(dir, 'gone.jpg')
  symlinkSync(join(dir, 'nowhere.jpg'), dangling)
  const cases = [
    [join(dir, 'missing.jpg'), 'no such file'],
    [dangling, 'no such file'],
    [dir, 'is a directory'],
    [notes, 'not an image, video or audio file'],
  ]
  for (const [path, why] of cases) {
    const error = await client.uploadAsset({ name: 'x', assetType: 'Image', file: path }).catch((e) => e)
    assert.ok(error instanceof InvalidArgumentError, String(error))
    assert.equal(error.field, 'file')
    assert.ok(error.message.includes(why) && error.message.includes(path), error.message)
    await assert.rejects(client.stage(path), InvalidArgumentError)
  }
  const both = await client
    .uploadAsset({ name: 'x', assetUrl: 'https://cdn.example/x.jpg', file: join(FIXTURES, 'image-ok.jpg') })
    .catch((e) => e)
  assert.equal(both.field, 'assetUrl')
  const neither = await client.uploadAsset({ name: 'x', assetType: 'Image' }).catch((e) => e)
  assert.equal(neither.field, 'assetUrl')
  // Preflight reads the file itself, before anything is staged.
  const tooLong = join(FIXTURES, 'video-duration-15.5-out.mp4')
  const refused = await client.uploadAsset({ name: 'x', file: tooLong, preflight: true }).catch((e) => e)
  assert.ok(refused instanceof PreflightError, String(refused))
  assert.ok(refused.report.violations.some((v) => v.limit === 'video.max_duration'))
  await assert.rejects(client.onboard({ groupId: 'g-1', assets: [{ name: 'notes', file: notes }] }), /notes\.txt/)

  const unstaged = clientFor(sim)
  await assert.rejects(unstaged.stage(join(FIXTURES, 'image-ok.jpg')), (e) => e instanceof ConfigurationError && /SEEDANCE_STAGING/.test(e.message))
  assert.equal(sim.requestCount('uploadAsset'), 0)
  assert.deepEqual(s3.objects('never'), [])
})

test('the simulator in download mode fetches URLs as upstream does', async (t) => {
  const sim = await startSimulator(t, { processingDelayMs: 50, downloadAssets: true })
  const client = clientFor(sim)
  const photo = sim.addMedia('photo.png', readFileSync(join(FIXTURES, 'image-ok.png')))
  const base = photo.slice(0, -'/media/photo.png'.length)
  const { assetId } = await client.uploadAsset({ name: 'photo', assetType: 'Image', assetUrl: photo })
  assert.equal((await client.waitForAsset(assetId, { timeoutMs: 30_000 })).status, 'Active')
  for (const variant of ['private', 'expired', 'login']) {
    const url = `${base}/media/${variant}/photo.png`
    const { assetId: failing } = await client.uploadAsset({ name: variant, assetType: 'Image', assetUrl: url })
    const error = await client.waitForAsset(failing, { timeoutMs: 30_000 }).catch((e) => e)
    assert.ok(error instanceof AssetFailedError, `${variant}: ${error}`)
    assert.equal(error.asset.errorCode, 'InvalidParameter.DownloadFailed', variant)
  }
})

test('a file goes Active through Azure Blob Storage configured by the environment', async (t) => {
  delete process.env.SEEDANCE_STAGING
  const azurite = await startAzurite(t)
  const sim = await startSimulator(t, { processingDelayMs: 50, downloadAssets: true })
  const client = withEnvironment({ ...azurite.environment(), SEEDANCE_STAGING: 'az://assets/node' }, () => clientFor(sim))
  const groupId = await validatedGroup(sim, client)
  const staged = await client.stage(join(FIXTURES, 'image-ok.jpg'))
  assert.ok(staged.startsWith(`${azurite.endpoint}/assets/node/`) && staged.includes('sig='), staged)
  const { assetId } = await client.uploadAsset({ name: 'voice', file: join(FIXTURES, 'audio-ok.wav'), groupId })
  // Active: the simulator fetched the SAS URL from Azurite and found the media.
  const asset = await client.waitForAsset(assetId, { timeoutMs: 30_000 })
  assert.equal(asset.status, 'Active')
  assert.equal(sim.requestCount('uploadAsset'), 1)
})
