//! Problems found in a catalogue, collected rather than returned one at a time.
//!
//! Like `serde_derive`'s `Ctxt`, every phase keeps going after a problem so that one read
//! reports all of them, each at its line and column.

/// A 1-based line and column in the catalogue file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Location {
    /// 1-based.
    pub line: usize,
    /// 1-based.
    pub column: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// One problem in the catalogue: where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where.
    pub at: Location,
    /// What is wrong, and the fix when there is one.
    pub message: String,
}

/// `12:9: unknown key …`: where, then what.
impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// Every problem found so far in one catalogue file.
#[derive(Debug, Default)]
pub struct Problems {
    list: Vec<Problem>,
}

impl Problems {
    pub fn push(&mut self, at: Location, message: impl Into<String>) {
        self.list.push(Problem {
            at,
            message: message.into(),
        });
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The problems in file order, so the output reads top to bottom like the file.
    pub fn into_sorted(mut self) -> Vec<Problem> {
        self.list.sort_by_key(|p| p.at);
        self.list.dedup();
        self.list
    }
}

/// `a`, `a or b`, `a, b or c`, each in backticks: how a suggestion list reads in a message.
pub fn one_of(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("`{i}`")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// ` (did you mean `x`?)` when there is something close, or nothing.
pub fn did_you_mean(suggestions: &[&str]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", one_of(suggestions))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_of_reads_like_english() {
        assert_eq!(one_of(&["a"]), "`a`");
        assert_eq!(one_of(&["a", "b", "c"]), "`a`, `b` or `c`");
        assert_eq!(did_you_mean(&[]), "");
    }

    #[test]
    fn problems_come_out_in_file_order_once() {
        let mut p = Problems::default();
        p.push(Location { line: 9, column: 3 }, "late");
        p.push(Location { line: 2, column: 1 }, "early");
        p.push(Location { line: 2, column: 1 }, "early");
        let sorted = p.into_sorted();
        assert_eq!(sorted.len(), 2);
        assert_eq!(sorted[0].message, "early");
    }
}
