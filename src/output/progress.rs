//! Progress bars for long commands, on standard error and only where a person watches it.

use std::io::{self, IsTerminal};

use indicatif::{ProgressBar, ProgressStyle};

/// A bar towards `total`, drawn with `template` (indicatif's), or `None` when standard error
/// is not a terminal or the total is unknown.
pub fn bar(total: Option<u64>, template: &str) -> Option<ProgressBar> {
    let total = total.filter(|_| io::stderr().is_terminal())?;
    let bar = ProgressBar::new(total);
    bar.set_style(ProgressStyle::with_template(template).expect("the template is valid"));
    // Drawn at once: the bar redraws at most 20 times a second, so a short run would
    // otherwise never show it.
    bar.tick();
    Some(bar)
}
