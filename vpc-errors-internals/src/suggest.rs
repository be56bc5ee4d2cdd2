//! The closest names to a misspelt one: the "did you mean" of the macros' diagnostics and
//! of the command-line tool.

/// Up to three candidates closest to `wanted`, best first. Case differences count as half
/// an edit, so `publicipnotfound` finds `PublicipNotFound`. Among equally close
/// candidates the earlier one wins: pass the likeliest first (an operation's own names
/// before the rest of the catalogue's).
pub fn closest<'a, I>(wanted: &str, candidates: I) -> Vec<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let limit = (wanted.chars().count() / 3).max(2) * 2;
    let mut scored: Vec<(usize, usize, &str)> = Vec::new();
    for (order, candidate) in candidates.into_iter().enumerate() {
        if scored.iter().any(|&(_, _, c)| c == candidate) {
            continue;
        }
        let d = distance(wanted, candidate);
        if d <= limit {
            scored.push((d, order, candidate));
        }
    }
    scored.sort_unstable();
    scored.into_iter().take(3).map(|(_, _, c)| c).collect()
}

/// Levenshtein distance in half-edits: 1 for a change of case only, 2 for any other edit.
#[must_use]
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).map(|i| i * 2).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = (i + 1) * 2;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = if ca == cb {
                0
            } else if ca.eq_ignore_ascii_case(&cb) {
                1
            } else {
                2
            };
            current[j + 1] = (previous[j] + substitution)
                .min(previous[j + 1] + 2)
                .min(current[j] + 2);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_prefers_case_and_small_typos() {
        let names = ["PublicipNotFound", "NeutronError", "PortInvalid"];
        assert_eq!(closest("publicipnotfound", names), ["PublicipNotFound"]);
        assert_eq!(closest("NeutronErr", names), ["NeutronError"]);
        assert!(closest("Completely", names).is_empty());
    }

    #[test]
    fn ties_keep_the_order_given() {
        // Both are one edit from `VPC.0100`; the one passed first ranks first.
        assert_eq!(
            closest("VPC.0100", ["VPC.0101", "VPC.0102"]),
            ["VPC.0101", "VPC.0102"]
        );
        assert_eq!(
            closest("VPC.0100", ["VPC.0102", "VPC.0101"]),
            ["VPC.0102", "VPC.0101"]
        );
        assert_eq!(closest("ab", ["ab", "ab"]), ["ab"]);
    }

    #[test]
    fn distance_counts_half_edits_for_case() {
        assert_eq!(distance("abc", "abc"), 0);
        assert_eq!(distance("abc", "aBc"), 1);
        assert_eq!(distance("abc", "abd"), 2);
        assert_eq!(distance("", "ab"), 4);
    }
}
