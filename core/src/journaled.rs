//! The client's steps with a journal attached: sessions recorded, the callback's token exchanged
//! exactly once, uploads written as intents first.

use std::time::Duration;

use crate::callback::CallbackResult;
use crate::client::Client;
use crate::errors::{CallbackFailure, Error, ErrorCode};
use crate::journal::sessions::{self, Claim, Exchanged, NewSession};
use crate::journal::uploads::{self, Begin, Intent, Peek, Sent};
use crate::journal::{Journal, Person};
use crate::models::{Asset, CreateSession, UploadAsset, UploadedAsset, ValidationSession};
use crate::redact;
use crate::transport::CallOptions;
use crate::validate;

/// How long one caller may hold a token's exchange when the call sets no deadline; past it, a
/// holder is taken for dead (its outcome unknown).
const DEFAULT_EXCHANGE_LEASE: Duration = Duration::from_secs(60);
/// How long one worker's upload may stay in flight, as others see it, when the call sets no
/// deadline (an attempt's timeout times the tries, with room for backoff).
const DEFAULT_UPLOAD_LEASE: Duration = Duration::from_secs(120);
/// Time beyond the exchange's own deadline for storing its answer.
const LEASE_MARGIN: Duration = Duration::from_secs(5);
/// How often a caller waiting for another's exchange looks again.
const CLAIM_POLL: Duration = Duration::from_millis(100);

impl Client {
    /// Refuses a `reference` or `consent` that is malformed, or given without a journal.
    pub(crate) fn check_session_labels(&self, request: &CreateSession) -> Result<(), Error> {
        if let Some(reference) = &request.reference {
            validate::label("reference", reference)?;
        }
        if let Some(consent) = &request.consent {
            validate::note("consent", consent)?;
        }
        if self.journal.is_none() && (request.reference.is_some() || request.consent.is_some()) {
            return Err(Error::Configuration(
                "a session `reference` or `consent` needs a journal: attach one to the client".into(),
            ));
        }
        Ok(())
    }

    /// Records a new session in the journal, if one is attached.
    pub(crate) async fn record_session(
        &self,
        request: &CreateSession,
        session: &ValidationSession,
    ) -> Result<(), Error> {
        let Some(journal) = &self.journal else {
            return Ok(());
        };
        let new = NewSession {
            token: session.byted_token.clone(),
            reference: request.reference.clone(),
            consent: request.consent.clone(),
            created_at: session.created_at.timestamp_millis(),
            expires_at: session.expires_at.timestamp_millis(),
        };
        journal.write(move |tx| sessions::record(tx, &new)).await
    }

    /// Completes a validation from the URL the person's browser was redirected to: the token
    /// is exchanged for the GroupId exactly once across threads, processes and machines sharing
    /// the journal, and the person is stored in the same transaction that ends the exchange.
    /// A repeated or concurrent callback for the same token gets the stored person without a
    /// request. Needs a journal (`ConfigurationError` otherwise).
    ///
    /// Refused with `CallbackError` and no request: a malformed URL (`malformed`), a token the
    /// journal did not issue (`unknown_token`), a person who did not pass (`not_passed`), a
    /// token the service refused earlier (`expired`). An exchange whose answer was lost is an
    /// `OutcomeUnknown` error, now and on every later callback: validate the person again.
    pub async fn complete_validation(&self, redirected_url: &str) -> Result<Person, Error> {
        let journal = self.journal.as_ref().ok_or_else(|| {
            Error::Configuration("complete_validation needs a journal: attach one to the client".into())
        })?;
        let callback = CallbackResult::parse(redirected_url)?;
        let hash = sessions::token_hash(&callback.byted_token);
        let known = {
            let hash = hash.clone();
            journal.read(move |tx| sessions::is_known(tx, &hash)).await?
        };
        if !known {
            return Err(callback_error(
                CallbackFailure::UnknownToken,
                format!(
                    "no session with token {} was created through this journal",
                    redact::token(&callback.byted_token)
                ),
            ));
        }
        if let Err(refusal) = callback.ensure_passed() {
            let (hash, code) = (hash.clone(), callback.result_code.clone());
            journal
                .write(move |tx| sessions::note_result_code(tx, &hash, &code))
                .await?;
            return Err(refusal);
        }
        let lease = self.options.deadline.unwrap_or(DEFAULT_EXCHANGE_LEASE);
        let waiting_since = std::time::Instant::now();
        loop {
            let lease_until =
                chrono::Utc::now().timestamp_millis() + (lease + LEASE_MARGIN).as_millis() as i64;
            let claim = {
                let hash = hash.clone();
                journal
                    .write(move |tx| sessions::claim(tx, &hash, lease_until))
                    .await?
            };
            match claim {
                Claim::Won => {
                    // The exchange is a task of its own: a caller that goes away mid-exchange (an
                    // aborted or cancelled call) does not take the spent token's answer with it;
                    // it is stored, and the next callback gets the person.
                    let (client, journal) = (self.clone(), journal.clone());
                    let (hash, token) = (hash.clone(), callback.byted_token.clone());
                    let exchange =
                        tokio::spawn(async move { client.exchange(&journal, &hash, &token, lease).await });
                    return exchange.await.map_err(|_| {
                        Error::journal(
                            crate::errors::JournalProblem::Failed,
                            "the validation exchange panicked; validate the person again",
                        )
                    })?;
                }
                Claim::InProgress => {
                    // Another caller is exchanging the token: wait for its answer, within this
                    // call's own deadline (the holder keeps going; a later callback gets the person).
                    let elapsed = waiting_since.elapsed();
                    if self.options.deadline.is_some_and(|d| elapsed >= d) {
                        return Err(Error::Timeout { elapsed });
                    }
                    tokio::time::sleep(CLAIM_POLL).await
                }
                Claim::Validated(person) => return Ok(person),
                Claim::Lost => return Err(Error::ValidationLost { cause: None }),
                Claim::Refused(message) => {
                    return Err(callback_error(
                        CallbackFailure::Expired,
                        format!(
                        "the service refused this session's token earlier ({message}): create a new session"
                    ),
                    ))
                }
                Claim::UnknownToken => {
                    return Err(callback_error(
                        CallbackFailure::UnknownToken,
                        "the session was erased from the journal".into(),
                    ))
                }
            }
        }
    }

    /// The exchange this caller claimed: ask once, then record what happened.
    async fn exchange(
        &self,
        journal: &Journal,
        hash: &str,
        token: &str,
        lease: Duration,
    ) -> Result<Person, Error> {
        let exchanger = self.with_options(CallOptions {
            deadline: Some(lease),
            ..CallOptions::default()
        });
        let answer = exchanger.get_validation_result(token).await;
        let outcome = match &answer {
            Ok(result) => Exchanged::Validated(result.group_id.clone()),
            Err(Error::OutcomeUnknown { .. }) => Exchanged::Lost,
            Err(e) if matches!(e.code(), ErrorCode::NotFound | ErrorCode::Unprocessable) => {
                Exchanged::Refused(e.to_string())
            }
            Err(_) => Exchanged::NotSent,
        };
        let stored = {
            let hash = hash.to_string();
            journal
                .write(move |tx| sessions::finish(tx, &hash, &outcome))
                .await
        };
        match (answer, stored) {
            (Ok(_), Ok(Some(person))) => Ok(person),
            (Ok(result), Ok(None)) => Err(Error::journal(
                crate::errors::JournalProblem::Failed,
                format!("the GroupId {} was received but its person record is missing: keep this GroupId", result.group_id),
            )),
            (Ok(result), Err(e)) => Err(Error::journal(
                journal_problem(&e),
                format!("the GroupId {} was received but could not be stored ({e}): keep this GroupId, the token cannot be exchanged again", result.group_id),
            )),
            (Err(Error::OutcomeUnknown { cause, .. }), _) => Err(Error::ValidationLost { cause: Some(cause) }),
            (Err(e), _) => Err(e),
        }
    }

    /// An upload through the journal: recorded first, sent once, completed with the AssetId.
    /// What uploading `request` would do now: send it (always, without a journal), settle it
    /// from the journal, or wait for another worker sending it. Read only.
    pub(crate) async fn upload_plan(
        &self,
        request: &UploadAsset,
        resend_failed: bool,
    ) -> Result<Peek, Error> {
        let Some(journal) = &self.journal else {
            return Ok(Peek::Send);
        };
        let key = upload_key(request);
        let allow_duplicate = request.allow_duplicate;
        journal
            .read(move |tx| uploads::peek(tx, &key, allow_duplicate, resend_failed))
            .await
    }

    pub(crate) async fn upload_journaled(
        &self,
        journal: &Journal,
        request: &UploadAsset,
        resend_failed: bool,
    ) -> Result<(UploadedAsset, bool), Error> {
        if let Some(key) = &request.key {
            validate::label("key", key)?;
        }
        let key = upload_key(request);
        // The upload's lease: how long it may stay in flight (see `upload_lease`) and a margin;
        // another worker on this journal waits so long for it before calling it ambiguous.
        let lease = self.upload_lease() + LEASE_MARGIN;
        let waiting_since = std::time::Instant::now();
        let (attempt, previous) = loop {
            let intent = Intent {
                key: key.clone(),
                group_id: request.group_id.clone(),
                name: request.name.clone(),
                asset_type: request.asset_type.as_str().to_string(),
                asset_url: uploads::url_without_query(&request.asset_url),
                lease_until: chrono::Utc::now().timestamp_millis() + lease.as_millis() as i64,
                resend_failed,
            };
            let allow_duplicate = request.allow_duplicate;
            match journal
                .write(move |tx| uploads::begin(tx, &intent, allow_duplicate))
                .await?
            {
                Begin::Send { attempt, previous } => break (attempt, previous),
                Begin::Recorded(asset) => {
                    let recorded = UploadedAsset {
                        asset_id: asset.asset_id.unwrap_or_default(),
                        request_id: None,
                    };
                    return Ok((recorded, false));
                }
                Begin::Unresolved => return Err(Error::UploadUnresolved { key, cause: None }),
                Begin::InFlight => {
                    // Another worker is sending it: its answer (or its lease running out) settles
                    // this one, within this call's own deadline.
                    let elapsed = waiting_since.elapsed();
                    if self.options.deadline.is_some_and(|d| elapsed >= d) {
                        return Err(Error::UploadUnresolved { key, cause: None });
                    }
                    tokio::time::sleep(CLAIM_POLL).await;
                }
            }
        };
        let sent = self.send_upload(request).await;
        let outcome = match &sent {
            Ok(uploaded) => Sent::Uploaded(uploaded.asset_id.clone()),
            Err(e @ Error::OutcomeUnknown { .. }) => Sent::Unknown(e.to_string()),
            Err(_) => Sent::Restore(previous.map(Box::new)),
        };
        let finished = {
            let key = key.clone();
            journal
                .write(move |tx| uploads::finish(tx, &key, attempt, &outcome))
                .await
        };
        match (sent, finished) {
            (Ok(uploaded), Ok(())) => Ok((uploaded, true)),
            (Ok(uploaded), Err(e)) => Err(Error::journal(
                journal_problem(&e),
                format!(
                    "asset {} was uploaded but could not be recorded ({e}): keep this asset id",
                    uploaded.asset_id
                ),
            )),
            (Err(e @ Error::OutcomeUnknown { .. }), _) => Err(Error::UploadUnresolved {
                key,
                cause: Some(Box::new(e)),
            }),
            (Err(e), _) => Err(e),
        }
    }

    /// How long this client's upload may stay in flight: its deadline (the whole call, retries
    /// included), or one attempt's limit when it makes one attempt only and that is shorter —
    /// as onboarding sends, pacing and retrying itself within a deadline of the whole run, so
    /// a process killed mid-upload holds up its reruns for an attempt, not for a run.
    fn upload_lease(&self) -> Duration {
        let deadline = self.options.deadline.unwrap_or(DEFAULT_UPLOAD_LEASE);
        match self.options.max_retries {
            Some(0) => deadline.min(self.attempt_limit()),
            _ => deadline,
        }
    }

    /// Keeps a journaled asset's recorded status current; a journal that cannot be written is
    /// logged, not raised: the answer the caller asked for is good, and the next look records it.
    pub(crate) async fn observe_asset(&self, asset: &Asset) -> Result<(), Error> {
        if let Some(journal) = &self.journal {
            let seen = asset.clone();
            if let Err(error) = journal.write(move |tx| uploads::observe(tx, &seen)).await {
                tracing::warn!(target: "seedance_assets::journal", asset_id = %asset.asset_id, error = %error, "could not record the asset's status");
            }
        }
        Ok(())
    }
}

fn callback_error(failure: CallbackFailure, message: String) -> Error {
    Error::Callback {
        failure,
        message,
        result_code: None,
        algorithm_base_resp_code: None,
    }
}

fn journal_problem(error: &Error) -> crate::errors::JournalProblem {
    match error {
        Error::Journal { problem, .. } => *problem,
        _ => crate::errors::JournalProblem::Failed,
    }
}

/// The journal key of an upload: the caller's, else derived from group, name and URL.
fn upload_key(request: &UploadAsset) -> String {
    request.key.clone().unwrap_or_else(|| {
        uploads::derived_key(request.group_id.as_deref(), &request.name, &request.asset_url)
    })
}
