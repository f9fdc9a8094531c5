//! The seeded generator behind every draw of the day (names, numbers, times), so the same
//! date and desk give the same day on every run.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::DemoDesk;

/// A small xorshift64* generator: the same seed gives the same day.
pub(super) struct Rng(u64);

impl Rng {
    /// Seeded from the date and the desk, so each day differs but every run of it is the same.
    pub(super) fn for_day(date: NaiveDate, desk: DemoDesk) -> Rng {
        let seed = 0x4C4F_4B45_5444_454D_u64
            ^ (date.num_days_from_ce() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ (desk as u64 + 1).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        let mut rng = Rng(seed | 1);
        for _ in 0..8 {
            rng.next();
        }
        rng
    }

    pub(super) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n` > 0).
    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A number in `lo..=hi`.
    pub(super) fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1).max(1) as u64) as i64
    }

    pub(super) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// `lo..=hi` minutes (and some seconds) after `t`.
    pub(super) fn after(&mut self, t: DateTime<Utc>, lo: i64, hi: i64) -> DateTime<Utc> {
        t + Duration::minutes(self.between(lo, hi)) + Duration::seconds(self.below(60) as i64)
    }
}

pub(super) fn shuffle<T>(items: &mut [T], rng: &mut Rng) {
    for i in (1..items.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_repeats_itself_for_the_same_day_and_desk() {
        let date = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let a: Vec<u64> = (0..5)
            .map(|_| Rng::for_day(date, DemoDesk::Pbj).next())
            .collect();
        let mut one = Rng::for_day(date, DemoDesk::Perekonomian);
        let mut two = Rng::for_day(date, DemoDesk::Perekonomian);
        for _ in 0..100 {
            assert_eq!(one.next(), two.next());
        }
        assert_ne!(a[0], Rng::for_day(date, DemoDesk::Perekonomian).next());
    }
}
