//! Placeholder: tests for `claims list` go here.
