//! The results: a table per size on the terminal, and BENCHMARKS.md.

use std::io::Write;
use std::time::Duration;

use anyhow::Result;
use comfy_table::{Table, presets};

use crate::measure::Sample;

/// What a figure must meet.
#[derive(Debug, Clone, Copy)]
pub enum Target {
    /// `claims`' time at most this many times the peer's.
    AtMost(f64),
    /// `claims`' time below this many times the peer's (1.0: faster than it).
    Below(f64),
}

/// One measure at one size.
#[derive(Debug, Clone)]
pub struct Figure {
    name: String,
    ours: Sample,
    peer: Option<(String, Sample, Target)>,
    under_ms: Option<u64>,
    /// A memory figure: peak memory must stay under this many MiB.
    memory_mib: Option<u64>,
}

impl Figure {
    /// `claims`' figure for a measure.
    pub fn new(name: &str, ours: Sample) -> Self {
        Figure {
            name: name.to_string(),
            ours,
            peer: None,
            under_ms: None,
            memory_mib: None,
        }
    }

    /// Beside a peer's figure, with the ratio it must meet.
    pub fn against(mut self, peer: &str, theirs: Sample, target: Target) -> Self {
        self.peer = Some((peer.to_string(), theirs, target));
        self
    }

    /// With an absolute limit.
    pub fn under_ms(mut self, ms: u64) -> Self {
        self.under_ms = Some(ms);
        self
    }

    /// As peak memory, which must stay under `mib`.
    pub fn memory(mut self, mib: u64) -> Self {
        self.memory_mib = Some(mib);
        self
    }

    fn ratio(&self) -> Option<f64> {
        let (_, theirs, _) = self.peer.as_ref()?;
        Some(self.ours.time.as_secs_f64() / theirs.time.as_secs_f64().max(1e-9))
    }

    /// The target in words, and whether it is met.
    fn verdict(&self) -> (String, bool) {
        if let Some(limit) = self.memory_mib {
            let mib = self.ours.max_rss_kib as f64 / 1024.0;
            return (format!("< {limit} MiB"), mib < limit as f64);
        }
        let mut words = Vec::new();
        let mut met = true;
        if let (Some(ratio), Some((_, _, target))) = (self.ratio(), &self.peer) {
            match target {
                Target::AtMost(x) => {
                    words.push(format!("≤ {x}×"));
                    met &= ratio <= *x;
                }
                Target::Below(x) => {
                    words.push(format!("< {x}×"));
                    met &= ratio < *x;
                }
            }
        }
        if let Some(ms) = self.under_ms {
            words.push(format!("< {ms} ms"));
            met &= self.ours.time < Duration::from_millis(ms);
        }
        (words.join(", "), met)
    }

    fn cells(&self) -> Vec<String> {
        let (target, met) = self.verdict();
        let ours = match self.memory_mib {
            Some(_) => format!("{:.1} MiB", self.ours.max_rss_kib as f64 / 1024.0),
            None => millis(self.ours.time),
        };
        let (peer, theirs) = match &self.peer {
            Some((name, theirs, _)) => (name.clone(), millis(theirs.time)),
            None => (String::new(), String::new()),
        };
        let ratio = self.ratio().map(|r| format!("{r:.2}×")).unwrap_or_default();
        let met = match (target.is_empty(), met) {
            (true, _) => String::new(),
            (false, true) => "yes".to_string(),
            (false, false) => "NO".to_string(),
        };
        vec![self.name.clone(), ours, peer, theirs, ratio, target, met]
    }
}

fn millis(time: Duration) -> String {
    let ms = time.as_secs_f64() * 1000.0;
    if ms < 100.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{} ms", count(ms.round() as u64))
    }
}

/// A number with thousands separators.
pub fn count(n: u64) -> String {
    claims::output::table::count(n)
}

/// The storage engine a figure was measured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// A database file, against raw rusqlite and the `sqlite3` shell.
    Sqlite,
    /// `claims --db postgres://...`, against `psql`.
    Postgres,
}

impl Engine {
    /// The engine's name, as the report's headings say it.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "SQLite",
            Engine::Postgres => "PostgreSQL",
        }
    }
}

/// All the figures, by size and engine.
pub struct Report {
    sizes: Vec<u64>,
    engines: Vec<Engine>,
    figures: Vec<(u64, Engine, Figure)>,
}

const HEADER: [&str; 7] = [
    "Measure", "claims", "Peer", "Peer's", "Ratio", "Target", "Met",
];

const SIDE_BY_SIDE: [&str; 4] = ["Measure", "SQLite", "PostgreSQL", "PostgreSQL / SQLite"];

impl Report {
    /// An empty report for these sizes.
    pub fn new(sizes: Vec<u64>, engines: Vec<Engine>) -> Self {
        Report {
            sizes,
            engines,
            figures: Vec::new(),
        }
    }

    /// Adds a figure measured on SQLite at `size` claims.
    pub fn add(&mut self, size: u64, figure: Figure) {
        self.add_on(Engine::Sqlite, size, figure);
    }

    /// Adds a figure measured on `engine` at `size` claims.
    pub fn add_on(&mut self, engine: Engine, size: u64, figure: Figure) {
        eprintln!("  {}: {}", engine.name(), figure.cells().join(" | "));
        self.figures.push((size, engine, figure));
    }

    fn at(&self, engine: Engine, size: u64) -> impl Iterator<Item = &Figure> {
        self.figures
            .iter()
            .filter(move |(at, on, _)| *at == size && *on == engine)
            .map(|(_, _, figure)| figure)
    }

    /// The time of `claims` on each engine for the measures both ran, at one size: the
    /// side-by-side view, PostgreSQL's time over SQLite's.
    fn side_by_side(&self, size: u64) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        for sqlite in self.at(Engine::Sqlite, size) {
            if seen.contains(&sqlite.name.as_str()) || sqlite.memory_mib.is_some() {
                continue;
            }
            let Some(postgres) = self
                .at(Engine::Postgres, size)
                .find(|figure| figure.name == sqlite.name)
            else {
                continue;
            };
            seen.push(&sqlite.name);
            let ratio = postgres.ours.time.as_secs_f64() / sqlite.ours.time.as_secs_f64().max(1e-9);
            rows.push(vec![
                sqlite.name.clone(),
                millis(sqlite.ours.time),
                millis(postgres.ours.time),
                format!("{ratio:.2}×"),
            ]);
        }
        rows
    }

    /// The tables, for a terminal.
    pub fn print(&self, out: &mut dyn Write) -> Result<()> {
        for size in &self.sizes {
            for engine in &self.engines {
                let mut table = Table::new();
                table
                    .load_style(presets::UTF8_FULL_CONDENSED)
                    .set_header(HEADER);
                for figure in self.at(*engine, *size) {
                    table.add_row(figure.cells());
                }
                writeln!(out, "\n{} claims, {}\n{table}", count(*size), engine.name())?;
            }
            let rows = self.side_by_side(*size);
            if !rows.is_empty() {
                let mut table = Table::new();
                table
                    .load_style(presets::UTF8_FULL_CONDENSED)
                    .set_header(SIDE_BY_SIDE);
                for row in rows {
                    table.add_row(row);
                }
                writeln!(
                    out,
                    "\n{} claims, the engines side by side\n{table}",
                    count(*size)
                )?;
            }
        }
        for engine in &self.engines {
            writeln!(
                out,
                "\nHow cost grows, {}\n{}",
                engine.name(),
                self.growth_rows(*engine).0
            )?;
        }
        Ok(())
    }

    /// Each measure's time (or memory) at each size, as a table and as Markdown.
    fn growth_rows(&self, engine: Engine) -> (Table, String) {
        let mut header = vec!["Measure".to_string()];
        header.extend(self.sizes.iter().map(|size| count(*size)));
        let mut table = Table::new();
        table
            .load_style(presets::UTF8_FULL_CONDENSED)
            .set_header(header.clone());
        let mut markdown = markdown_row(&header);
        markdown.push_str(&markdown_row(&vec!["---".to_string(); header.len()]));
        // Every measure that ran at any size: an engine may have stopped before the largest.
        let mut names: Vec<&str> = Vec::new();
        for size in &self.sizes {
            for figure in self.at(engine, *size) {
                if !names.contains(&figure.name.as_str()) {
                    names.push(&figure.name);
                }
            }
        }
        for name in names {
            let mut row = vec![name.to_string()];
            for size in &self.sizes {
                let figure = self.at(engine, *size).find(|figure| figure.name == name);
                row.push(figure.map(|f| f.cells()[1].clone()).unwrap_or_default());
            }
            markdown.push_str(&markdown_row(&row));
            table.add_row(row);
        }
        (table, markdown)
    }

    /// BENCHMARKS.md. `postgres` names the server and `psql` of the PostgreSQL run, if any.
    pub fn markdown(
        &self,
        out: &mut dyn Write,
        command: &str,
        postgres: Option<&str>,
    ) -> Result<()> {
        writeln!(out, "# Benchmarks\n")?;
        writeln!(
            out,
            "Written by `scripts/bench.sh` (`claims-bench {command}`) on {}.\n",
            chrono::Utc::now().format("%Y-%m-%d")
        )?;
        writeln!(out, "- machine: {}", machine())?;
        writeln!(out, "- commit: {}", commit())?;
        writeln!(
            out,
            "- SQLite: {} (bundled in `claims`); sqlite3 shell: {}",
            rusqlite::version(),
            crate::peers::sqlite3_version().unwrap_or_else(|| "not installed".to_string())
        )?;
        writeln!(
            out,
            "- PostgreSQL: {}\n",
            postgres.unwrap_or("not measured (no --postgres)")
        )?;
        writeln!(out, "{}", EXPLANATION.trim())?;
        if self.engines.contains(&Engine::Postgres) {
            writeln!(out, "\n{}", POSTGRES_EXPLANATION.trim())?;
        }
        for size in &self.sizes {
            writeln!(out, "\n## {} claims", count(*size))?;
            for engine in &self.engines {
                if self.at(*engine, *size).next().is_none() {
                    writeln!(
                        out,
                        "\nNot measured on {} (the run stopped before).",
                        engine.name()
                    )?;
                    continue;
                }
                writeln!(out, "\n### {} claims on {}\n", count(*size), engine.name())?;
                out.write_all(markdown_row(&HEADER.map(str::to_string)).as_bytes())?;
                out.write_all(markdown_row(&vec!["---".to_string(); HEADER.len()]).as_bytes())?;
                for figure in self.at(*engine, *size) {
                    out.write_all(markdown_row(&figure.cells()).as_bytes())?;
                }
            }
            let rows = self.side_by_side(*size);
            if !rows.is_empty() {
                writeln!(
                    out,
                    "\n### {} claims: `claims` on each engine\n",
                    count(*size)
                )?;
                out.write_all(markdown_row(&SIDE_BY_SIDE.map(str::to_string)).as_bytes())?;
                out.write_all(
                    markdown_row(&vec!["---".to_string(); SIDE_BY_SIDE.len()]).as_bytes(),
                )?;
                for row in rows {
                    out.write_all(markdown_row(&row).as_bytes())?;
                }
            }
        }
        for engine in &self.engines {
            writeln!(out, "\n## How cost grows on {}\n", engine.name())?;
            writeln!(
                out,
                "The median time (or peak memory) of each measure at each size. `list`, `add` \
                 and `show` should stay flat; `import` and `export` grow linearly.\n"
            )?;
            out.write_all(self.growth_rows(*engine).1.as_bytes())?;
        }
        writeln!(out, "\n{}", CHANGES.trim())?;
        Ok(())
    }
}

fn markdown_row(cells: &[String]) -> String {
    format!("| {} |\n", cells.join(" | ").replace('\n', " "))
}

/// The machine's cores and memory.
fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            let line = info.lines().find(|line| line.starts_with("MemTotal:"))?;
            let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!("{:.1} GiB", kib as f64 / 1024.0 / 1024.0))
        })
        .unwrap_or_else(|| "unknown memory".to_string());
    format!("{cores} cores, {memory}, {}", std::env::consts::OS)
}

/// The commit the benchmark ran on.
fn commit() -> String {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .ok()
            .filter(|output| output.status.success())
            .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_string())
    };
    match git(&["rev-parse", "--short", "HEAD"]) {
        Some(hash) => {
            // The report itself, written as the run goes, is not a change to what is measured.
            let dirty = git(&[
                "status",
                "--porcelain",
                "--untracked-files=no",
                "--",
                ".",
                ":!BENCHMARKS.md",
            ])
            .is_some_and(|status| !status.is_empty());
            if dirty {
                format!("{hash} (with uncommitted changes)")
            } else {
                hash
            }
        }
        None => "unknown".to_string(),
    }
}

const EXPLANATION: &str = "
Each `claims` figure is the median of several runs of the whole process, from start to exit
(a measure stops after the run that takes its total past a minute, so the slowest peers run once),
against a peer doing the same work in the same run: **raw rusqlite** (prepared inserts into the
same schema and indexes, in one transaction, in the benchmark's own process: the limit) and the
**`sqlite3` shell** running the same SQL. Read the ratios; absolute times on a shared 2-core
machine are noise. The data is generated from a seed: text lengths follow LIAR's statements,
50,000 speakers of whom a few say most, fifteen years of dates, two thirds of the claims
unchecked, 0–3 tags and 0–4 sources each.

- **import**: `claims import` of the generated CSV into a new database, all checks on, every
  claim with its history. Against raw rusqlite it must reach half its rows per second (a time
  ratio of at most 2×), and beat `sqlite3`'s `.import` (which then spreads the rows over the same
  tables with SQL).
- **import / export peak memory**: the most memory the process held; it must not grow with the
  file.
- **list**: `claims list --limit 50` with each filter, the table and its footer of totals, against
  `sqlite3` running the same two queries.
- **export csv**: every claim to a file, against `sqlite3 -csv` of the same columns.
- **export json**: every claim's whole record (evidence, notes, history, repeats) to a file, read
  in one pass over each table.
- **add**, **show**: one claim in, one claim out, against `sqlite3` doing the same inserts and
  queries (for `add`, also its search for claims already logged that say the same thing); what
  they cost must not grow with the database.
- **search**: `claims search` of two ordinary words, ranked, with snippets.
- **stats**: the counts by status and by speaker.
- **report**: `claims report` of every claim into a new folder (a page per claim in folders of
  a thousand, the paged review table, a page per speaker: at 10,000 claims a third more files
  than claims), against raw rusqlite reading the same claims, sources and history and writing a
  bare page of escaped HTML per claim into one folder. A million claims are a million files: the
  time is mostly the kernel creating them and swings with the state of the disk, so the runs
  alternate with the peer's, each after the last one's files are removed and synced away. Even
  so, `perf` puts 87% of a 100,000-claim report in the kernel, most of it in ext4's check for
  recently deleted inodes when it creates a file (`recently_deleted`), which the benchmark's own
  clean-ups feed: at the small sizes these ratios measure the file system more than `claims`.
";

const POSTGRES_EXPLANATION: &str = "
**On PostgreSQL** (`--postgres URL`) the same generated files go into a new database per size
(`bench_*`, created on that server and dropped at the end) through `claims --db
postgres://.../bench_*`, against PostgreSQL's own client: **`psql`** running the same SQL. For
**import** the peer is `psql`'s `\\copy` of the CSV into a staging table, then plain SQL that
spreads the rows over speakers, claims, tags and claim_tags of the same schema, as the `sqlite3
.import` peer does; the target is at most 1.5× its time. The peer sets aside the same triggers as
`claims`' bulk load and makes the search entries and counts once at the end, with the library's
own SQL (`set_aside_sql`, `made_whole_sql`), as a DBA loading a million rows by hand would: with
every trigger on, its load was quadratic (38 s for 10,000 rows, more than an hour and a half for
100,000 without finishing). For **list**, **search** and **show** `psql` runs the statements
`claims` runs (its filters' SQL, with the values written in, the speaker's and tags' ids among
them, looked up untimed); for **add**, the look-ups of its search for repeats and the same
inserts in one transaction. Each `psql` figure includes starting `psql` and connecting, as each
`claims` figure includes starting `claims` and connecting. Under 50 ms at a million claims is
the target on both engines. Export, report and extract are measured on SQLite only.
";

const CHANGES: &str = "
## What was changed for speed, and what it gained

Each of these came from a figure of this benchmark (the commit messages have the details):

- **import, 1,000,000 claims: 51.7 s → about 24 s**, now with the search index and all the
  kept counts (3.0 s → 2.3 s at 100,000).
  - A 24 MiB page cache for the import's connection (32 MiB at first, as fast): with
    SQLite's 2 MiB every index page was read back from disk again and again.
  - Bulk loads (10,000 rows or more into a database with fewer claims) drop the indexes of
    `claims` and `claim_tags` inside their transaction and build them again at the end, then
    rebuild the search index and each speaker's counts in one pass: sorting keys once beats a
    million random inserts that miss the cache (42.7 s → 19.7 s before the search index).
  - The per-row triggers that keep the counts are set aside during an import and the counts
    added once (51 s → 40 s before the bulk change).
  - A fixed 8 MiB Bloom filter spares most rows the duplicate lookup; the fingerprint is computed
    once per claim, without allocating for ASCII words; statuses are looked up in a table made
    once; a row's location is kept as a number and only formatted for a message; the finishing
    sorts run with a 2 MiB cache, which keeps the peak under 64 MiB.
  - A sampled `ANALYZE` after an import gives the planner real statistics: without them it read
    the combined filter through the wrong index, 2.6× the shell's time.
- **list, 1,000,000 claims**: the footer's counts came from reading every matching claim
  (`--tag`: 1.2 s; no filter: 55 ms; the busiest speaker: 216 ms). The schema now keeps them
  ready, kept by plain SQL triggers: `status_counts` (migration 0003), the claim's status on
  `claim_tags` (0003) and `speaker_counts` (0006); `--tag` 20 ms, no filter 4 ms, speaker 4 ms.
  The speaker filter uses `=` instead of `IN`, so the speaker's claims come from the index in
  date order instead of being sorted.
- **search and add**: search ranks in a subquery and builds snippets only for the claims shown
  (68 ms → 17 ms at a million); add's search for claims already logged looks words up in the
  vocabulary with `=` (fts5vocab walks on `IN`) and leaves out words a tenth of all claims have
  (51 ms → under 40 ms, the same as the shell doing the same search).
- **report, 100,000 claims**: reading each claim's sources, notes, history and repeats with four
  look-ups a claim became one pass of five scans merged by claim id; pages are written by a
  background thread while the next ones are read and rendered. More writer threads were slower
  (they queue for the same folders in the kernel); handing pages over in batches of 64 saved
  futex calls but not time, and more than doubled the peak memory, so it was left out.
- **On PostgreSQL**: a bulk import sends its rows with `COPY` (new speakers in the same
  stream, other look-ups one prepared round trip each), sets the search and count triggers aside
  and makes them whole once at the end (10,000 claims: 34.8 s, quadratic, → 1.6 s). The filters
  bind the speaker's and tags' ids, looked up first, instead of naming them through a subquery:
  the planner then knows how common they are (`list --tag` of a tag on 30% of 100,000 claims
  350 ms → 20 ms; the combined filter at a million 1.19 s → 0.16 s). Each tag's counts by
  status are kept ready (`tag_counts`, migration 0009, on both engines): the footer of `--tag`
  no longer counts 300,000 index entries at a million (45 ms on PostgreSQL).
- **Likely repeats in an import**: a MinHash index of twelve bands of two, in linear-probing
  tables with one record per claim, found with one cache miss each (3.3× → 1.6× the import
  finding exact repeats only, at a million rows); then the index on a thread of its own, fed
  the rows as they are stored, so that a second core compares while the first stores (1.6–1.8×
  → 1.1×). That index held a quarter of a KiB a claim (320 MiB at a million rows); the search
  now writes each claim's words and band keys to temporary files, sorts the band entries in
  runs of 1 MiB, and judges the pairs they give two blocks of 2 MiB at a time while the
  database builds its indexes: the same claims found, in a memory that stays under 64 MiB at
  any size.
- **Shared with the shell**: tags are sorted in a subquery, not with `group_concat(... ORDER BY)`,
  which shells before SQLite 3.44 reject.

What is left: `list --text` with a common word and the combined filter count every match for
the footer, reading each match's status from its row (31,000 rows for `--text cartels` at a
million claims: about 100 ms on SQLite and 250 ms on PostgreSQL, against under 50 ms for the
other filters); `stats` with filters reads the matching claims; the search for likely repeats
reads each block of words back once for every later block it has candidates in, which is
little at a million rows (3 GB from the page cache) but grows with the square of the file.
No durability was traded: `synchronous` stays at SQLite's default, so a committed import
survives a crash.
";
