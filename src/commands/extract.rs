//! `claims extract`: the claims worth checking in a text, with who made them.

use std::io::{self, BufRead, IsTerminal, Read, Write};

use anyhow::{Context as _, Result, anyhow, bail};
use comfy_table::{Cell, CellAlignment};
use serde::Serialize;

use crate::context::Context;
use crate::db::Store;
use crate::error::UserError;
use crate::extract::{self, Candidate};
use crate::input;
use crate::model::ClaimId;
use crate::model::NewClaim;
use crate::ops::already_logged;
use crate::output::csv::{CsvCells, CsvWriter};
use crate::output::{Format, json::JsonArrayWriter, table};

/// Find the claims worth checking in an article, a speech or a transcript, with who made them,
/// ranked by how worth checking they are; and log them with --add.
///
/// Quotations are attributed as news writing does ("…,” Rubio said. / said Rubio / Rubio said,
/// “…” / according to … / a statement's intro), to names given earlier ("Rubio" is "Marco
/// Rubio"), to roles ("the secretary") and to pronouns (the last person of that gender); a
/// quotation with no cue goes on with the speaker before. Unnamed sources ("a spokesman said")
/// stay unattributed rather than guessed; transcripts' `SPEAKER:` turns name who speaks. The
/// text's own statements are the publication's (--publisher, else the agency of its dateline).
#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// The text file (UTF-8); `-` reads standard input.
    pub file: String,

    /// When the claims were made (YYYY-MM-DD, today or yesterday); needed by --add.
    #[arg(long)]
    pub date: Option<String>,

    /// Where they appeared: logged as each claim's source with --add.
    #[arg(long)]
    pub url: Option<String>,

    /// Who the text's own statements belong to [default: the agency of its dateline].
    #[arg(long)]
    pub publisher: Option<String>,

    /// Show (and with --add, log) only claims scoring at least this, from 0 to 1.
    #[arg(long, default_value_t = 0.5)]
    pub min_score: f64,

    /// Show what each score is made of.
    #[arg(long)]
    pub explain: bool,

    /// table for people; csv or json for programs.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    #[command(flatten)]
    pub cells: CsvCells,

    /// Log the claims shown: one by one with a question for each (answers read from standard
    /// input), or all at once with --yes. Claims already logged are never logged again.
    #[arg(long)]
    pub add: bool,

    /// With --add: log every claim shown without asking.
    #[arg(long, requires = "add")]
    pub yes: bool,
}

/// A candidate as `--format csv|json` writes it.
#[derive(Debug, Serialize)]
struct CandidateRecord<'a> {
    score: f64,
    speaker: Option<&'a str>,
    role: Option<&'a str>,
    kind: &'static str,
    text: &'a str,
    sentence: &'a str,
    /// A claim already logged that likely says the same.
    logged_as: Option<i64>,
    features: Vec<String>,
}

/// The longest line (a paragraph) `extract` reads: a paragraph of prose is a few kilobytes, a
/// megabyte without a line break is data, not text.
const MAX_PARAGRAPH_BYTES: usize = 256 * 1024;

/// The largest text `extract` reads: a long transcript is a few megabytes.
const MAX_TEXT_BYTES: usize = 64 * 1024 * 1024;

/// Runs `claims extract`.
pub fn run(ctx: &Context, args: ExtractArgs, out: &mut dyn Write) -> Result<()> {
    if !(0.0..=1.0).contains(&args.min_score) {
        bail!(
            "--min-score {} is out of range: give a score from 0 to 1",
            args.min_score
        );
    }
    let said_on = args
        .date
        .as_deref()
        .map(|date| input::past_date(date, "--date", ctx.today()))
        .transpose()?;
    let source_url = args
        .url
        .as_deref()
        .map(|url| input::web_url(url, "--url"))
        .transpose()?;
    if args.add && said_on.is_none() {
        bail!("--add needs --date: when were these claims made? (YYYY-MM-DD, today or yesterday)");
    }
    if args.add && !args.yes && args.file == "-" {
        bail!(
            "--add asks about each claim on standard input, which holds the text: give the text \
             as a file, or pass --yes"
        );
    }
    let text = read_text(&args.file)?;
    if let Some((number, line)) = text
        .lines()
        .enumerate()
        .find(|(_, line)| line.len() > MAX_PARAGRAPH_BYTES)
    {
        bail!(
            "line {} of '{}' is {} KiB long, which is not a paragraph of prose: break the text \
             into lines of paragraphs (at most {} KiB each)",
            number + 1,
            args.file,
            line.len() / 1024,
            MAX_PARAGRAPH_BYTES / 1024
        );
    }
    let mut candidates: Vec<Candidate> = extract::extract(&text, args.publisher.as_deref())
        .into_iter()
        .filter(|candidate| candidate.score >= args.min_score)
        .collect();
    // Ranked; in the order of the text where scores are equal (a stable sort).
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score));

    // Matching against the database needs one; a text can be read without.
    let mut store = ctx.db.exists().then(|| ctx.open_store()).transpose()?;
    if args.add {
        let store = store
            .as_mut()
            .ok_or_else(|| UserError::DatabaseMissing(ctx.db_path.display().to_string()))?;
        let said_on = said_on.expect("checked above");
        return add(
            ctx,
            &mut **store,
            &args,
            &candidates,
            said_on,
            source_url.as_deref(),
            out,
        );
    }
    // `add` asks about each claim as it logs it; the listing says which are logged already.
    let read = store.as_mut().map(|store| store.read()).transpose()?;
    let logged: Vec<Option<ClaimId>> = candidates
        .iter()
        .map(|candidate| match (&read, &candidate.speaker) {
            (Some(read), Some(speaker)) => Ok(already_logged(&**read, &candidate.text, speaker)?
                .0
                .map(|logged| logged.id())),
            _ => Ok(None),
        })
        .collect::<Result<_>>()?;
    match args.format {
        Format::Json => {
            let mut writer = JsonArrayWriter::new(out)?;
            for (candidate, logged) in candidates.iter().zip(&logged) {
                writer.write(&record(candidate, *logged))?;
            }
            writer.finish()?;
        }
        Format::Csv => {
            let mut writer = CsvWriter::new(out, args.cells);
            writer.write_record([
                "score",
                "speaker",
                "role",
                "kind",
                "text",
                "sentence",
                "logged_as",
                "features",
            ])?;
            for (candidate, logged) in candidates.iter().zip(&logged) {
                let record = record(candidate, *logged);
                writer.write_record([
                    format!("{:.2}", record.score).as_str(),
                    record.speaker.unwrap_or(""),
                    record.role.unwrap_or(""),
                    record.kind,
                    record.text,
                    record.sentence,
                    &record
                        .logged_as
                        .map(|id| id.to_string())
                        .unwrap_or_default(),
                    &record.features.join("; "),
                ])?;
            }
            writer.finish()?;
        }
        Format::Table => {
            if candidates.is_empty() {
                writeln!(
                    out,
                    "No claim scores {} or more: lower --min-score to see more.",
                    args.min_score
                )?;
                return Ok(());
            }
            let mut header = vec!["Score", "Speaker", "Claim", "Logged"];
            if args.explain {
                header.push("Why");
            }
            let mut rows = table::new_table(ctx.style, &header);
            for (candidate, logged) in candidates.iter().zip(&logged) {
                let mut row = vec![
                    Cell::new(format!("{:.2}", candidate.score))
                        .set_alignment(CellAlignment::Right),
                    Cell::new(table::plain(
                        candidate.speaker.as_deref().unwrap_or("(unknown)"),
                    )),
                    Cell::new(table::plain(&candidate.text)),
                    Cell::new(logged.map(|id| format!("#{id}")).unwrap_or_default()),
                ];
                if args.explain {
                    row.push(Cell::new(explanation(candidate).join("\n")));
                }
                rows.add_row(row);
            }
            writeln!(out, "{rows}")?;
            writeln!(
                out,
                "{} worth checking, most first; `--add --date DATE` logs them.",
                match candidates.len() {
                    1 => "1 claim".to_string(),
                    n => format!("{n} claims"),
                }
            )?;
        }
    }
    Ok(())
}

fn record(candidate: &Candidate, logged: Option<ClaimId>) -> CandidateRecord<'_> {
    CandidateRecord {
        score: candidate.score,
        speaker: candidate.speaker.as_deref(),
        role: candidate.role.as_deref(),
        kind: candidate.kind.as_str(),
        text: &candidate.text,
        sentence: &candidate.sentence,
        logged_as: logged.map(|id| id.0),
        features: explanation(candidate),
    }
}

/// The features behind a score, as `+0.30 a number or quantity`.
fn explanation(candidate: &Candidate) -> Vec<String> {
    candidate
        .features
        .iter()
        .map(|feature| format!("{:+.2} {}", feature.weight, feature.name))
        .collect()
}

/// Reads the text: UTF-8, a bounded size.
fn read_text(file: &str) -> Result<String> {
    let mut bytes = Vec::new();
    let reader: Box<dyn Read> = if file == "-" {
        Box::new(io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(file).map_err(|err| match err.kind() {
            io::ErrorKind::NotFound => anyhow!("file '{file}' does not exist: check the path"),
            _ => anyhow::Error::new(err).context(format!("cannot read '{file}'")),
        })?)
    };
    reader
        .take(MAX_TEXT_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read '{file}'"))?;
    if bytes.len() > MAX_TEXT_BYTES {
        bail!(
            "'{file}' is over {} MiB: split it, a speech or an article at a time",
            MAX_TEXT_BYTES / 1024 / 1024
        );
    }
    String::from_utf8(bytes).map_err(|err| {
        let at = err.utf8_error().valid_up_to();
        anyhow!(
            "'{file}' is not UTF-8 text (an invalid byte at offset {at}): save it as UTF-8 \
             plain text"
        )
    })
}

/// What a person answers to "log it?".
enum Answer {
    Yes,
    No,
    Text(String),
    Speaker(String),
    Quit,
}

/// Logs the candidates, asking about each unless --yes, and skipping those already logged.
fn add(
    ctx: &Context,
    store: &mut dyn Store,
    args: &ExtractArgs,
    candidates: &[Candidate],
    said_on: chrono::NaiveDate,
    source_url: Option<&str>,
    out: &mut dyn Write,
) -> Result<()> {
    let stdin = io::stdin();
    let mut answers = stdin.lock().lines();
    let asking = !args.yes;
    let on_terminal = io::stdin().is_terminal();
    let (mut logged, mut skipped) = (0, 0);
    for (index, candidate) in candidates.iter().enumerate() {
        let mut text = candidate.text.clone();
        let mut speaker = candidate.speaker.clone();
        if asking {
            loop {
                writeln!(
                    out,
                    "[{}/{}] {:.2} {}: {}",
                    index + 1,
                    candidates.len(),
                    candidate.score,
                    speaker.as_deref().unwrap_or("(unknown speaker)"),
                    table::plain(&text)
                )?;
                write!(
                    out,
                    "Log it? [y]es, [n]o, edit [t]ext, edit [s]peaker, [q]uit: "
                )?;
                out.flush()?;
                let Some(line) = answers.next().transpose()? else {
                    writeln!(out)?;
                    return finish(out, logged, skipped, true);
                };
                if !on_terminal {
                    writeln!(out)?;
                }
                match parse_answer(&line) {
                    Some(Answer::Yes) => break,
                    Some(Answer::No) => {
                        skipped += 1;
                        text.clear();
                        break;
                    }
                    Some(Answer::Quit) => return finish(out, logged, skipped, true),
                    Some(Answer::Text(new)) => text = new,
                    Some(Answer::Speaker(new)) => speaker = Some(new),
                    None => writeln!(out, "Answer y, n, t NEW TEXT, s NEW SPEAKER or q.")?,
                }
            }
            if text.is_empty() {
                continue;
            }
        }
        let Some(speaker) = speaker else {
            writeln!(
                out,
                "Skipped, no speaker: {} (edit the speaker to log it).",
                table::shortened(&table::plain(&text), 60)
            )?;
            skipped += 1;
            continue;
        };
        let text = input::required_text(&text, "the claim text", input::MAX_CLAIM_CHARS)?;
        let speaker = input::required_text(&speaker, "the speaker", input::MAX_NAME_CHARS)?;
        let tx = ctx.transaction(store)?;
        let context = (candidate.sentence != text).then_some(candidate.sentence.as_str());
        let logged_as = tx.add_claim_unless_logged(&NewClaim {
            text: &text,
            speaker: &speaker,
            said_on: Some(said_on),
            context,
            source_url,
            speaker_role: candidate.role.as_deref(),
        })?;
        let id = match logged_as {
            Ok(id) => id,
            Err(logged) => {
                writeln!(
                    out,
                    "Already logged as claim {}: {}",
                    logged.id(),
                    table::shortened(&table::plain(&text), 60)
                )?;
                skipped += 1;
                continue;
            }
        };
        tx.finish()?;
        writeln!(
            out,
            "Logged claim {id}: {}",
            table::shortened(&table::plain(&text), 60)
        )?;
        logged += 1;
    }
    finish(out, logged, skipped, false)
}

fn finish(out: &mut dyn Write, logged: usize, skipped: usize, stopped: bool) -> Result<()> {
    writeln!(
        out,
        "{}Logged {logged}, skipped {skipped}.",
        if stopped { "Stopped. " } else { "" }
    )?;
    Ok(())
}

/// `y`, `n`, `q`, `t NEW TEXT`, `s NEW SPEAKER` (and their long forms).
fn parse_answer(line: &str) -> Option<Answer> {
    let line = line.trim();
    let (word, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
    let rest = rest.trim();
    match word.to_lowercase().as_str() {
        "y" | "yes" => Some(Answer::Yes),
        "n" | "no" => Some(Answer::No),
        "q" | "quit" => Some(Answer::Quit),
        "t" | "text" if !rest.is_empty() => Some(Answer::Text(rest.to_string())),
        "s" | "speaker" if !rest.is_empty() => Some(Answer::Speaker(rest.to_string())),
        _ => None,
    }
}
