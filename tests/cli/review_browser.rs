//! `tally review --serve` in a real headless browser: Debian's chromium driven by its
//! chromedriver over WebDriver (plain JSON over HTTP), both installed by `make test`. A whole
//! review of a photo no correction could prove: the page shows the failing signature line,
//! zooms on it, the reviewer types the line from the paper, the signature proves the reading
//! the moment it is right, and `verify` then finds it kept as reviewed by that reviewer.
//! Skipped, with a note, without chromium or chromedriver; a failure instead where `CI` is
//! set.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::common::{chromium, outside_tool};
use crate::photo_cli::Fixture;

/// A WebDriver answer's `value`, or a panic saying what the driver refused.
fn call(method: &str, url: &str, body: Option<Value>) -> Value {
    let rq = ureq::request(method, url).timeout(Duration::from_secs(60));
    let answer = match body {
        Some(b) => rq
            .set("Content-Type", "application/json")
            .send_string(&b.to_string()),
        None => rq.call(),
    };
    let text = match answer {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r.into_string().unwrap(),
        Err(e) => panic!("{method} {url}: {e}"),
    };
    let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    if let Some(err) = v["value"]["error"].as_str() {
        panic!("{method} {url}: {err}: {}", v["value"]["message"]);
    }
    v["value"].clone()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A process killed when the test ends, however it ends.
pub(crate) struct Killed(pub(crate) Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A headless chromium session driven through chromedriver.
struct Browser {
    url: String,
    _driver: Killed,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start(chromium: &str) -> Browser {
        let port = free_port();
        let driver = Killed(
            Command::new("chromedriver")
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap(),
        );
        let base = format!("http://127.0.0.1:{port}");
        let start = Instant::now();
        while ureq::get(&format!("{base}/status")).call().is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let binary = which(chromium);
        let session = call(
            "POST",
            &format!("{base}/session"),
            Some(json!({"capabilities": {"alwaysMatch": {
                "browserName": "chrome",
                "goog:chromeOptions": {
                    "binary": binary,
                    "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                        "--disable-dev-shm-usage", "--no-first-run",
                        "--window-size=1400,1000",
                        format!("--user-data-dir={}", profile.path().display())],
                }
            }}})),
        );
        let id = session["sessionId"]
            .as_str()
            .expect("a session")
            .to_string();
        Browser {
            url: format!("{base}/session/{id}"),
            _driver: driver,
            _profile: profile,
        }
    }

    fn post(&self, path: &str, body: Value) -> Value {
        call("POST", &format!("{}{path}", self.url), Some(body))
    }

    fn go(&self, url: &str) {
        self.post("/url", json!({ "url": url }));
    }

    /// Runs `script` (a function body) in the page and returns its value.
    fn run(&self, script: &str) -> Value {
        self.post("/execute/sync", json!({ "script": script, "args": [] }))
    }

    /// Waits until `script` returns true.
    fn wait_for(&self, script: &str, what: &str) {
        let start = Instant::now();
        while self.run(script) != json!(true) {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "waited a minute for {what}; the page says: {}",
                self.run("return document.body.innerText")
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn element(&self, css: &str) -> String {
        let e = self.post("/element", json!({ "using": "css selector", "value": css }));
        e.as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}"))
            .to_string()
    }

    fn click(&self, css: &str) {
        let e = self.element(css);
        self.post(&format!("/element/{e}/click"), json!({}));
    }

    fn type_into(&self, css: &str, text: &str) {
        let e = self.element(css);
        self.post(&format!("/element/{e}/clear"), json!({}));
        self.post(&format!("/element/{e}/value"), json!({ "text": text }));
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = ureq::delete(&self.url).call();
    }
}

/// `tally review PHOTO --serve` for the fixture, reviewed by "Web Tester", and the address
/// it prints first.
fn serve(f: &Fixture, photo: &std::path::Path) -> (Killed, String) {
    let mut server = Killed(
        Command::new(env!("CARGO_BIN_EXE_tally"))
            .arg("review")
            .arg(photo)
            .args(f.keyring_args())
            .arg("--cache")
            .arg(f.path("cache"))
            .args(["--reviewer", "Web Tester", "--serve", "--no-open"])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap(),
    );
    let mut url = String::new();
    BufReader::new(server.0.stdout.take().unwrap())
        .read_line(&mut url)
        .unwrap();
    (server, url)
}

/// The server's exit status once the review is finished (within 30 s).
fn stopped(server: &mut Killed) -> Option<i32> {
    let start = Instant::now();
    loop {
        if let Some(s) = server.0.try_wait().unwrap() {
            return s.code();
        }
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "the server did not stop"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The full path of a program found on `PATH`.
fn which(program: &str) -> String {
    std::env::var_os("PATH")
        .and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join(program))
                .find(|p| p.is_file())
        })
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| program.to_string())
}

#[test]
#[cfg(feature = "ocr")]
fn a_photo_is_proven_on_the_review_page_in_a_browser() {
    let Some(chromium) = chromium() else {
        return;
    };
    if !outside_tool("chromedriver", "--version") {
        return;
    }
    let f = Fixture::new();
    let (photo, truth) = f.unproven();
    let (mut server, url) = serve(&f, &photo);
    let url = url.trim().to_string();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.contains("/?t="),
        "{url}"
    );

    // Without the token, or under another host name, nothing is answered.
    let (base, token) = url.split_once("/?t=").unwrap();
    match ureq::get(&format!("{base}/api/items")).call() {
        Err(ureq::Error::Status(403, _)) => {}
        other => panic!("a request without the token was answered: {other:?}"),
    }
    let port = base.rsplit(':').next().unwrap();
    match ureq::get(&format!("{base}/api/items?t={token}"))
        .set("Host", &format!("attacker.example:{port}"))
        .call()
    {
        Err(ureq::Error::Status(403, _)) => {}
        other => panic!("a request for another host was answered: {other:?}"),
    }

    let b = Browser::start(&chromium);
    b.go(&url);
    b.wait_for(
        "return document.querySelector('#f-sig2') !== null",
        "the reading",
    );
    // The reading is not proven (its second signature line was printed other than signed,
    // yet satisfies its check symbols: nothing is marked failing yet).
    assert_eq!(
        b.run("return document.querySelector('tr[data-key=sig2]').classList.contains('bad')"),
        json!(false)
    );
    let status = b.run("return document.querySelector('#status').textContent");
    assert!(
        status.as_str().unwrap().starts_with("NOT proven"),
        "{status}"
    );
    let code = truth.payload.choices[0].code;
    assert_eq!(
        b.run(&format!(
            "return document.querySelectorAll('#f-voters, #f-choice-{code}, #f-sig4').length"
        )),
        json!(3)
    );
    // Typing in SIG2 zooms on its line of the photo, as OCR read it.
    b.click("#f-sig2");
    b.wait_for(
        "return document.querySelector('#zoom-text').textContent.startsWith('SIG2')",
        "the zoom on SIG2",
    );
    let text = truth.to_text();
    let sig2 = text
        .lines()
        .find_map(|l| l.strip_prefix("SIG2 "))
        .unwrap()
        .to_string();
    // A symbol mistyped: its check symbol fails, and the line is marked with the reason.
    let mistyped: String = sig2
        .chars()
        .enumerate()
        .map(|(i, c)| match (i, c) {
            (0, 'A') => 'B',
            (0, _) => 'A',
            (_, c) => c,
        })
        .collect();
    b.type_into("#f-sig2", &mistyped);
    b.wait_for(
        "return document.querySelector('tr[data-key=sig2]').classList.contains('bad')",
        "the failing check symbol marked",
    );
    let why = b.run("return document.querySelector('tr[data-key=sig2] .err').textContent");
    assert!(why.as_str().is_some_and(|w| w.contains("SIG2")), "{why}");
    // The reviewer types the line from the paper and presses Enter: the page moves on, and
    // the signature proves the reading the moment it is right.
    b.type_into("#f-sig2", &format!("{sig2}\u{E007}"));
    assert_eq!(b.run("return document.activeElement.name"), json!("sig3"));
    b.wait_for(
        "return document.querySelector('#status').classList.contains('proven')",
        "the proof",
    );
    let status = b.run("return document.querySelector('#status').textContent");
    let status = status.as_str().unwrap();
    assert!(
        status.contains("VERIFIED") && status.contains("Web Tester"),
        "{status}"
    );
    assert_eq!(
        b.run("return document.querySelector('nav button').classList.contains('kept')"),
        json!(true)
    );
    // TALLY_REVIEW_SCREENSHOT=FILE.png keeps a picture of the page, to look at.
    if let Some(file) = std::env::var_os("TALLY_REVIEW_SCREENSHOT") {
        use ct_codecs::Decoder as _;
        let png = call("GET", &format!("{}/screenshot", b.url), None);
        let png = ct_codecs::Base64::decode_to_vec(png.as_str().unwrap(), None).unwrap();
        std::fs::write(file, png).unwrap();
    }
    b.click("#finish");
    b.wait_for(
        "return document.querySelector('#finished') !== null",
        "the end of the review",
    );
    assert_eq!(stopped(&mut server), Some(0));

    // The reading was kept as reviewed, by the name given, and verifies.
    assert_eq!(f.kept_as_reviewed(&photo).reviewer, "Web Tester");
}

#[test]
fn no_page_is_served_when_nothing_needs_review() {
    // A photo whose QR code reads is proven: the review ends at once, without a server.
    let f = Fixture::new();
    let out = crate::common::tally()
        .arg("review")
        .arg(f.path("a-qr.jpg"))
        .args(f.keyring_args())
        .arg("--cache")
        .arg(f.path("cache"))
        .args(["--reviewer", "Tester", "--serve", "--no-open"])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(said.contains("0 photos to review"), "{said}");
    assert!(out.stdout.is_empty(), "no address printed");
}

/// A choice code OCR read wrong (339 for 117) is corrected on the page: the reviewer types
/// the code with the votes in that line's box, and the signature proves the reading.
#[test]
#[cfg(feature = "ocr")]
fn a_misread_choice_code_is_proven_on_the_review_page() {
    let Some(chromium) = chromium() else {
        return;
    };
    if !outside_tool("chromedriver", "--version") {
        return;
    }
    let f = Fixture::new();
    let (photo, truth) = f.misread_code();
    let (mut server, url) = serve(&f, &photo);
    let b = Browser::start(&chromium);
    b.go(url.trim());
    b.wait_for(
        "return document.querySelector('#f-sig1') !== null",
        "the reading",
    );
    let last = *truth.payload.choices.last().unwrap();
    let misread = last.code + 222;
    // The line as read, under its misread code; the reviewer types the printed code.
    b.wait_for(
        &format!("return document.querySelector('#f-choice-{misread}') !== null"),
        "the misread line",
    );
    b.type_into(
        &format!("#f-choice-{misread}"),
        &format!("{} {}\u{E007}", last.code, last.votes),
    );
    b.wait_for(
        "return document.querySelector('#status').classList.contains('proven')",
        "the proof",
    );
    b.click("#finish");
    b.wait_for(
        "return document.querySelector('#finished') !== null",
        "the end of the review",
    );
    assert_eq!(stopped(&mut server), Some(0));
    assert_eq!(f.kept_as_reviewed(&photo).reviewer, "Web Tester");
}
