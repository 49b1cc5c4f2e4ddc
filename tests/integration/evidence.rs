//! Placeholder: tests for `claims evidence` go here.
