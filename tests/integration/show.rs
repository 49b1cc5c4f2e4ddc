//! Placeholder: tests for `claims show` go here.
