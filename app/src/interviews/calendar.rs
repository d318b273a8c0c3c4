//! Times in people's zones, and the iCalendar invitations (RFC 5545 and 5546) that put an
//! interview into any calendar and keep it up to date there.

use chrono::{DateTime, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
use uuid::Uuid;

use crate::platform::mail::Attachment;
use crate::platform::AppError;

/// The zone with this IANA name, or a message naming the field.
pub fn zone(name: &str, field: &str) -> Result<Tz, AppError> {
    name.trim().parse::<Tz>().map_err(|_| AppError::invalid(field, format!("“{}” is not a time zone we know; use a name such as Europe/Berlin.", name.trim())))
}

/// A time as written in a form (`2026-12-03T14:30`) read in `zone`.
pub fn local_to_utc(text: &str, zone: Tz, field: &str) -> Result<DateTime<Utc>, AppError> {
    let naive = NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text.trim(), "%Y-%m-%dT%H:%M:%S"))
        .map_err(|_| AppError::invalid(field, "Give a date and a time."))?;
    // A time skipped by a clock change does not exist; one repeated by it is taken the first time.
    zone.from_local_datetime(&naive)
        .earliest()
        .map(|time| time.with_timezone(&Utc))
        .ok_or_else(|| AppError::invalid(field, "That time does not exist in this time zone (the clocks change then)."))
}

/// The first moment of the day after `now`'s in `zone` (a day later, should that midnight not exist).
pub fn next_midnight(now: DateTime<Utc>, zone: Tz) -> DateTime<Utc> {
    now.with_timezone(&zone)
        .date_naive()
        .succ_opt()
        .and_then(|day| zone.from_local_datetime(&day.and_time(chrono::NaiveTime::MIN)).earliest())
        .map_or(now + chrono::Duration::hours(24), |midnight| midnight.with_timezone(&Utc))
}

/// `time` written out in the zone named `zone_name` (UTC when the name is unknown).
pub fn written(time: DateTime<Utc>, zone_name: &str) -> String {
    let zone = zone_name.parse::<Tz>().unwrap_or(Tz::UTC);
    let local = time.with_timezone(&zone);
    format!("{} ({})", local.format("%a %-d %b %Y, %H:%M"), zone.name())
}

/// The value a `datetime-local` input shows for `time` in `zone_name`.
pub fn input_value(time: DateTime<Utc>, zone_name: &str) -> String {
    let zone = zone_name.parse::<Tz>().unwrap_or(Tz::UTC);
    time.with_timezone(&zone).format("%Y-%m-%dT%H:%M").to_string()
}

/// The iCalendar method: a request creates or updates the event, a cancel removes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Request,
    Cancel,
}

impl Method {
    fn as_str(self) -> &'static str {
        match self {
            Method::Request => "REQUEST",
            Method::Cancel => "CANCEL",
        }
    }
}

/// What goes into one interview's calendar event.
pub struct Invitation<'a> {
    pub interview_id: Uuid,
    pub sequence: i32,
    pub method: Method,
    pub summary: &'a str,
    pub description: &'a str,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: &'a str,
    pub organizer: &'a str,
    pub attendees: &'a [String],
    pub stamp: DateTime<Utc>,
}

/// The organizer of an event whose scheduler is unknown (or not to be shown).
pub const NO_ORGANIZER: &str = "no-reply@hirevoo.invalid";

/// The event's identifier, the same for every version of the interview.
pub fn uid(interview_id: Uuid) -> String {
    format!("interview-{interview_id}@hirevoo")
}

/// The `.ics` text of the invitation.
pub fn ics(invitation: &Invitation) -> String {
    let mut event = Event::new();
    event
        .uid(&uid(invitation.interview_id))
        .sequence(invitation.sequence.max(0) as u32)
        .timestamp(invitation.stamp)
        .summary(invitation.summary)
        .description(invitation.description)
        .starts(invitation.starts_at)
        .ends(invitation.ends_at)
        .status(if invitation.method == Method::Cancel { EventStatus::Cancelled } else { EventStatus::Confirmed });
    if !invitation.location.is_empty() {
        event.location(invitation.location);
    }
    event.add_property("ORGANIZER", format!("mailto:{}", invitation.organizer));
    for attendee in invitation.attendees {
        event.add_multi_property("ATTENDEE", &format!("mailto:{attendee}"));
    }
    let mut calendar = Calendar::new();
    calendar.append_property(("METHOD", invitation.method.as_str()));
    calendar.push(event.done());
    calendar.done().to_string()
}

/// The invitation as a mail attachment that calendar programs recognize.
pub fn attachment(invitation: &Invitation) -> Attachment {
    Attachment {
        name: if invitation.method == Method::Cancel { "cancel.ics".into() } else { "invite.ics".into() },
        content_type: format!("text/calendar; charset=UTF-8; method={}", invitation.method.as_str()),
        body: ics(invitation),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(method: Method, sequence: i32) -> String {
        let start = Utc.with_ymd_and_hms(2026, 12, 3, 14, 0, 0).unwrap();
        ics(&Invitation {
            interview_id: Uuid::from_u128(7),
            sequence,
            method,
            summary: "Technical interview, Ada Lovelace",
            description: "Bring questions; the kit: https://h.example/interviews/7",
            starts_at: start,
            ends_at: start + chrono::Duration::minutes(45),
            location: "Room 4, Berlin",
            organizer: "no-reply@hirevoo.test",
            attendees: &["ada@example.org".into(), "ivan@acme.test".into()],
            stamp: start,
        })
    }

    #[test]
    fn an_invitation_names_its_method_sequence_uid_and_times() {
        let text = sample(Method::Request, 2);
        for line in ["METHOD:REQUEST", "SEQUENCE:2", "UID:interview-00000000-0000-0000-0000-000000000007@hirevoo", "DTSTART:20261203T140000Z", "DTEND:20261203T144500Z", "STATUS:CONFIRMED"] {
            assert!(text.contains(line), "{line} missing from\n{text}");
        }
        assert!(text.contains("ATTENDEE:mailto:ada@example.org") && text.contains("ATTENDEE:mailto:ivan@acme.test"));
        let cancel = sample(Method::Cancel, 3);
        assert!(cancel.contains("METHOD:CANCEL") && cancel.contains("SEQUENCE:3") && cancel.contains("STATUS:CANCELLED"));
    }

    #[test]
    fn times_are_read_and_written_in_their_zones() {
        let berlin = zone("Europe/Berlin", "time_zone").unwrap();
        assert_eq!(local_to_utc("2026-07-01T10:00", berlin, "starts_at").unwrap(), Utc.with_ymd_and_hms(2026, 7, 1, 8, 0, 0).unwrap());
        assert_eq!(local_to_utc("2026-12-01T10:00", berlin, "starts_at").unwrap(), Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap());
        assert!(zone("Mars/Olympus", "time_zone").is_err());
        assert!(local_to_utc("2026-03-29T02:30", berlin, "starts_at").is_err(), "skipped by the spring change");
        assert!(local_to_utc("tomorrow", berlin, "starts_at").is_err());
        assert_eq!(written(Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap(), "America/New_York"), "Tue 1 Dec 2026, 04:00 (America/New_York)");
        assert_eq!(input_value(Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap(), "Europe/Berlin"), "2026-12-01T10:00");
        // 23:30 in Berlin on 1 December is already the 1st's last half hour: the next day starts at 23:00 UTC.
        assert_eq!(next_midnight(Utc.with_ymd_and_hms(2026, 12, 1, 22, 30, 0).unwrap(), berlin), Utc.with_ymd_and_hms(2026, 12, 1, 23, 0, 0).unwrap());
    }
}
