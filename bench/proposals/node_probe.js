// PROTOTYPE probe: native getAsset (one TSFN per promise) vs one shared TSFN delivering batches.
const native = require(process.env.PROBE_NATIVE || '../../native/index.js') // the prototype build's loader
const [base, key, id, mode] = process.argv.slice(2)
const n = 20000, c = 64
const client = native.createClient({ apiKey: key, baseUrl: base, rateLimits: false })
const pending = new Map()
let nextId = 0
const batcher = new native.Batcher(() => {
  for (const item of batcher.take()) {
    const p = pending.get(item.id); pending.delete(item.id)
    if (item.error !== undefined && item.error !== null) p.reject(new Error(item.error)); else p.resolve(item.asset)
  }
})
const batched = (assetId) => new Promise((resolve, reject) => {
  const callId = nextId++ >>> 0
  pending.set(callId, { resolve, reject })
  batcher.getAsset(client, assetId, callId)
})
const call = mode === 'batched' ? () => batched(id) : () => client.getAsset(id)
async function run (k) {
  const worker = async (m) => { for (let i = 0; i < m; i++) { const a = await call(); if (!a.status) throw new Error('no status') } }
  await Promise.all(Array.from({ length: c }, () => worker(Math.floor(k / c))))
}
const keepAlive = setInterval(() => {}, 1000) // the prototype TSFN is weak (unref), as it would be when idle
;(async () => {
  await run(256)
  const t = performance.now(); const u = process.cpuUsage()
  await run(n)
  const cu = process.cpuUsage(u)
  console.log(JSON.stringify({ mode, wall_s: (performance.now() - t) / 1000, cpu_s: (cu.user + cu.system) / 1e6 }))
  process.exit(0)
})()
