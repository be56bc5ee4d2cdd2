//! Instructions per operation, for a figure that does not depend on what else the
//! machine is doing: runs one case of the timed benchmarks `N` times, to be counted by
//! `valgrind --tool=callgrind` (`scripts/bench-instructions.sh` does it for every case and
//! prints the table). Instructions are not time: an allocation or a cache miss costs more
//! than its count says, so the timed benchmarks stay the figures of record.
//!
//! `instructions CASE N`; `instructions --list` names the cases. Under `cargo bench` (no
//! case) it does nothing.

use std::hint::black_box;

#[path = "cases/decode.rs"]
mod decode;
#[path = "cases/registry.rs"]
mod registry;
#[path = "cases/responses.rs"]
mod responses;
#[path = "cases/shapes.rs"]
mod shapes;

/// A case: its name (`group/bench`, as the timed benchmarks name it) and one iteration.
type Case = (&'static str, Box<dyn Fn()>);

/// Every case.
fn cases() -> Vec<Case> {
    // Built once and kept for the whole run, as a server keeps its map.
    let queries: &'static _ = Box::leak(Box::new(registry::queries()));
    let maps: &'static _ = Box::leak(Box::new(registry::maps()));
    let bundled: Vec<Case> = vec![
        (
            "static_response/ours_axum_into_response",
            Box::new(|| drop(black_box(responses::static_ours_axum()))),
        ),
        (
            "static_response/ours_http_to_http_response",
            Box::new(|| drop(black_box(responses::static_ours_http()))),
        ),
        (
            "static_response/baseline_json_macro",
            Box::new(|| drop(black_box(responses::static_baseline_json_macro()))),
        ),
        (
            "static_response/baseline_serde_struct",
            Box::new(|| drop(black_box(responses::static_baseline_serde_struct()))),
        ),
        (
            "static_response/floor_hand_built",
            Box::new(|| drop(black_box(responses::static_floor()))),
        ),
        (
            "templated_response/ours_axum_into_response",
            Box::new(|| drop(black_box(responses::templated_ours_axum()))),
        ),
        (
            "templated_response/ours_http_to_response",
            Box::new(|| drop(black_box(responses::templated_ours_http()))),
        ),
        (
            "templated_response/baseline_format_json_macro",
            Box::new(|| drop(black_box(responses::templated_baseline_json_macro()))),
        ),
        (
            "templated_response/baseline_format_serde_struct",
            Box::new(|| drop(black_box(responses::templated_baseline_serde_struct()))),
        ),
        (
            "registry_by_code/ours_by_code",
            Box::new(|| registry::by_code_ours(queries)),
        ),
        (
            "registry_by_code/baseline_hashmap",
            Box::new(|| registry::by_code_baseline(queries, maps)),
        ),
        (
            "registry_by_code/ours_by_code_other_catalogue",
            Box::new(|| registry::by_code_ours_searched(queries)),
        ),
        (
            "registry_by_operation_code/ours_lookup",
            Box::new(|| registry::lookup_ours(queries)),
        ),
        (
            "registry_by_operation_code/baseline_hashmap",
            Box::new(|| registry::lookup_baseline(queries, maps)),
        ),
        (
            "decode_static/ours_decode",
            Box::new(|| drop(black_box(decode::static_ours()))),
        ),
        (
            "decode_static/baseline_from_slice",
            Box::new(|| drop(black_box(decode::baseline(decode::STATIC_BODY)))),
        ),
        (
            "decode_static_spaced/ours_decode",
            Box::new(|| drop(black_box(decode::static_spaced_ours()))),
        ),
        (
            "decode_static_spaced/baseline_from_slice",
            Box::new(|| drop(black_box(decode::baseline(decode::STATIC_BODY_SPACED)))),
        ),
        (
            "decode_templated/ours_decode",
            Box::new(|| drop(black_box(decode::templated_ours()))),
        ),
        (
            "decode_templated/baseline_from_slice",
            Box::new(|| drop(black_box(decode::baseline(decode::TEMPLATED_BODY)))),
        ),
    ];
    bundled.into_iter().chain(other_shape_cases()).collect()
}

/// The cases of the other body shapes, beside the bundled catalogue's.
fn other_shape_cases() -> Vec<Case> {
    vec![
        (
            "other_shapes/ours_nested_static_axum",
            Box::new(|| drop(black_box(shapes::nested_static_axum()))),
        ),
        (
            "other_shapes/ours_nested_templated_http",
            Box::new(|| drop(black_box(shapes::nested_templated_http()))),
        ),
        (
            "other_shapes/ours_error_code_static_request_id_http",
            Box::new(|| drop(black_box(shapes::error_code_static_with_request_id()))),
        ),
        (
            "other_shapes/ours_decode_nested",
            Box::new(|| drop(black_box(shapes::decode_nested()))),
        ),
        (
            "other_shapes/ours_decode_error_code",
            Box::new(|| drop(black_box(shapes::decode_error_code()))),
        ),
    ]
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let cases = cases();
    match args.as_slice() {
        [flag] if flag == "--list" => {
            for (name, _) in &cases {
                println!("{name}");
            }
        }
        [name, n] if !name.starts_with('-') => {
            let n: u64 = n.parse().expect("N: a number of iterations");
            let (_, run) = cases
                .iter()
                .find(|(case, _)| case == name)
                .unwrap_or_else(|| panic!("no case {name:?}; --list names them"));
            for _ in 0..n {
                run();
            }
        }
        // `cargo bench` passes `--bench` and perhaps a filter: nothing to time here.
        _ => {}
    }
}
