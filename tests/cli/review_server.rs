//! `tally review --serve` against requests no browser page of tally's sends: another site's
//! page posting to it (a foreign `Origin`, a plain-text body, the token in the address only),
//! each of those alone, a cross-site fetch. Every one is refused with its status and reason,
//! and the review goes on until the page's own kind of request finishes it.

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::photo_cli::Fixture;
use crate::review_browser::Killed;

/// A request to the review server: the status and the `error` it answered with.
fn ask(method: &str, url: &str, headers: &[(&str, &str)], body: Option<&str>) -> (u16, String) {
    let mut rq = ureq::request(method, url).timeout(Duration::from_secs(60));
    for (name, value) in headers {
        rq = rq.set(name, value);
    }
    let answer = match body {
        Some(b) => rq.send_string(b),
        None => rq.call(),
    };
    match answer {
        Ok(r) | Err(ureq::Error::Status(_, r)) => {
            let status = r.status();
            let body: serde_json::Value =
                serde_json::from_str(&r.into_string().unwrap_or_default()).unwrap_or_default();
            (
                status,
                body["error"].as_str().unwrap_or_default().to_string(),
            )
        }
        Err(e) => panic!("{method} {url}: {e}"),
    }
}

#[test]
#[cfg(feature = "ocr")]
fn another_sites_page_cannot_post_to_the_review() {
    let f = Fixture::new();
    let (photo, _) = f.unproven();
    let mut server = Killed(
        Command::new(env!("CARGO_BIN_EXE_tally"))
            .arg("review")
            .arg(&photo)
            .args(f.keyring_args())
            .arg("--cache")
            .arg(f.path("cache"))
            .args(["--reviewer", "Tester", "--serve", "--no-open"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut url = String::new();
    BufReader::new(server.0.stdout.take().unwrap())
        .read_line(&mut url)
        .unwrap();
    let (base, token) = url.trim().split_once("/?t=").unwrap();
    let (base, token) = (base.to_string(), token.to_string());
    let own = base.clone();
    let finish = format!("{base}/api/finish");
    let finish_t = format!("{finish}?t={token}");
    let json = ("Content-Type", "application/json");
    let with_token = ("X-Tally-Token", token.as_str());
    // The probe's request: it was answered, and finished the review.
    let (status, why) = ask(
        "POST",
        &finish_t,
        &[
            ("Origin", "http://evil.example"),
            ("Content-Type", "text/plain"),
        ],
        Some("{}"),
    );
    assert_eq!(status, 403, "{why}");
    assert!(why.contains("another site"), "{why}");
    // Each of its parts alone.
    for (headers, refused, reason) in [
        (
            vec![("Origin", "http://evil.example"), json, with_token],
            403,
            "another site",
        ),
        (
            vec![("Sec-Fetch-Site", "cross-site"), json, with_token],
            403,
            "another site",
        ),
        (
            vec![
                ("Origin", own.as_str()),
                ("Content-Type", "text/plain"),
                with_token,
            ],
            415,
            "application/json",
        ),
        (
            vec![("Origin", own.as_str()), with_token],
            415,
            "application/json",
        ),
        (vec![("Origin", own.as_str()), json], 403, "X-Tally-Token"),
    ] {
        let (status, why) = ask("POST", &finish_t, &headers, Some("{}"));
        assert_eq!(status, refused, "{headers:?}: {why}");
        assert!(why.contains(reason), "{headers:?}: {why}");
    }
    // Reading with a foreign Origin is refused too; the page's own reading is answered.
    let items = format!("{base}/api/items?t={token}");
    let (status, why) = ask("GET", &items, &[("Origin", "http://evil.example")], None);
    assert_eq!(status, 403, "{why}");
    assert_eq!(ask("GET", &items, &[], None).0, 200);
    // Nothing above finished the review: the server is still there.
    assert!(server.0.try_wait().unwrap().is_none(), "the review ended");
    // The page's own request finishes it.
    let (status, why) = ask(
        "POST",
        &finish,
        &[
            ("Origin", own.as_str()),
            ("Content-Type", "application/json; charset=utf-8"),
            with_token,
        ],
        Some("{}"),
    );
    assert_eq!(status, 200, "{why}");
    let start = Instant::now();
    let code = loop {
        if let Some(s) = server.0.try_wait().unwrap() {
            break s.code();
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the server did not stop"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    // Finished with the reading left unproven: exit 1.
    assert_eq!(code, Some(1));
}
