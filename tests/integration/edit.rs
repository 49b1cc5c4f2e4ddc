//! Placeholder: tests for `claims edit` go here.
