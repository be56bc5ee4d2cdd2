//! HTTP status names: the reason phrase (RFC 9110) a document shows, and the identifier a
//! generated status enum's variant takes from it.

/// The reason phrase of `status` (`Content Too Large` for 413), or `None` for a status
/// RFC 9110 does not name.
#[must_use]
pub fn reason_phrase(status: u16) -> Option<&'static str> {
    Some(match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        _ => return None,
    })
}

/// The identifier for `status` in a generated enum: its reason phrase without spaces
/// in `UpperCamelCase` (`NotFound`, `ContentTooLarge`, `UriTooLong`), or `Status499` for an
/// unnamed one.
#[must_use]
pub fn variant_name(status: u16) -> String {
    match reason_phrase(status) {
        Some(phrase) => phrase
            .split([' ', '-'])
            .filter(|w| !w.is_empty())
            .map(|w| {
                let mut chars = w.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_ascii_uppercase().to_string() + &chars.as_str().to_ascii_lowercase()
                })
            })
            .collect(),
        None => format!("Status{status}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_read_as_their_phrase() {
        assert_eq!(variant_name(404), "NotFound");
        assert_eq!(variant_name(413), "ContentTooLarge");
        assert_eq!(variant_name(505), "HttpVersionNotSupported");
        assert_eq!(variant_name(499), "Status499");
        assert_eq!(reason_phrase(422), Some("Unprocessable Content"));
        assert_eq!(reason_phrase(299), None);
    }
}
