//! The satisfaction survey index (Indeks Kepuasan Masyarakat, SKM) as PermenPAN-RB 14/2017
//! defines it: nine elements answered 1–4, the average of each element (NRR), the index as
//! the weighted sum of the averages, the unit's score (index × 25) and its grade A–D.
//!
//! The regulation weighs each of the nine elements by 1/9 and rounds that weight to 0.111;
//! Loket follows the regulation's worked practice and uses 0.111.

use serde::Serialize;

/// The nine elements (unsur) of the survey, in the regulation's order.
pub const ELEMENTS: [&str; 9] = [
    "Persyaratan",
    "Sistem, mekanisme, dan prosedur",
    "Waktu penyelesaian",
    "Biaya/tarif",
    "Produk spesifikasi jenis pelayanan",
    "Kompetensi pelaksana",
    "Perilaku pelaksana",
    "Penanganan pengaduan, saran dan masukan",
    "Sarana dan prasarana",
];

/// The weight of each element: 1/9 as the regulation rounds it.
pub const WEIGHT: f64 = 0.111;

/// One respondent's answers, U1–U9, each 1 (tidak puas) to 4 (sangat puas).
pub type Answers = [u8; 9];

/// The service quality grade (mutu pelayanan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Grade {
    A,
    B,
    C,
    D,
}

impl Grade {
    /// The grade's meaning (kinerja unit pelayanan).
    pub fn label(self) -> &'static str {
        match self {
            Grade::A => "Sangat baik",
            Grade::B => "Baik",
            Grade::C => "Kurang baik",
            Grade::D => "Tidak baik",
        }
    }
}

/// The survey of a period, a service or a bagian, computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Index {
    pub respondents: usize,
    /// The average answer per element (NRR per unsur).
    pub nrr: [f64; 9],
    /// The weighted sum of the averages (1–4 scale).
    pub index: f64,
    /// The index × 25, rounded to two decimals (25–100 scale).
    pub score: f64,
    pub grade: Grade,
}

/// Why answers cannot be counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SurveyError {
    /// No respondent: there is no index.
    Empty,
    /// An answer outside 1–4, with the respondent (0-based) and the element (1-based).
    OutOfRange {
        respondent: usize,
        element: usize,
        value: u8,
    },
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The grade of a score (already rounded to two decimals): 88.31–100 A, 76.61–88.30 B,
/// 65.00–76.60 C, 25.00–64.99 D.
pub fn grade(score: f64) -> Grade {
    let s = round2(score);
    if s >= 88.31 {
        Grade::A
    } else if s >= 76.61 {
        Grade::B
    } else if s >= 65.0 {
        Grade::C
    } else {
        Grade::D
    }
}

/// Computes the index of a set of answers.
pub fn compute(answers: &[Answers]) -> Result<Index, SurveyError> {
    if answers.is_empty() {
        return Err(SurveyError::Empty);
    }
    let mut sums = [0u64; 9];
    for (respondent, a) in answers.iter().enumerate() {
        for (i, &value) in a.iter().enumerate() {
            if !(1..=4).contains(&value) {
                return Err(SurveyError::OutOfRange {
                    respondent,
                    element: i + 1,
                    value,
                });
            }
            sums[i] += u64::from(value);
        }
    }
    let n = answers.len() as f64;
    let nrr = sums.map(|s| s as f64 / n);
    let index = nrr.iter().map(|v| v * WEIGHT).sum::<f64>();
    let score = round2(index * 25.0);
    Ok(Index {
        respondents: answers.len(),
        nrr,
        index,
        score,
        grade: grade(score),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Five respondents, computed by hand:
    /// NRR = 3.6, 3.2, 2.8, 4.0, 3.2, 3.4, 3.8, 2.8, 3.0 (sum 29.8);
    /// index = 29.8 × 0.111 = 3.3078; score = 3.3078 × 25 = 82.695 → 82.70 → B (baik).
    #[test]
    fn a_worked_example_computed_by_hand() {
        let answers: [Answers; 5] = [
            [4, 3, 3, 4, 3, 4, 4, 3, 3],
            [3, 3, 2, 4, 3, 3, 4, 3, 3],
            [4, 3, 3, 4, 4, 3, 3, 3, 3],
            [3, 4, 3, 4, 3, 3, 4, 3, 3],
            [4, 3, 3, 4, 3, 4, 4, 2, 3],
        ];
        let r = compute(&answers).unwrap();
        let expected = [3.6, 3.2, 2.8, 4.0, 3.2, 3.4, 3.8, 2.8, 3.0];
        for (got, want) in r.nrr.iter().zip(expected) {
            assert!((got - want).abs() < 1e-9, "{got} vs {want}");
        }
        assert!((r.index - 3.3078).abs() < 1e-9, "{}", r.index);
        assert_eq!(r.score, 82.70);
        assert_eq!(r.grade, Grade::B);
        assert_eq!(r.grade.label(), "Baik");
    }

    #[test]
    fn the_grade_boundaries_of_the_regulation() {
        let cases = [
            (25.00, Grade::D),
            (64.99, Grade::D),
            (65.00, Grade::C),
            (76.60, Grade::C),
            (76.61, Grade::B),
            (88.30, Grade::B),
            (88.31, Grade::A),
            (100.0, Grade::A),
            // A score is graded as rounded to two decimals.
            (76.605, Grade::B),
            (64.994, Grade::D),
        ];
        for (score, g) in cases {
            assert_eq!(grade(score), g, "{score}");
        }
    }

    #[test]
    fn everyone_very_satisfied_scores_just_under_100_with_the_rounded_weight() {
        let r = compute(&[[4; 9], [4; 9]]).unwrap();
        assert_eq!(r.score, 99.9);
        assert_eq!(r.grade, Grade::A);
        let r = compute(&[[1; 9]]).unwrap();
        assert_eq!(r.score, 24.98);
        assert_eq!(r.grade, Grade::D);
    }

    #[test]
    fn answers_outside_one_to_four_and_no_answers_are_refused() {
        assert_eq!(compute(&[]), Err(SurveyError::Empty));
        assert_eq!(
            compute(&[[4; 9], [4, 4, 5, 4, 4, 4, 4, 4, 4]]),
            Err(SurveyError::OutOfRange {
                respondent: 1,
                element: 3,
                value: 5
            })
        );
        assert!(compute(&[[0; 9]]).is_err());
    }
}
