//! End-to-end tests: each runs the real `claims` binary on a database in a temporary directory,
//! with a cleared environment, a frozen clock and no colour, and checks what the user sees.

mod support;

mod add;
mod backup;
mod bad_input;
mod bench;
mod browser;
mod claimreview;
mod colour;
mod concurrency;
mod crash;
mod damaged;
mod doctor;
mod edit;
mod evidence;
mod example;
mod export;
mod extract;
mod extract_real;
mod import;
mod init;
mod injection;
mod limits;
mod list;
mod note;
mod other_files;
mod postgres;
mod repeat;
mod repeats_big;
mod report;
mod report_browser;
mod rm;
mod roundtrip;
mod rules;
mod scale;
mod search;
mod show;
mod similar;
mod speakers;
mod stats;
mod status;
mod wild;
mod workflow;
mod world;
