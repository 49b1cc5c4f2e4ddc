//! The identity columns' sequences. `claims` gives ids itself (one past the largest, as SQLite
//! does, under its write lock), so the sequences only serve other tools that insert rows; after
//! rows came in with ids of their own they are moved past them.

use anyhow::Result;
use postgres::Transaction;

/// The tables with identity columns.
const TABLES: [&str; 7] = [
    "claims",
    "speakers",
    "tags",
    "evidence",
    "notes",
    "appearances",
    "history",
];

/// Moves every identity sequence past the largest id of its table.
pub fn advance(tx: &mut Transaction<'_>) -> Result<()> {
    for table in TABLES {
        // The table name comes from the fixed list above.
        tx.batch_execute(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
             greatest((SELECT max(id) FROM {table}), 1))"
        ))?;
    }
    Ok(())
}
