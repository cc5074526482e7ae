//! Dates as precise as the evidence allows: a year, a month, or a day.
//!
//! An article's date is never completed with parts nobody knows, so a `PartialDate` keeps its
//! precision through parsing, filtering, sorting and display.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// English month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// How much of a date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
        })
    }
}

/// A calendar date known to a year, a month or a day. Written `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PartialDate {
    year: i32,
    month: Option<u32>,
    day: Option<u32>,
}

/// Why a date string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date {input:?}: expected YYYY, YYYY-MM or YYYY-MM-DD")]
pub struct DateError {
    input: String,
}

impl PartialDate {
    pub fn year(year: i32) -> Option<Self> {
        (1..=9999).contains(&year).then_some(Self {
            year,
            month: None,
            day: None,
        })
    }

    pub fn month(year: i32, month: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, 1)?;
        Some(Self {
            year,
            month: Some(month),
            day: None,
        })
    }

    pub fn day(year: i32, month: u32, day: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, day)?;
        Some(Self {
            year,
            month: Some(month),
            day: Some(day),
        })
    }

    pub fn precision(&self) -> Precision {
        match (self.month, self.day) {
            (_, Some(_)) => Precision::Day,
            (Some(_), None) => Precision::Month,
            _ => Precision::Year,
        }
    }

    pub fn year_value(&self) -> i32 {
        self.year
    }

    /// First day of the period this date stands for.
    pub fn first_day(&self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
            .expect("validated on construction")
    }

    /// Last day of the period this date stands for.
    pub fn last_day(&self) -> NaiveDate {
        match (self.month, self.day) {
            (Some(m), Some(d)) => NaiveDate::from_ymd_opt(self.year, m, d),
            (Some(m), None) => {
                let (y, m) = if m == 12 {
                    (self.year + 1, 1)
                } else {
                    (self.year, m + 1)
                };
                NaiveDate::from_ymd_opt(y, m, 1).and_then(|d| d.pred_opt())
            }
            _ => NaiveDate::from_ymd_opt(self.year, 12, 31),
        }
        .expect("validated on construction")
    }

    /// Human form that shows exactly what is known: "4 March 2024", "March 2024", "2024".
    pub fn human(&self) -> String {
        match (self.month, self.day) {
            (Some(m), Some(d)) => format!("{d} {} {}", MONTH_NAMES[m as usize - 1], self.year),
            (Some(m), None) => format!("{} {}", MONTH_NAMES[m as usize - 1], self.year),
            _ => self.year.to_string(),
        }
    }

    /// Sort key that places a less precise date before the more precise dates inside its period.
    pub fn sort_key(&self) -> (i32, u32, u32) {
        (self.year, self.month.unwrap_or(0), self.day.unwrap_or(0))
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.month, self.day) {
            (Some(m), Some(d)) => write!(f, "{:04}-{m:02}-{d:02}", self.year),
            (Some(m), None) => write!(f, "{:04}-{m:02}", self.year),
            _ => write!(f, "{:04}", self.year),
        }
    }
}

impl FromStr for PartialDate {
    type Err = DateError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        let err = || DateError {
            input: input.to_string(),
        };
        let parts: Vec<&str> = input.trim().split('-').collect();
        let number = |s: &str, len: usize| -> Result<u32, DateError> {
            if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().map_err(|_| err())
            } else {
                Err(err())
            }
        };
        let parsed = match parts.as_slice() {
            [y] => PartialDate::year(number(y, 4)? as i32),
            [y, m] => PartialDate::month(number(y, 4)? as i32, number(m, 2)?),
            [y, m, d] => PartialDate::day(number(y, 4)? as i32, number(m, 2)?, number(d, 2)?),
            _ => None,
        };
        parsed.ok_or_else(err)
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_each_precision_and_round_trips() {
        for text in ["2024", "2024-03", "2024-03-04"] {
            let date: PartialDate = text.parse().unwrap();
            assert_eq!(date.to_string(), text);
        }
        assert_eq!(
            "2024".parse::<PartialDate>().unwrap().precision(),
            Precision::Year
        );
        assert_eq!(
            "2024-03".parse::<PartialDate>().unwrap().precision(),
            Precision::Month
        );
        assert_eq!(
            "2024-03-04".parse::<PartialDate>().unwrap().precision(),
            Precision::Day
        );
    }

    #[test]
    fn refuses_impossible_or_malformed_dates() {
        for text in [
            "",
            "24",
            "2024-13",
            "2024-02-30",
            "2024-3-4",
            "March 2024",
            "2024-03-04T10",
            "abcd",
        ] {
            assert!(text.parse::<PartialDate>().is_err(), "{text} should fail");
        }
    }

    #[test]
    fn period_bounds_follow_precision() {
        let month: PartialDate = "2024-02".parse().unwrap();
        assert_eq!(month.first_day().to_string(), "2024-02-01");
        assert_eq!(month.last_day().to_string(), "2024-02-29");
        let december: PartialDate = "2023-12".parse().unwrap();
        assert_eq!(december.last_day().to_string(), "2023-12-31");
        let year: PartialDate = "2025".parse().unwrap();
        assert_eq!(year.first_day().to_string(), "2025-01-01");
        assert_eq!(year.last_day().to_string(), "2025-12-31");
    }

    #[test]
    fn human_form_never_adds_unknown_parts() {
        assert_eq!(
            "2024-03-04".parse::<PartialDate>().unwrap().human(),
            "4 March 2024"
        );
        assert_eq!(
            "2024-03".parse::<PartialDate>().unwrap().human(),
            "March 2024"
        );
        assert_eq!("2024".parse::<PartialDate>().unwrap().human(), "2024");
    }

    #[test]
    fn ordering_is_chronological() {
        let mut dates: Vec<PartialDate> = ["2025", "2024-03-04", "2024", "2024-04"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        dates.sort();
        let shown: Vec<String> = dates.iter().map(|d| d.to_string()).collect();
        assert_eq!(shown, ["2024", "2024-03-04", "2024-04", "2025"]);
    }
}
