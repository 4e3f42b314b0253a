//! The fields of a wait's progress events ([`PollEvent`]): each one's name in every language,
//! and the values of one event. Bindings convert the list generically, as they do error
//! details, so the names are written only here.

use crate::onboard::OnboardEvent;
use crate::surface::DetailValue;
use crate::wait::PollEvent;

/// One field of a progress event as `on_poll` / `onPoll` receives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventField {
    /// The Python key.
    pub python: &'static str,
    /// The Node property.
    pub node: &'static str,
    /// What it holds.
    pub doc: &'static str,
}

macro_rules! field {
    ($name:ident, $py:literal, $node:literal, $doc:literal) => {
        #[doc = $doc]
        pub const $name: EventField = EventField {
            python: $py,
            node: $node,
            doc: $doc,
        };
    };
}

field!(
    KIND,
    "kind",
    "kind",
    "What happened: `polled`, `retrying` or `queued`."
);
field!(
    STATUS,
    "status",
    "status",
    "The asset's status as the poll answered."
);
field!(
    ELAPSED,
    "elapsed",
    "elapsedMs",
    "Time since the wait began (seconds in Python, milliseconds in Node)."
);
field!(
    NEXT_POLL_IN,
    "next_poll_in",
    "nextPollInMs",
    "The sleep before the next poll, zero when finished."
);
field!(
    CODE,
    "code",
    "code",
    "The transient error's stable code (`ERR_…`)."
);
field!(REASON, "reason", "reason", "What failed, secret-free.");
field!(
    DELAY,
    "delay",
    "delayMs",
    "The sleep before trying again (a `Retry-After` included)."
);
field!(
    WAITED,
    "waited",
    "waitedMs",
    "How long the client-side rate limit held the poll back."
);

field!(
    INDEX,
    "index",
    "index",
    "The item's position in the onboarding request."
);
field!(ASSET_ID, "asset_id", "assetId", "The service's asset id.");
field!(MESSAGE, "message", "message", "The service's message.");

/// Every field of an onboarding progress event, in a stable order.
pub const ONBOARD_EVENT_FIELDS: &[&EventField] =
    &[&KIND, &INDEX, &ASSET_ID, &CODE, &MESSAGE, &REASON, &DELAY];

impl OnboardEvent {
    /// The event's `kind` word in every language.
    pub fn kind(&self) -> &'static str {
        match self {
            OnboardEvent::Uploaded { .. } => "uploaded",
            OnboardEvent::Active { .. } => "active",
            OnboardEvent::Failed { .. } => "failed",
            OnboardEvent::Ambiguous { .. } => "ambiguous",
            OnboardEvent::Retrying { .. } => "retrying",
        }
    }

    /// Every field of this event with its value, `kind` and `index` first (durations: seconds
    /// in Python, milliseconds in Node).
    pub fn fields(&self) -> Vec<(&'static EventField, DetailValue<'_>)> {
        let index = match self {
            OnboardEvent::Uploaded { index, .. }
            | OnboardEvent::Active { index, .. }
            | OnboardEvent::Failed { index, .. }
            | OnboardEvent::Ambiguous { index }
            | OnboardEvent::Retrying { index, .. } => *index,
        };
        let mut out = vec![
            (&KIND, DetailValue::Text(self.kind())),
            (&INDEX, DetailValue::Int(i64::try_from(index).unwrap_or(i64::MAX))),
        ];
        match self {
            OnboardEvent::Uploaded { asset_id, .. } | OnboardEvent::Active { asset_id, .. } => {
                out.push((&ASSET_ID, DetailValue::Text(asset_id)));
            }
            OnboardEvent::Failed { code, message, .. } => {
                out.push((&CODE, DetailValue::Text(code)));
                out.push((&MESSAGE, DetailValue::Text(message)));
            }
            OnboardEvent::Ambiguous { .. } => {}
            OnboardEvent::Retrying { reason, delay, .. } => {
                out.push((&REASON, DetailValue::Text(reason)));
                out.push((&DELAY, DetailValue::Duration(*delay)));
            }
        }
        out
    }
}

/// Every field, in a stable order.
pub const EVENT_FIELDS: &[&EventField] = &[
    &KIND,
    &STATUS,
    &ELAPSED,
    &NEXT_POLL_IN,
    &CODE,
    &REASON,
    &DELAY,
    &WAITED,
];

impl PollEvent {
    /// The event's `kind` word in every language.
    pub fn kind(&self) -> &'static str {
        match self {
            PollEvent::Polled { .. } => "polled",
            PollEvent::Retrying { .. } => "retrying",
            PollEvent::Queued { .. } => "queued",
        }
    }

    /// Every field of this event with its value, `kind` first. A binding turns each into a key
    /// named for its language (durations: seconds in Python, milliseconds in Node).
    pub fn fields(&self) -> Vec<(&'static EventField, DetailValue<'_>)> {
        let mut out = vec![(&KIND, DetailValue::Text(self.kind()))];
        match self {
            PollEvent::Polled {
                status,
                elapsed,
                next_poll_in,
            } => {
                out.push((&STATUS, DetailValue::Text(status.as_str())));
                out.push((&ELAPSED, DetailValue::Duration(*elapsed)));
                out.push((&NEXT_POLL_IN, DetailValue::Duration(*next_poll_in)));
            }
            PollEvent::Retrying { code, reason, delay } => {
                out.push((&CODE, DetailValue::Text(code)));
                out.push((&REASON, DetailValue::Text(reason)));
                out.push((&DELAY, DetailValue::Duration(*delay)));
            }
            PollEvent::Queued { waited } => {
                out.push((&WAITED, DetailValue::Duration(*waited)));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn every_field_an_event_sets_is_listed() {
        let events = [
            PollEvent::Queued {
                waited: Duration::from_secs(1),
            },
            PollEvent::Retrying {
                code: "ERR_RATE_LIMITED",
                reason: "429".into(),
                delay: Duration::from_secs(1),
            },
        ];
        for event in &events {
            for (field, _) in event.fields() {
                assert!(EVENT_FIELDS.contains(&field), "{}", field.python);
            }
        }
    }
}
