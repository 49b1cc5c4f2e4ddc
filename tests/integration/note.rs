//! Placeholder: tests for `claims note` go here.
