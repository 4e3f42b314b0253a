'use strict'
// One benchmark measurement in Node, in a fresh process: the project's client or `fetch`.
//
// usage: node node_worker.js --workload w1|w2|w3|w3info --impl project|fetch --base-url U
//        --api-key K [--asset-id A] [--n N] [--concurrency C] [--warmup W]
//        [--poll-interval S] [--delays-ms MIN,MAX]
//
// Prints one JSON line: {"ok":true,"n":N,"wall_s":…,"cpu_s":…}. `cpu_s` is process.cpuUsage()
// (user+sys of the whole process, every thread) over the timed section only.
// The package is loaded from BENCH_NODE_PACKAGE (default: the repository root); set
// NAPI_RS_NATIVE_LIBRARY_PATH to load a specific `.node` (the release build of bench/run.sh).
// The `fetch` baseline is written as its docs recommend: global fetch (undici keeps connections
// alive), JSON decoded, envelope `code` checked.

const path = require('node:path')
const { performance } = require('node:perf_hooks')

const ASSET_INFO = '/api/v1/client/job/asset-info'
const ASSET_UPLOAD = '/api/v1/client/job/asset-upload'

function parseArgs (argv) {
  const args = { n: 100, concurrency: 1, warmup: 0, pollInterval: 0.5, delaysMs: [1000, 5000], assetId: '' }
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]]
    switch (flag) {
      case '--workload': args.workload = value; break
      case '--impl': args.impl = value; break
      case '--base-url': args.baseUrl = value.replace(/\/+$/, ''); break
      case '--api-key': args.apiKey = value; break
      case '--asset-id': args.assetId = value; break
      case '--n': args.n = Number(value); break
      case '--concurrency': args.concurrency = Number(value); break
      case '--warmup': args.warmup = Number(value); break
      case '--poll-interval': args.pollInterval = Number(value); break
      case '--delays-ms': args.delaysMs = value.split(',').map(Number); break
      default: throw new Error(`unknown argument ${flag}`)
    }
  }
  return args
}

function cpuSeconds () {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

function shares (n, c) {
  return Array.from({ length: c }, (_, i) => Math.floor(n / c) + (i < n % c ? 1 : 0))
}

function checkEnvelope (body) {
  if (body === null || typeof body !== 'object' || body.code !== 200) {
    throw new Error(`envelope error: ${JSON.stringify(body).slice(0, 200)}`)
  }
  return body.data
}

function loadPackage () {
  return require(process.env.BENCH_NODE_PACKAGE || path.resolve(__dirname, '..', '..'))
}

function projectClient (args) {
  const { Client } = loadPackage()
  return new Client({ apiKey: args.apiKey, baseUrl: args.baseUrl, rateLimits: false })
}

async function runWorkers (call, n, c, warmup) {
  const worker = async (count) => { for (let i = 0; i < count; i++) await call() }
  if (warmup) await Promise.all(shares(warmup, Math.min(c, warmup)).map(worker))
  const started = performance.now()
  await Promise.all(shares(n, c).map(worker))
  return (performance.now() - started) / 1000
}

function getter (args) {
  const id = args.assetId
  if (args.impl === 'project') {
    const client = projectClient(args)
    return async () => {
      const asset = await client.getAsset(id)
      if (!asset.status) throw new Error('asset without status')
    }
  }
  if (args.impl === 'fetch') {
    const url = `${args.baseUrl}${ASSET_INFO}?asset_id=${encodeURIComponent(id)}`
    const headers = { 'x-api-key': args.apiKey }
    return async () => {
      const r = await fetch(url, { headers })
      const data = checkEnvelope(await r.json())
      if (!data.Status) throw new Error('asset without status')
    }
  }
  throw new Error(`unknown impl ${args.impl}`)
}

async function w1 (args) {
  return { wall_s: await runWorkers(getter(args), args.n, 1, args.warmup) }
}

async function w2 (args) {
  return { wall_s: await runWorkers(getter(args), args.n, args.concurrency, args.warmup) }
}

const assetUrl = (i) => `https://cdn.example/bench/${i}.jpg`
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

// A semaphore-bounded map, as a user would write it without extra packages.
async function mapLimit (items, limit, fn) {
  const out = new Array(items.length)
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const i = next++
      out[i] = await fn(items[i], i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return out
}

async function w3Project (args) {
  const client = projectClient(args)
  const ids = await mapLimit([...Array(args.n).keys()], args.concurrency, async (i) =>
    (await client.uploadAsset({ name: `a${i}`, assetType: 'Image', assetUrl: assetUrl(i) })).assetId)
  const assets = await Promise.all(ids.map((id) =>
    client.waitForAsset(id, { timeoutMs: 600_000, pollIntervalMs: args.pollInterval * 1000 })))
  if (assets.some((a) => a.status !== 'Active')) throw new Error('an asset did not end Active')
  return ids
}

async function w3Fetch (args) {
  const headers = { 'x-api-key': args.apiKey }
  const ids = await mapLimit([...Array(args.n).keys()], args.concurrency, async (i) => {
    const r = await fetch(args.baseUrl + ASSET_UPLOAD, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `a${i}`, asset_type: 'Image', asset_url: assetUrl(i) })
    })
    return checkEnvelope(await r.json()).AssetId
  })
  const wait = async (id) => {
    const deadline = performance.now() + 600_000
    const url = `${args.baseUrl}${ASSET_INFO}?asset_id=${encodeURIComponent(id)}`
    for (;;) {
      const r = await fetch(url, { headers })
      const data = checkEnvelope(await r.json())
      if (data.Status === 'Active') return data.Status
      if (data.Status === 'Failed') throw new Error(`asset ${id} failed`)
      if (performance.now() + args.pollInterval * 1000 > deadline) throw new Error(`asset ${id} not ready in time`)
      await sleep(args.pollInterval * 1000)
    }
  }
  const statuses = await Promise.all(ids.map(wait))
  if (statuses.some((s) => s !== 'Active')) throw new Error('an asset did not end Active')
  return ids
}

async function w3 (args) {
  const pipeline = { project: w3Project, fetch: w3Fetch }[args.impl]
  if (!pipeline) throw new Error(`unknown w3 impl ${args.impl}`)
  const started = performance.now()
  const ids = await pipeline(args)
  return { wall_s: (performance.now() - started) / 1000, assets: ids.length }
}

// Upload one by one, each with a known processing delay, and wait with the default settings.
async function w3info (args) {
  if (args.impl !== 'project') throw new Error(`unknown w3info impl ${args.impl}`)
  const client = projectClient(args)
  const [lo, hi] = args.delaysMs
  let seed = 5
  const rand = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
  const lags = []
  const waits = []
  const started = performance.now()
  for (let i = 0; i < args.n; i++) {
    const delay = lo + Math.floor(rand() * (hi - lo + 1))
    const r = await fetch(`${args.baseUrl}/_sim/config`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ processing_delay_ms: [delay, delay] })
    })
    await r.arrayBuffer()
    if (r.status !== 200) throw new Error(`/_sim/config answered ${r.status}`)
    const { assetId } = await client.uploadAsset({ name: `a${i}`, assetType: 'Image', assetUrl: assetUrl(i) })
    const readyAt = performance.now() + delay
    waits.push(client.waitForAsset(assetId, { timeoutMs: 600_000 }).then((a) => {
      if (a.status !== 'Active') throw new Error('asset did not end Active')
      lags.push((performance.now() - readyAt) / 1000)
    }))
  }
  await Promise.all(waits)
  return { wall_s: (performance.now() - started) / 1000, lags_s: lags.sort((a, b) => a - b) }
}

async function main () {
  let args
  try {
    args = parseArgs(process.argv.slice(2))
  } catch (e) {
    console.log(JSON.stringify({ ok: false, error: String(e.message) }))
    process.exitCode = 2
    return
  }
  const run = { w1, w2, w3, w3info }[args.workload]
  try {
    if (!run) throw new Error(`unknown workload ${args.workload}`)
    if (args.impl === 'project') loadPackage() // the import is Footprint's business
    const cpu0 = cpuSeconds()
    const out = await run(args)
    out.cpu_s = cpuSeconds() - cpu0
    console.log(JSON.stringify({ ok: true, n: args.n, ...out }))
  } catch (e) {
    console.log(JSON.stringify({ ok: false, error: `${e.code || e.name}: ${e.message}` }))
    process.exitCode = 1
  }
  // Don't let idle pooled connections keep the process alive (stdout to a pipe is synchronous).
  process.exit()
}

main()
