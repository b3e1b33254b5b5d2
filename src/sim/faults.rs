//! Randomness for fault injection (the faults themselves are set in the
//! scenario's `SimCluster.faults`).

/// A small deterministic generator (xorshift64*), so fault injection is
/// reproducible from a seed.
#[derive(Debug, Clone)]
pub struct Dice(u64);

impl Dice {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    /// A number in [0, 1).
    pub fn roll(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let v = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D);
        (v >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dice_rate_is_about_right() {
        let mut d = Dice::new(42);
        let hits = (0..10_000).filter(|_| d.roll() < 0.25).count();
        assert!((2_200..2_800).contains(&hits), "{hits}");
    }
}
