//! A small blocking WebDriver client, so that end-to-end tests can open what `claims` writes in a
//! real (headless) Chromium and check what a reader would see: the page runs without errors, its
//! scripts work, and it fetches nothing from the network.
//!
//! It speaks the W3C WebDriver protocol (JSON over HTTP) to `chromedriver`, plus chromedriver's
//! legacy log endpoint for the browser console and the DevTools performance log. A test that needs
//! a browser starts with
//!
//! ```ignore
//! let Some(browser) = Browser::start() else { return };
//! ```
//!
//! so that a machine without Chromium skips the check (with one line on stderr) instead of failing.
//! Debian's packages provide both programs: `apt-get install chromium chromium-driver`.

use std::cell::RefCell;
use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use base64::prelude::{BASE64_STANDARD, Engine as _};
use serde_json::{Value, json};
use tempfile::TempDir;

/// How long chromedriver may take to answer `/status` with `ready: true`.
const DRIVER_READY_TIMEOUT: Duration = Duration::from_secs(20);
/// The longest any one WebDriver command may take (a page load, a script, a screenshot).
const COMMAND_TIMEOUT: Duration = Duration::from_secs(60);

/// Chromium's command line. The network is closed where tests run: without these switches
/// Chromium keeps retrying its background services (updates, sync, field trials) against refused
/// connections, which is slow and fills the logs.
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// A headless Chromium driven through its own chromedriver.
///
/// Dropping it ends the WebDriver session (which quits Chromium), kills chromedriver, and deletes
/// the temporary profile; this also happens while a failing test unwinds.
pub struct Browser {
    /// Talks to chromedriver; never goes through a proxy.
    agent: ureq::Agent,
    /// `http://127.0.0.1:PORT`, where chromedriver listens.
    driver_url: String,
    /// The chromedriver process.
    driver: Child,
    /// The WebDriver session id; empty until the session exists.
    session: String,
    /// Holds the user-data-dir and chromedriver's output; deleted last.
    profile: TempDir,
    /// What the browser logged since the last `goto`. Chromedriver hands out each log entry only
    /// once, so everything read is kept here.
    logs: RefCell<Logs>,
}

/// Log entries collected since the last navigation.
#[derive(Default)]
struct Logs {
    /// Console messages of level SEVERE.
    errors: Vec<String>,
    /// The URL of every request, in order.
    requests: Vec<String>,
}

/// An HTTP method with its body, if any.
enum Method {
    Get,
    Post(Value),
    Delete,
}

impl Browser {
    /// Starts chromedriver and a headless Chromium with a fresh profile.
    ///
    /// Returns `None` when Chromium or chromedriver is not installed: the caller skips its check.
    /// Panics, failing the test, when they are installed but do not start.
    pub fn start() -> Option<Browser> {
        let (Some(chromium), Some(chromedriver)) =
            (find_program("chromium"), find_program("chromedriver"))
        else {
            eprintln!(
                "skipping browser check: chromium or chromedriver not found \
                 (apt-get install chromium chromium-driver)"
            );
            return None;
        };
        Some(Browser::launch(&chromium, &chromedriver))
    }

    /// Starts `chromedriver`, then a session running `chromium`; panics if either fails.
    fn launch(chromium: &Path, chromedriver: &Path) -> Browser {
        let profile = tempfile::Builder::new()
            .prefix("claims-browser-")
            .tempdir()
            .expect("create a temp dir for the browser profile");
        let user_data_dir = profile.path().join("user-data");
        fs::create_dir(&user_data_dir).expect("create the user-data-dir");
        let output = fs::File::create(profile.path().join("chromedriver.log"))
            .expect("create chromedriver's log file");

        let port = free_port();
        // Chromium keeps its crash reports and caches under the home directory: pointing that at
        // the profile keeps the run hermetic, and lets `Drop` recognise every process it started.
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            // Chromium's own stderr, which says why it would not start, goes to that log too.
            .arg("--enable-chrome-logs")
            .env("HOME", profile.path())
            .env("XDG_CONFIG_HOME", profile.path().join(".config"))
            .env("XDG_CACHE_HOME", profile.path().join(".cache"))
            .stdin(Stdio::null())
            .stdout(output.try_clone().expect("duplicate a file handle"))
            .stderr(output)
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", chromedriver.display()));

        // From here on, `Drop` cleans up whatever happens.
        let mut browser = Browser {
            agent: ureq::Agent::config_builder()
                .proxy(None)
                .http_status_as_error(false)
                .timeout_global(Some(COMMAND_TIMEOUT))
                .build()
                .into(),
            driver_url: format!("http://127.0.0.1:{port}"),
            driver,
            session: String::new(),
            profile,
            logs: RefCell::default(),
        };
        browser.wait_until_ready();

        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|f| f.to_string()).collect();
        args.push(format!("--user-data-dir={}", user_data_dir.display()));
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "chrome",
                    "pageLoadStrategy": "normal",
                    "timeouts": { "pageLoad": 30_000, "script": 30_000 },
                    "goog:chromeOptions": { "binary": chromium, "args": args },
                    "goog:loggingPrefs": { "browser": "ALL", "performance": "ALL" },
                }
            }
        });
        let created = match browser.send(Method::Post(capabilities), "/session") {
            Ok(value) => value,
            Err(e) => panic!(
                "{} is installed but did not start: {e}\nchromedriver said:\n{}",
                chromium.display(),
                browser.driver_output()
            ),
        };
        browser.session = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no sessionId in chromedriver's answer: {created}"))
            .to_owned();
        browser
    }

    /// Polls `/status` until chromedriver accepts sessions.
    fn wait_until_ready(&mut self) {
        let deadline = Instant::now() + DRIVER_READY_TIMEOUT;
        loop {
            if let Some(status) = self.driver.try_wait().expect("poll chromedriver") {
                panic!(
                    "chromedriver exited ({status}) before it was ready:\n{}",
                    self.driver_output()
                );
            }
            if let Ok(status) = self.send(Method::Get, "/status")
                && status["ready"] == json!(true)
            {
                return;
            }
            if Instant::now() > deadline {
                panic!(
                    "chromedriver was not ready after {DRIVER_READY_TIMEOUT:?}:\n{}",
                    self.driver_output()
                );
            }
            thread::sleep(Duration::from_millis(50));
        }
    }

    /// Opens `url` and waits for its load event. Forgets what earlier pages logged, so that
    /// [`console_errors`](Self::console_errors) and [`requests`](Self::requests) are about this
    /// page only. Use [`file_url`] for a local file.
    #[track_caller]
    pub fn goto(&self, url: &str) {
        self.collect_logs();
        *self.logs.borrow_mut() = Logs::default();
        self.command(Method::Post(json!({ "url": url })), "/url");
    }

    /// Resizes the window (the outer size, in CSS pixels).
    #[track_caller]
    pub fn set_window_size(&self, width: u32, height: u32) {
        self.command(
            Method::Post(json!({ "width": width, "height": height })),
            "/window/rect",
        );
    }

    /// Runs `script` as the body of a function in the page and returns what it returns (`return
    /// ...;`), as JSON. `args` are its `arguments`. An exception in the script fails the test.
    #[track_caller]
    pub fn execute(&self, script: &str, args: Vec<Value>) -> Value {
        self.command(
            Method::Post(json!({ "script": script, "args": args })),
            "/execute/sync",
        )
    }

    /// Writes a PNG of the visible part of the page to `path`, creating its directory.
    #[track_caller]
    pub fn screenshot(&self, path: &Path) {
        let encoded = self.command(Method::Get, "/screenshot");
        let encoded = encoded
            .as_str()
            .unwrap_or_else(|| panic!("a screenshot is a base64 string, got {encoded}"));
        let png = BASE64_STANDARD
            .decode(encoded)
            .unwrap_or_else(|e| panic!("chromedriver sent an undecodable screenshot: {e}"));
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        }
        fs::write(path, png).unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }

    /// The console messages of level SEVERE since the last [`goto`](Self::goto): uncaught
    /// exceptions, `console.error`, and resources that failed to load. Each reads like
    /// `file:///…/page.html 12:8 Uncaught Error: boom`. Messages logged after this call are
    /// returned by the next one.
    #[track_caller]
    pub fn console_errors(&self) -> Vec<String> {
        self.collect_logs();
        self.logs.borrow().errors.clone()
    }

    /// The URL of every request the page made since the last [`goto`](Self::goto), in order,
    /// starting with the page itself: documents, stylesheets, scripts, images, fonts, fetches,
    /// whether or not they succeeded. A test can assert that all are `file:` or `data:` URLs.
    #[track_caller]
    pub fn requests(&self) -> Vec<String> {
        self.collect_logs();
        self.logs.borrow().requests.clone()
    }

    /// Moves whatever chromedriver has logged since the last call into `self.logs`.
    ///
    /// With this chromedriver (156) the legacy `/se/log` endpoint still works. Its "browser" log
    /// has the console, uncaught exceptions included (source "javascript"); its "performance" log
    /// has the DevTools events, of which `Network.requestWillBeSent` names each request.
    #[track_caller]
    fn collect_logs(&self) {
        let browser_log = self.command(Method::Post(json!({ "type": "browser" })), "/se/log");
        let performance_log =
            self.command(Method::Post(json!({ "type": "performance" })), "/se/log");
        let mut logs = self.logs.borrow_mut();

        for entry in entries(&browser_log) {
            if entry["level"] == "SEVERE" {
                let message = entry["message"].as_str().unwrap_or_default();
                logs.errors.push(message.to_owned());
            }
        }
        for entry in entries(&performance_log) {
            // Each entry's message is itself JSON: {"message": {"method", "params"}, "webview"}.
            let message = entry["message"].as_str().unwrap_or_default();
            let Ok(event) = serde_json::from_str::<Value>(message) else {
                panic!("a performance log entry that is not JSON: {message}");
            };
            let event = &event["message"];
            if event["method"] != "Network.requestWillBeSent" {
                continue;
            }
            // Chromium opens its own new-tab page (chrome://new-tab-page-third-party) before the
            // first navigation; what that page loads is not the page under test.
            let document = event["params"]["documentURL"].as_str().unwrap_or_default();
            if document.starts_with("chrome") {
                continue;
            }
            if let Some(url) = event["params"]["request"]["url"].as_str() {
                logs.requests.push(url.to_owned());
            }
        }
    }

    /// Sends a command to this session and returns its `value`, panicking on any error.
    #[track_caller]
    fn command(&self, method: Method, path: &str) -> Value {
        let path = format!("/session/{}{path}", self.session);
        match self.send(method, &path) {
            Ok(value) => value,
            Err(e) => panic!("{e}"),
        }
    }

    /// Sends one request to chromedriver. On success, the `value` of its answer; otherwise a
    /// description with the WebDriver error JSON.
    fn send(&self, method: Method, path: &str) -> Result<Value, String> {
        let url = format!("{}{path}", self.driver_url);
        let (name, response) = match method {
            Method::Get => ("GET", self.agent.get(&url).call()),
            Method::Post(body) => ("POST", self.agent.post(&url).send_json(body)),
            Method::Delete => ("DELETE", self.agent.delete(&url).call()),
        };
        let mut response = response.map_err(|e| format!("WebDriver {name} {path}: {e}"))?;
        let status = response.status();
        // A page's performance log or a big screenshot easily exceeds ureq's default 10 MB cap.
        let mut answer: Value = response
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_json()
            .map_err(|e| format!("WebDriver {name} {path}: unreadable answer ({status}): {e}"))?;
        if status.is_success() && answer["value"].get("error").is_none() {
            return Ok(answer["value"].take());
        }
        // Chromedriver's stack trace is a list of addresses: noise in a test failure.
        if let Some(error) = answer["value"].as_object_mut() {
            error.remove("stacktrace");
        }
        Err(format!(
            "WebDriver {name} {path} failed ({status}): {answer}"
        ))
    }

    /// The end of what chromedriver (and Chromium, on its behalf) printed, for error messages.
    fn driver_output(&self) -> String {
        let output =
            fs::read_to_string(self.profile.path().join("chromedriver.log")).unwrap_or_default();
        let lines: Vec<&str> = output.lines().collect();
        lines[lines.len().saturating_sub(40)..].join("\n")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ending the session quits Chromium and its helper processes. Errors are ignored: this
        // may run while a test is already failing, and a second panic would abort the run.
        if !self.session.is_empty() {
            let path = format!("/session/{}", self.session);
            let _ = self.send(Method::Delete, &path);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        // Chromium's helpers (zygotes, crash handlers) outlive the browser process by a few
        // seconds, and a session chromedriver failed to end leaves the browser itself running.
        // Every one of them names the profile directory on its command line: kill those, and
        // wait until they are gone so that deleting the profile does not race with them.
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let pids = processes_mentioning(self.profile.path());
            if pids.is_empty() || Instant::now() > deadline {
                break;
            }
            for pid in pids {
                // SAFETY: kill(2) takes plain integers and touches no memory of ours.
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
            thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The pids of the running processes whose command line contains `path`.
fn processes_mentioning(path: &Path) -> Vec<libc::pid_t> {
    let needle = path.as_os_str().as_encoded_bytes();
    let Ok(proc) = fs::read_dir("/proc") else {
        return Vec::new();
    };
    proc.filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok())
        .filter(|pid: &libc::pid_t| {
            fs::read(format!("/proc/{pid}/cmdline"))
                .is_ok_and(|cmdline| cmdline.windows(needle.len()).any(|w| w == needle))
        })
        .collect()
}

/// The `file://` URL of a local file (made absolute first), for [`Browser::goto`].
pub fn file_url(path: &Path) -> String {
    let path = std::path::absolute(path)
        .unwrap_or_else(|e| panic!("cannot make {} absolute: {e}", path.display()));
    url::Url::from_file_path(&path)
        .unwrap_or_else(|()| panic!("no file URL for {}", path.display()))
        .into()
}

/// The entries of a `/se/log` answer.
fn entries(log: &Value) -> &[Value] {
    log.as_array()
        .map(Vec::as_slice)
        .unwrap_or_else(|| panic!("a log is a list of entries, got {log}"))
}

/// `/usr/bin/NAME` if it exists, else NAME's first match on `PATH`.
fn find_program(name: &str) -> Option<PathBuf> {
    let usr_bin = Path::new("/usr/bin").join(name);
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .map(|dir| dir.join(name));
    std::iter::once(usr_bin)
        .chain(on_path)
        .find(|candidate| candidate.is_file())
}

/// A localhost port that was free a moment ago, for chromedriver to listen on.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("bind a free localhost port")
        .port()
}

// ---------------------------------------------------------------------------------------------
// The harness's own test: it drives a real browser through everything the API offers.

/// Writes `files` (name, contents) into a new temp dir.
fn site(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().expect("create a temp dir");
    for (name, contents) in files {
        fs::write(dir.path().join(name), contents).expect("write a test page");
    }
    dir
}

/// A table and a button that sorts it by its second column; styled from a local file.
const SORTABLE_PAGE: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>sortable</title><link rel="stylesheet" href="style.css">
</head><body>
<table><tbody>
<tr><td>charlie</td><td>3</td></tr>
<tr><td>alpha</td><td>1</td></tr>
<tr><td>bravo</td><td>2</td></tr>
</tbody></table>
<button id="sort">Sort</button>
<script>
document.getElementById("sort").addEventListener("click", () => {
  const body = document.querySelector("tbody");
  const rows = [...body.rows];
  rows.sort((a, b) => Number(a.cells[1].textContent) - Number(b.cells[1].textContent));
  body.append(...rows);
});
</script>
</body></html>
"#;

/// A page whose script throws and nobody catches it.
const THROWING_PAGE: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>throws</title></head><body>
<script>throw new Error("deliberate failure");</script>
</body></html>
"#;

/// A page that asks the network for an image.
const REMOTE_IMAGE_PAGE: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>remote</title></head><body>
<img src="https://example.invalid/x.png" alt="">
</body></html>
"#;

/// The first bytes of every PNG file.
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

#[test]
fn the_harness_drives_a_real_browser() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let dir = site(&[
        ("sortable.html", SORTABLE_PAGE),
        ("style.css", "td { padding: 4px; }\n"),
        ("throws.html", THROWING_PAGE),
        ("remote.html", REMOTE_IMAGE_PAGE),
    ]);
    let page = |name: &str| file_url(&dir.path().join(name));
    let first_column =
        "return [...document.querySelectorAll('td:first-child')].map(td => td.textContent);";

    // Scripts run, take arguments, and can click.
    browser.goto(&page("sortable.html"));
    assert_eq!(
        browser.execute("return arguments[0] + 1;", vec![json!(41)]),
        json!(42)
    );
    assert_eq!(
        browser.execute(first_column, vec![]),
        json!(["charlie", "alpha", "bravo"])
    );
    browser.execute("document.getElementById('sort').click();", vec![]);
    assert_eq!(
        browser.execute(first_column, vec![]),
        json!(["alpha", "bravo", "charlie"])
    );

    // A good page logs no error and fetches only local files.
    assert_eq!(browser.console_errors(), Vec::<String>::new());
    assert_eq!(
        browser.requests(),
        [page("sortable.html"), page("style.css")]
    );

    // An uncaught exception is a console error.
    browser.goto(&page("throws.html"));
    let errors = browser.console_errors();
    assert!(
        errors.iter().any(|e| e.contains("deliberate failure")),
        "the exception among the console errors: {errors:?}"
    );

    // A request for a remote resource shows up, though it cannot succeed here.
    browser.goto(&page("remote.html"));
    let requests = browser.requests();
    assert!(
        requests.contains(&"https://example.invalid/x.png".to_owned()),
        "the image among the requests: {requests:?}"
    );

    // Each page starts with a clean log, and a screenshot is a PNG file.
    browser.set_window_size(800, 600);
    browser.goto(&page("sortable.html"));
    assert_eq!(browser.console_errors(), Vec::<String>::new());
    let shots = tempfile::tempdir().expect("create a temp dir");
    let shot = shots.path().join("nested").join("sortable.png");
    browser.screenshot(&shot);
    let png = fs::read(&shot).expect("read the screenshot");
    assert!(
        png.starts_with(PNG_SIGNATURE),
        "a PNG, got {:?}",
        &png[..png.len().min(16)]
    );
}
