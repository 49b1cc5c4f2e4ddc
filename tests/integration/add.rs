//! Placeholder: tests for `claims add` go here.
