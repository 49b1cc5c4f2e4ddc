//! `claims-bench`: how fast `claims` is at 10,000, 100,000 and 1,000,000 claims, each figure
//! beside SQLite's own (raw rusqlite in this process, and the `sqlite3` shell running the same
//! SQL), as a table and, with `--report`, as BENCHMARKS.md. With `--postgres URL` the same
//! measures run on PostgreSQL too, against `psql`, and the report shows both engines.
//!
//! Every `claims` figure is the median of several runs of the whole process, from spawn to
//! exit: what a user waits for. Ratios are what to read; on a shared machine absolute times
//! are noise.

mod generate;
mod measure;
mod peers;
mod postgres;
mod report;

use std::ffi::OsStr;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context as _, Result, bail};
use clap::Parser;

use claims::db::postgres::filter::FilterIds;
use claims::db::sqlite::claims::{count_by_status_sql, select_sql};
use claims::db::sqlite::search::search_sql;
use claims::filter::{ClaimFilter, SortOrder};
use claims::model::Status;
use generate::{Generator, speaker_name};
use report::{Engine, Figure, Report, Target};

/// Benchmark `claims` against SQLite itself on generated claims.
#[derive(Debug, Parser)]
#[command(name = "claims-bench")]
struct Args {
    /// The largest database, in claims; the smaller sizes (10,000 and 100,000) run first.
    #[arg(long, default_value_t = 1_000_000)]
    claims: u64,

    /// Runs of each heavy measure (import, export); the median is reported.
    #[arg(long, default_value_t = 3)]
    runs: usize,

    /// Runs of each light measure (list, add, show, stats).
    #[arg(long, default_value_t = 7)]
    quick_runs: usize,

    /// Where the generated files and databases go [default: target/bench].
    #[arg(long)]
    workdir: Option<PathBuf>,

    /// The seed of the generated data.
    #[arg(long, default_value_t = 2025)]
    seed: u64,

    /// Also write the results as Markdown to this file (the repo's is BENCHMARKS.md).
    #[arg(long)]
    report: Option<PathBuf>,

    /// Measure only what looking for likely repeats costs an import (the import with it
    /// against the import that finds exact repeats only), at each size.
    #[arg(long)]
    repeats_only: bool,

    /// Also run the measures on PostgreSQL, on this server (postgres://user@host:port/db): a
    /// new database `bench_<pid>_...` per size, dropped at the end, against `psql`.
    #[arg(long, value_name = "URL")]
    postgres: Option<String>,

    /// With --postgres: measure PostgreSQL alone, leaving out SQLite's measures (an hour at a
    /// million claims, and the same as the last run's when `claims`' SQLite side did not
    /// change).
    #[arg(long, requires = "postgres")]
    postgres_only: bool,
}

fn main() {
    if let Err(err) = run(Args::parse()) {
        eprintln!("error: {err:#}");
        std::process::exit(1);
    }
}

fn run(args: Args) -> Result<()> {
    let claims_bin = claims_binary()?;
    let workdir = args
        .workdir
        .clone()
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench"));
    std::fs::create_dir_all(&workdir)?;
    let sqlite3 = peers::sqlite3();
    if sqlite3.is_none() {
        eprintln!(
            "note: the sqlite3 shell is not installed (Debian: apt install sqlite3); its rows \
             are skipped"
        );
    }
    let mut sizes: Vec<u64> = [10_000, 100_000, 1_000_000]
        .into_iter()
        .filter(|size| *size < args.claims)
        .collect();
    sizes.push(args.claims);
    let server = args
        .postgres
        .as_deref()
        .map(postgres::Server::new)
        .transpose()?;
    let bench = Bench {
        claims_bin,
        sqlite3,
        workdir,
        args: &args,
    };
    let mut engines = vec![Engine::Sqlite];
    if server.is_some() {
        engines.push(Engine::Postgres);
    }
    if args.postgres_only {
        engines.remove(0);
    }
    let mut report = Report::new(sizes.clone(), engines);
    let described = server
        .as_ref()
        .map(postgres::Server::describe)
        .transpose()?;
    // The Markdown is written again after each size and engine, so that a run stopped at a
    // million claims (or on a slow server) keeps what it measured.
    let write = |report: &Report| -> Result<()> {
        if let Some(path) = &args.report {
            let mut file = BufWriter::new(File::create(path)?);
            report.markdown(&mut file, &args_line(&args), described.as_deref())?;
            file.flush()?;
            eprintln!("wrote {}", path.display());
        }
        Ok(())
    };
    let measured = (|| {
        for size in sizes {
            if args.postgres_only {
                let csv = bench.workdir.join(format!("claims-{size}.csv"));
                generate_csv(&csv, size, args.seed)?;
            } else {
                eprintln!("{} claims…", report::count(size));
                bench.size(size, &mut report)?;
                write(&report)?;
            }
            if let Some(server) = &server {
                eprintln!("{} claims on PostgreSQL…", report::count(size));
                bench.postgres_size(server, size, &mut report)?;
                write(&report)?;
            }
        }
        anyhow::Ok(())
    })();
    // The databases go whether the measures ended well or not.
    if let Some(server) = &server {
        server
            .drop_all()
            .context("drop the benchmark's databases")?;
    }
    measured?;
    let mut stdout = std::io::stdout().lock();
    report.print(&mut stdout)?;
    Ok(())
}

/// The command line that produced the report, for its header.
fn args_line(args: &Args) -> String {
    let postgres = match &args.postgres {
        Some(url) => format!(
            " --postgres {}",
            claims::db::postgres::connect::redacted(url)
        ),
        None => String::new(),
    };
    format!(
        "--claims {} --runs {} --quick-runs {} --seed {}{postgres}",
        args.claims, args.runs, args.quick_runs, args.seed
    )
}

/// The `claims` binary built next to this one.
fn claims_binary() -> Result<PathBuf> {
    let here = std::env::current_exe()?;
    let path = here
        .parent()
        .context("the benchmark's directory")?
        .join(format!("claims{}", std::env::consts::EXE_SUFFIX));
    if !path.exists() {
        bail!(
            "{} is missing: build it first with `cargo build --release --bins` (scripts/bench.sh \
             does)",
            path.display()
        );
    }
    Ok(path)
}

struct Bench<'a> {
    claims_bin: PathBuf,
    sqlite3: Option<PathBuf>,
    workdir: PathBuf,
    args: &'a Args,
}

/// A list filter as `claims list` flags, and as the library's filter for the same SQL.
struct ListCase {
    name: &'static str,
    flags: Vec<String>,
    filter: ClaimFilter,
    /// Under 50 ms is a target for every filter but the words of the text: the footer counts
    /// every claim with a common word, a tenth of the database.
    under_50ms: bool,
}

impl Bench<'_> {
    /// `claims add` of a new claim each run into `db`, `runs` times: the median.
    fn adds(&self, db: impl AsRef<OsStr>, runs: usize) -> Result<measure::Sample> {
        let mut n = 0;
        measure::median(runs, || {
            n += 1;
            measure::run(
                self.claims(&db).args([
                    "add",
                    &format!("A claim added by the benchmark, number {n}."),
                    "--speaker",
                    &speaker_name(3),
                    "--date",
                    "2024-05-01",
                ]),
                None,
            )
        })
    }

    fn claims(&self, db: impl AsRef<OsStr>) -> Command {
        let mut command = Command::new(&self.claims_bin);
        command
            .env_clear()
            .env("CLAIMS_DB", db)
            .env("CLAIMS_REVIEWER", "bench")
            .env("NO_COLOR", "1");
        command
    }

    fn sqlite3(&self, db: &Path) -> Option<Command> {
        let mut command = Command::new(self.sqlite3.as_ref()?);
        command.arg(db);
        Some(command)
    }

    /// A new database at `path` with `claims`' schema.
    fn fresh_db(&self, path: &Path) -> Result<()> {
        for suffix in ["", "-wal", "-shm"] {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(name));
        }
        measure::run(self.claims(path).arg("init"), None)?;
        Ok(())
    }

    /// The import of `csv` with its search for likely repeats, against the same import
    /// finding exact repeats only (`claims`' benchmark knob turns the search off).
    fn repeats(&self, size: u64, csv: &Path, report: &mut Report) -> Result<()> {
        let db = self.workdir.join("repeats.db");
        let mut samples = (Vec::new(), Vec::new());
        // The two alternate, so that both meet the same state of a shared machine.
        for _ in 0..self.args.runs.max(1) {
            self.fresh_db(&db)?;
            samples
                .0
                .push(measure::run(self.claims(&db).arg("import").arg(csv), None)?);
            self.fresh_db(&db)?;
            let mut exact = self.claims(&db);
            exact.arg("import").arg(csv).arg("--exact-repeats-only");
            samples.1.push(measure::run(&mut exact, None)?);
        }
        let (with, without) = (measure::median_of(samples.0), measure::median_of(samples.1));
        report.add(
            size,
            Figure::new("import with likely repeats", with).against(
                "import, exact repeats only",
                without,
                Target::AtMost(2.0),
            ),
        );
        report.add(
            size,
            Figure::new("import with likely repeats, peak memory", with).memory(64),
        );
        report.add(
            size,
            Figure::new("import, exact repeats only, peak memory", without).memory(64),
        );
        Ok(())
    }

    /// Every measure at one size.
    fn size(&self, size: u64, report: &mut Report) -> Result<()> {
        let csv = self.workdir.join(format!("claims-{size}.csv"));
        generate_csv(&csv, size, self.args.seed)?;
        if self.args.repeats_only {
            return self.repeats(size, &csv, report);
        }
        let runs = self.args.runs;
        let quick = self.args.quick_runs;
        let db = self.workdir.join(format!("claims-{size}.db"));

        // 1. Import, against the raw limit and the sqlite3 shell.
        let import = measure::median(runs, || {
            self.fresh_db(&db)?;
            measure::run(self.claims(&db).arg("import").arg(&csv), None)
        })?;
        let raw_db = self.workdir.join("raw.db");
        let raw = measure::median(runs, || {
            self.fresh_db(&raw_db)?;
            measure::in_process(|| peers::raw_import(&raw_db, &csv))
        })?;
        report.add(
            size,
            Figure::new("import", import).against("raw rusqlite", raw, Target::AtMost(2.0)),
        );
        if self.sqlite3.is_some() {
            let script = self.workdir.join("import.sql");
            std::fs::write(&script, peers::sqlite3_import_script(&csv))?;
            let shell_db = self.workdir.join("shell.db");
            let shell = measure::median(runs, || {
                self.fresh_db(&shell_db)?;
                let mut command = self.sqlite3(&shell_db).expect("checked above");
                command.stdin(File::open(&script)?);
                measure::run(&mut command, None)
            })?;
            report.add(
                size,
                Figure::new("import", import).against("sqlite3 .import", shell, Target::Below(1.0)),
            );
        }
        report.add(size, Figure::new("import peak memory", import).memory(64));
        self.repeats(size, &csv, report)?;

        // The database the reading commands work on gets its sources, untimed.
        let mut generator = Generator::new(self.args.seed);
        let sources =
            peers::attach_evidence(&db, (0..size).map(|_| generator.next_claim().evidence))?;
        eprintln!("  {} sources attached", report::count(sources));

        // 2. The review table, by each filter alone and all together.
        for case in list_cases() {
            let mut command = self.claims(&db);
            command.args(["list", "--limit", "50"]).args(&case.flags);
            let ours = measure::median(quick, || measure::run(&mut command, None))?;
            let mut figure = Figure::new(&format!("list {}", case.name), ours);
            if case.under_50ms {
                figure = figure.under_ms(50);
            }
            if let Some(mut shell) = self.sqlite3(&db) {
                let (page, page_params) = select_sql(&case.filter, SortOrder::Date, Some(50));
                let (totals, total_params) = count_by_status_sql(&case.filter);
                shell.arg(format!(
                    "{}; {};",
                    peers::inline(&page, &page_params),
                    peers::inline(&totals, &total_params)
                ));
                let theirs = measure::median(quick, || measure::run(&mut shell, None))?;
                figure = figure.against("sqlite3, same SQL", theirs, Target::AtMost(2.0));
            }
            report.add(size, figure);
        }

        // Full-text search, ranked.
        let query = "border security";
        let mut command = self.claims(&db);
        command.args(["search", query, "--limit", "20"]);
        let ours = measure::median(quick, || measure::run(&mut command, None))?;
        let mut figure = Figure::new("search (two words)", ours).under_ms(50);
        if let Some(mut shell) = self.sqlite3(&db) {
            let fts = claims::search::fts_query(query, None)?;
            let (sql, params) = search_sql(&fts, &ClaimFilter::default(), 20);
            shell.arg(format!("{};", peers::inline(&sql, &params)));
            let theirs = measure::median(quick, || measure::run(&mut shell, None))?;
            figure = figure.against("sqlite3, same SQL", theirs, Target::AtMost(2.0));
        }
        report.add(size, figure);

        // 3. Export of every claim as CSV.
        let out = self.workdir.join("export.csv");
        let export = measure::median(runs, || {
            measure::run(
                self.claims(&db)
                    .args(["export", "--format", "csv", "--output"])
                    .arg(&out),
                None,
            )
        })?;
        let mut figure = Figure::new("export csv", export);
        if let Some(mut shell) = self.sqlite3(&db) {
            let (sql, params) = select_sql(&ClaimFilter::default(), SortOrder::Logged, None);
            shell
                .args(["-csv", "-header"])
                .arg(peers::inline(&sql, &params));
            let theirs = measure::median(runs, || measure::run(&mut shell, Some(&out)))?;
            figure = figure.against("sqlite3 -csv", theirs, Target::AtMost(1.5));
        }
        report.add(size, figure);
        report.add(size, Figure::new("export peak memory", export).memory(64));

        // Every claim's whole record as JSON: the one-pass reader of the records.
        let out = self.workdir.join("export.json");
        let export_json = measure::median(runs, || {
            measure::run(
                self.claims(&db)
                    .args(["export", "--format", "json", "--output"])
                    .arg(&out),
                None,
            )
        })?;
        report.add(size, Figure::new("export json (full records)", export_json));
        report.add(
            size,
            Figure::new("export json peak memory", export_json).memory(64),
        );

        // 4. One claim in, one claim out.
        let add = self.adds(&db, quick)?;
        let mut figure = Figure::new("add (with its search for repeats)", add);
        if let Some(mut shell) = self.sqlite3(&db) {
            let mut m = 0;
            let conn = rusqlite::Connection::open(&db)?;
            claims::db::sqlite::functions::register(&conn)?;
            let theirs = measure::median(quick, || {
                m += 1;
                // What `add` asks first: claims already logged that say the same thing.
                let text = format!("A claim added by the shell, number {m}.");
                let lookups = claims::matching::content_words(&text, "")
                    .iter()
                    .map(|word| {
                        format!(
                            "SELECT doc FROM claims_fts_words WHERE term = '{}';",
                            word.replace('\'', "''")
                        )
                    })
                    .collect::<String>();
                let candidates =
                    claims::db::sqlite::matching::candidate_sql(&conn, &text, &speaker_name(3))?
                        .map(|sql| format!("{sql};"))
                        .unwrap_or_default();
                shell
                    .arg(format!("{lookups}{candidates}{}", add_sql(m)))
                    .stdin(std::process::Stdio::null());
                let sample = measure::run(&mut shell, None);
                shell = self.sqlite3(&db).expect("checked above");
                sample
            })?;
            figure = figure.against("sqlite3, same inserts", theirs, Target::AtMost(2.0));
        }
        report.add(size, figure);

        let id = (size / 2).to_string();
        let show = measure::median(quick, || {
            measure::run(self.claims(&db).args(["show", &id]), None)
        })?;
        let mut figure = Figure::new("show", show);
        if let Some(mut shell) = self.sqlite3(&db) {
            shell.arg(show_sql(&id));
            let theirs = measure::median(quick, || measure::run(&mut shell, None))?;
            figure = figure.against("sqlite3, same queries", theirs, Target::AtMost(2.0));
        }
        report.add(size, figure);

        // Claims found in a transcript of a megabyte, with no database to compare them with:
        // the extraction itself (each comparison with a database is a search, see add).
        let transcript = self.workdir.join("transcript.txt");
        std::fs::write(&transcript, transcript_text(1 << 20))?;
        let nowhere = self.workdir.join("no-database.db");
        let extract = measure::median(quick, || {
            measure::run(
                self.claims(&nowhere)
                    .arg("extract")
                    .arg(&transcript)
                    .args(["--format", "json"]),
                None,
            )
        })?;
        report.add(
            size,
            Figure::new("extract (1 MB transcript)", extract).under_ms(1000),
        );

        // The static site of every claim. Creating a million files costs what the disk and
        // the kernel make it cost at that moment, so our runs and the peer's alternate (each
        // after the last one's files are removed and synced away), and the medians compare
        // like with like; one pair at a million, where a pair takes over a minute.
        let site = self.workdir.join("report");
        let raw_site = self.workdir.join("raw-report");
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        let mut spent = std::time::Duration::ZERO;
        while ours.is_empty() || (ours.len() < runs && spent < measure::BUDGET) {
            measure::clear_folder(&site);
            let mine = measure::run(self.claims(&db).args(["report", "--out"]).arg(&site), None)?;
            measure::clear_folder(&raw_site);
            let raw = measure::in_process(|| peers::raw_report(&db, &raw_site))?;
            spent += mine.time + raw.time;
            ours.push(mine);
            theirs.push(raw);
        }
        measure::clear_folder(&site);
        measure::clear_folder(&raw_site);
        let (ours, theirs) = (measure::median_of(ours), measure::median_of(theirs));
        report.add(
            size,
            Figure::new("report (a page per claim)", ours)
                .against("raw rusqlite, bare pages", theirs, Target::AtMost(3.0))
                .under_ms(60_000),
        );
        report.add(size, Figure::new("report peak memory", ours).memory(256));

        // 5. The counts by status and by speaker.
        let stats = measure::median(quick, || measure::run(self.claims(&db).arg("stats"), None))?;
        report.add(size, Figure::new("stats", stats));
        Ok(())
    }
}

impl Bench<'_> {
    /// The measures on PostgreSQL at one size, on the CSV that `size` generated: `claims --db
    /// postgres://...` against `psql` running the same SQL. Export, report and extract are left
    /// to SQLite's run (extract reads no database; the others write files, which measures the
    /// disk more than the engine).
    fn postgres_size(
        &self,
        server: &postgres::Server,
        size: u64,
        report: &mut Report,
    ) -> Result<()> {
        let on = Engine::Postgres;
        let csv = self.workdir.join(format!("claims-{size}.csv"));
        let runs = self.args.runs;
        let quick = self.args.quick_runs;
        let fresh = |what: &str| -> Result<String> {
            let url = server.fresh(what)?;
            measure::run(self.claims(&url).arg("init"), None)?;
            Ok(url)
        };

        // 1. Import, against psql's \copy and the SQL that spreads the rows over the tables.
        let db_name = format!("{size}");
        let mut db = String::new();
        let import = measure::median(runs, || {
            db = fresh(&db_name)?;
            measure::run(self.claims(&db).arg("import").arg(&csv), None)
        })?;
        let script = self.workdir.join("import-psql.sql");
        std::fs::write(&script, postgres::psql_import_script(&csv))?;
        let shell = measure::median(runs, || {
            let url = fresh("peer")?;
            let mut command = server.psql(&url);
            command.arg("-f").arg(&script);
            measure::run(&mut command, None)
        })?;
        report.add_on(
            on,
            size,
            Figure::new("import", import).against("psql \\copy + SQL", shell, Target::AtMost(1.5)),
        );
        report.add_on(
            on,
            size,
            Figure::new("import peak memory", import).memory(64),
        );

        let mut generator = Generator::new(self.args.seed);
        let sources =
            postgres::attach_evidence(&db, (0..size).map(|_| generator.next_claim().evidence))?;
        eprintln!("  {} sources attached", report::count(sources));
        let mut client = ::postgres::Client::connect(&db, ::postgres::NoTls)?;

        // 2. The review table, by each filter alone and all together.
        for case in list_cases() {
            let mut command = self.claims(&db);
            command.args(["list", "--limit", "50"]).args(&case.flags);
            let ours = measure::median(quick, || measure::run(&mut command, None))?;
            let mut figure = Figure::new(&format!("list {}", case.name), ours);
            if case.under_50ms {
                figure = figure.under_ms(50);
            }
            // The tags' ids are looked up untimed and written in, as `claims` binds them.
            let tags = FilterIds::of(&mut client, &case.filter)?;
            let page = claims::db::postgres::claims::select_sql(
                &case.filter,
                &tags,
                SortOrder::Date,
                Some(50),
            );
            let page = postgres::inline(&mut client, &page.sql, &page.params)?;
            let totals = postgres::count_by_status_sql(&mut client, &case.filter)?;
            let mut shell = server.psql(&db);
            shell.arg("-c").arg(format!("{page} OFFSET 0; {totals};"));
            let theirs = measure::median(quick, || measure::run(&mut shell, None))?;
            figure = figure.against("psql, same SQL", theirs, Target::AtMost(2.0));
            report.add_on(on, size, figure);
        }

        // Full-text search, ranked.
        let query = "border security";
        let mut command = self.claims(&db);
        command.args(["search", query, "--limit", "20"]);
        let ours = measure::median(quick, || measure::run(&mut command, None))?;
        let fts = claims::search::fts_query(query, None)?;
        let mut shell = server.psql(&db);
        let search = claims::db::postgres::search::search_sql(
            &fts,
            &ClaimFilter::default(),
            &FilterIds::default(),
            20,
        );
        let search = postgres::inline(&mut client, &search.sql, &search.params)?;
        shell.arg("-c").arg(format!("{search};"));
        let theirs = measure::median(quick, || measure::run(&mut shell, None))?;
        report.add_on(
            on,
            size,
            Figure::new("search (two words)", ours)
                .under_ms(50)
                .against("psql, same SQL", theirs, Target::AtMost(2.0)),
        );

        // 3. One claim in, one claim out.
        let add = self.adds(&db, quick)?;
        let mut m = 0;
        let theirs = measure::median(quick, || {
            m += 1;
            let text = format!("A claim added by psql, number {m}.");
            let lookups = postgres::candidate_sql(&mut client, &text, &speaker_name(3))?;
            let mut shell = server.psql(&db);
            shell
                .arg("-c")
                .arg(format!(
                    "{lookups}{}",
                    postgres::add_sql(&text, &speaker_name(3))
                ))
                .stdin(std::process::Stdio::null());
            measure::run(&mut shell, None)
        })?;
        report.add_on(
            on,
            size,
            Figure::new("add (with its search for repeats)", add).against(
                "psql, same inserts",
                theirs,
                Target::AtMost(2.0),
            ),
        );

        let id = (size / 2).to_string();
        let show = measure::median(quick, || {
            measure::run(self.claims(&db).args(["show", &id]), None)
        })?;
        let mut shell = server.psql(&db);
        shell.arg("-c").arg(postgres::show_sql(&id));
        let theirs = measure::median(quick, || measure::run(&mut shell, None))?;
        report.add_on(
            on,
            size,
            Figure::new("show", show).against("psql, same queries", theirs, Target::AtMost(2.0)),
        );

        // 4. The counts by status and by speaker.
        let stats = measure::median(quick, || measure::run(self.claims(&db).arg("stats"), None))?;
        report.add_on(on, size, Figure::new("stats", stats));
        Ok(())
    }
}

/// The filters of the list measures: common values of the generated data (the busiest speaker,
/// the most used tag), so that each one has plenty of matches.
fn list_cases() -> Vec<ListCase> {
    let top = speaker_name(0);
    let strings = |flags: &[&str]| {
        flags
            .iter()
            .map(|flag| flag.to_string())
            .collect::<Vec<_>>()
    };
    let status = || vec![Status::new("false".to_string())];
    vec![
        ListCase {
            name: "(no filter)",
            flags: vec![],
            filter: ClaimFilter::default(),
            under_50ms: true,
        },
        ListCase {
            name: "--status false",
            flags: strings(&["--status", "false"]),
            filter: ClaimFilter {
                statuses: status(),
                ..ClaimFilter::default()
            },
            under_50ms: true,
        },
        ListCase {
            name: "--speaker",
            flags: strings(&["--speaker", &top]),
            filter: ClaimFilter {
                speaker: Some(top.clone()),
                ..ClaimFilter::default()
            },
            under_50ms: true,
        },
        ListCase {
            name: "--tag",
            flags: strings(&["--tag", "topic-1"]),
            filter: ClaimFilter {
                tags: vec!["topic-1".to_string()],
                ..ClaimFilter::default()
            },
            under_50ms: true,
        },
        ListCase {
            name: "--since/--until (a month)",
            flags: strings(&["--since", "2020-03-01", "--until", "2020-03-31"]),
            filter: ClaimFilter {
                since: chrono::NaiveDate::from_ymd_opt(2020, 3, 1),
                until: chrono::NaiveDate::from_ymd_opt(2020, 3, 31),
                ..ClaimFilter::default()
            },
            under_50ms: true,
        },
        ListCase {
            name: "--text (words)",
            flags: strings(&["--text", "cartels"]),
            filter: ClaimFilter {
                text: Some("cartels".to_string()),
                ..ClaimFilter::default()
            },
            under_50ms: false,
        },
        ListCase {
            name: "all filters together",
            flags: strings(&[
                "--status",
                "false",
                "--speaker",
                &top,
                "--tag",
                "topic-1",
                "--since",
                "2015-01-01",
                "--text",
                "tax",
            ]),
            filter: ClaimFilter {
                statuses: status(),
                speaker: Some(top.clone()),
                tags: vec!["topic-1".to_string()],
                since: chrono::NaiveDate::from_ymd_opt(2015, 1, 1),
                text: Some("tax".to_string()),
                ..ClaimFilter::default()
            },
            under_50ms: false,
        },
    ]
}

/// What `claims add` writes, as SQL: the speaker if new, the claim, its first history entry
/// (the triggers index it and count it).
fn add_sql(n: u32) -> String {
    let speaker = speaker_name(3).replace('\'', "''");
    let key = claims::model::speaker_key(&speaker);
    format!(
        "BEGIN IMMEDIATE;\
         INSERT OR IGNORE INTO speakers (name, name_key) VALUES ('{speaker}', '{key}');\
         INSERT INTO claims (text, speaker_id, said_on, created_at, updated_at) VALUES \
           ('A claim added by the shell, number {n}.', \
            (SELECT id FROM speakers WHERE name_key = '{key}'), '2024-05-01', \
            '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');\
         INSERT INTO history (claim_id, at, actor, field) VALUES \
           (last_insert_rowid(), '2026-01-01T00:00:00Z', 'bench', 'created');\
         COMMIT;"
    )
}

/// What `claims show` reads, as SQL.
fn show_sql(id: &str) -> String {
    format!(
        "SELECT c.*, s.name, (SELECT group_concat(t.name, ';') FROM claim_tags ct \
           JOIN tags t ON t.id = ct.tag_id WHERE ct.claim_id = c.id) \
           FROM claims c JOIN speakers s ON s.id = c.speaker_id WHERE c.id = {id};\
         SELECT * FROM evidence WHERE claim_id = {id} ORDER BY id;\
         SELECT * FROM notes WHERE claim_id = {id} ORDER BY id;\
         SELECT * FROM history WHERE claim_id = {id} ORDER BY id;\
         SELECT name, label, rating FROM statuses ORDER BY rank;"
    )
}

/// A hearing's transcript of about `bytes` bytes: speakers taking turns, with numbers,
/// comparisons, questions and procedure, every turn a little different.
fn transcript_text(bytes: usize) -> String {
    let turns = [
        "CHAIR ADAMS: The hearing will come to order. We will take testimony on item {n}.",
        "MAYOR LOPEZ: Violent crime fell {n} percent last year, the largest drop in a decade.",
        "BROOKS: The mayor's own figures show that response times have doubled since {y}.",
        "MAYOR LOPEZ: That is not true. Response times rose by {n} minutes, not double.",
        "BROOKS: Will the mayor release the dispatch data for district {n}?",
        "CHAIR ADAMS: We will recess for {n} minutes.",
    ];
    let mut text = String::with_capacity(bytes + 200);
    let mut n = 0;
    while text.len() < bytes {
        let turn = turns[n % turns.len()]
            .replace("{n}", &(n % 97 + 3).to_string())
            .replace("{y}", &(1990 + n % 35).to_string());
        text.push_str(&turn);
        text.push('\n');
        n += 1;
    }
    text
}

/// Writes `size` generated claims as the CSV that `claims import` reads, once per size and seed.
fn generate_csv(path: &Path, size: u64, seed: u64) -> Result<()> {
    let mut generator = Generator::new(seed);
    let mut writer = csv::Writer::from_writer(BufWriter::new(File::create(path)?));
    writer.write_record(["text", "speaker", "said_on", "status", "context", "tags"])?;
    for _ in 0..size {
        let claim = generator.next_claim();
        writer.write_record([
            claim.text.as_str(),
            &claim.speaker,
            &claim.said_on.to_string(),
            claim.status,
            claim.context.unwrap_or(""),
            &claim.tags.join(";"),
        ])?;
    }
    writer.flush()?;
    Ok(())
}
