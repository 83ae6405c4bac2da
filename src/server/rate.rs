//! `--max-rps`: a token bucket shared by every connection.
//!
//! The bucket holds up to one second of requests (a burst of `rate`) and
//! refills continuously; a request finding it empty is throttled. One mutex
//! around two numbers: held for a few nanoseconds, far below the cost of a
//! request, so it is simpler than a lock-free bucket and as fast here.

use std::sync::Mutex;
use std::time::Instant;

#[derive(Debug)]
pub(crate) struct TokenBucket {
    rate: f64,
    state: Mutex<State>,
}

#[derive(Debug)]
struct State {
    tokens: f64,
    at: Instant,
}

impl TokenBucket {
    /// A full bucket for `rate` requests a second (at least 1).
    pub(crate) fn new(rate: u32, now: Instant) -> Self {
        let rate = f64::from(rate.max(1));
        TokenBucket {
            rate,
            state: Mutex::new(State {
                tokens: rate,
                at: now,
            }),
        }
    }

    /// Takes a token at `now`; false when there is none left.
    pub(crate) fn try_take(&self, now: Instant) -> bool {
        let Ok(mut s) = self.state.lock() else {
            return false;
        };
        let refill = now.saturating_duration_since(s.at).as_secs_f64() * self.rate;
        s.tokens = (s.tokens + refill).min(self.rate);
        s.at = s.at.max(now);
        if s.tokens >= 1.0 {
            s.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_burst_of_rate_then_one_per_interval() {
        let t0 = Instant::now();
        let bucket = TokenBucket::new(4, t0);
        let taken: Vec<bool> = (0..6).map(|_| bucket.try_take(t0)).collect();
        assert_eq!(taken, [true, true, true, true, false, false]);
        // A quarter second refills one token at 4 per second.
        let t1 = t0 + Duration::from_millis(250);
        assert_eq!((bucket.try_take(t1), bucket.try_take(t1)), (true, false));
        // A long pause refills to the burst size, no more.
        let t2 = t1 + Duration::from_secs(60);
        let taken = (0..5).filter(|_| bucket.try_take(t2)).count();
        assert_eq!(taken, 4);
        // A clock reading from before the last one refills nothing.
        assert!(!bucket.try_take(t0));
    }
}
