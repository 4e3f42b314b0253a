// Compiled with `tsc --noEmit` (never run): the public surface type-checks as a user writes it.
import {
  AbortError,
  APIError,
  AssetFailedError,
  Client,
  OutcomeUnknownError,
  RateLimitError,
  SeedanceError,
  type ValidationSession,
  WaitTimeoutError,
  parseCallback,
  verifyCallback,
  setLogger,
  type Asset,
  type CallbackResult,
  type ClientOptions,
  type ErrorCode,
  type UploadedAsset,
  type ValidationResult,
  Journal,
  JournalError,
  type AssetFilter,
  type JournaledAsset,
  type JournalRecord,
  type Person,
  type OnboardEvent,
  type OnboardItem,
  type OnboardItemReport,
  type OnboardItemStatus,
  type OnboardingReport,
} from 'seedance-assets'
import { type AssetRecord, Simulator, type FaultOptions } from 'seedance-assets/testing'

async function flow(): Promise<string> {
  const sim: Simulator = await Simulator.start({ processingDelayMs: [10, 50], statusMode: 'mirrored' })
  const options: ClientOptions = { apiKey: sim.apiKey, baseUrl: sim.url, timeoutMs: 5000, maxRetries: 1 }
  const client = new Client(options)
  const limited = new Client({ rateLimits: { uploadAsset: { maxRequests: 3, perMs: 60_000 }, assetInfo: false } })
  const strict: Client = limited.withOptions({ maxRetries: 0, deadlineMs: 1000 })
  void strict

  const controller = new AbortController()
  const session: ValidationSession = await client.createValidationSession(
    { callbackUrl: 'https://app.example.com/cb', language: 'en' },
    { signal: controller.signal, timeoutMs: 1000 },
  )
  const created: Date = session.createdAt
  const expired: boolean = session.isExpired()
  const link: string = session.h5LinkFor('zh-Hant')
  const qr: string = session.qrSvg()
  void qr
  const requestId: string | undefined = session.requestId
  const english = new Client({ apiKey: sim.apiKey, baseUrl: sim.url, language: 'en' })
  void [created, expired, link, requestId, english]

  const callbackUrl: string = sim.completeValidation(session.bytedToken, { passed: true })
  const callback: CallbackResult = session.verifyCallback(new URL(callbackUrl))
  const parsed: CallbackResult = parseCallback(callbackUrl, { expectedToken: session.bytedToken })
  const verified = verifyCallback(callbackUrl)
  const passed: boolean = callback.passed && parsed.passed && verified.passed

  const result: ValidationResult = await client.getValidationResult(callback.bytedToken)
  const uploaded: UploadedAsset = await client.uploadAsset({
    name: 'portrait',
    assetType: 'Image',
    assetUrl: 'https://cdn.example.com/p.jpg',
    groupId: result.groupId,
  })
  const asset: Asset = await client.waitForAsset(uploaded.assetId, {
    timeoutMs: 60_000,
    pollIntervalMs: 500,
    signal: AbortSignal.timeout(70_000),
    onPoll: (event) => {
      if (event.kind === 'retrying') console.log(event.code, event.delayMs)
      else if (event.kind === 'polled') console.log(event.status, event.nextPollInMs)
    },
  })
  setLogger((record) => console.log(record.level, record.target, record.message, record.fields.code), { level: 'debug' })
  setLogger(null)
  const when: Date | undefined = asset.updateTime
  void when

  const fault: FaultOptions = { times: 2, retryAfterSecs: 1 }
  sim.injectFault('asset-info', 'rate_limited', fault)
  sim.injectFault('uploadAsset', 'status', { code: 402 })
  const counts: number = sim.requestCount('asset-info') + sim.assetCount() + sim.totalRequests()
  void counts
  await sim.close()
  return passed ? asset.reference : ''
}

function describe(err: unknown): string {
  if (err instanceof RateLimitError) {
    const code: 'ERR_RATE_LIMITED' = err.code
    return `${code} retry in ${err.retryAfterMs ?? 0} ms (request ${err.requestId ?? '-'}, HTTP ${err.status})`
  }
  if (err instanceof AssetFailedError) return `${err.asset.errorCode}: ${err.asset.errorMessage}`
  if (err instanceof WaitTimeoutError) return err.last ? err.last.status : 'never seen'
  if (err instanceof OutcomeUnknownError) return `check before resending ${err.operation}`
  if (err instanceof AbortError) return 'cancelled'
  if (err instanceof APIError) return `service said ${err.status}`
  if (err instanceof SeedanceError) {
    const code: ErrorCode = err.code
    return code
  }
  return String(err)
}

async function journaled(sim: Simulator): Promise<number> {
  const journal: Journal = await Journal.open('journal.sqlite3', { readOnly: false })
  const fromEnv: Journal = await Journal.open()
  const client = new Client({ apiKey: sim.apiKey, baseUrl: sim.url, journal })
  const session = await client.createValidationSession({ callbackUrl: 'https://app.example.com/cb', reference: 'u-1', consent: 'ok' })
  const person: Person = await client.completeValidation(new URL(sim.completeValidation(session.bytedToken)), {
    signal: AbortSignal.timeout(5000),
  })
  const when: Date = person.validatedAt
  const kept: Person | null = await journal.person('u-1')
  const people: Person[] = await fromEnv.people()
  await client.uploadAsset({ name: 'a', assetType: 'image', assetUrl: 'https://cdn.example.com/a.jpg', key: 'k', allowDuplicate: true })
  const filter: AssetFilter = { reference: 'u-1', groupId: person.groupId, status: 'Ambiguous' }
  const assets: JournaledAsset[] = [...(await journal.assets(filter)), ...(await journal.pending())]
  const one: JournaledAsset | null = await journal.asset('k')
  const resolved: JournaledAsset | null = (await journal.resolve('k', 'asset-1')) ?? (await journal.resolve('k'))
  const records: JournalRecord[] = await journal.export()
  const groups = records.map((r) => (r.kind === 'person' ? r.groupId : r.kind === 'history' ? r.at : r.kind))
  const where: string = journal.location
  void [when, kept, people, assets, one, resolved, groups, where]
  try {
    await journal.forget('u-1')
  } catch (err) {
    if (err instanceof JournalError) return err.reason.length
    if (err instanceof OutcomeUnknownError) return (err.key ?? '').length
  }
  return journal.forget('u-1')
}

async function onboarded(sim: Simulator, client: Client, groupId: string): Promise<string[]> {
  const assets: OnboardItem[] = [
    { name: 'a', assetType: 'Image', assetUrl: 'https://cdn.example.com/a.jpg' },
    { name: 'b', assetType: 'video', assetUrl: new URL('https://cdn.example.com/b.mp4'), key: 'b-1' },
  ]
  const seen: OnboardEvent[] = []
  const report: OnboardingReport = await client.onboard({
    groupId,
    assets,
    uploadRate: '120/min',
    concurrency: 4,
    timeoutMs: 60_000,
    signal: AbortSignal.timeout(70_000),
    onProgress: (event) => {
      seen.push(event)
      if (event.kind === 'failed') console.log(event.index, event.code, event.message)
      else if (event.kind === 'retrying') console.log(event.reason, event.delayMs)
      else if (event.kind === 'active') console.log(event.assetId)
    },
  })
  await client.onboard({ reference: 'u-1', assets })
  const failed: OnboardItemReport[] = report.failed
  const status: OnboardItemStatus = report.items[0]?.status ?? 'Pending'
  const counts: number = report.uploadsSent + report.rateLimited + report.active.length + report.pending.length
  const lists = [report.ambiguous, report.rejected]
  sim.setQuota('uploadAsset', '600/min')
  sim.setQuota('asset-upload', null)
  const most: number = sim.maxInWindow('uploadAsset', 60_000) + sim.quotaRefusals('uploadAsset')
  const limited: Simulator = await Simulator.start({ quotas: { uploadAsset: '20/s', getAsset: '100/s' } })
  const failing = await Simulator.start({ chaos: { failureShare: 0.3, failureKinds: ['face_mismatch'], seed: 7 } })
  failing.setChaos({ probability: 0.1, failureShare: 0.2 })
  // @ts-expect-error failure kinds are named with underscores, as fault kinds are
  failing.setChaos({ failureShare: 0.2, failureKinds: ['face-mismatch'] })
  const drawn: number | undefined = failing.failuresDrawn().download_failed
  const records: Array<AssetRecord> = failing.assets()
  const codes: Array<string | undefined> = records.map((r) => (r.status === 'Failed' ? r.errorCode : r.assetUrl))
  void [failed, status, counts, lists, most, limited, seen, drawn, codes]
  return report.items.flatMap((item) => (item.reference ? [item.reference] : [item.errorCode ?? '', item.key ?? '']))
}

void flow().catch(describe)
void Simulator.start().then(journaled)
void Simulator.start().then((sim) => onboarded(sim, sim.client(), 'g-1'))
