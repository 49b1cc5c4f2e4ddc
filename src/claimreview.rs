//! schema.org ClaimReview, the JSON-LD that Google's Fact Check Explorer and the Duke Reporters'
//! Lab read: writing one per verdict, and reading feeds back in as claims.
//!
//! Ratings come from the database's scale (`crate::scale`), never from hand-written numbers:
//! `worstRating` is 1, `bestRating` the scale's truest rating, and a verdict off the true/false
//! axis (misleading, unproven) gets its label and no numbers at all.

use serde_json::{Map, Value, json};

use std::collections::HashSet;

use crate::model::{ClaimRecord, SpeakerKind};
use crate::scale::Scale;

/// Who publishes the reviews and where each one lives.
#[derive(Debug, Clone)]
pub struct Publisher {
    pub name: String,
    pub url: String,
    /// The review's address, with `{id}` standing for the claim's id.
    pub review_url: String,
}

/// The ClaimReview of a claim with a verdict; `None` for a claim not yet checked.
///
/// `organizations` holds the speakers recorded as organisations: their `@type` is
/// `Organization`, everyone else's `Person`.
pub fn review(
    record: &ClaimRecord,
    scale: &Scale,
    publisher: &Publisher,
    organizations: &HashSet<String>,
) -> Option<Value> {
    let claim = &record.claim;
    let verdict = scale.verdict(&claim.status)?;
    let decided = record.verdict_decision();
    let published = decided.map_or(claim.updated_at, |entry| entry.at);
    let mut rating = json!({
        "@type": "Rating",
        "alternateName": verdict.label,
    });
    if let (Some(value), Some(best)) = (verdict.rating, scale.best_rating()) {
        rating["ratingValue"] = json!(value);
        rating["bestRating"] = json!(best);
        rating["worstRating"] = json!(1);
    }
    if let Some(why) = decided.and_then(|entry| entry.note.as_deref()) {
        rating["ratingExplanation"] = json!(why);
    }
    let kind = match organizations.contains(&claim.speaker) {
        true => SpeakerKind::Organization,
        false => SpeakerKind::Person,
    };
    let mut author = json!({"@type": kind.schema_type(), "name": claim.speaker});
    if let Some(role) = &claim.speaker_role {
        author["jobTitle"] = json!(role);
    }
    let mut item = json!({"@type": "Claim", "author": author});
    if let Some(said_on) = &claim.said_on {
        item["datePublished"] = json!(said_on);
    }
    if let Some(url) = &claim.source_url {
        item["appearance"] = json!({"@type": "CreativeWork", "url": url});
    }
    Some(json!({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": publisher.review_url.replace("{id}", &claim.id.to_string()),
        "claimReviewed": claim.text,
        "datePublished": published.at().format("%Y-%m-%d").to_string(),
        "author": {"@type": "Organization", "name": publisher.name, "url": publisher.url},
        "reviewRating": rating,
        "itemReviewed": item,
    }))
}

/// The ClaimReview objects of a JSON-LD document: one object, an array, or an `@graph`.
pub fn reviews_in(document: Value) -> anyhow::Result<Vec<Value>> {
    let items = match document {
        Value::Array(items) => items,
        Value::Object(mut object) => match object
            .remove("@graph")
            .or_else(|| object.remove("dataFeedElement"))
        {
            Some(Value::Array(items)) => items,
            _ => vec![Value::Object(object)],
        },
        _ => anyhow::bail!("a ClaimReview file holds a JSON object or an array of them"),
    };
    // A DataFeed's elements are DataFeedItems whose `item` is the review (or a list of them).
    let items = items.into_iter().flat_map(|item| match item {
        Value::Object(mut object) if !is_claim_review(&Value::Object(object.clone())) => {
            match object.remove("item") {
                Some(Value::Array(inner)) => inner,
                Some(inner) => vec![inner],
                None => vec![Value::Object(object)],
            }
        }
        other => vec![other],
    });
    Ok(items.filter(is_claim_review).collect())
}

/// Whether a JSON-LD object is a ClaimReview.
pub fn is_claim_review(value: &Value) -> bool {
    match &value["@type"] {
        Value::String(kind) => kind == "ClaimReview",
        Value::Array(kinds) => kinds.iter().any(|kind| kind == "ClaimReview"),
        _ => false,
    }
}

/// The claim a review describes, as the fields `claims import` reads (`text`, `speaker`,
/// `status`, ...), with the review itself attached as a source. The review's own rating numbers
/// travel as `rating_value`, `best_rating` and `worst_rating`, so the import can check them
/// against the label it maps.
pub fn to_claim_fields(review: &Value) -> Result<Map<String, Value>, String> {
    let text = string(&review["claimReviewed"])
        .ok_or("it has no claimReviewed: the claim's text is required")?;
    let item = &review["itemReviewed"];
    let author = first(&item["author"]);
    let speaker = string(&author["name"])
        .or_else(|| string(author))
        .ok_or("its itemReviewed has no author name: the speaker is required")?;
    let rating = &review["reviewRating"];
    let mut fields = Map::new();
    let mut put = |key: &str, value: Option<String>| {
        if let Some(value) = value {
            fields.insert(key.to_string(), Value::String(value));
        }
    };
    put("text", Some(text));
    put("speaker", Some(speaker));
    put("speaker_role", string(&author["jobTitle"]));
    let kinds = match &author["@type"] {
        Value::Array(kinds) => kinds.iter().filter_map(Value::as_str).collect(),
        Value::String(kind) => vec![kind.as_str()],
        _ => Vec::new(),
    };
    put(
        "speaker_kind",
        kinds
            .into_iter()
            .find_map(SpeakerKind::parse)
            .map(|kind| kind.as_str().to_string()),
    );
    put("said_on", string(&item["datePublished"]));
    put("context", string(&item["name"]));
    let appearance = [&item["appearance"], &item["firstAppearance"]]
        .into_iter()
        .map(first)
        .find_map(|place| string(&place["url"]).or_else(|| string(place)));
    put("source_url", appearance);
    put("status", string(&rating["alternateName"]));
    put(
        "note",
        string(&rating["ratingExplanation"]).or_else(|| string(&review["reviewBody"])),
    );
    for (key, name) in [
        ("rating_value", "ratingValue"),
        ("best_rating", "bestRating"),
        ("worst_rating", "worstRating"),
    ] {
        put(key, string(&rating[name]));
    }
    // The verdict is the review's: its author and its date, not the one importing it.
    let reviewer = first(&review["author"]);
    put(
        "verdict_by",
        string(&reviewer["name"]).or_else(|| string(&reviewer["url"])),
    );
    put("verdict_at", string(&review["datePublished"]));
    if let Some(url) = string(&review["url"]) {
        let publisher = string(&first(&review["author"])["name"]);
        let mut source = json!({
            "url": url,
            "title": string(&review["headline"]).or_else(|| string(&review["name"])),
            "publisher": publisher,
            "published_on": string(&review["datePublished"]),
            "stance": "context",
        });
        if let Some(object) = source.as_object_mut() {
            object.retain(|_, value| !value.is_null());
        }
        fields.insert("evidence".to_string(), Value::Array(vec![source]));
    }
    Ok(fields)
}

/// A claim of a Google Fact Check Tools API response (`text`, `claimant`, `claimDate`, and a
/// `claimReview` list of `publisher`, `url`, `title`, `reviewDate`, `textualRating`) as the
/// fields `claims import` reads: the first review gives the verdict, every review is a source.
pub fn google_claim_fields(claim: &Value) -> Map<String, Value> {
    let mut fields = Map::new();
    let mut put = |key: &str, value: Option<String>| {
        if let Some(value) = value {
            fields.insert(key.to_string(), Value::String(value));
        }
    };
    put("text", string(&claim["text"]));
    put("speaker", string(&claim["claimant"]));
    put("said_on", string(&claim["claimDate"]));
    let reviews = claim["claimReview"].as_array().cloned().unwrap_or_default();
    if let Some(review) = reviews.first() {
        put("status", string(&review["textualRating"]));
        put(
            "verdict_by",
            string(&review["publisher"]["name"]).or_else(|| string(&review["publisher"]["site"])),
        );
        put("verdict_at", string(&review["reviewDate"]));
    }
    let sources: Vec<Value> = reviews
        .iter()
        .filter_map(|review| {
            let mut source = json!({
                "url": string(&review["url"])?,
                "title": string(&review["title"]),
                "publisher": string(&review["publisher"]["name"]),
                "published_on": string(&review["reviewDate"]),
                "stance": "context",
            });
            if let Some(object) = source.as_object_mut() {
                object.retain(|_, value| !value.is_null());
            }
            Some(source)
        })
        .collect();
    if !sources.is_empty() {
        fields.insert("evidence".to_string(), Value::Array(sources));
    }
    fields
}

/// A JSON-LD value that may be given once or as a list: its first occurrence.
fn first(value: &Value) -> &Value {
    match value {
        Value::Array(items) => items.first().unwrap_or(&Value::Null),
        other => other,
    }
}

/// A string or number as text; `None` for anything else or an empty string.
fn string(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_string()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}
