//! Who publishes the reviews: the ClaimReview flags shared by `export` and `report`.

use anyhow::{Result, anyhow};

use crate::claimreview::Publisher;
use crate::input;

/// The publisher named in each ClaimReview.
#[derive(Debug, Clone, clap::Args)]
pub struct PublisherArgs {
    /// ClaimReview: the name of the organisation publishing the reviews.
    #[arg(long, value_name = "NAME")]
    pub publisher: Option<String>,

    /// ClaimReview: the publisher's http(s) address.
    #[arg(long, value_name = "URL")]
    pub publisher_url: Option<String>,

    /// ClaimReview: the address of each review, with {id} for the claim's id, e.g.
    /// https://factcheck.example.org/claims/{id}
    #[arg(long, value_name = "TEMPLATE")]
    pub review_url: Option<String>,
}

impl PublisherArgs {
    /// Whether none of the three flags was given.
    pub fn is_empty(&self) -> bool {
        self.publisher.is_none() && self.publisher_url.is_none() && self.review_url.is_none()
    }

    /// The flags given, and for those not given the desk's settings (`claims config`:
    /// publisher.name, publisher.url, review.url).
    pub fn filled_from(&self, read: &dyn crate::db::StoreTxn) -> Result<PublisherArgs> {
        let or_setting = |given: &Option<String>, key: &str| -> Result<Option<String>> {
            Ok(match given {
                Some(value) => Some(value.clone()),
                None => read.setting(key)?,
            })
        };
        Ok(PublisherArgs {
            publisher: or_setting(&self.publisher, "publisher.name")?,
            publisher_url: or_setting(&self.publisher_url, "publisher.url")?,
            review_url: or_setting(&self.review_url, "review.url")?,
        })
    }

    /// The publisher, checked before anything is read; `needed_by` names what needs it
    /// ("--format claimreview") in the error when a flag is missing.
    pub fn required(&self, needed_by: &str) -> Result<Publisher> {
        let missing =
            |flag: &str, example: &str| anyhow!("{needed_by} needs {flag}, e.g. {flag} {example}");
        let name = self
            .publisher
            .as_deref()
            .ok_or_else(|| missing("--publisher", "\"Desk Fact Check\""))?;
        let name = input::required_text(name, "--publisher", input::MAX_NAME_CHARS)?;
        let url = self
            .publisher_url
            .as_deref()
            .ok_or_else(|| missing("--publisher-url", "https://factcheck.example.org/"))?;
        let url = input::web_url(url, "--publisher-url")?;
        let review_url = self.review_url.as_deref().ok_or_else(|| {
            missing(
                "--review-url",
                "'https://factcheck.example.org/claims/{id}'",
            )
        })?;
        if !review_url.contains("{id}") {
            return Err(anyhow!(
                "--review-url '{review_url}' has no {{id}}: every review needs its own address, \
                 e.g. https://factcheck.example.org/claims/{{id}}"
            ));
        }
        input::web_url(&review_url.replace("{id}", "1"), "--review-url")?;
        Ok(Publisher {
            name,
            url,
            review_url: review_url.trim().to_string(),
        })
    }
}
