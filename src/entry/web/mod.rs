//! `tally review --serve`: the review in a browser. A local web server (127.0.0.1 only)
//! serves one page, with no outside assets, and a small JSON API. Every request must name
//! this machine as its host, come from no other site (no foreign `Origin`, no cross-site
//! `Sec-Fetch-Site`) and carry the random token printed in the page's address; a change (a
//! POST) must carry it in the `X-Tally-Token` header and be sent as `application/json`,
//! which a form or a plain request of another page cannot do without the browser asking
//! first, and that question is refused. So neither another user's page nor a site the
//! browser visits can reach it. The page shows
//! the photo beside the reading, zooms on the line of the field being typed, marks doubtful
//! characters and failing check symbols, and sends every change here: each answer is checked
//! as `tally enter` checks it, then the signature decides, and a proven reading is kept at
//! once as source `reviewed` with the reviewer's name and the time, as `tally review` does.

pub mod api;
mod guard;

use std::collections::{BTreeMap, HashMap};
use std::io::Read as _;

use super::review::{keep_reviewed, Session};
use crate::photo::{line_view, LineView};
use crate::source::Input;
use guard::{refusal, Asked};

/// The page, with `{{NONCE}}` where its script's and style's nonce go.
const PAGE: &str = include_str!("page.html");

/// Largest request body read (the answers of a tape of a thousand choices fit many times).
const MAX_BODY: u64 = 256 * 1024;

/// A reply: status, content type, body.
struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
}

impl Reply {
    fn json<T: serde::Serialize>(value: &T) -> Reply {
        match serde_json::to_vec(value) {
            Ok(body) => Reply {
                status: 200,
                content_type: "application/json",
                body,
            },
            Err(e) => Reply::error(500, &format!("cannot write the answer: {e}")),
        }
    }

    fn error(status: u16, message: &str) -> Reply {
        Reply {
            status,
            content_type: "application/json",
            body: serde_json::json!({ "error": message })
                .to_string()
                .into_bytes(),
        }
    }
}

/// A random hex string of `bytes` bytes, from the operating system's generator.
fn random_hex(bytes: usize) -> String {
    use rand::RngCore as _;
    let mut b = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

/// The review desk: what is reviewed, by whom, and what has been kept.
struct Desk<'a, 'b> {
    todo: &'b [(&'b Input, &'b str)],
    session: &'b Session<'a>,
    token: String,
    nonce: String,
    port: u16,
    items: Vec<api::Item>,
    /// Strips and line boxes, read again from the photo when the page first asks.
    views: HashMap<usize, Result<LineView, String>>,
    finished: bool,
}

impl Desk<'_, '_> {
    /// The photo's bytes, if the file still is the one that was read; else the status and
    /// reason to answer with.
    /// Part `part` of a tape photographed in parts; part 0 is the photo itself.
    fn photo(&self, id: usize, part: usize) -> Result<Vec<u8>, (u16, String)> {
        let files = crate::entry::review::photo_files(self.todo[id].0);
        let Some((path, want)) = files.get(part) else {
            return Err((404, "no such part".into()));
        };
        let bytes = crate::files::read(path, crate::source::MAX_PHOTO_BYTES, "a photo")
            .map_err(|e| (404, format!("cannot read {}: {e}", path.display())))?;
        let sha = crate::bundle::manifest::sha256_hex(&bytes);
        if Some(sha.as_str()) != *want {
            return Err((
                409,
                "the photo changed since it was read: run the review again".into(),
            ));
        }
        Ok(bytes)
    }

    fn view(&mut self, id: usize) -> &Result<LineView, String> {
        if !self.views.contains_key(&id) {
            let view = self
                .photo(id, 0)
                .map_err(|(_, reason)| reason)
                .and_then(|bytes| {
                    crate::source::guard::guarded(|| line_view(&bytes).map_err(|e| e.to_string()))
                        .and_then(|read| read)
                        .map_err(|e| format!("the photo's lines cannot be shown: {e}"))
                });
            self.views.insert(id, view);
        }
        &self.views[&id]
    }

    fn route(&mut self, method: &str, path: &str, body: &[u8]) -> Reply {
        let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
        let id = |s: &str| s.parse::<usize>().ok().filter(|&i| i < self.items.len());
        match (method, parts.as_slice()) {
            ("GET", [""]) => Reply {
                status: 200,
                content_type: "text/html; charset=utf-8",
                body: PAGE.replace("{{NONCE}}", &self.nonce).into_bytes(),
            },
            ("GET", ["api", "items"]) => Reply::json(&serde_json::json!({
                "reviewer": self.session.reviewer,
                "items": self.items,
            })),
            ("GET", ["photo", n]) | ("GET", ["photo", n, _]) => match id(n) {
                Some(i) => {
                    match self.photo(i, parts.get(2).and_then(|p| p.parse().ok()).unwrap_or(0)) {
                        Ok(bytes) => photo_reply(&bytes),
                        Err((status, reason)) => Reply::error(status, &reason),
                    }
                }
                None => Reply::error(404, "no such photo"),
            },
            ("GET", ["api", "view", n]) => match id(n) {
                Some(i) => match self.view(i) {
                    Ok(v) => Reply::json(&serde_json::json!({
                        "width": v.width,
                        "height": v.height,
                        "lines": v.lines,
                    })),
                    Err(e) => Reply::error(422, e),
                },
                None => Reply::error(404, "no such photo"),
            },
            ("GET", ["strip", n]) => match id(n).map(|i| self.view(i)) {
                Some(Ok(v)) => Reply {
                    status: 200,
                    content_type: "image/png",
                    body: v.png.clone(),
                },
                Some(Err(e)) => Reply::error(422, e),
                None => Reply::error(404, "no such photo"),
            },
            ("POST", ["api", "check", n]) => match id(n) {
                Some(i) => self.check(i, body),
                None => Reply::error(404, "no such photo"),
            },
            ("POST", ["api", "finish"]) => {
                self.finished = true;
                Reply::json(&serde_json::json!({ "left": self.left() }))
            }
            _ => Reply::error(404, "no such page"),
        }
    }

    /// Checks the answers for reading `id`; a reading the signature proves is kept.
    fn check(&mut self, id: usize, body: &[u8]) -> Reply {
        let answers: BTreeMap<String, String> = match serde_json::from_slice(body) {
            Ok(a) => a,
            Err(e) => return Reply::error(400, &format!("the answers are not readable: {e}")),
        };
        let input = self.todo[id].0;
        let Ok(read) = input.tape.as_ref() else {
            return Reply::error(404, "no reading to check");
        };
        let (mut checked, proven) = api::check(read, &answers, self.session.keyring);
        if let Some(tape) = proven {
            match keep_reviewed(self.session, input, &tape) {
                Ok(review) => {
                    self.items[id].kept = Some(review.clone());
                    self.items[id].proven = checked.proven;
                    checked.kept = Some(review);
                }
                Err(e) => {
                    return Reply::error(
                        500,
                        &format!(
                            "proven, but cannot keep the reviewed reading in the cache folder: {e}"
                        ),
                    )
                }
            }
        }
        Reply::json(&checked)
    }

    fn left(&self) -> usize {
        self.items.iter().filter(|i| i.kept.is_none()).count()
    }

    /// Answers one request: refused unless it names this host, comes from no other site and
    /// carries the token (see [`refusal`]).
    fn answer(&mut self, mut rq: tiny_http::Request) {
        let header = |name: &'static str| {
            rq.headers()
                .iter()
                .find(|h| h.field.equiv(name))
                .map(|h| h.value.as_str().to_string())
        };
        let [host, origin, fetch_site, token_header, content_type] = [
            "Host",
            "Origin",
            "Sec-Fetch-Site",
            "X-Tally-Token",
            "Content-Type",
        ]
        .map(header);
        let url = rq.url().to_string();
        let (path, query) = url.split_once('?').unwrap_or((&url, ""));
        let method = rq.method().as_str().to_string();
        let asked = Asked {
            method: &method,
            query,
            host: host.as_deref(),
            origin: origin.as_deref(),
            fetch_site: fetch_site.as_deref(),
            token_header: token_header.as_deref(),
            content_type: content_type.as_deref(),
        };
        let reply = if let Some((status, reason)) = refusal(&asked, self.port, &self.token) {
            Reply::error(status, reason)
        } else {
            let mut body = Vec::new();
            match rq.as_reader().take(MAX_BODY + 1).read_to_end(&mut body) {
                Ok(_) if body.len() as u64 > MAX_BODY => Reply::error(413, "request too large"),
                Ok(_) => self.route(&method, path, &body),
                Err(e) => Reply::error(400, &format!("cannot read the request: {e}")),
            }
        };
        let csp = format!(
            "default-src 'none'; img-src 'self'; connect-src 'self'; script-src 'nonce-{n}'; style-src 'nonce-{n}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            n = self.nonce
        );
        let mut response =
            tiny_http::Response::from_data(reply.body).with_status_code(reply.status);
        for (name, value) in [
            ("Content-Type", reply.content_type),
            ("Content-Security-Policy", csp.as_str()),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
            ("Cache-Control", "no-store"),
        ] {
            if let Ok(h) = tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                response.add_header(h);
            }
        }
        // A page closed before its answer came: nothing to do.
        let _ = rq.respond(response);
    }
}

/// A photo as the browser shows it: JPEG, PNG and WebP as they are; HEIC, which browsers do
/// not show, as grey PNG.
fn photo_reply(bytes: &[u8]) -> Reply {
    use crate::photo::image::decode::PhotoFormat;
    let content_type = match PhotoFormat::sniff(bytes) {
        Some(PhotoFormat::Jpeg) => "image/jpeg",
        Some(PhotoFormat::Png) => "image/png",
        Some(PhotoFormat::WebP) => "image/webp",
        _ => {
            let png = crate::photo::image::decode::decode(bytes)
                .map_err(|e| e.to_string())
                .and_then(|img| {
                    let mut png = Vec::new();
                    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
                        .map(|_| png)
                        .map_err(|e| e.to_string())
                });
            return match png {
                Ok(body) => Reply {
                    status: 200,
                    content_type: "image/png",
                    body,
                },
                Err(e) => Reply::error(422, &format!("the photo cannot be shown: {e}")),
            };
        }
    };
    Reply {
        status: 200,
        content_type,
        body: bytes.to_vec(),
    }
}

/// Serves the review of `todo` (each input and why its reading is not proven) on
/// 127.0.0.1:`port` (0: any free port) until the page says the review is finished. `ready`
/// is given the page's address once the server listens. Returns how many readings were left
/// unproven.
pub fn serve(
    todo: &[(&Input, &str)],
    session: &Session,
    port: u16,
    ready: &mut dyn FnMut(&str),
) -> std::io::Result<usize> {
    let server = tiny_http::Server::http(("127.0.0.1", port))
        .map_err(|e| std::io::Error::other(format!("cannot listen on 127.0.0.1:{port}: {e}")))?;
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .ok_or_else(|| std::io::Error::other("the server has no address"))?;
    // Inputs without a tape or a hash are never listed for review; the page's ids are
    // positions in what is left.
    let (todo, items): (Vec<(&Input, &str)>, Vec<api::Item>) = todo
        .iter()
        .filter_map(|&(input, why)| api::item(input, why).map(|item| ((input, why), item)))
        .unzip();
    let items = items
        .into_iter()
        .enumerate()
        .map(|(id, item)| api::Item { id, ..item })
        .collect();
    let mut desk = Desk {
        todo: &todo,
        session,
        token: random_hex(16),
        nonce: random_hex(16),
        port,
        items,
        views: HashMap::new(),
        finished: false,
    };
    ready(&format!("http://127.0.0.1:{port}/?t={}", desk.token));
    for rq in server.incoming_requests() {
        desk.answer(rq);
        if desk.finished {
            break;
        }
    }
    Ok(desk.left())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random() {
        let t = random_hex(16);
        assert_eq!(t.len(), 32);
        assert_ne!(t, random_hex(16));
    }
}
