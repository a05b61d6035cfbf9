//! Floating-point helpers that code generated for CPUs without the matching instruction calls
//! (Cranelift lowers `ceil`/`floor`/`trunc`/`nearest` to calls on x86-64 without SSE4.1, and `fma`
//! to a call without FMA). Compiled code refers to them by name; the loader resolves each name here.

/// A NaN made quiet (wasm requires rounding a signalling NaN to give a quiet one); other values as is.
fn quiet_f32(x: f32) -> f32 {
    if x.is_nan() {
        f32::from_bits(x.to_bits() | 0x0040_0000)
    } else {
        x
    }
}

/// As [`quiet_f32`].
fn quiet_f64(x: f64) -> f64 {
    if x.is_nan() {
        f64::from_bits(x.to_bits() | 0x0008_0000_0000_0000)
    } else {
        x
    }
}

/// Defines `NAME_f32`/`NAME_f64` helpers that round like `METHOD` after quieting a NaN.
macro_rules! rounding_helpers {
    ($( $op:literal $f32:ident $f64:ident $method:ident; )*) => {
        $(
            #[doc = concat!("`f32.", $op, "`.")]
            pub extern "C" fn $f32(x: f32) -> f32 {
                quiet_f32(x).$method()
            }
            #[doc = concat!("`f64.", $op, "`.")]
            pub extern "C" fn $f64(x: f64) -> f64 {
                quiet_f64(x).$method()
            }
        )*
    };
}
rounding_helpers! {
    "ceil" ceil_f32 ceil_f64 ceil;
    "floor" floor_f32 floor_f64 floor;
    "trunc" trunc_f32 trunc_f64 trunc;
    "nearest" nearest_f32 nearest_f64 round_ties_even;
}

/// Fused multiply-add, single precision.
pub extern "C" fn fma_f32(a: f32, b: f32, c: f32) -> f32 {
    a.mul_add(b, c)
}
/// Fused multiply-add, double precision.
pub extern "C" fn fma_f64(a: f64, b: f64, c: f64) -> f64 {
    a.mul_add(b, c)
}

/// The address of the helper called `name` (as the compiler records it), if there is one.
pub fn address(name: &str) -> Option<usize> {
    let f: usize = match name {
        "ceil_f32" => ceil_f32 as *const () as usize,
        "ceil_f64" => ceil_f64 as *const () as usize,
        "floor_f32" => floor_f32 as *const () as usize,
        "floor_f64" => floor_f64 as *const () as usize,
        "trunc_f32" => trunc_f32 as *const () as usize,
        "trunc_f64" => trunc_f64 as *const () as usize,
        "nearest_f32" => nearest_f32 as *const () as usize,
        "nearest_f64" => nearest_f64 as *const () as usize,
        "fma_f32" => fma_f32 as *const () as usize,
        "fma_f64" => fma_f64 as *const () as usize,
        other => return crate::arch::float_libcall_address(other),
    };
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signalling_nans_come_back_quiet() {
        let snan = f32::from_bits(0x7fa0_0000);
        assert_eq!(ceil_f32(snan).to_bits(), 0x7fe0_0000);
        assert_eq!(nearest_f32(snan).to_bits(), 0x7fe0_0000);
        let snan = f64::from_bits(0x7ff4_0000_0000_0000);
        assert_eq!(floor_f64(snan).to_bits(), 0x7ffc_0000_0000_0000);
        assert_eq!(nearest_f64(2.5), 2.0);
        assert_eq!(trunc_f32(-1.5), -1.0);
    }
}
