//! Which requests the review server answers: only those naming this machine as their host,
//! from no other site, with the token tally printed; a change (a POST) only with the token in
//! the `X-Tally-Token` header and a JSON body, which another site's page cannot send without
//! the browser asking first (a CORS preflight), and that question is refused.

/// Compares two strings in time that does not depend on where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Whether a request's `Host` names this server (`127.0.0.1:PORT` or `localhost:PORT`): a
/// page of another site that points a name of its own at 127.0.0.1 is refused.
fn host_is_ours(host: Option<&str>, port: u16) -> bool {
    host.is_some_and(|h| h == format!("127.0.0.1:{port}") || h == format!("localhost:{port}"))
}

/// Whether a request's `Origin` is this server's own (`http://127.0.0.1:PORT`, or
/// `http://localhost:PORT` when the page was opened under that name).
fn origin_is_ours(origin: &str, port: u16) -> bool {
    origin == format!("http://127.0.0.1:{port}") || origin == format!("http://localhost:{port}")
}

/// Whether a `Content-Type` is JSON: `application/json`, with `; charset=utf-8` or nothing
/// after it.
fn is_json(content_type: &str) -> bool {
    let mut parts = content_type.split(';').map(str::trim);
    let media = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.filter(|p| !p.is_empty()).collect();
    media.eq_ignore_ascii_case("application/json")
        && match rest.as_slice() {
            [] => true,
            [param] => param.split_once('=').is_some_and(|(k, v)| {
                k.trim().eq_ignore_ascii_case("charset")
                    && v.trim().trim_matches('"').eq_ignore_ascii_case("utf-8")
            }),
            _ => false,
        }
}

/// The token a request carries: `?t=TOKEN` in its address, or the `X-Tally-Token` header.
fn token_of<'r>(query: &'r str, header: Option<&'r str>) -> Option<&'r str> {
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix("t="))
        .or(header)
}

/// What a request says of where it comes from, as the server checks it.
#[derive(Debug, Default)]
pub(super) struct Asked<'r> {
    /// `GET`, `POST`…
    pub method: &'r str,
    /// The address after `?`.
    pub query: &'r str,
    /// The `Host` header.
    pub host: Option<&'r str>,
    /// The `Origin` header.
    pub origin: Option<&'r str>,
    /// The `Sec-Fetch-Site` header.
    pub fetch_site: Option<&'r str>,
    /// The `X-Tally-Token` header.
    pub token_header: Option<&'r str>,
    /// The `Content-Type` header.
    pub content_type: Option<&'r str>,
}

/// Why a request to the server on `port` with `token` is refused (status and reason), or
/// `None` when it is answered.
pub(super) fn refusal(asked: &Asked, port: u16, token: &str) -> Option<(u16, &'static str)> {
    let ours = |t: &str| same_secret(t, token);
    if !host_is_ours(asked.host, port) {
        return Some((403, "this page is served to this machine only"));
    }
    let foreign_origin = asked.origin.is_some_and(|o| !origin_is_ours(o, port));
    // A browser says `same-origin` for the page's own requests and `none` for an address
    // typed or opened from the terminal; another site, or another server on this machine,
    // is `cross-site` or `same-site`.
    let foreign_site = asked
        .fetch_site
        .is_some_and(|s| !matches!(s, "same-origin" | "none"));
    if foreign_origin || foreign_site {
        return Some((
            403,
            "requests from another site are refused: open the address tally printed",
        ));
    }
    if asked.method == "POST" {
        if !asked.token_header.is_some_and(ours) {
            return Some((
                403,
                "a change must carry the token in the X-Tally-Token header, as the page tally printed sends it",
            ));
        }
        if !asked.content_type.is_some_and(is_json) {
            return Some((415, "a change must be sent as application/json"));
        }
    } else if !token_of(asked.query, asked.token_header).is_some_and(ours) {
        return Some((
            403,
            "open the address tally printed, with its token (t=...)",
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_machine_with_the_token_is_answered() {
        assert!(host_is_ours(Some("127.0.0.1:8123"), 8123));
        assert!(host_is_ours(Some("localhost:8123"), 8123));
        assert!(!host_is_ours(Some("evil.example:8123"), 8123));
        assert!(!host_is_ours(Some("127.0.0.1:8124"), 8123));
        assert!(!host_is_ours(None, 8123));
        assert_eq!(token_of("a=1&t=abc", None), Some("abc"));
        assert_eq!(token_of("", Some("xyz")), Some("xyz"));
        assert_eq!(token_of("", None), None);
        assert!(same_secret("abc", "abc"));
        assert!(origin_is_ours("http://127.0.0.1:8123", 8123));
        assert!(origin_is_ours("http://localhost:8123", 8123));
        assert!(!origin_is_ours("http://evil.example", 8123));
        assert!(!origin_is_ours("http://127.0.0.1:8124", 8123));
        assert!(!origin_is_ours("null", 8123));
        assert!(!same_secret("abc", "abd") && !same_secret("abc", "ab"));
    }

    #[test]
    fn json_is_json_with_or_without_its_charset() {
        for ok in [
            "application/json",
            "Application/JSON",
            "application/json; charset=utf-8",
            "application/json;charset=UTF-8",
            "application/json; charset=\"utf-8\"",
        ] {
            assert!(is_json(ok), "{ok}");
        }
        for no in [
            "text/plain",
            "text/plain; application/json",
            "application/x-www-form-urlencoded",
            "multipart/form-data",
            "application/jsonp",
            "application/json; charset=latin1",
            "application/json; charset=utf-8; x=1",
            "",
        ] {
            assert!(!is_json(no), "{no}");
        }
    }

    /// The page's own POST, as a browser sends it.
    fn page_post() -> Asked<'static> {
        Asked {
            method: "POST",
            host: Some("127.0.0.1:8123"),
            origin: Some("http://127.0.0.1:8123"),
            fetch_site: Some("same-origin"),
            token_header: Some("0123abcd"),
            content_type: Some("application/json"),
            ..Asked::default()
        }
    }

    /// The page's own GET of an image: the token in the address.
    fn page_get() -> Asked<'static> {
        Asked {
            method: "GET",
            host: Some("127.0.0.1:8123"),
            query: "t=0123abcd",
            fetch_site: Some("same-origin"),
            ..Asked::default()
        }
    }

    fn status(a: &Asked) -> Option<u16> {
        refusal(a, 8123, "0123abcd").map(|(s, _)| s)
    }

    #[test]
    fn another_site_cannot_change_anything() {
        assert_eq!(status(&page_post()), None);
        assert_eq!(status(&page_get()), None);
        // The probe's request: a foreign Origin, plain text, the token in the address.
        let probe = Asked {
            origin: Some("http://evil.example"),
            fetch_site: None,
            token_header: None,
            query: "t=0123abcd",
            content_type: Some("text/plain"),
            ..page_post()
        };
        assert_eq!(status(&probe), Some(403));
        // Each of its parts alone is refused too.
        for (asked, refused) in [
            (
                Asked {
                    origin: Some("http://evil.example"),
                    ..page_post()
                },
                403,
            ),
            (
                Asked {
                    origin: Some("null"),
                    ..page_post()
                },
                403,
            ),
            (
                Asked {
                    fetch_site: Some("cross-site"),
                    ..page_post()
                },
                403,
            ),
            (
                Asked {
                    fetch_site: Some("same-site"),
                    ..page_post()
                },
                403,
            ),
            (
                Asked {
                    token_header: None,
                    query: "t=0123abcd",
                    ..page_post()
                },
                403,
            ),
            (
                Asked {
                    token_header: Some("0123abce"),
                    ..page_post()
                },
                403,
            ),
            (
                Asked {
                    content_type: Some("text/plain"),
                    ..page_post()
                },
                415,
            ),
            (
                Asked {
                    content_type: None,
                    ..page_post()
                },
                415,
            ),
            (
                Asked {
                    origin: Some("http://evil.example"),
                    ..page_get()
                },
                403,
            ),
            (
                Asked {
                    fetch_site: Some("cross-site"),
                    ..page_get()
                },
                403,
            ),
            (
                Asked {
                    query: "",
                    ..page_get()
                },
                403,
            ),
            (
                Asked {
                    host: Some("evil.example:8123"),
                    ..page_get()
                },
                403,
            ),
        ] {
            assert_eq!(status(&asked), Some(refused), "{asked:?}");
        }
        // The address typed or opened from the terminal; the page opened as localhost.
        for asked in [
            Asked {
                fetch_site: Some("none"),
                ..page_get()
            },
            Asked {
                fetch_site: None,
                ..page_get()
            },
            Asked {
                query: "",
                token_header: Some("0123abcd"),
                ..page_get()
            },
            Asked {
                host: Some("localhost:8123"),
                origin: Some("http://localhost:8123"),
                ..page_post()
            },
            Asked {
                content_type: Some("application/json; charset=utf-8"),
                origin: None,
                ..page_post()
            },
        ] {
            assert_eq!(status(&asked), None, "{asked:?}");
        }
    }
}
