//! Reading a response body without trusting its size: chunk by chunk, up to a limit.

/// Why a body could not be read whole.
pub(crate) enum BodyError {
    /// The body is (or says it is) longer than the limit; reading stopped there.
    TooLarge {
        /// The limit that was reached, in bytes.
        limit: usize,
        /// The start of the body read before the limit was reached (empty when the declared
        /// `Content-Length` alone was over it), for an error snippet.
        start: Vec<u8>,
    },
    /// The connection broke or timed out while reading.
    Transport(reqwest::Error),
}

/// Reads at most `limit` bytes of `response`'s body.
///
/// A declared `Content-Length` over the limit is refused before a byte is read; a body without
/// one (chunked, or a lying server) is refused as soon as it passes the limit, so memory stays
/// bounded by the limit plus one chunk whatever the server sends. The request's timeout keeps
/// running while reading, which bounds a slow drip too.
pub(crate) async fn read_limited(
    mut response: reqwest::Response,
    limit: usize,
) -> Result<Vec<u8>, BodyError> {
    if response
        .content_length()
        .is_some_and(|declared| declared > limit as u64)
    {
        return Err(BodyError::TooLarge {
            limit,
            start: Vec::new(),
        });
    }
    // Preallocate for the declared length only when it is within the limit (checked above).
    let expected = response.content_length().map_or(0, |n| n as usize);
    let mut body = Vec::with_capacity(expected.min(limit));
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Transport)? {
        if body.len() + chunk.len() > limit {
            let room = limit - body.len();
            body.extend_from_slice(&chunk[..room]);
            return Err(BodyError::TooLarge { limit, start: body });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
