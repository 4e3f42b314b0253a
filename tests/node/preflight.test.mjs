// Preflight through the public API (mirrors core/tests/preflight.rs): every fixture judged as
// its name says, measurements, the byte budget on a large video, private hosts refused unless
// allowed, pages and errors where media was expected, and preflight before upload and
// onboarding.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { InvalidArgumentError, PreflightError } from 'seedance-assets'
import { ROOT, clientFor, startSimulator, validatedGroup } from './helpers.mjs'

const FIXTURES = join(ROOT, 'core', 'tests', 'fixtures', 'media')
const HEAD_BYTES = 128 * 1024

/** [file, asset type, 'pass' | 'warn:<limit>' | 'out:<limit>'] */
const CASES = [
  ['image-ok.png', 'Image', 'pass'],
  ['image-ok.jpg', 'Image', 'pass'],
  ['image-ok.webp', 'Image', 'pass'],
  ['image-ok.bmp', 'Image', 'pass'],
  ['image-ok.tiff', 'Image', 'pass'],
  ['image-ok.gif', 'Image', 'pass'],
  ['image-ok.heic', 'Image', 'pass'],
  ['image-side-300-in.png', 'Image', 'pass'],
  ['image-side-299-out.png', 'Image', 'out:image.min_side'],
  ['image-side-6000-in.png', 'Image', 'pass'],
  ['image-side-6001-out.png', 'Image', 'out:image.max_side'],
  ['image-ratio-0.4-in.png', 'Image', 'pass'],
  ['image-ratio-0.399-out.png', 'Image', 'out:image.min_ratio'],
  ['image-ratio-2.5-in.png', 'Image', 'pass'],
  ['image-ratio-2.501-out.png', 'Image', 'out:image.max_ratio'],
  ['video-ok.mp4', 'Video', 'pass'],
  ['video-ok-faststart.mp4', 'Video', 'pass'],
  ['video-ok.mov', 'Video', 'pass'],
  ['video-duration-2.1-in.mp4', 'Video', 'pass'],
  ['video-duration-1.9-out.mp4', 'Video', 'out:video.min_duration'],
  ['video-duration-14.9-in.mp4', 'Video', 'pass'],
  ['video-duration-15.5-out.mp4', 'Video', 'out:video.max_duration'],
  ['video-fps-23.976-strict.mp4', 'Video', 'warn:video.min_fps'],
  ['video-fps-23.5-out.mp4', 'Video', 'out:video.min_fps'],
  ['video-fps-60-in.mp4', 'Video', 'pass'],
  ['video-fps-62-out.mp4', 'Video', 'out:video.max_fps'],
  ['video-pixels-408320-out.mp4', 'Video', 'out:video.min_pixels'],
  ['video-pixels-921600-in.mp4', 'Video', 'pass'],
  ['video-pixels-2073600-strict.mp4', 'Video', 'warn:video.max_pixels'],
  ['video-pixels-2088960-out.mp4', 'Video', 'out:video.max_pixels'],
  ['video-ratio-0.4-in.mp4', 'Video', 'warn:video.max_pixels'],
  ['video-ratio-0.397-out.mp4', 'Video', 'out:video.min_ratio'],
  ['video-ratio-2.5-in.mp4', 'Video', 'warn:video.max_pixels'],
  ['video-ratio-2.506-out.mp4', 'Video', 'out:video.max_ratio'],
  ['audio-ok.wav', 'Audio', 'pass'],
  ['audio-ok.mp3', 'Audio', 'pass'],
  ['audio-duration-2.1-in.wav', 'Audio', 'pass'],
  ['audio-duration-1.9-out.wav', 'Audio', 'out:audio.min_duration'],
  ['audio-duration-14.9-in.wav', 'Audio', 'pass'],
  ['audio-duration-15.5-out.wav', 'Audio', 'out:audio.max_duration'],
  ['audio-duration-1.5-out.mp3', 'Audio', 'out:audio.min_duration'],
  ['audio-duration-16-out.mp3', 'Audio', 'out:audio.max_duration'],
]

const fixture = (name) => readFileSync(join(FIXTURES, name))
const limits = (findings) => findings.map((f) => f.limit)
/** Warnings about the media (the simulator is plain http on loopback: those two always are). */
const mediaWarnings = (report) => limits(report.warnings).filter((l) => l !== 'scheme' && l !== 'host')

test('every fixture is listed and judged as its name says', async (t) => {
  const onDisk = readdirSync(FIXTURES).filter((n) => !n.endsWith('.sh'))
  assert.deepEqual(new Set(onDisk), new Set(CASES.map(([name]) => name)))
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  for (const [name, assetType, expect] of CASES) {
    const report = await client.preflight({ assetUrl: sim.addMedia(name, fixture(name)), assetType })
    const [verdict, limit] = expect.split(':')
    const shown = `${name}: ${JSON.stringify(report)}`
    if (verdict === 'pass') {
      assert.ok(report.ok && report.violations.length === 0 && mediaWarnings(report).length === 0, shown)
    } else if (verdict === 'warn') {
      assert.ok(report.ok, shown)
      assert.deepEqual(mediaWarnings(report), [limit], shown)
    } else {
      assert.equal(report.ok, false, shown)
      assert.deepEqual(limits(report.violations), [limit], shown)
    }
    assert.equal(report.profile, 'published-2026-11')
    assert.equal(report.httpStatus, 206)
    assert.equal(report.sizeBytes, fixture(name).length)
  }
})

test('measurements and findings', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  const mov = await client.preflight({ assetUrl: sim.addMedia('a.mov', fixture('video-ok.mov')), assetType: 'video' })
  assert.deepEqual([mov.format, mov.width, mov.height, mov.pixels, mov.assetType], ['mov', 640, 640, 409600, 'Video'])
  assert.ok(Math.abs(mov.duration - 3) < 0.05 && Math.abs(mov.fps - 30) < 0.1, JSON.stringify(mov))
  const slow = await client.preflight({ assetUrl: sim.addMedia('b.mp4', fixture('video-fps-23.5-out.mp4')), assetType: 'Video' })
  assert.deepEqual(slow.violations, [{ limit: 'video.min_fps', expected: 'at least 23.8 fps', actual: '23.5 fps' }])
})

/** video-ok.mp4 (index at the end) grown past 50 MB by a `free` box before its index. */
function largeVideo() {
  const small = fixture('video-ok.mp4')
  let offset = 0
  while (small.toString('latin1', offset + 4, offset + 8) !== 'moov') offset += small.readUInt32BE(offset)
  const padding = 55 * 1024 * 1024
  const header = Buffer.alloc(8)
  header.writeUInt32BE(padding, 0)
  header.write('free', 4, 'latin1')
  return Buffer.concat([small.subarray(0, offset), header, Buffer.alloc(padding - 8), small.subarray(offset)])
}

test('a large video with its index at the end is read only in part', async (t) => {
  const sim = await startSimulator(t)
  const data = largeVideo()
  const report = await clientFor(sim).preflight({ assetUrl: sim.addMedia('large.mp4', data), assetType: 'Video' })
  assert.deepEqual(limits(report.violations), ['video.max_bytes'])
  assert.equal(report.sizeBytes, data.length)
  const served = sim.mediaBytesServed()['/media/large.mp4']
  assert.equal(served, report.bytesRead)
  assert.ok(served < HEAD_BYTES + 4096, `served ${served}`)
})

test('private hosts are refused unless allowed, before any request', async (t) => {
  const sim = await startSimulator(t)
  const url = sim.addMedia('a.png', fixture('image-ok.png'))
  const strict = clientFor(sim, { allowPrivateHosts: false })
  for (const assetUrl of [url, url.replace('127.0.0.1', 'localhost'), 'http://169.254.169.254/latest/meta-data/']) {
    const report = await strict.preflight({ assetUrl, assetType: 'Image' })
    assert.deepEqual(limits(report.violations), ['host'], JSON.stringify(report))
  }
  assert.deepEqual(sim.mediaBytesServed(), {})
  const allowed = await strict.preflight({ assetUrl: url, assetType: 'Image', allowPrivateHosts: true })
  assert.ok(allowed.ok && limits(allowed.warnings).includes('host'))
})

test('pages and errors where media was expected are violations', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  sim.addMedia('a.png', fixture('image-ok.png'))
  const login = await client.preflight({ assetUrl: `${sim.url}/media/login/a.png`, assetType: 'Image' })
  assert.deepEqual(limits(login.violations), ['content_type'])
  for (const [path, status] of [['private', 403], ['expired', 404]]) {
    const report = await client.preflight({ assetUrl: `${sim.url}/media/${path}/a.png`, assetType: 'Image' })
    assert.deepEqual(limits(report.violations), ['reachable'])
    assert.equal(report.httpStatus, status)
  }
})

test('a profile from overrides or a file judges instead', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  const assetUrl = sim.addMedia('long.mp4', fixture('video-duration-15.5-out.mp4'))
  assert.equal((await client.preflight({ assetUrl, assetType: 'Video' })).ok, false)
  const report = await client.preflight({ assetUrl, assetType: 'Video', profile: { video: { max_duration: 30 } } })
  assert.ok(report.ok)
  assert.equal(report.profile, 'published-2026-11+overrides')
  const folder = mkdtempSync(join(tmpdir(), 'seedance-profile-'))
  t.after(() => rmSync(folder, { recursive: true, force: true }))
  const file = join(folder, 'lenient.json')
  writeFileSync(file, JSON.stringify({ name: 'lenient', video: { max_duration: 16 } }))
  const fromFile = await client.preflight({ assetUrl, assetType: 'Video', profile: file })
  assert.ok(fromFile.ok)
  assert.equal(fromFile.profile, 'lenient')
  await assert.rejects(client.preflight({ assetUrl, assetType: 'Video', profile: { video: { max_durations: 1 } } }), (err) => {
    assert.ok(err instanceof InvalidArgumentError)
    assert.match(err.message, /max_durations/)
    return true
  })
})

test('bad arguments are refused naming them', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  await assert.rejects(client.preflight({ assetUrl: 'not a url', assetType: 'Image' }), (err) => {
    assert.ok(err instanceof InvalidArgumentError)
    assert.equal(err.field, 'assetUrl')
    return true
  })
  await assert.rejects(client.preflight({ assetUrl: 'https://cdn.example.com/a.png', assetTyp: 'Image' }), InvalidArgumentError)
})

test('uploadAsset with preflight refuses a failing asset before any upload', async (t) => {
  const sim = await startSimulator(t)
  const client = clientFor(sim)
  const short = sim.addMedia('short.mp4', fixture('video-duration-1.9-out.mp4'))
  sim.resetCounters()
  await assert.rejects(client.uploadAsset({ name: 'clip', assetType: 'Video', assetUrl: short, preflight: true }), (err) => {
    assert.ok(err instanceof PreflightError && err instanceof InvalidArgumentError)
    assert.equal(err.code, 'ERR_PREFLIGHT')
    assert.deepEqual(limits(err.report.violations), ['video.min_duration'])
    return true
  })
  assert.equal(sim.requestCount('uploadAsset'), 0)
  const good = sim.addMedia('good.mp4', fixture('video-ok.mp4'))
  await client.uploadAsset({ name: 'clip', assetType: 'Video', assetUrl: good, preflight: true })
  assert.equal(sim.requestCount('uploadAsset'), 1)
})

test('onboard with preflight rejects failing items without uploading them', async (t) => {
  const sim = await startSimulator(t, { processingDelayMs: [50, 100] })
  const client = clientFor(sim)
  const groupId = await validatedGroup(sim, client)
  const good = sim.addMedia('good.png', fixture('image-ok.png'))
  const small = sim.addMedia('small.png', fixture('image-side-299-out.png'))
  sim.resetCounters()
  const report = await client.onboard({
    groupId,
    assets: [
      { name: 'good', assetType: 'Image', assetUrl: good },
      { name: 'small', assetType: 'Image', assetUrl: small },
    ],
    preflight: true,
    timeoutMs: 60000,
  })
  assert.deepEqual(
    report.items.map((i) => i.status),
    ['Active', 'Rejected'],
  )
  assert.equal(report.rejected[0].errorCode, 'ERR_PREFLIGHT')
  assert.match(report.rejected[0].errorMessage, /image\.min_side/)
  assert.equal(sim.requestCount('uploadAsset'), 1)
})
