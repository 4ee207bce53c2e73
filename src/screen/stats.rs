//! The few distributions the screen needs: Poisson and binomial upper tails (through
//! `puruspe`'s regularized incomplete gamma and beta), the binomial's probabilities, Holm's
//! step-down adjustment, and the Monte-Carlo p-value.

/// P(X ≥ k) for X ~ Poisson(λ).
pub fn poisson_at_least(k: u64, lambda: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if lambda <= 0.0 {
        return 0.0;
    }
    // P(X ≥ k) = P(k, λ), the regularized lower incomplete gamma function.
    puruspe::gammp(k as f64, lambda).clamp(0.0, 1.0)
}

/// P(X ≥ k) for X ~ Binomial(n, p).
pub fn binomial_at_least(k: u64, n: u64, p: f64) -> f64 {
    if k == 0 {
        return 1.0;
    }
    if k > n || p <= 0.0 {
        return 0.0;
    }
    if p >= 1.0 {
        return 1.0;
    }
    // P(X ≥ k) = I_p(k, n − k + 1), the regularized incomplete beta function.
    puruspe::betai(k as f64, (n - k + 1) as f64, p).clamp(0.0, 1.0)
}

/// Holm's step-down adjustment of `p` (family-wise error over all of them), in their order.
pub fn holm(p: &[f64]) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut out = vec![1.0; m];
    let mut running: f64 = 0.0;
    for (rank, &i) in order.iter().enumerate() {
        let adjusted = ((m - rank) as f64 * p[i]).min(1.0);
        running = running.max(adjusted);
        out[i] = running;
    }
    out
}

/// The Monte-Carlo p-value of an observed statistic against `draws` from its null
/// distribution (larger is more extreme): (1 + draws at least as large) / (1 + draws).
pub fn monte_carlo(observed: f64, draws: &[f64]) -> f64 {
    let above = draws.iter().filter(|&&d| d >= observed).count();
    (1 + above) as f64 / (1 + draws.len()) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tails_match_known_values() {
        // Poisson(2): P(X ≥ 3) = 1 − e⁻²(1 + 2 + 2) = 0.3233.
        assert!((poisson_at_least(3, 2.0) - 0.323_323_6).abs() < 1e-6);
        // Binomial(10, 0.5): P(X ≥ 8) = 56/1024.
        assert!((binomial_at_least(8, 10, 0.5) - 56.0 / 1024.0).abs() < 1e-9);
        assert_eq!(poisson_at_least(0, 0.0), 1.0);
        assert_eq!(poisson_at_least(1, 0.0), 0.0);
    }

    #[test]
    fn holm_steps_down_and_stays_monotone() {
        let adjusted = holm(&[0.01, 0.04, 0.03, 0.5]);
        assert_eq!(adjusted, vec![0.04, 0.09, 0.09, 0.5]);
        assert_eq!(monte_carlo(5.0, &[1.0, 2.0, 6.0]), 0.5);
    }
}

/// The binomial(n, p) probabilities over the values that hold all but a negligible share of
/// them (ten standard deviations either side): the first value, and each value's probability.
pub fn binomial_window(n: u32, p: f64) -> (u32, Vec<f64>) {
    if p <= 0.0 {
        return (0, vec![1.0]);
    }
    if p >= 1.0 {
        return (n, vec![1.0]);
    }
    let nf = f64::from(n);
    let sd = (nf * p * (1.0 - p)).sqrt();
    let lo = (nf * p - 10.0 * sd - 2.0).floor().max(0.0) as u32;
    let hi = (nf * p + 10.0 * sd + 2.0).ceil().min(nf) as u32;
    let mode = (((nf + 1.0) * p).floor() as u32).clamp(lo, hi);
    let ln = |v: u32| {
        let v = f64::from(v);
        puruspe::ln_gamma(nf + 1.0) - puruspe::ln_gamma(v + 1.0) - puruspe::ln_gamma(nf - v + 1.0)
            + v * p.ln()
            + (nf - v) * (1.0 - p).ln()
    };
    let mut out = vec![0.0; (hi - lo + 1) as usize];
    let at = |v: u32| (v - lo) as usize;
    out[at(mode)] = ln(mode).exp();
    let ratio = p / (1.0 - p);
    for v in mode..hi {
        out[at(v + 1)] = out[at(v)] * f64::from(n - v) / f64::from(v + 1) * ratio;
    }
    for v in (lo + 1..=mode).rev() {
        out[at(v - 1)] = out[at(v)] * f64::from(v) / f64::from(n - v + 1) / ratio;
    }
    (lo, out)
}

#[cfg(test)]
mod window_tests {
    use super::binomial_window;

    #[test]
    fn the_window_holds_the_binomial() {
        let (lo, p) = binomial_window(10, 0.5);
        assert_eq!(lo, 0);
        assert!((p[5] - 252.0 / 1024.0).abs() < 1e-9, "{}", p[5]);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        let (lo, p) = binomial_window(600, 0.37);
        assert!(lo > 100);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        assert_eq!(binomial_window(600, 0.0), (0, vec![1.0]));
        assert_eq!(binomial_window(600, 1.0), (600, vec![1.0]));
    }
}
