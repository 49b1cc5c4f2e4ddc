//! The errors a user must be able to tell apart. Each message names the problem and the fix;
//! everything else travels as an `anyhow` error with context.

use crate::model::{ClaimId, EvidenceId};

/// A problem with what the user asked for or with the database they pointed at.
#[derive(Debug, thiserror::Error)]
pub enum UserError {
    #[error("no claim with id {0}: `claims list` shows the ids")]
    ClaimNotFound(ClaimId),

    #[error(
        "claim {id} was deleted at {at} by {actor}: `claims deleted` shows its record, and \
         `claims deleted --format json` gives it back for `claims import`"
    )]
    ClaimDeleted {
        id: ClaimId,
        at: String,
        actor: String,
    },

    #[error("no speaker named '{0}': `claims speakers` lists them")]
    SpeakerNotFound(String),

    #[error("no speaker '{name}': did you mean {candidates}? Give the whole name")]
    AmbiguousSpeaker { name: String, candidates: String },

    #[error("no evidence with id {0}: `claims evidence list CLAIM_ID` shows the ids")]
    EvidenceNotFound(EvidenceId),

    #[error("no note with id {0}: `claims show CLAIM_ID --format json` lists a claim's notes")]
    NoteNotFound(crate::model::NoteId),

    #[error("no history entry with id {0}: `claims show CLAIM_ID --format json` lists them")]
    HistoryEntryNotFound(i64),

    #[error("unknown status '{value}': expected one of {names} (the {scale} scale)")]
    UnknownStatus {
        value: String,
        scale: String,
        names: String,
    },

    #[error(
        "unknown scale '{value}': expected one of {builtin}, or the path of a TOML or JSON \
         scale file"
    )]
    UnknownScale { value: String, builtin: String },

    #[error(
        "database '{path}' already uses the {current} scale: switch it with \
         `claims scale use {wanted}`"
    )]
    ScaleAlreadyChosen {
        path: String,
        current: String,
        wanted: String,
    },

    #[error("invalid {flag} '{value}': expected {shape}, e.g. {flag} {example}")]
    InvalidMap {
        value: String,
        flag: &'static str,
        shape: &'static str,
        example: &'static str,
    },

    #[error(
        "claims have statuses the {scale} scale lacks: {list}; map each with --map OLD=NEW \
         (e.g. {example}; the {scale} scale has {names})"
    )]
    UnmappedStatuses {
        scale: String,
        list: String,
        example: String,
        names: String,
    },

    #[error("invalid date '{value}' for {flag}: expected YYYY-MM-DD{extra}")]
    InvalidDate {
        value: String,
        flag: &'static str,
        extra: &'static str,
    },

    #[error("date '{value}' for {flag} is in the future (today is {today}): check the date")]
    FutureDate {
        value: String,
        flag: &'static str,
        today: String,
    },

    #[error("{what} is empty: give it some text")]
    Empty { what: &'static str },

    #[error(
        "{what} is {len} characters long, over the limit of {limit}: shorten it, or put the long \
         text in a note or an evidence excerpt"
    )]
    TooLong {
        what: &'static str,
        len: usize,
        limit: usize,
    },

    #[error(
        "a claim can have at most {limit} tags, and this one would have {count}: keep the ones \
         the desk filters by"
    )]
    TooManyTags { count: usize, limit: usize },

    #[error(
        "{what} on standard input runs past the limit of {limit} characters: shorten it, or \
         put the long text in a note or an evidence excerpt"
    )]
    TooLongInput { what: &'static str, limit: usize },

    #[error("invalid URL '{value}' for {flag}: expected an http:// or https:// address")]
    InvalidUrl { value: String, flag: &'static str },

    #[error("invalid tag '{0}': a tag is a non-empty word or phrase without ';'")]
    InvalidTag(String),

    #[error(
        "claim {0} has no evidence: a verdict must cite its sources; attach one with \
         `claims evidence add {0} URL`, or pass --force"
    )]
    VerdictWithoutEvidence(ClaimId),

    #[error("database '{0}' does not exist: create it with `claims --db {0} init`")]
    DatabaseMissing(String),

    #[error("'{0}' is not a claims database (it is not SQLite): check --db or CLAIMS_DB")]
    NotSqlite(String),

    #[error("database '{0}' is empty: set it up with `claims --db {0} init`")]
    NotInitialised(String),

    #[error(
        "'{0}' is an SQLite database of another program, not a claims one: check --db or CLAIMS_DB"
    )]
    ForeignDatabase(String),

    #[error(
        "database '{path}' has schema version {found}, newer than this claims knows ({known}): \
         upgrade claims: install {install}"
    )]
    DatabaseTooNew {
        path: String,
        found: String,
        known: String,
        /// What to install: "claims 0.2.0 or newer".
        install: String,
    },

    #[error(
        "cannot tell the format of '{file}' from its name: pass --format \
         csv|tsv|json|jsonl|claimreview"
    )]
    UnknownFormat { file: String },

    #[error(
        "claim {id} likely says the same (similarity {similarity}: \"{text}\"): record this \
         as a repeat with `claims repeat {id} --date {date}`{args}, or log it anyway with --new"
    )]
    LikelyLogged {
        id: ClaimId,
        similarity: String,
        text: String,
        date: String,
        /// The other flags the repeat takes, as the user gave them (" (with --url ...)").
        args: String,
    },

    #[error(
        "claim {id} has these words already, by the same speaker: record this as a repeat \
         with `claims repeat {id} --date {date}{args}`, or log it anyway with --new"
    )]
    LoggedWordForWord {
        id: ClaimId,
        date: String,
        args: String,
    },

    #[error(
        "claim {claim} cites {url} already, as evidence {existing}: `claims evidence list \
         {claim}` shows it; remove it first with `claims evidence rm {existing}` to attach it \
         again"
    )]
    EvidenceAttachedAlready {
        claim: ClaimId,
        url: String,
        existing: EvidenceId,
    },

    #[error("--map {0}=... is given twice: give each old status one new one")]
    MappedTwice(String),

    /// A command line clap could not check on its own; exits with 2, as clap's errors do.
    #[error("{0}")]
    Usage(String),

    #[error(
        "this changes {count} claims: look at them with `claims list` and the same filters, \
         then run it again with --yes"
    )]
    ManyClaims { count: usize },

    #[error("no claim matches: check the ids or the filters with `claims list`")]
    NoneSelected,

    #[error("{0} has made no change to undo")]
    NothingToUndo(String),

    #[error("history entry {id} ({field}) cannot be reverted: it is {what}")]
    CannotRevert {
        id: i64,
        field: String,
        what: String,
    },

    #[error("unknown setting '{key}': the desk's settings are {known}")]
    UnknownSetting { key: String, known: String },

    #[error("invalid value '{value}' for {key}: it holds {holds}")]
    InvalidSetting {
        key: String,
        value: String,
        holds: &'static str,
    },

    #[error(
        "claim {0} has no verdict waiting for review: `claims list --status proposed` lists \
         those that do"
    )]
    NothingToReview(ClaimId),

    #[error(
        "{proposer} proposed the verdict on claim {id}: another reader signs it off (or \
         `claims status {id} in-progress` takes it back)"
    )]
    OwnProposal { id: ClaimId, proposer: String },

    #[error("{reader} approved the verdict on claim {id} already: it waits for another reader")]
    ApprovedAlready { id: ClaimId, reader: String },

    #[error(
        "claim {id} is {status}, not checked: only a claim with a verdict is published \
         (`claims status {id} VERDICT --note WHY`)"
    )]
    NotChecked { id: ClaimId, status: String },

    #[error(
        "the verdict on claim {id} ({status}) waits for review: sign it off first with \
         `claims review {id} approve`"
    )]
    WaitingForReview { id: ClaimId, status: String },

    #[error(
        "claim {0} is published: changing its verdict is a correction, which readers are \
         shown: give the reason with --note"
    )]
    CorrectionNeedsNote(ClaimId),

    #[error(
        "database '{0}' is damaged (SQLite finds it malformed): `claims doctor` says what is \
         wrong, and `claims restore BACKUP` brings back a backup"
    )]
    Damaged(String),

    #[error(
        "database '{path}' is read-only ({why}): nothing was written; {fix} (commands that \
         only read still work)"
    )]
    ReadOnly {
        path: String,
        why: String,
        fix: String,
    },

    #[error(
        "database '{0}' is locked: another claims or another program has been writing to it \
         for longer than claims waits (CLAIMS_BUSY_TIMEOUT, 30 seconds unless set); nothing was \
         changed: run the command again once it is done"
    )]
    Busy(String),

    #[error(
        "login '{login}' may not do that on database '{place}': it needs the role {role} ({allows}); \
         nothing was changed (the desk's administrator grants it: GRANT {role} TO \"{login}\")"
    )]
    NeedsRole {
        login: String,
        role: String,
        allows: &'static str,
        place: String,
    },

    #[error(
        "the disk holding '{0}' is full: nothing was written; free some space and run the \
         command again"
    )]
    DiskFull(String),

    #[error(
        "cannot write database '{path}' ({detail}): nothing was written; check that the disk \
         has space and works, and run the command again"
    )]
    WriteFailed { path: String, detail: String },

    #[error("cannot read {what} from standard input: it is not UTF-8 text")]
    StdinNotUtf8 { what: &'static str },

    #[error("'{file}' is larger than {limit}, the most claims reads of {what}: {fix}")]
    FileTooLarge {
        file: String,
        limit: String,
        what: &'static str,
        fix: &'static str,
    },

    #[error(
        "'{file}' is not UTF-8 text (an invalid byte at offset {offset}): save it as UTF-8 \
         plain text"
    )]
    FileNotUtf8 { file: String, offset: usize },

    #[error("'{file}' is a folder, not a file: give the path of {what}")]
    IsAFolder { file: String, what: &'static str },

    #[error(
        "database '{path}' has no claim id left: its largest claim id is {largest}, and claim \
         ids stop at {last}; nothing was written (`claims doctor` says how to move the claims \
         to a new database)"
    )]
    NoClaimIdLeft {
        path: String,
        largest: i64,
        last: i64,
    },
}
