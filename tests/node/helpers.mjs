// Shared set-up for the node tests: a simulator per test file and small timing helpers.
import { Simulator } from 'seedance-assets/testing'

export const CALLBACK_URL = 'https://app.example.com/seedance/callback'
export const IMAGE_URL = 'https://cdn.example.com/person.jpg'

/** Starts a simulator; `t.after` closes it. */
export async function startSimulator(t, options) {
  const sim = await Simulator.start(options)
  t.after(() => sim.close())
  return sim
}

/** A client of `sim` without client-side rate limits, so tests never wait on them. */
export function clientFor(sim, options = {}) {
  return sim.client({ rateLimits: false, ...options })
}

/** Steps 1–2: a passed session and its GroupId. */
export async function validatedGroup(sim, client) {
  const session = await client.createValidationSession({ callbackUrl: CALLBACK_URL })
  const callback = sim.completeValidation(session.bytedToken, { passed: true })
  session.verifyCallback(callback)
  const { groupId } = await client.getValidationResult(session.bytedToken)
  return groupId
}

/** Milliseconds since `start` (a `performance.now()` value). */
export function since(start) {
  return performance.now() - start
}
