//! The per-user question limit: at most N questions in any sliding minute.
//!
//! A person who asks faster gets a polite note with the wait, not an answer, so one eager user
//! cannot starve everyone else of the engine. Pure (time is passed in), so it is unit-tested.

use std::collections::{HashMap, HashSet, VecDeque};
use std::time::{Duration, Instant};

const WINDOW: Duration = Duration::from_secs(60);
/// Forget idle users once this many are tracked, so the map cannot grow without bound.
const PRUNE_AT: usize = 10_000;

/// Sliding-window counters, one per user id.
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: u32,
    recent: HashMap<u64, VecDeque<Instant>>,
    /// Users refused since their last allowed action who were already told so.
    told: HashSet<u64>,
}

impl RateLimiter {
    /// `per_minute` of 0 turns the limit off.
    pub fn new(per_minute: u32) -> RateLimiter {
        RateLimiter {
            per_minute,
            recent: HashMap::new(),
            told: HashSet::new(),
        }
    }

    pub fn per_minute(&self) -> u32 {
        self.per_minute
    }

    /// Counts a question by `user` at `now`, or says how long until one is allowed.
    pub fn check(&mut self, user: u64, now: Instant) -> Result<(), Duration> {
        if self.per_minute == 0 {
            return Ok(());
        }
        if self.recent.len() >= PRUNE_AT {
            self.recent.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|&last| now.saturating_duration_since(last) < WINDOW)
            });
            let recent = &self.recent;
            self.told.retain(|user| recent.contains_key(user));
        }
        let times = self.recent.entry(user).or_default();
        while times
            .front()
            .is_some_and(|&t| now.saturating_duration_since(t) >= WINDOW)
        {
            times.pop_front();
        }
        if times.len() >= self.per_minute as usize {
            let oldest = *times.front().expect("non-empty when over the limit");
            return Err(WINDOW.saturating_sub(now.saturating_duration_since(oldest)));
        }
        times.push_back(now);
        self.told.remove(&user);
        Ok(())
    }

    /// Whether `user`, just refused, has not been told yet since their last allowed action.
    /// A note in a channel is a message of its own: one per run of refusals, so someone (or a
    /// script) flooding a channel with mentions cannot make the bot flood it with notes.
    pub fn first_refusal(&mut self, user: u64) -> bool {
        self.told.insert(user)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_n_a_minute_per_user_then_says_how_long_to_wait() {
        let mut limiter = RateLimiter::new(2);
        let t0 = Instant::now();
        assert!(limiter.check(1, t0).is_ok());
        assert!(limiter.check(1, t0 + Duration::from_secs(10)).is_ok());
        let wait = limiter.check(1, t0 + Duration::from_secs(20)).unwrap_err();
        assert_eq!(wait, Duration::from_secs(40));
        // Someone else is not affected.
        assert!(limiter.check(2, t0 + Duration::from_secs(20)).is_ok());
        // Once the first question leaves the window, one more is allowed.
        assert!(limiter.check(1, t0 + Duration::from_secs(60)).is_ok());
        assert!(limiter.check(1, t0 + Duration::from_secs(61)).is_err());
    }

    #[test]
    fn zero_turns_the_limit_off() {
        let mut limiter = RateLimiter::new(0);
        let now = Instant::now();
        for _ in 0..1000 {
            assert!(limiter.check(7, now).is_ok());
        }
    }

    #[test]
    fn refused_questions_do_not_count() {
        let mut limiter = RateLimiter::new(1);
        let t0 = Instant::now();
        limiter.check(1, t0).unwrap();
        for s in 1..59 {
            assert!(limiter.check(1, t0 + Duration::from_secs(s)).is_err());
        }
        assert!(limiter.check(1, t0 + Duration::from_secs(60)).is_ok());
    }

    #[test]
    fn a_run_of_refusals_is_told_once() {
        let mut limiter = RateLimiter::new(1);
        let t0 = Instant::now();
        limiter.check(1, t0).unwrap();
        assert!(limiter.check(1, t0).is_err());
        assert!(limiter.first_refusal(1));
        assert!(limiter.check(1, t0).is_err());
        assert!(!limiter.first_refusal(1));
        assert!(limiter.first_refusal(2), "another person is told");
        // Once allowed again, the next refusal is told again.
        limiter.check(1, t0 + WINDOW).unwrap();
        assert!(limiter.check(1, t0 + WINDOW).is_err());
        assert!(limiter.first_refusal(1));
    }
}
