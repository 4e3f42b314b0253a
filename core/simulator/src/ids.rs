//! Generators for BytedTokens, GroupIds, AssetIds, request ids and H5 credentials.

use chrono::{DateTime, Utc};
use rand::Rng;

const LOWER_ALNUM: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
const UPPER_HEX: &[u8] = b"0123456789ABCDEF";

/// `YYYYMMDDhhmmss` in UTC.
fn stamp(now: DateTime<Utc>) -> String {
    now.format("%Y%m%d%H%M%S").to_string()
}

/// Appends `n` random characters drawn from `alphabet`.
fn push_random(out: &mut String, alphabet: &[u8], n: usize) {
    let mut rng = rand::rng();
    for _ in 0..n {
        let i = rng.random_range(0..alphabet.len());
        out.push(char::from(alphabet[i]));
    }
}

/// A 34-character BytedToken: 14-digit UTC timestamp + 20 uppercase hex digits.
pub(crate) fn byted_token(now: DateTime<Utc>) -> String {
    let mut s = stamp(now);
    push_random(&mut s, UPPER_HEX, 20);
    s
}

/// `<prefix>-YYYYMMDDhhmmss-xxxxx` with five lowercase alphanumerics.
fn prefixed_id(prefix: &str, now: DateTime<Utc>) -> String {
    let mut s = String::with_capacity(prefix.len() + 21);
    s.push_str(prefix);
    s.push('-');
    s.push_str(&stamp(now));
    s.push('-');
    push_random(&mut s, LOWER_ALNUM, 5);
    s
}

/// A GroupId such as `group-20260520163350-ctpqc`.
pub(crate) fn group_id(now: DateTime<Utc>) -> String {
    prefixed_id("group", now)
}

/// An AssetId such as `asset-20260420153000-ab12c`.
pub(crate) fn asset_id(now: DateTime<Utc>) -> String {
    prefixed_id("asset", now)
}

/// `req-` followed by 24 lowercase hex digits.
pub(crate) fn request_id() -> String {
    let mut rng = rand::rng();
    let hi: u64 = rng.random();
    let lo: u32 = rng.random();
    format!("req-{hi:016x}{lo:08x}")
}

/// A fake credential: `prefix` followed by `n` uppercase hex digits.
pub(crate) fn credential(prefix: &str, n: usize) -> String {
    let mut s = String::with_capacity(prefix.len() + n);
    s.push_str(prefix);
    push_random(&mut s, UPPER_HEX, n);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let now = Utc::now();
        let t = byted_token(now);
        assert_eq!(t.len(), 34);
        assert!(t[..14].bytes().all(|b| b.is_ascii_digit()));
        assert!(t[14..].bytes().all(|b| UPPER_HEX.contains(&b)));
        let g = group_id(now);
        assert_eq!(g.len(), "group-20260520163350-ctpqc".len());
        assert!(g[21..].bytes().all(|b| LOWER_ALNUM.contains(&b)));
        assert!(asset_id(now).starts_with("asset-"));
        assert_eq!(request_id().len(), 28);
    }
}
