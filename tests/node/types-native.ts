// Compiled with `tsc --noEmit` (never run): the hand-written public types (lib/index.d.ts) agree
// with the declarations napi generates from the Rust code (lib/native.d.ts, which
// scripts/node-test.sh checks against a fresh build). Each alias below compiles only if the
// shapes fit; a field added, renamed or retyped on one side and not the other breaks the build.
import type * as pub from 'seedance-assets'
import type * as native from '../../lib/native.js'

/** `A` must be assignable to `B`. */
type Assignable<A extends B, B> = [A, B]
/** `A` and `B` must name the same fields. */
type SameKeys<A, B> = [Exclude<keyof A, keyof B>, Exclude<keyof B, keyof A>] extends [never, never]
  ? true
  : { onlyInFirst: Exclude<keyof A, keyof B>; onlyInSecond: Exclude<keyof B, keyof A> }
type Check<T extends true> = T
/** A params object as lib/ hands it on: `URL` objects become strings. */
type AsPassed<T> = { [K in keyof T]: Exclude<T[K], URL> }
/** `onboard`'s options as lib/ hands them on: `onProgress` and `signal` apart, items as passed. */
type OnboardAsPassed = Omit<pub.OnboardOptions, 'signal' | 'onProgress' | 'assets'> & {
  assets: AsPassed<pub.OnboardItem>[]
}

/**
 * What a native async method resolves with (bindings-node/src/client.rs: the model each
 * method's future maps the core's answer to; the Rust compiler holds it to that, and
 * `Agrees` below holds the generated declarations to this list).
 */
type Answers = {
  createValidationSession: native.ValidationSession
  getValidationResult: native.ValidationResult
  uploadAsset: native.UploadedAsset
  getAsset: native.Asset
  waitForAsset: native.Asset
  completeValidation: native.Person
  onboard: native.OnboardingReport
  preflight: native.PreflightReport
  stage: string
  folderAssets: native.FolderAsset[]
}
type Answer<K extends keyof Answers> = Answers[K]
/** Every native async method is listed in `Answers`. */
type Settling = {
  [K in keyof native.NativeClient]: native.NativeClient[K] extends (...rest: never[]) => Promise<unknown>
    ? K
    : never
}[keyof native.NativeClient]
/** What a native journal method resolves with (bindings-node/src/journal.rs). */
type JournalAnswers = {
  person: native.Person | null
  people: native.Person[]
  assets: native.JournaledAsset[]
  pending: native.JournaledAsset[]
  asset: native.JournaledAsset | null
  resolve: native.JournaledAsset | null
  forget: number
  export: Record<string, unknown>[]
}
type JournalAnswer<K extends keyof JournalAnswers> = JournalAnswers[K]
/** Every native async journal method is listed in `JournalAnswers`. */
type JournalSettling = {
  [K in keyof native.NativeJournal]: native.NativeJournal[K] extends (...rest: never[]) => Promise<unknown>
    ? K
    : never
}[keyof native.NativeJournal]
/** What a method's promise resolves with. */
type Resolved<M> = M extends (...rest: never[]) => Promise<infer R> ? R : never
/** `true` when every method of `T` named in `A` resolves with exactly `A`'s type, else the names that do not. */
type Agrees<T, A> = {
  [K in keyof A & keyof T]: [Resolved<T[K]>] extends [A[K]] ? ([A[K]] extends [Resolved<T[K]>] ? true : K) : K
}[keyof A & keyof T]
/** The answers that cross as JSON text (lib/models.js reads them into the model). */
type JsonText = 'getAsset' | 'waitForAsset'

// Options: whatever a user may pass is accepted by the native side, and every public option
// is one the native side reads (`signal` is handled in lib/).
export type Options = [
  Assignable<pub.ClientOptions, native.ClientOptions>,
  // `journal` is passed on as its own argument (the native journal behind the public one).
  Check<SameKeys<Omit<pub.ClientOptions, 'journal'>, native.ClientOptions>>,
  Assignable<pub.RateLimits, Exclude<native.ClientOptions['rateLimits'], boolean | undefined>>,
  Assignable<pub.RateLimit, native.RateLimitOptions>,
  Check<SameKeys<pub.RateLimit, native.RateLimitOptions>>,
  Assignable<pub.CallOptions, native.CallOptions>,
  Check<SameKeys<Omit<pub.CallOptions, 'signal'>, native.CallOptions>>,
  Assignable<pub.WaitOptions, native.WaitParams>,
  Check<SameKeys<Omit<pub.WaitOptions, 'signal' | 'onPoll'>, native.WaitParams>>,
  // `onPoll` is passed on as its own argument; the events it receives fit what napi sends.
  Assignable<pub.PollEvent, Parameters<NonNullable<Parameters<native.NativeClient['waitForAsset']>[2]>>[0]>,
  Assignable<pub.LogRecord, native.LogRecord>,
  Check<SameKeys<pub.LogRecord, native.LogRecord>>,
  Assignable<AsPassed<pub.CreateSessionParams>, native.CreateSessionParams>,
  Check<SameKeys<pub.CreateSessionParams, native.CreateSessionParams>>,
  Assignable<AsPassed<pub.UploadAssetParams>, native.UploadAssetParams>,
  Check<SameKeys<pub.UploadAssetParams, native.UploadAssetParams>>,
  Assignable<pub.JournalOpenOptions, native.JournalOpenOptions>,
  Check<SameKeys<pub.JournalOpenOptions, native.JournalOpenOptions>>,
  Assignable<pub.AssetFilter, native.AssetFilterParams>,
  Check<SameKeys<pub.AssetFilter, native.AssetFilterParams>>,
  Assignable<OnboardAsPassed, native.OnboardParams>,
  Check<SameKeys<Omit<pub.OnboardOptions, 'signal' | 'onProgress'>, native.OnboardParams>>,
  Check<SameKeys<pub.OnboardItem, native.OnboardItemParams>>,
  Assignable<AsPassed<Omit<pub.PreflightOptions, 'signal'>>, native.PreflightParams>,
  Check<SameKeys<Omit<pub.PreflightOptions, 'signal'>, native.PreflightParams>>,
  Assignable<pub.FolderAssetsOptions, native.FolderAssetsOptions>,
  Check<SameKeys<Omit<pub.FolderAssetsOptions, 'signal'>, native.FolderAssetsOptions>>,
  // `onProgress` is passed on as its own argument; the events it receives fit what napi sends.
  Assignable<pub.OnboardEvent, Parameters<NonNullable<Parameters<native.NativeClient['onboard']>[1]>>[0]>,
]

// Results: what the native side answers is what the public types promise, field for field.
export type Results = [
  Check<SameKeys<Record<Settling, true>, Answers>>,
  Check<SameKeys<Record<JournalSettling, true>, JournalAnswers>>,
  Check<Agrees<native.NativeClient, Omit<Answers, JsonText>>>,
  Check<Agrees<native.NativeJournal, JournalAnswers>>,
  Check<Agrees<native.NativeClient, Record<JsonText, string>>>,
  Assignable<Answer<'createValidationSession'>, pub.ValidationSessionData>,
  Check<SameKeys<Answer<'createValidationSession'>, pub.ValidationSessionData>>,
  Assignable<Answer<'getValidationResult'>, pub.ValidationResult>,
  Assignable<pub.ValidationResult, Answer<'getValidationResult'>>,
  Assignable<Answer<'uploadAsset'>, pub.UploadedAsset>,
  Assignable<pub.UploadedAsset, Answer<'uploadAsset'>>,
  Assignable<Answer<'getAsset'>, pub.Asset>,
  Assignable<Answer<'waitForAsset'>, pub.Asset>,
  Assignable<Answer<'stage'>, Awaited<ReturnType<pub.Client['stage']>>>,
  Assignable<Answer<'folderAssets'>, Awaited<ReturnType<pub.Client['folderAssets']>>>,
  Check<SameKeys<native.Asset, pub.Asset>>,
  Assignable<native.AssetType, pub.AssetType>,
  Assignable<pub.AssetType, native.AssetType>,
  Assignable<ReturnType<typeof native.parseCallback>, pub.CallbackResult>,
  Assignable<pub.CallbackResult, ReturnType<typeof native.verifyCallback>>,
  Assignable<ReturnType<typeof native.bindingVersion>, typeof pub.version>,
  Assignable<Answer<'completeValidation'>, pub.Person>,
  Check<SameKeys<native.Person, pub.Person>>,
  Assignable<JournalAnswer<'person'>, pub.Person | null>,
  Assignable<JournalAnswer<'people'>, pub.Person[]>,
  Assignable<JournalAnswer<'assets'>, pub.JournaledAsset[]>,
  Assignable<JournalAnswer<'pending'>, pub.JournaledAsset[]>,
  Assignable<JournalAnswer<'asset'>, pub.JournaledAsset | null>,
  Assignable<JournalAnswer<'resolve'>, pub.JournaledAsset | null>,
  Check<SameKeys<native.JournaledAsset, pub.JournaledAsset>>,
  Assignable<JournalAnswer<'forget'>, number>,
  Assignable<native.NativeJournal['location'], pub.Journal['location']>,
  Assignable<Answer<'onboard'>, pub.OnboardingReport>,
  Check<SameKeys<native.OnboardingReport, pub.OnboardingReport>>,
  Check<SameKeys<native.OnboardItemReport, pub.OnboardItemReport>>,
  Assignable<native.ItemStatus, pub.OnboardItemStatus>,
  Assignable<pub.OnboardItemStatus, native.ItemStatus>,
  Assignable<Answer<'preflight'>, pub.PreflightReport>,
  Check<SameKeys<native.PreflightReport, pub.PreflightReport>>,
  Check<SameKeys<native.PreflightFinding, pub.PreflightFinding>>,
]
