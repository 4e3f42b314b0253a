// The four steps from CommonJS, on the local simulator: node examples/quickstart.cjs
const { SeedanceError } = require('seedance-assets')
const { Simulator } = require('seedance-assets/testing')

async function main() {
  const sim = await Simulator.start()
  const client = sim.client()
  try {
    const session = await client.createValidationSession({ callbackUrl: 'https://example.com/seedance/callback' })
    const callback = session.verifyCallback(sim.completeValidation(session.bytedToken, { passed: true }))
    const { groupId } = await client.getValidationResult(callback.bytedToken)
    const { assetId } = await client.uploadAsset({
      name: 'portrait',
      assetType: 'Image',
      assetUrl: 'https://example.com/portrait.jpg',
      groupId,
    })
    const asset = await client.waitForAsset(assetId, { timeoutMs: 120_000 })
    console.log(`four steps done (require): ${asset.status}, use ${asset.reference}`)
  } finally {
    await sim.close()
  }
}

main().catch((err) => {
  console.error(err instanceof SeedanceError ? `failed: ${err.code} ${err.message}` : err)
  process.exitCode = 1
})
