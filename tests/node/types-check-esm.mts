// The ESM entry points type-check too (`import` condition: lib/*.d.mts).
import seedance, { type Client, RateLimitError } from 'seedance-assets'
import { Simulator } from 'seedance-assets/testing'

const sim = await Simulator.start()
const client: Client = new seedance.Client({ apiKey: sim.apiKey, baseUrl: sim.url })
const err: unknown = await client.getAsset('asset-1').catch((e: unknown) => e)
export const limited: boolean = err instanceof RateLimitError
await sim.close()
