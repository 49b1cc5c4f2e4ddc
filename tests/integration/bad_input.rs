//! Placeholder: tests for `claims bad_input` go here.
