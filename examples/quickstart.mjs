// The four steps of the Seedance real-person asset flow.
//   node examples/quickstart.mjs                     # on the local simulator (no key needed)
//   SEEDANCE_API_KEY=… node examples/quickstart.mjs   # against api.crun.ai (you open the H5 link)
import { createInterface } from 'node:readline/promises'
import { Client, SeedanceError } from 'seedance-assets'
import { Simulator } from 'seedance-assets/testing'

const CALLBACK_URL = process.env.SEEDANCE_CALLBACK_URL ?? 'https://example.com/seedance/callback'
const ASSET_URL = process.env.SEEDANCE_ASSET_URL ?? 'https://example.com/portrait.jpg'

const live = Boolean(process.env.SEEDANCE_API_KEY || process.env.CRUN_API_KEY)
const sim = live ? null : await Simulator.start()
const client = sim ? sim.client() : new Client()
console.log(`service: ${client.baseUrl}${sim ? ' (local simulator)' : ''}`)

try {
  // 1. A validation session: the person opens the H5 link within 120 s.
  const session = await client.createValidationSession({ callbackUrl: CALLBACK_URL, language: 'en' })
  console.log(`1. session created, expires ${session.expiresAt.toISOString()}`)

  // The person validates; their browser comes back to CALLBACK_URL?bytedToken=…&resultCode=…
  let callbackUrl
  if (sim) {
    callbackUrl = sim.completeValidation(session.bytedToken, { passed: true })
  } else {
    console.log(`   open this link and validate:\n   ${session.h5Link}`)
    const prompt = createInterface({ input: process.stdin, output: process.stdout })
    callbackUrl = await prompt.question('   paste the URL your browser was sent to: ')
    prompt.close()
  }
  const callback = session.verifyCallback(callbackUrl)
  console.log(`   callback verified (resultCode ${callback.resultCode})`)

  // 2. The person's GroupId (the token is single-use: keep the GroupId).
  const { groupId } = await client.getValidationResult(callback.bytedToken)
  console.log(`2. group ${groupId}`)

  // 3. Upload an asset of that person.
  const uploaded = await client.uploadAsset({ name: 'portrait', assetType: 'Image', assetUrl: ASSET_URL, groupId })
  console.log(`3. uploaded ${uploaded.assetId}`)

  // 4. Wait until it is usable in generation requests.
  const asset = await client.waitForAsset(uploaded.assetId, { timeoutMs: 120_000 })
  console.log(`4. ${asset.status}: use ${asset.reference}`)
} catch (err) {
  if (err instanceof SeedanceError) {
    console.error(`failed: ${err.code} ${err.message}`)
    process.exitCode = 1
  } else {
    throw err
  }
} finally {
  await sim?.close()
}
