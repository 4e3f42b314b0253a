//! "Did you mean …?" for misspelt option names and keys.

/// ` (did you mean "x"?)` for the candidate closest to `given`, or nothing when none is close.
pub fn did_you_mean(given: &str, candidates: &[&str]) -> String {
    let given_lower = given.to_ascii_lowercase();
    let best = candidates
        .iter()
        .map(|c| {
            (
                strsim::damerau_levenshtein(&given_lower, &c.to_ascii_lowercase()),
                *c,
            )
        })
        .min_by_key(|(distance, _)| *distance);
    match best {
        // A third of the name may differ: `groupID` → `groupId`, `timeout` → `timeoutMs`.
        Some((distance, candidate)) if distance <= (candidate.len() / 3).max(2) => {
            format!(" (did you mean {candidate:?}?)")
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(
            did_you_mean("groupID", &["groupId", "name"]),
            " (did you mean \"groupId\"?)"
        );
        assert_eq!(
            did_you_mean("timeout", &["timeoutMs", "maxRetries"]),
            " (did you mean \"timeoutMs\"?)"
        );
        assert_eq!(did_you_mean("zzzzzzzz", &["groupId", "name"]), "");
    }
}
