//! Placeholder: tests for `claims stats` go here.
