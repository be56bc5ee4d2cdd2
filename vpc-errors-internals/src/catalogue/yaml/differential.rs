//! Our reader against saphyr-parser (a dev-dependency only): for every catalogue in the
//! repository, a corpus of tricky snippets and random mutations of the catalogue, our
//! tree equals the one saphyr's events give (positions included), and what saphyr
//! refuses we refuse too. We may refuse what saphyr reads only where the catalogue format
//! leaves YAML out.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use saphyr_parser::{Event, Parser, ScalarStyle, Span};

use super::super::diag::Location;
use super::{MarkedYaml, YamlData, load, resolve};

/// What saphyr made of a text.
enum Saphyr<'y> {
    Refused(String),
    /// Read, but with an anchor, alias or tag: nothing a catalogue uses.
    Unused,
    Read(Vec<MarkedYaml<'y>>),
}

/// The tree saphyr's events give, built as the reader before ours did.
fn saphyr(source: &str) -> Saphyr<'_> {
    let mut documents = Vec::new();
    let mut open: Vec<(MarkedYaml<'_>, Option<MarkedYaml<'_>>)> = Vec::new();
    let mut root = None;
    let mut parser = Parser::new_from_str(source);
    while let Some(event) = parser.next_event() {
        let (event, span) = match event {
            Ok(e) => e,
            Err(e) => return Saphyr::Refused(e.info().to_owned()),
        };
        let at = location(span);
        let node = match event {
            Event::DocumentEnd => {
                documents.push(root.take().expect("a document has a root"));
                continue;
            }
            Event::Alias(_) => return Saphyr::Unused,
            Event::MappingStart(anchor, tag) | Event::SequenceStart(anchor, tag)
                if anchor > 0 || tag.is_some() =>
            {
                return Saphyr::Unused;
            }
            Event::Scalar(_, _, anchor, tag) if anchor > 0 || tag.is_some() => {
                return Saphyr::Unused;
            }
            Event::MappingStart(..) => {
                open.push((
                    MarkedYaml {
                        data: YamlData::Mapping(Vec::new()),
                        at,
                    },
                    None,
                ));
                continue;
            }
            Event::SequenceStart(..) => {
                open.push((
                    MarkedYaml {
                        data: YamlData::Sequence(Vec::new()),
                        at,
                    },
                    None,
                ));
                continue;
            }
            Event::MappingEnd | Event::SequenceEnd => open.pop().expect("balanced").0,
            Event::Scalar(text, style, ..) => {
                let data = if style == ScalarStyle::Plain {
                    resolve(text)
                } else {
                    YamlData::String(text)
                };
                MarkedYaml { data, at }
            }
            _ => continue,
        };
        let Some((parent, key)) = open.last_mut() else {
            root = Some(node);
            continue;
        };
        match (&mut parent.data, key.take()) {
            (YamlData::Sequence(items), _) => items.push(node),
            (YamlData::Mapping(_), None) => *key = Some(node),
            (YamlData::Mapping(pairs), Some(k)) => {
                if pairs.iter().any(|(p, _)| p.data.same(&k.data)) {
                    return Saphyr::Refused("duplicated key in mapping".to_owned());
                }
                pairs.push((k, node));
            }
            _ => unreachable!("only collections are open"),
        }
    }
    Saphyr::Read(documents)
}

fn location(span: Span) -> Location {
    Location {
        line: span.start.line(),
        column: span.start.col() + 1,
    }
}

/// Equal values at equal positions, node by node; the first difference otherwise.
fn differ(ours: &MarkedYaml<'_>, theirs: &MarkedYaml<'_>) -> Option<String> {
    if ours.at != theirs.at {
        return Some(format!(
            "at {} we have {:?}, saphyr at {}",
            ours.at, ours.data, theirs.at
        ));
    }
    let children =
        |a: &[(&MarkedYaml<'_>, &MarkedYaml<'_>)]| a.iter().find_map(|(x, y)| differ(x, y));
    match (&ours.data, &theirs.data) {
        (YamlData::Mapping(a), YamlData::Mapping(b)) if a.len() == b.len() => {
            let pairs: Vec<_> = a
                .iter()
                .zip(b)
                .flat_map(|(x, y)| [(&x.0, &y.0), (&x.1, &y.1)])
                .collect();
            children(&pairs)
        }
        (YamlData::Sequence(a), YamlData::Sequence(b)) if a.len() == b.len() => {
            let items: Vec<_> = a.iter().zip(b).collect();
            children(&items)
        }
        (YamlData::Mapping(_) | YamlData::Sequence(_), _) => Some(format!(
            "at {}: we have {:?}, saphyr {:?}",
            ours.at, ours.data, theirs.data
        )),
        (a, b) if a.same(b) => None,
        (a, b) => Some(format!("at {}: we have {a:?}, saphyr {b:?}", ours.at)),
    }
}

/// The differential property for one text; `Err` says how it fails.
fn agrees(source: &str) -> Result<(), String> {
    let ours = load(source);
    match (ours, saphyr(source)) {
        (Ok(ours), Saphyr::Read(theirs)) => {
            if ours.len() != theirs.len() {
                return Err(format!("{} documents, saphyr {}", ours.len(), theirs.len()));
            }
            match ours.iter().zip(&theirs).find_map(|(a, b)| differ(a, b)) {
                Some(difference) => Err(difference),
                None => Ok(()),
            }
        }
        (Ok(_), Saphyr::Refused(why)) => Err(format!("we read what saphyr refuses: {why}")),
        (Ok(_), Saphyr::Unused) => Err("we read an anchor, alias or tag".to_owned()),
        (Err(_), Saphyr::Refused(_) | Saphyr::Unused) => Ok(()),
        // What YAML has and the catalogue format leaves out may be refused.
        (Err(e), Saphyr::Read(_)) if e.message.contains(OUT_OF_SCOPE) => Ok(()),
        (Err(e), Saphyr::Read(_)) => Err(format!(
            "we refuse what saphyr reads: {}: {}",
            e.at, e.message
        )),
    }
}

/// What every refusal of YAML the catalogue format leaves out says.
const OUT_OF_SCOPE: &str = "not part of the catalogue format";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn yaml_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable directory") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            yaml_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            found.push(path);
        }
    }
}

/// Every catalogue in the repository: the bundled one, the test catalogues with the
/// importer's outputs, the UI tests' fixtures and the example server's.
fn catalogues() -> Vec<(PathBuf, String)> {
    let root = workspace();
    let mut paths = vec![
        root.join("catalogue.yaml"),
        root.join("vpc-errors/examples/server/gateway.yaml"),
    ];
    yaml_files(&root.join("tests/catalogues"), &mut paths);
    yaml_files(&root.join("tests/ui/catalogue/fixtures"), &mut paths);
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("readable catalogue");
            (p, text)
        })
        .collect()
}

#[test]
fn every_catalogue_in_the_repository_reads_as_saphyr_reads_it() {
    let catalogues = catalogues();
    assert!(catalogues.len() >= 8, "{catalogues:?}");
    for (path, text) in &catalogues {
        if let Err(e) = agrees(text) {
            panic!("{}: {e}", path.display());
        }
    }
    // The bundled catalogue is read, not refused by both.
    assert!(load(&catalogues[0].1).is_ok());
}

/// Snippets in every construct the catalogue format uses, and the edges around them.
const SNIPPETS: &[&str] = &[
    "",
    "# only a comment\n",
    "---\n",
    "--- # c\na: 1\n...\n",
    "\u{feff}a: 1\n",
    "a: 1\r\nb: 2\r\n",
    "a:\n",
    "a:\nb:\n",
    "a: # c\n  b: 1\n",
    "a:\n- 1\n- 2\nb: 3\n",
    "a:\n  - 1\n  -\n  - - x\n    - y\n",
    "- a: 1\n  b: 2\n- c\n-\n",
    "- - - deep\n",
    "a: b\n  c\n\n  d\n",
    "a: b # c\n",
    "a: b#c\n",
    "a: 'it''s'\n",
    "a: 'one\n  two\n\n  three'\n",
    "a: \"q\\\"b\\\\s\\n\\t\\u00e9\\U0001F600\\x41\\/\\0\\e\\N\\_\\L\\P\\ \"\n",
    "a: \"fold\n  ed  \n\n  lines\"\n",
    "a: \"joined\\\n  here\"\n",
    "a: \"trail   \"\n",
    "\"quoted key\": 1\n'single': 2\n",
    "a: |\n  one\n   two\n\n  three\n\n\nb: 1\n",
    "a: |-\n  x\n\n",
    "a: |+\n  x\n\n\nb: 1\n",
    "a: >\n  one\n  two\n\n  three\n    more\n  four\n",
    "a: >-\n  x\n  y\n",
    "a: >+\n  x\n\n",
    "a: |\n\n  leading\n",
    "a: |\nb: 1\n",
    "a: | # c\n  x\n",
    "- |\n  in a list\n- >\n  folded\n",
    "a: [zh, en]\n",
    "a: { b: c, d: {e: f}, g: [1, 2] }\n",
    "a: [\n  x,\n  y, # c\n  z,\n]\n",
    "a: {b: , c}\n",
    "a: {\"b\":1, 'c': 2}\n",
    "a: [a b, 'c, d', \"e]\"]\n",
    "a: {b: c\n  d}\n",
    "[1, 2]\n",
    "{a: 1}\n",
    "--- [1]\n",
    "--- plain\n",
    "a: 1\n---\nb: 2\n",
    "a: 1\n...\n",
    "null: ~\ntrue: false\n1: 2\n",
    "a: [null, Null, NULL, ~, true, True, TRUE, false, 0, -0, +1, 0x1f, 0o17, 0x, 1e3, 1.5e-3, .5, -.inf, .NaN, .nan, inf, nan, 1_000, 0b1, 9223372036854775808]\n",
    "a: -x\nb: :x\nc: ?x\nd: x:y\ne: x-\n",
    "a: http://example.com/x?y=1#z\n",
    "a: 中文\n中文: a\n",
    "a: { name: \"A\" ]\n",
    "a: [1, 2\n",
    "a: 'open\n",
    "a: \"open\n",
    "a: b: c\n",
    "a: - b\n",
    "a: 1\n b: 2\n",
    "a: 1\na: 2\n",
    "a: {b: 1, b: 2}\n",
    "- a\nb: 1\n",
    "a:\n  b: 1\n c: 2\n",
    "a: [b]]\n",
    "a: \"x\" y\n",
    "a: \"\\q\"\n",
    "a: \"\\u12\"\n",
    "a: \"\\UFFFFFFFF\"\n",
    "a: |\n  x\n y\n",
    "a: |\n    \n  x\n",
    "a: |x\n",
    "a: >\n  a\n\n\n  b\n",
    "key: value\n# trailing comment",
    "a:\n  b:\n    c:\n      d: [e, {f: g}]\n",
    "a: [x,\ny]\n",
    "- [x,\n y]\n",
    "a: 'x'\n  # comment\nb: 1\n",
    "a:\n\n\n  b: 1\n",
    "a: b\n\n\n",
    "a: -1\nb: - 1\n",
    "a: [-1, - 1]\n",
    "[a, , b]\n",
    "[,]\n",
    "{a: 1,}\n",
    "a:    \n  - x\n",
    "--- |\n  text\n",
    "--- >\n text\n",
    "...\n",
    "a: ...\n",
    "a: ---\n",
    "a: b\n---\n",
    "- a\n---\n- b\n",
    "a: 1 # c\n# c\n  # c\nb: 2\n",
    "a: 'x' # c\n",
    "a: [1 # c\n, 2]\n",
    "a: '#not'\nb: x # yes\n",
    "- a\nb\n",
    "k:\n  - a\n  b\n",
    "k:\n  n: a\n  b\n",
    "k:\n  n: a\n   b\n",
    "  a: [\nx]\n",
    "  a: [\n  x]\n",
    "a: {b, c: }\n",
    "- \"x\n y\"\n",
    "- \"x\ny\"\n",
    "k:\n  - 'x\n  y'\n",
    "k:\n  - 'x\n y'\n",
    "k:\n  n: 'x\n   y'\n",
    "a: |\n\n\nb: 1\n",
    "a: >\n",
    "a: |+\n\n",
];

#[test]
fn tricky_snippets_read_as_saphyr_reads_them() {
    let mut failures = Vec::new();
    for snippet in SNIPPETS {
        if let Err(e) = agrees(snippet) {
            failures.push(format!("{snippet:?}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Generated snippets: every scalar form as a mapping value, a list item and a flow
/// item, at two depths.
#[test]
fn generated_snippets_read_as_saphyr_reads_them() {
    let values = [
        "plain",
        "two words",
        "'single'",
        "'it''s'",
        "\"dq\\tx\\u00e9\"",
        "\"a\\\\b\"",
        "12",
        "-3",
        "0x1A",
        "1.5",
        ".inf",
        "~",
        "true",
        "\"\"",
        "''",
        "x # c",
        "a:b",
        "-a",
        "\"multi\n  line\"",
        "'multi\n\n  line'",
    ];
    let mut failures = Vec::new();
    for value in values {
        for text in [
            format!("k: {value}\n"),
            format!("- {value}\n"),
            format!("k:\n  n: {value}\n  m: 1\n"),
            format!("k:\n  - {value}\n  - 1\n"),
            format!("k: [{value}, 1]\n"),
            format!("k: {{ n: {value}, m: [{value}] }}\n"),
        ] {
            if let Err(e) = agrees(&text) {
                failures.push(format!("{text:?}: {e}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A small deterministic generator (xorshift), so a failure reproduces.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n).expect("small")).expect("below n")
    }
}

/// Random byte mutations of windows of the catalogue: never a panic, and either
/// saphyr's tree or an error.
#[test]
fn mutated_catalogues_read_as_saphyr_reads_them_or_are_refused() {
    let catalogue = std::fs::read_to_string(workspace().join("catalogue.yaml")).unwrap();
    let lines: Vec<&str> = catalogue.lines().collect();
    let alphabet = b" \n\t-:#'\"\\[]{},|>!&*?%@`.0x~a\r";
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let mut failures = Vec::new();
    for _ in 0..5000 {
        let start = random.below(lines.len());
        let end = (start + 1 + random.below(30)).min(lines.len());
        let mut bytes = lines[start..end].join("\n").into_bytes();
        bytes.push(b'\n');
        for _ in 0..=random.below(3) {
            let at = random.below(bytes.len());
            let byte = alphabet[random.below(alphabet.len())];
            match random.below(3) {
                0 => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                _ => {
                    bytes.remove(at);
                }
            }
        }
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        if let Err(e) = agrees(&text) {
            failures.push(format!("{text:?}: {e}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn cow_is_owned_or_borrowed_alike() {
    let text: Cow<'_, str> = Cow::Borrowed("x");
    assert!(matches!(resolve(text), YamlData::String(_)));
}
