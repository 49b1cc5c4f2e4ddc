//! Placeholder: tests for `claims example` go here.
