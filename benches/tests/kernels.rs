//! Every kernel, run at a tiny size through tailor, returns the checksum its plain-Rust reference
//! computes.

use tailor_bench::{kernel, KERNELS};
use tailor_runtime::{Engine, Instance, Module, Store};

#[test]
fn kernels_match_their_rust_reference_on_tailor() {
    let engine = Engine::default();
    for k in KERNELS {
        let module = Module::new(&engine, k.wat)
            .unwrap_or_else(|e| panic!("{}: module does not compile: {e}", k.name));
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[])
            .unwrap_or_else(|e| panic!("{}: does not instantiate: {e}", k.name));
        let run = instance
            .get_func(&store, "run")
            .unwrap_or_else(|| panic!("{}: no `run` export", k.name))
            .typed::<(i32,), i64, _>(&store)
            .unwrap_or_else(|e| panic!("{}: `run` has the wrong type: {e}", k.name));
        let expected = (k.reference)(k.test_size);
        // Twice: kernels that keep state in memory must reset it on every call.
        for _ in 0..2 {
            let got = run
                .call(&mut store, (k.test_size,))
                .unwrap_or_else(|e| panic!("{}: trapped: {e}", k.name));
            assert_eq!(got, expected, "{}: run({})", k.name, k.test_size);
        }
    }
}

#[test]
fn references_agree_with_known_values() {
    let check = |name: &str, size: i32, want: i64| {
        let k = kernel(name).unwrap();
        assert_eq!((k.reference)(size), want, "{name}({size})");
    };
    check("fib", 20, 6765);
    check("fib", 30, 832_040);
    // pi(32768) = 3512
    check("sieve", 1, 3512);
    check("sieve", 3, 3 * 3512);
    // memsum with no rounds: sum of i * 0x9E3779B1 mod 2^32 over the array
    let zero_rounds: i64 = (0u32..16384)
        .map(|i| i64::from(i.wrapping_mul(0x9E37_79B1)))
        .sum();
    check("memsum", 0, zero_rounds);
    check("indirect", 0, 1);
    // 2x2: A = [[-3, -1], [-2, 0]], B = [[-2, -1], [1, 2]]; A*B = [[5, 1], [4, 2]] sums to 12
    check("matmul", 2, 12.0f64.to_bits() as i64);
}

#[test]
fn kernel_names_match_their_files() {
    for k in KERNELS {
        let path = format!("{}/kernels/{}.wat", env!("CARGO_MANIFEST_DIR"), k.name);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert_eq!(text, k.wat, "{path}");
    }
}
