//! Keeping secrets (API key, byted token, H5 link credentials) out of anything printed.
//!
//! The rule every function here keeps: mask first, truncate second. Text is masked in full (or
//! in a window wide enough to hold any secret that reaches the shown part) before it is cut, so a
//! cut can never leave the first characters of a secret behind an unmasked boundary.

use std::collections::HashSet;

use url::Url;

/// What replaces a secret in rendered text.
pub const MASK: &str = "<redacted>";

/// A run this long copied from a secret counts as leaking it (the documented promise).
pub const MIN_SECRET_RUN: usize = 6;

/// Characters of a byted token shown so people can tell tokens apart (never the whole token).
const TOKEN_TAIL: usize = 4;

/// Length of the `YYYYMMDDhhmmss` prefix of a byted token: shared, so not secret.
const TOKEN_TIMESTAMP_DIGITS: usize = 14;

/// Shortest word taken for a byted token by its shape (14 timestamp digits, then hex).
const TOKEN_SHAPE_CHARS: usize = 34;

/// Shortest token of which the last characters are shown; shorter ones are fully hidden.
const TOKEN_TAIL_MIN_LEN: usize = 12;

/// Longest body or message snippet kept in an error, in characters (after masking).
pub const SNIPPET_CHARS: usize = 160;

/// Longest value of an untrusted header (e.g. a request id) kept in an error, in characters.
const HEADER_VALUE_CHARS: usize = 128;

/// Query-parameter and JSON-field names that always hold credentials, compared in lower case
/// with `-` and `_` removed.
const SECRET_NAMES: &[&str] = &[
    "accesskeyid",
    "secretaccesskey",
    "sessiontoken",
    "bytedtoken",
    "xapikey",
    "apikey",
    "token",
    "h5link",
    "pl",
    "uid",
    "sig",
    "xamzcredential",
    "xamzsignature",
    "xamzsecuritytoken",
];

/// Fragments that make any name credential-looking (`accessToken`, `clientSecret`, `password`, …).
const SECRET_NAME_PARTS: &[&str] = &[
    "token",
    "secret",
    "password",
    "passwd",
    "credential",
    "signature",
    "apikey",
    "accesskey",
    "privatekey",
    "auth",
];

/// Whether a query-parameter or JSON-field name carries a credential.
pub fn is_secret_name(name: &str) -> bool {
    let folded: String = name
        .chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect();
    SECRET_NAMES.contains(&folded.as_str()) || SECRET_NAME_PARTS.iter().any(|p| folded.contains(p))
}

/// A token reduced to its last four characters (`…a1b2`), enough to tell tokens apart.
///
/// Byted tokens start with a 14-digit timestamp that tokens of the same second share, so the
/// tail is what distinguishes them; short values are hidden completely.
pub fn token(value: &str) -> String {
    let count = value.chars().count();
    if count < TOKEN_TAIL_MIN_LEN {
        return "…".to_string();
    }
    let tail: String = value.chars().skip(count - TOKEN_TAIL).collect();
    format!("…{tail}")
}

/// The API key reduced to a fixed mask: nothing of the key itself is shown.
pub fn api_key(_value: &str) -> &'static str {
    MASK
}

/// A request id from a place this crate does not control (a stored copy of a model, say), made
/// as safe to show as one read from a response: control characters dropped, at most 128
/// characters kept; `None` when nothing is left. Not a secret, so nothing is masked.
pub fn request_id(value: &str) -> Option<String> {
    let clean: String = value
        .chars()
        .filter(|c| !c.is_control())
        .take(HEADER_VALUE_CHARS)
        .collect();
    (!clean.is_empty()).then_some(clean)
}

/// A URL with credentials masked: the password of its user info and every credential-looking
/// query or fragment value. An unparsable value is not shown at all.
pub fn url(value: &str) -> String {
    let Ok(mut parsed) = Url::parse(value) else {
        return "<unparsable url redacted>".to_string();
    };
    let mut user_info = Secrets::default();
    if parsed.password().is_some() || !parsed.username().is_empty() {
        // Either part of the user info may be the secret (`https://TOKEN@host`); the same
        // value repeated elsewhere in the URL is masked below. Setting them cannot fail here:
        // a URL that carries user info has a host.
        user_info = user_info
            .with(parsed.username())
            .with(parsed.password().unwrap_or_default());
        let _ = parsed.set_username("redacted");
        let _ = parsed.set_password(None);
    }
    if parsed.query().is_some() {
        let pairs = masked_pairs(parsed.query().unwrap_or_default());
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    if let Some(fragment) = parsed.fragment().filter(|f| f.contains('=')) {
        let pairs = masked_pairs(fragment);
        let rebuilt = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        parsed.set_fragment(Some(&rebuilt));
    }
    let shown = parsed.to_string();
    user_info.scrub(&shown).unwrap_or(shown)
}

/// The `scheme://host:port` of a URL, for naming where something points without its path,
/// query or user info. `None` when it has no host.
pub fn origin(url: &Url) -> Option<String> {
    let host = url.host_str()?;
    let shown = match url.port() {
        Some(port) => format!("{}://{host}:{port}", url.scheme()),
        None => format!("{}://{host}", url.scheme()),
    };
    Some(shown)
}

fn masked_pairs(query: &str) -> Vec<(String, String)> {
    let unknown = Secrets::default();
    url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| {
            // Other values still go through the name and shape rules: a value may hide a second
            // query (`cb?user=42?bytedToken=…`) or carry a token under an innocent name.
            let shown = if is_secret_name(&k) {
                MASK.to_string()
            } else {
                unknown.mask(&v)
            };
            (k.into_owned(), shown)
        })
        .collect()
}

/// The secrets one operation knows about (the API key, a token it sends), masked in any text
/// that came from the network or from the caller before that text is put into an error or a log.
#[derive(Clone, Default)]
pub(crate) struct Secrets {
    /// Every secret and its encoded forms (percent-encoded, JSON-escaped), as characters.
    forms: Vec<Vec<char>>,
    /// Every `MIN_SECRET_RUN`-character window of the secrets long enough to have one.
    windows: HashSet<Vec<char>>,
    /// The same windows as packed bytes, while every secret is ASCII (API keys and tokens
    /// are): a test a few nanoseconds per byte long that answers "surely absent" for the text
    /// of almost every answer, so the full search runs only where it may find something.
    packed: Option<PackedWindows>,
}

impl Secrets {
    /// The secrets of a client: its API key.
    pub fn new(api_key: &str) -> Self {
        Self::default().with(api_key)
    }

    /// These secrets and `secret` too (ignored when empty).
    pub fn with(mut self, secret: &str) -> Self {
        if secret.is_empty() {
            return self;
        }
        let encoded: String = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect();
        let json = serde_json::to_string(secret).unwrap_or_default();
        let json = json.trim_matches('"').to_string();
        for form in [secret.to_string(), encoded, json] {
            let chars: Vec<char> = form.chars().collect();
            if self.forms.contains(&chars) {
                continue;
            }
            for window in chars.windows(MIN_SECRET_RUN) {
                self.windows.insert(window.to_vec());
            }
            self.forms.push(chars);
        }
        self.packed = self.pack();
        self
    }

    fn pack(&self) -> Option<PackedWindows> {
        let mut packed = Vec::new();
        for form in &self.forms {
            if form.len() < MIN_SECRET_RUN || !form.iter().all(char::is_ascii) {
                return None;
            }
            packed.extend(
                form.windows(MIN_SECRET_RUN)
                    .map(|w| pack_ascii(w.iter().map(|c| *c as u8))),
            );
        }
        Some(PackedWindows::new(packed))
    }

    /// False when no run of a secret can be in `text` (true when unsure).
    pub fn may_appear_in(&self, text: &str) -> bool {
        let Some(packed) = &self.packed else {
            return !self.forms.is_empty();
        };
        if packed.sorted.is_empty() {
            return false;
        }
        let mut window: u64 = 0;
        for (i, byte) in text.bytes().enumerate() {
            window = ((window << 8) | u64::from(byte)) & WINDOW_MASK;
            if i + 1 >= MIN_SECRET_RUN && packed.contains(window) {
                return true;
            }
        }
        false
    }

    /// These secrets and a byted token: its random part only when it starts with the 14-digit
    /// timestamp that tokens, group ids and asset ids of the same second share.
    pub fn with_token(self, token: &str) -> Self {
        let digits = token.chars().take_while(char::is_ascii_digit).count();
        if digits >= TOKEN_TIMESTAMP_DIGITS
            && token.chars().count() >= TOKEN_TIMESTAMP_DIGITS + MIN_SECRET_RUN
        {
            let random: String = token.chars().skip(TOKEN_TIMESTAMP_DIGITS).collect();
            return self.with(&random);
        }
        self.with(token)
    }

    /// `text` with every run of six or more characters of a secret, every credential-looking
    /// query or JSON value and every token-shaped word replaced by [`MASK`].
    pub fn mask(&self, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut hidden = vec![false; chars.len()];
        if self.may_appear_in(text) {
            self.mark_secret_runs(&chars, &mut hidden);
        }
        mark_named_values(&chars, &mut hidden);
        mark_token_shapes(&chars, &mut hidden);
        render(&chars, &hidden)
    }

    /// `text` with only runs of the known secrets masked (no name or shape rules), for data that
    /// is returned to the caller and must otherwise stay as sent; `None` when nothing was found.
    pub fn scrub(&self, text: &str) -> Option<String> {
        if !self.may_appear_in(text) {
            return None;
        }
        let chars: Vec<char> = text.chars().collect();
        let mut hidden = vec![false; chars.len()];
        self.mark_secret_runs(&chars, &mut hidden);
        hidden.contains(&true).then(|| render(&chars, &hidden))
    }

    /// `text` masked, then cut to `max_chars` characters (an ellipsis marks the cut).
    pub fn mask_and_cut(&self, text: &str, max_chars: usize) -> String {
        // Any secret reaching into the first `max_chars` characters lies within this window, so
        // masking the window alone is as safe as masking everything (and bounded in cost).
        let reach = max_chars + self.longest() + SNIPPET_CHARS;
        let window: String = text.chars().take(reach).collect();
        let masked = self.mask(&window);
        let longer = masked.chars().count() > max_chars || text.chars().nth(reach).is_some();
        let mut shown: String = masked.chars().take(max_chars).collect();
        if longer {
            shown.push('…');
        }
        shown
    }

    /// A short start of a response body, masked before it is cut.
    pub fn snippet(&self, body: &[u8]) -> String {
        let reach = (SNIPPET_CHARS + self.longest() + SNIPPET_CHARS) * 4;
        let text = String::from_utf8_lossy(&body[..body.len().min(reach)]);
        let mut shown = self.mask_and_cut(&text, SNIPPET_CHARS);
        if body.len() > reach && !shown.ends_with('…') {
            shown.push('…');
        }
        shown
    }

    /// An untrusted header value fit for an error: control characters dropped, masked, bounded.
    pub fn header_value(&self, value: &str) -> String {
        // The common case, a short plain id (`req-8f3a…`), read on every answer: nothing the
        // rules below hide can be in it (too short to be token-shaped, no `=`/`:`, no secret run).
        let plain = value.len() < TOKEN_SHAPE_CHARS
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            && !self.may_appear_in(value);
        if plain {
            return value.to_string();
        }
        let printable: String = value
            .chars()
            .take(HEADER_VALUE_CHARS * 4)
            .filter(|c| !c.is_control())
            .collect();
        self.mask_and_cut(&printable, HEADER_VALUE_CHARS)
    }

    fn longest(&self) -> usize {
        self.forms.iter().map(Vec::len).max().unwrap_or(0)
    }

    fn mark_secret_runs(&self, chars: &[char], hidden: &mut [bool]) {
        for form in self.forms.iter().filter(|f| f.len() < MIN_SECRET_RUN) {
            // Too short to have a window: hide exact occurrences.
            for start in 0..chars.len().saturating_sub(form.len() - 1) {
                if chars[start..start + form.len()] == form[..] {
                    hidden[start..start + form.len()].fill(true);
                }
            }
        }
        if self.windows.is_empty() {
            return;
        }
        for (start, window) in chars.windows(MIN_SECRET_RUN).enumerate() {
            if self.windows.contains(window) {
                hidden[start..start + MIN_SECRET_RUN].fill(true);
            }
        }
    }
}

/// The low bytes of a packed window: `MIN_SECRET_RUN` bytes.
const WINDOW_MASK: u64 = (1 << (8 * MIN_SECRET_RUN)) - 1;

/// The packed windows of the secrets, sorted, behind a 4,096-bit filter of their hashes: a
/// window of an answer's text is looked up only when its bit is set, which for the few dozen
/// windows of an API key happens for about one text window in a hundred. Every text byte of
/// every answer passes here, so the binary search alone was most of an `asset-info` decode.
#[derive(Clone)]
struct PackedWindows {
    sorted: Vec<u64>,
    filter: [u64; FILTER_WORDS],
}

const FILTER_WORDS: usize = 64;

impl PackedWindows {
    fn new(mut sorted: Vec<u64>) -> Self {
        sorted.sort_unstable();
        sorted.dedup();
        let mut filter = [0; FILTER_WORDS];
        for &window in &sorted {
            let (word, bit) = Self::slot(window);
            filter[word] |= bit;
        }
        Self { sorted, filter }
    }

    /// The filter's word and bit for `window` (Fibonacci hashing: the top 12 bits).
    fn slot(window: u64) -> (usize, u64) {
        let hash = window.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52;
        ((hash >> 6) as usize, 1 << (hash & 63))
    }

    fn contains(&self, window: u64) -> bool {
        let (word, bit) = Self::slot(window);
        self.filter[word] & bit != 0 && self.sorted.binary_search(&window).is_ok()
    }
}

fn pack_ascii(bytes: impl Iterator<Item = u8>) -> u64 {
    bytes.fold(0, |acc, b| ((acc << 8) | u64::from(b)) & WINDOW_MASK)
}

/// Hides the value after `name=` or `"name": "` when the name is credential-looking.
fn mark_named_values(chars: &[char], hidden: &mut [bool]) {
    let mut i = 0;
    while i < chars.len() {
        let (value_start, quoted) = match chars[i] {
            '=' => (i + 1, false),
            ':' => match json_string_start(chars, i + 1) {
                Some(start) => (start, true),
                None => {
                    i += 1;
                    continue;
                }
            },
            _ => {
                i += 1;
                continue;
            }
        };
        let name = name_before(chars, i, quoted || chars.get(i.wrapping_sub(1)) == Some(&'"'));
        if !is_secret_name(&name) {
            i += 1;
            continue;
        }
        let end = if quoted {
            json_string_end(chars, value_start)
        } else {
            chars[value_start..]
                .iter()
                .position(|c| {
                    matches!(c, '&' | '"' | '\'' | '<' | '>' | '#' | '\\' | ',' | ';') || c.is_whitespace()
                })
                .map_or(chars.len(), |p| value_start + p)
        };
        hidden[value_start..end].fill(true);
        i = end.max(i + 1);
    }
}

/// The name ending just before `chars[at]` (a `=` or `:`), without JSON quotes.
fn name_before(chars: &[char], at: usize, json: bool) -> String {
    let mut end = at;
    while end > 0 && chars[end - 1].is_whitespace() {
        end -= 1;
    }
    if json && end > 0 && chars[end - 1] == '"' {
        end -= 1;
    }
    let mut start = end;
    while start > 0 && (chars[start - 1].is_alphanumeric() || matches!(chars[start - 1], '_' | '-' | '.')) {
        start -= 1;
    }
    chars[start..end].iter().collect()
}

/// Where a JSON string value begins after a `:` (past whitespace and its opening quote).
fn json_string_start(chars: &[char], from: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() && chars[i].is_whitespace() {
        i += 1;
    }
    (chars.get(i) == Some(&'"')).then_some(i + 1)
}

/// The index of the closing quote of a JSON string starting at `from` (or the end of the text).
fn json_string_end(chars: &[char], from: usize) -> usize {
    let mut i = from;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '"' => return i,
            _ => i += 1,
        }
    }
    chars.len()
}

/// Hides words shaped like a byted token (14-digit timestamp + 20 hex digits, or longer): the
/// caller may not know every token a hostile body or message names.
fn mark_token_shapes(chars: &[char], hidden: &mut [bool]) {
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_alphanumeric() {
            i += 1;
        }
        let word = &chars[start..i];
        let digits = word.iter().take_while(|c| c.is_ascii_digit()).count();
        if word.len() >= TOKEN_SHAPE_CHARS
            && digits >= TOKEN_TIMESTAMP_DIGITS
            && word.iter().all(char::is_ascii_hexdigit)
        {
            // All of it: a kept tail next to an encoded mask (`%3E` + `A0A0`) can rebuild a run.
            hidden[start..i].fill(true);
        }
    }
}

fn render(chars: &[char], hidden: &[bool]) -> String {
    let mut out = String::with_capacity(chars.len());
    let mut in_mask = false;
    for (c, hide) in chars.iter().zip(hidden) {
        if *hide {
            if !in_mask {
                out.push_str(MASK);
            }
            in_mask = true;
        } else {
            out.push(*c);
            in_mask = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_quick_test_never_misses_what_scrub_finds() {
        let secrets = Secrets::new("sk-live-QQ7d2f0c9a8b7e").with_token("20261125232711576FEC84D799962A239A");
        for text in [
            "nothing here",
            "prefix sk-live-QQ7d suffix",
            "a%20b live-QQ7 2f0c9a8b",
            "é…576FEC84D7…",
            "0c9a8b7e",
            "",
        ] {
            if secrets.scrub(text).is_some() {
                assert!(secrets.may_appear_in(text), "{text}");
            }
        }
        assert!(!secrets.may_appear_in("Asset asset-2026 Processing image.jpg"));
        assert!(secrets.may_appear_in("echo QQ7d2f back"));
    }

    use super::*;

    #[test]
    fn url_masks_credentials_and_keeps_the_rest() {
        let shown =
            url("https://h5.example/validate?accessKeyId=AK1&secretAccessKey=SK2&bytedToken=T3&lng=zh");
        assert!(!shown.contains("AK1") && !shown.contains("SK2") && !shown.contains("T3"));
        assert!(shown.contains("lng=zh"));
        assert!(shown.starts_with("https://h5.example/validate?"));
        let shown = url("https://me:hunter22@h.example/cb#access_token=abcdef123&state=1");
        assert!(
            !shown.contains("hunter22") && !shown.contains("abcdef123"),
            "{shown}"
        );
        assert!(shown.contains("state=1"), "{shown}");
    }

    #[test]
    fn snippet_masks_key_and_link_secrets() {
        let body = br#"{"H5Link":"https://x/?secretAccessKey=SK99&lng=zh","k":"my-key-123"}"#;
        let s = Secrets::new("my-key-123").snippet(body);
        assert!(!s.contains("SK99") && !s.contains("my-key"), "{s}");
        let body = br#"{"BytedToken" : "2026070222152680501D985EA34A3BE3D8", "x": 1}"#;
        let s = Secrets::new("k").snippet(body);
        assert!(!s.contains("680501D9"), "{s}");
        assert!(s.contains(r#""x": 1"#), "{s}");
    }

    #[test]
    fn a_key_across_the_cut_is_masked_not_halved() {
        let key = "sk-live-ABCDEFGHIJKLMNOP";
        for offset in 140..170 {
            let body = format!("{}{key} trailing text", "x".repeat(offset));
            let s = Secrets::new(key).snippet(body.as_bytes());
            for window in key.as_bytes().windows(MIN_SECRET_RUN) {
                let w = std::str::from_utf8(window).unwrap();
                assert!(!s.contains(w), "offset {offset}: {w} in {s}");
            }
        }
    }

    #[test]
    fn partial_key_runs_are_masked() {
        let s = Secrets::new("abcdefghijkl").mask("prefix cdefgh suffix abcde");
        assert_eq!(s, format!("prefix {MASK} suffix abcde"));
    }

    #[test]
    fn token_shows_only_its_tail() {
        assert_eq!(token("2026070222152680501D985EA34A3BE3D8"), "…E3D8");
        assert_eq!(token("abc"), "…");
        let shown = Secrets::default().mask("token 2026070222152680501D985EA34A3BE3D8 expired");
        assert_eq!(shown, format!("token {MASK} expired"));
    }
}
