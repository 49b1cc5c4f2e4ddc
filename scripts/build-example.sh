#!/usr/bin/env bash
# Builds claims.db.example, the database a newcomer opens first, from the claims of one real
# article: the Associated Press report of 3 September 2025 on Marco Rubio's visit to Mexico
# City. Only `claims` commands write to it, with the clock pinned for every step, so that the
# same script always gives the same export (tests/integration/example.rs checks the committed
# file against a fresh build).
#
#   scripts/build-example.sh [OUTPUT]     (default: claims.db.example)
#   CLAIMS_BIN=path/to/claims             (default: target/release/claims, built if missing)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$repo/claims.db.example}
claims=${CLAIMS_BIN:-$repo/target/release/claims}
if [[ ! -x $claims ]]; then
  cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
fi

rm -f "$out" "$out-wal" "$out-shm"
export NO_COLOR=1 CLAIMS_REVIEWER="Desk editor"
unset CLAIMS_DB

# at TIME ARGS...: runs `claims ARGS` as if it were TIME (UTC).
at() {
  local time=$1
  shift
  CLAIMS_NOW="2025-09-$time:00Z" "$claims" --db "$out" "$@" >/dev/null
}

ap=https://www.the-journal.com/articles/rubio-says-us-and-mexico-will-strengthen-security-collaboration
tpr=https://www.kwbu.org/news-from-across-texas/2025-09-04/u-s-and-mexico-reaffirm-security-cooperation-amid-tariff-tensions
mnd=https://mexiconewsdaily.com/politics/sheinbaum-rubio-announce-establishment-bilateral-security-group/
cbp=https://www.cbp.gov/newsroom/stats/southwest-land-border-encounters
upi=https://www.upi.com/Top_News/US/2025/08/12/mexico-cartel/1641755055139/

at 03T20:00 init

# 1. The quote the article is remembered for.
at 03T20:05 add "It's the closest cooperation we've ever had, maybe between any country, but definitely between the U.S. and Mexico." \
  --speaker "Marco Rubio" --role "U.S. Secretary of State" --date 2025-09-03 --url "$ap" --tag us-mexico --tag security \
  --context "Remarks in Mexico City after meeting President Claudia Sheinbaum"
# 2. The article's own framing.
at 03T20:07 add "Migration has fallen dramatically." \
  --speaker "Associated Press" --date 2025-09-03 --url "$ap" --tag migration \
  --context "The article's own statement, on the priorities of U.S.-Mexico cooperation"
# 3. Reported speech: "Trump said all 11 were killed."
at 03T20:09 add "All 11 were killed." \
  --speaker "Donald Trump" --role "President of the United States" --date 2025-09-03 --url "$ap" --tag caribbean-strike \
  --context "On the U.S. strike on an alleged Tren de Aragua boat in the Caribbean, as reported by AP"
# 4. A statement of fact with a number in it.
at 03T20:11 add "The government has sent the National Guard to the northern border and delivered 55 cartel figures long wanted by U.S. authorities to the Trump administration." \
  --speaker "Associated Press" --date 2025-09-03 --url "$ap" --tag security --tag cartels
# 5. A legal claim.
at 03T20:13 add "The president, under his authority as commander in chief, has a right under exigent circumstances to eliminate imminent threats to the United States." \
  --speaker "Marco Rubio" --role "U.S. Secretary of State" --date 2025-09-03 --url "$ap" --tag caribbean-strike \
  --context "Defending the strike on the boat, without addressing details"
# 6. Reported speech that the article says Sheinbaum rejected.
at 03T20:15 add "Claudia Sheinbaum is afraid of confronting Mexico's cartels because they have so much power." \
  --speaker "donald trump" --role "President of the United States" --date 2025-09-03 --url "$ap" --tag cartels \
  --context "Trump's suggestion, as reported by AP; Sheinbaum rejected it the same week"
# 7. Sheinbaum's answer.
at 03T20:17 add "We respect a lot the Mexico-United States relationship, President Trump, and no, it's not true this affirmation that he makes." \
  --speaker "Claudia Sheinbaum" --role "President of Mexico" --date 2025-09-03 --url "$ap" --tag cartels
# 8. A comparison with her predecessor.
at 03T20:19 add "Sheinbaum has gone after Mexican drug cartels and their fentanyl production more aggressively than her predecessor." \
  --speaker "Associated Press" --date 2025-09-03 --url "$ap" --tag cartels
# 9. The same visit, as Texas Public Radio reported it.
at 03T20:21 add "Migration numbers today at the U.S. southern border are the lowest they have ever been." \
  --speaker "Marco Rubio " --role "U.S. Secretary of State" --date 2025-09-03 --url "$tpr" --tag migration \
  --context "Press conference with Foreign Affairs Secretary Juan Ramón de la Fuente, Mexico City"

# The next morning's work: sources, notes and verdicts.
at 04T09:00 status 1 in-progress --note "Superlative: look for a measure of cooperation"
at 04T09:10 evidence add 1 "$mnd" --stance context --publisher "Mexico News Daily" \
  --title "Sheinbaum and Rubio announce establishment of new bilateral security group" --published 2025-09-03 \
  --excerpt "There's always been law enforcement cooperation. We're talking about amplifying that, we have already started to do it."
at 04T09:12 evidence add 1 "$ap" --stance context --publisher "Associated Press" \
  --title "Rubio says US and Mexico will strengthen security collaboration" --published 2025-09-03 \
  --note "The visit reaffirmed existing collaboration; the one new step was a high-level implementation group."
at 04T09:30 status 1 unproven --note "'Closest ever' has no measure behind it: the visit reaffirmed existing cooperation and added one coordination group. Nothing shows it is, or is not, the closest ever."

at 04T10:00 evidence add 2 "$cbp" --stance supports --publisher "U.S. Customs and Border Protection" \
  --title "Southwest Land Border Encounters"
at 04T10:05 status 2 true --note "CBP's monthly southwest border encounters in 2025 are a small fraction of the same months of 2024."

at 04T10:30 note 3 "No independent count of the dead yet; asked the Pentagon press office."
at 04T10:31 status 3 in-progress

at 04T11:00 evidence add 4 "$upi" --stance supports --publisher "UPI" \
  --title "Mexico agrees to send suspected cartel members to United States" --published 2025-08-12 \
  --excerpt "Mexico has transferred 26 people suspected of leading drug cartels to the United States"
at 04T11:05 note 4 "26 transferred on 12 August plus 29 in February: 55."
at 04T11:10 status 4 true --note "Two transfers in 2025, 29 people in February and 26 in August, make 55."

at 04T11:30 evidence add 6 "$upi" --stance context --publisher "UPI" \
  --title "Mexico agrees to send suspected cartel members to United States" --published 2025-08-12
at 04T11:35 status 6 in-progress --note "Opinion about motive; check the record of arrests and transfers instead"

at 04T12:00 edit 9 --tag us-mexico --context "Press conference with Mexico's Foreign Affairs Secretary Juan Ramón de la Fuente, Mexico City"
at 04T12:05 evidence add 9 "$cbp" --stance context --publisher "U.S. Customs and Border Protection" \
  --title "Southwest Land Border Encounters"
at 04T12:06 status 9 in-progress --note "Compare with the lowest months on record"
