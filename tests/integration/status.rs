//! Placeholder: tests for `claims status` go here.
