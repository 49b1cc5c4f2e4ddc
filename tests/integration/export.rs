//! Placeholder: tests for `claims export` go here.
