//! The values the four steps return, and the journal's records, as immutable Python classes
//! (secrets redacted in `repr`). Each is a `model!` (model.rs): its attributes, in `to_dict()`
//! order, with the kind that converts each (fields.rs), then what `==` compares and what `repr`
//! shows.

use pyo3::prelude::*;
use seedance_assets::{redact, AssetType, ItemStatus};

use crate::convert;
use crate::errors::to_pyerr;
use crate::fields::{
    Count, ItemState, Items, JsonMap, Kind, MaybeKind, MaybeText, MaybeTime, RecordedKind, RecordedStatus,
    RequestId, RequestedItem, Size, Status, StrMap, Text, Time,
};
use crate::model::model;
use crate::restore::micros;

model! {
    /// A validation session: send the person to `h5_link` within 120 s.
    ///
    /// `to_dict()` is the export for storage and `ValidationSession.from_dict` the restore, for a web
    /// backend that keeps the session between two requests; `repr` redacts.
    ValidationSession(seedance_assets::ValidationSession);
    fields |s| {
        /// The single-use token to exchange for the GroupId (secret).
        byted_token: Text,
        /// The page the person opens; it embeds temporary credentials (secret).
        h5_link: Text,
        /// The callback URL the service echoed.
        callback_url: Text,
        /// When this client received the session (UTC).
        created_at: Time,
        /// When the H5 link stops working (`created_at` + 120 s, UTC).
        expires_at: Time,
        /// The service's id of the answer that created the session, for support requests.
        request_id: RequestId,
    }
    // Every attribute but `request_id` (it names the answer, not the session), times as precise
    // as Python sees them.
    compare |s| (&s.byted_token, &s.h5_link, &s.callback_url, micros(&s.created_at), micros(&s.expires_at));
    repr |s| {
        byted_token: redact::token(&s.byted_token),
        h5_link: redact::url(&s.h5_link),
        callback_url: &s.callback_url,
        expires_at: s.expires_at,
    };
    /// Every field as a plain dict (secrets included: this is the export for storage, not
    /// display). With `json=True` the times are ISO-8601 strings, ready for `json.dumps`.
    to_dict;
    /// Rebuilds a session from `to_dict()` or `to_dict(json=True)` (after a `json.loads`).
    from_dict;
    methods {
        /// Whether the H5 link has expired by now.
        fn is_expired(&self) -> bool {
            self.0.is_expired()
        }

        /// The H5 link with its page language (`lng`) set to `zh`, `en` or `zh-Hant`.
        fn h5_link_for(&self, py: Python<'_>, language: &str) -> PyResult<String> {
            let language = convert::language(py, language)?;
            self.0.h5_link_for(language).map_err(|e| to_pyerr(py, e))
        }

        /// Checks a callback URL (or query) against this session: same token, and passed.
        fn verify_callback(&self, py: Python<'_>, url: &str) -> PyResult<CallbackResult> {
            callback_result(py, self.0.verify_callback(url))
        }

        /// The H5 link as a QR code: an SVG document for the person to scan.
        fn qr_svg(&self, py: Python<'_>) -> PyResult<String> {
            self.0.qr_svg().map_err(|e| to_pyerr(py, e))
        }

        /// Jupyter's display of a session: the QR code, the link and its expiry time.
        fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
            self.0.handoff_html().map_err(|e| to_pyerr(py, e))
        }
    }
}

model! {
    /// The query parameters of the validation callback (the browser redirect to `callback_url`).
    CallbackResult(seedance_assets::CallbackResult);
    fields |r| {
        /// The session's token (secret).
        byted_token: Text,
        /// `10000` means passed.
        result_code: Text,
        /// The service's sub-code.
        algorithm_base_resp_code: MaybeText,
        /// Currently always `real_time`.
        verify_type: MaybeText,
        /// Whether the person passed validation (`result_code == "10000"`).
        passed: bool = r.passed(),
        /// Every other query parameter, as sent.
        extra: StrMap,
    }
    compare |r| (&r.byted_token, &r.result_code, &r.algorithm_base_resp_code, &r.verify_type, &r.extra);
    repr |r| {
        byted_token: redact::token(&r.byted_token),
        result_code: &r.result_code,
        algorithm_base_resp_code: &r.algorithm_base_resp_code,
        passed: r.passed(),
    };
    /// Every field as a plain dict (the token included); all values are JSON-safe already, so
    /// `json=True` changes nothing.
    to_dict;
    /// Rebuilds a callback result from `to_dict()` (`passed` is recomputed, not read).
    from_dict;
}

model! {
    /// Step 2's answer: the validated person's asset group.
    ValidationResult(seedance_assets::ValidationResult);
    fields |r| {
        /// The group id; keep it, it cannot be recovered.
        group_id: Text,
        /// The service's id of the answer, for support requests.
        request_id: RequestId,
    }
    // As the core compares it (without `request_id`).
    compare |r| r;
    repr |r| { group_id: &r.group_id };
    /// `{"group_id": …, "request_id": …}` (JSON-safe either way; `json` is accepted for symmetry).
    to_dict;
    /// Rebuilds the result from `to_dict()`.
    from_dict;
}

model! {
    /// Step 3's answer: the new asset's id.
    UploadedAsset(seedance_assets::UploadedAsset);
    fields |a| {
        /// The asset id; keep it, the service does not list assets.
        asset_id: Text,
        /// `asset://<asset_id>`, for generation requests.
        reference: String = a.reference(),
        /// The service's id of the answer, for support requests.
        request_id: RequestId,
    }
    // As the core compares it (without `request_id`).
    compare |a| a;
    repr |a| { asset_id: &a.asset_id };
    /// `{"asset_id": …, "reference": …, "request_id": …}` (JSON-safe either way; `json` is
    /// accepted for symmetry).
    to_dict;
    /// Rebuilds the answer from `to_dict()` (`reference` is derived, not read).
    from_dict;
}

model! {
    /// An asset as `asset-info` reports it.
    Asset(seedance_assets::Asset);
    fields |a| {
        /// The asset id.
        asset_id: Text,
        /// The label given at upload.
        name: MaybeText,
        /// The media kind (`AssetType`), when the service sent a known one.
        asset_type: MaybeKind,
        /// `AssetStatus.PROCESSING`, `.ACTIVE`, `.FAILED`, or any other status as a plain `str`.
        status: Status,
        /// When the asset was created (UTC).
        create_time: MaybeTime,
        /// When the asset last changed (UTC).
        update_time: MaybeTime,
        /// The failure code (e.g. `FaceMismatch`).
        error_code: MaybeText,
        /// The failure message.
        error_message: MaybeText,
        /// `asset://<asset_id>`, for generation requests.
        reference: String = a.reference(),
        /// The `data` object exactly as received, unknown fields included.
        raw: JsonMap,
        /// The service's id of the answer this state came from, for support requests.
        request_id: RequestId,
    }
    // Every field but `request_id` (the same state seen twice is equal), times as precise as
    // Python sees them.
    compare |a| (
        (&a.asset_id, &a.name, a.asset_type, &a.status, &a.error_code, &a.error_message, &a.raw),
        (a.create_time.as_ref().map(micros), a.update_time.as_ref().map(micros)),
    );
    // `raw` is a JSON map, which has no hash: the fields that identify a state of the asset
    // (equal assets have equal keys, which is all `hash` needs).
    hash |a| (&a.asset_id, a.status.as_str(), a.update_time.as_ref().map(micros));
    repr |a| {
        asset_id: &a.asset_id,
        name: &a.name,
        asset_type: a.asset_type.map(AssetType::as_str),
        status: a.status.as_str(),
    } if a.error_code.is_some() || a.error_message.is_some() => {
        error_code: &a.error_code,
        error_message: &a.error_message,
    };
    /// Every field as a plain dict (`raw` included). With `json=True` the times are ISO-8601
    /// strings and `asset_type`/`status` plain strings, ready for `json.dumps`.
    to_dict;
    /// Rebuilds an asset from `to_dict()` or `to_dict(json=True)` (`reference` is derived).
    from_dict;
    methods {
        /// Whether the asset is usable (`status == "Active"`).
        fn is_active(&self) -> bool {
            self.0.is_active()
        }
    }
}

impl From<seedance_assets::Asset> for Asset {
    fn from(asset: seedance_assets::Asset) -> Self {
        Self(asset)
    }
}

/// Parses a validation callback (full URL, path with query, or bare query). With
/// `expected_token`, a callback for another token raises `CallbackError`; a callback that did not
/// pass is returned (check `.passed`).
#[pyfunction]
#[pyo3(signature = (url, expected_token = None))]
pub fn parse_callback(py: Python<'_>, url: &str, expected_token: Option<&str>) -> PyResult<CallbackResult> {
    callback_result(py, seedance_assets::parse_callback(url, expected_token))
}

/// Like `ValidationSession.verify_callback`, for when only the token was kept: raises
/// `CallbackError` unless the callback is for `expected_token` (when given) and passed.
#[pyfunction]
#[pyo3(signature = (url, expected_token = None))]
pub fn verify_callback(py: Python<'_>, url: &str, expected_token: Option<&str>) -> PyResult<CallbackResult> {
    callback_result(py, seedance_assets::verify_callback(url, expected_token))
}

/// A parsed callback for Python, or the error it raises.
fn callback_result(
    py: Python<'_>,
    parsed: Result<seedance_assets::CallbackResult, seedance_assets::Error>,
) -> PyResult<CallbackResult> {
    parsed.map(CallbackResult).map_err(|e| to_pyerr(py, e))
}

model! {
    /// A validated person as the journal keeps them.
    Person(seedance_assets::Person);
    fields |p| {
        /// The application's own id for the person, as given to `create_validation_session`.
        reference: MaybeText,
        /// The GroupId their assets are uploaded under.
        group_id: Text,
        /// When the GroupId was received (UTC).
        validated_at: Time,
    }
    // Every field, the time as precise as Python sees it.
    compare |p| (p.reference.as_deref(), &p.group_id, micros(&p.validated_at));
    repr |p| {
        reference: &p.reference,
        group_id: &p.group_id,
        validated_at: p.validated_at,
    };
    /// `{"reference": …, "group_id": …, "validated_at": …}`; with `json=True` the time is an
    /// ISO-8601 string.
    to_dict;
    /// Rebuilds a person from `to_dict()` or `to_dict(json=True)`.
    from_dict;
}

model! {
    /// An upload as the journal recorded it.
    JournaledAsset(seedance_assets::JournaledAsset);
    fields |a| {
        /// The upload's key: the caller's `key`, else derived from (group, name, URL without query).
        key: Text,
        /// The service's asset id; `None` while the upload's outcome is unknown.
        asset_id: MaybeText,
        /// The asset's name.
        name: Text,
        /// The media kind.
        asset_type: RecordedKind,
        /// `AssetStatus.PROCESSING`, `.ACTIVE`, `.FAILED`, or another status as a plain `str`
        /// (`Uploading`, `Ambiguous`, or one the service sent).
        status: RecordedStatus,
        /// The source URL without its query string (presigned signatures are not kept).
        asset_url: Text,
        /// The group it was uploaded under.
        group_id: MaybeText,
        /// The person's reference, when the group belongs to a journaled person.
        reference: MaybeText,
        /// The service's error code, for a `Failed` asset.
        error_code: MaybeText,
        /// The service's error message, for a `Failed` asset.
        error_message: MaybeText,
        /// How many upload requests were sent (or attempted) under this key.
        attempts: Count,
        /// When the record last changed (UTC).
        updated_at: Time,
        /// `asset://<asset_id>` once the asset id is known, for generation requests.
        reference_uri: Option<String> = a.reference_uri(),
    }
    // Every field, the time as precise as Python sees it.
    compare |a| (
        (&a.key, &a.asset_id, &a.name, &a.asset_type, &a.asset_url),
        (&a.group_id, &a.reference, &a.status),
        (&a.error_code, &a.error_message, a.attempts, micros(&a.updated_at)),
    );
    repr |a| {
        key: &a.key,
        asset_id: &a.asset_id,
        name: &a.name,
        status: &a.status,
        reference: &a.reference,
    } if a.error_code.is_some() || a.error_message.is_some() => {
        error_code: &a.error_code,
        error_message: &a.error_message,
    };
    /// Every field as a plain dict (`reference_uri` included). With `json=True` the time is an
    /// ISO-8601 string and `asset_type`/`status` plain strings, ready for `json.dumps`.
    to_dict;
    /// Rebuilds a record from `to_dict()` or `to_dict(json=True)` (`reference_uri` is derived).
    from_dict;
    methods {
        /// Whether the upload waits for someone to say whether it happened (`Journal.resolve`).
        fn is_unresolved(&self) -> bool {
            self.0.is_unresolved()
        }
    }
}

model! {
    /// One onboarded item's outcome (`OnboardingReport.items`).
    ItemReport(seedance_assets::ItemReport);
    fields |i| {
        /// The asset's name, as requested.
        name: Text => i.item.name,
        /// The source URL, as requested.
        asset_url: Text => i.item.asset_url,
        /// The media kind, as requested.
        asset_type: Kind => i.item.asset_type,
        /// The service's asset id, when the upload was answered.
        asset_id: MaybeText,
        /// Where it ended: `Active`, `Failed`, `Ambiguous`, `Pending` or `Rejected`.
        status: ItemState,
        /// `asset://<asset_id>` when Active, else `None`.
        reference: Option<String> = i.reference(),
        /// The service's (or the failure's) code, for an item that is not Active.
        error_code: MaybeText,
        /// What happened, for an item that is not Active.
        error_message: MaybeText,
        /// The journal key given with the item, if any.
        key: MaybeText => i.item.key,
    }
    restored { item: RequestedItem }
    // As the core compares it.
    compare |i| i;
    hash |i| (&i.item.name, &i.item.asset_url, &i.asset_id, i.status);
    repr |i| {
        name: &i.item.name,
        status: i.status.as_str(),
        asset_id: &i.asset_id,
    } if i.error_code.is_some() || i.error_message.is_some() => {
        error_code: &i.error_code,
        error_message: &i.error_message,
    };
    /// Every field as a plain dict; with `json=True` `asset_type` is a plain string.
    to_dict;
    /// Rebuilds an item from `to_dict()` or `to_dict(json=True)` (`reference` is derived).
    from_dict;
}

model! {
    /// What `onboard` reports: one item per requested asset, in the request's order.
    OnboardingReport(seedance_assets::OnboardingReport);
    fields |r| {
        /// The group the assets went to.
        group_id: Text,
        /// Every item's outcome (`ItemReport`), in the request's order.
        items: Items,
        /// Upload requests sent during this run (a resumed run sends none for recorded items).
        uploads_sent: Size,
        /// Upload requests the service refused with 429 (sent again later).
        rate_limited: Size,
    }
    // As the core compares it.
    compare |r| r;
    hash |r| (&r.group_id, r.items.len(), r.uploads_sent, r.rate_limited);
    repr |r| {
        group_id: &r.group_id,
        items: r.items.len(),
        active: r.count(ItemStatus::Active),
    } if !r.all_active() => {
        failed: r.count(ItemStatus::Failed),
        ambiguous: r.count(ItemStatus::Ambiguous),
        pending: r.count(ItemStatus::Pending),
        rejected: r.count(ItemStatus::Rejected),
    };
    /// Every field as a plain dict (`items` as `ItemReport`s; with `json=True` as their
    /// `to_dict(json=True)`, ready for `json.dumps`).
    to_dict;
    /// Rebuilds a report from `to_dict()` or `to_dict(json=True)`.
    from_dict;
    methods {
        /// The items that are usable (`asset://` references).
        #[getter]
        fn active(&self) -> Vec<ItemReport> {
            self.with_status(ItemStatus::Active)
        }

        /// The items the service refused.
        #[getter]
        fn failed(&self) -> Vec<ItemReport> {
            self.with_status(ItemStatus::Failed)
        }

        /// The items whose upload may have happened (not sent again; see `Journal.resolve`).
        #[getter]
        fn ambiguous(&self) -> Vec<ItemReport> {
            self.with_status(ItemStatus::Ambiguous)
        }

        /// The items unfinished when the run's time ran out.
        #[getter]
        fn pending(&self) -> Vec<ItemReport> {
            self.with_status(ItemStatus::Pending)
        }

        /// The items refused before any upload.
        #[getter]
        fn rejected(&self) -> Vec<ItemReport> {
            self.with_status(ItemStatus::Rejected)
        }

        /// How many items ended in each status (every status named, zeros included).
        #[getter]
        fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, pyo3::types::PyDict>> {
            let dict = pyo3::types::PyDict::new(py);
            for status in ItemStatus::ALL {
                dict.set_item(status.as_str(), self.0.count(status))?;
            }
            Ok(dict)
        }

        /// Whether every item is Active.
        #[getter]
        fn all_active(&self) -> bool {
            self.0.all_active()
        }
    }
}

impl OnboardingReport {
    fn with_status(&self, status: ItemStatus) -> Vec<ItemReport> {
        self.0
            .with_status(status)
            .into_iter()
            .map(|item| ItemReport(item.clone()))
            .collect()
    }
}
