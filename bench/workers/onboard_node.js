'use strict'
// One onboarding measurement in Node, in a fresh process (bench/onboarding.py starts it).
//
// usage: node onboard_node.js --workload w4|w5|multi --impl NAME --base-url U --api-key K
//        [--group-id G] [--n N] [--rate R] [--concurrency C] [--journal URL]
//        [--references R1,R2,…] [--start-at EPOCH]
//
// Prints one JSON line: {"ok":true,"wall_s":…,"cpu_s":…}; `cpu_s` is process.cpuUsage() (user+sys
// of the whole process, every thread) over the job only. The package is loaded as node_worker.js
// loads it (BENCH_NODE_PACKAGE, NAPI_RS_NATIVE_LIBRARY_PATH).
//
//   w4     project: client.onboard({uploadRate: R}); fetch: Promise.all + fetch, uploads under a
//          semaphore of C, each 429 retried after its Retry-After, then each asset polled in its
//          own loop every second until Active or Failed
//   w5     project: client.onboard({uploadRate: R}); wait: Promise.all of uploadAsset (under a
//          semaphore of C) + waitForAsset per asset
//   multi  project with the journal at URL: onboard({reference}) for each person in the order
//          given, starting at EPOCH (the other processes start then too); n is per person

const path = require('node:path')
const { performance } = require('node:perf_hooks')

const ASSET_INFO = '/api/v1/client/job/asset-info'
const ASSET_UPLOAD = '/api/v1/client/job/asset-upload'
const BASELINE_POLL_MS = 1000

function parseArgs(argv) {
  const args = { n: 10, concurrency: 8, rate: undefined, groupId: '', journal: '', references: '', startAt: 0 }
  const names = {
    '--workload': 'workload',
    '--impl': 'impl',
    '--base-url': 'baseUrl',
    '--api-key': 'apiKey',
    '--group-id': 'groupId',
    '--rate': 'rate',
    '--journal': 'journal',
    '--references': 'references'
  }
  const numbers = { '--n': 'n', '--concurrency': 'concurrency', '--start-at': 'startAt' }
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]]
    if (names[flag]) args[names[flag]] = value
    else if (numbers[flag]) args[numbers[flag]] = Number(value)
    else throw new Error(`unknown argument ${flag}`)
  }
  args.baseUrl = args.baseUrl.replace(/\/+$/, '')
  return args
}

function cpuSeconds() {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1e6
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

function loadPackage() {
  return require(process.env.BENCH_NODE_PACKAGE || path.resolve(__dirname, '..', '..'))
}

// The client's own rate limits are off: the run's uploadRate is the only pace.
function projectClient(args, journal) {
  const { Client } = loadPackage()
  return new Client({ apiKey: args.apiKey, baseUrl: args.baseUrl, rateLimits: false, journal })
}

function items(n, person = 'bench') {
  return Array.from({ length: n }, (_, i) => ({
    name: `${person} photo ${i}`,
    assetType: 'Image',
    assetUrl: `https://cdn.example/${person}/${i}.jpg`
  }))
}

function allActive(report) {
  if (report.active.length !== report.items.length) {
    const first = report.items.find((i) => i.status !== 'Active')
    throw new Error(`${report.items.length - report.active.length} items not Active, e.g. ${JSON.stringify(first)}`)
  }
  return { uploads_sent: report.uploadsSent, rate_limited: report.rateLimited }
}

async function onboard(args) {
  const client = projectClient(args)
  const report = await client.onboard({
    groupId: args.groupId,
    assets: items(args.n),
    uploadRate: args.rate,
    concurrency: args.concurrency
  })
  return allActive(report)
}

// A counting semaphore, as a user would write it without extra packages.
function semaphore(limit) {
  let free = limit
  const queue = []
  return async (fn) => {
    if (free > 0) free--
    else await new Promise((resolve) => queue.push(resolve))
    try {
      return await fn()
    } finally {
      const next = queue.shift()
      if (next) next()
      else free++
    }
  }
}

function checkEnvelope(body) {
  if (body === null || typeof body !== 'object' || body.code !== 200) {
    throw new Error(`envelope error: ${JSON.stringify(body).slice(0, 200)}`)
  }
  return body.data
}

async function w4Fetch(args) {
  const headers = { 'x-api-key': args.apiKey }
  const limit = semaphore(args.concurrency)
  const counts = { http_429: 0 }
  const upload = (item) =>
    limit(async () => {
      const body = JSON.stringify({
        name: item.name,
        asset_type: item.assetType,
        asset_url: item.assetUrl,
        group_id: args.groupId
      })
      for (;;) {
        const r = await fetch(args.baseUrl + ASSET_UPLOAD, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body
        })
        if (r.status === 429) {
          await r.arrayBuffer()
          counts.http_429++
          const seconds = Number(r.headers.get('retry-after') ?? '1')
          await sleep(Number.isFinite(seconds) ? seconds * 1000 : 1000)
          continue
        }
        return checkEnvelope(await r.json()).AssetId
      }
    })
  const onboardOne = async (item) => {
    const id = await upload(item)
    const url = `${args.baseUrl}${ASSET_INFO}?asset_id=${encodeURIComponent(id)}`
    for (;;) {
      await sleep(BASELINE_POLL_MS)
      const r = await fetch(url, { headers })
      const status = checkEnvelope(await r.json()).Status
      if (status === 'Active' || status === 'Failed') return status
    }
  }
  const statuses = await Promise.all(items(args.n).map(onboardOne))
  if (statuses.some((s) => s !== 'Active')) throw new Error('an asset did not end Active')
  return counts
}

async function w5Waits(args) {
  const client = projectClient(args)
  const limit = semaphore(args.concurrency)
  const assets = await Promise.all(
    items(args.n).map(async (item) => {
      const { assetId } = await limit(() => client.uploadAsset({ ...item, groupId: args.groupId }))
      return client.waitForAsset(assetId, { timeoutMs: 900_000 })
    })
  )
  if (assets.some((a) => a.status !== 'Active')) throw new Error('an asset did not end Active')
  return {}
}

async function multi(args) {
  const { Journal } = loadPackage()
  const client = projectClient(args, await Journal.open(args.journal))
  await sleep(Math.max(0, args.startAt * 1000 - Date.now()))
  const started = Date.now() / 1000
  let [sent, limited] = [0, 0]
  for (const person of args.references.split(',')) {
    const report = await client.onboard({
      reference: person,
      assets: items(args.n, person),
      uploadRate: args.rate,
      concurrency: args.concurrency
    })
    const counts = allActive(report)
    sent += counts.uploads_sent
    limited += counts.rate_limited
  }
  return { start_epoch: started, end_epoch: Date.now() / 1000, uploads_sent: sent, rate_limited: limited }
}

const JOBS = {
  'w4/project': onboard,
  'w4/fetch': w4Fetch,
  'w5/project': onboard,
  'w5/wait': w5Waits,
  'multi/project': multi
}

async function main() {
  try {
    const args = parseArgs(process.argv.slice(2))
    const job = JOBS[`${args.workload}/${args.impl}`]
    if (!job) throw new Error(`unknown job ${args.workload}/${args.impl}`)
    if (args.impl !== 'fetch') loadPackage() // the import is Footprint's business
    const [cpu0, started] = [cpuSeconds(), performance.now()]
    const out = await job(args)
    out.wall_s = (performance.now() - started) / 1000
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
