//! Parsing and defaults of [`Pipeline`].

use super::*;

fn default() -> Pipeline {
    Pipeline::from_passes(&[Pass::Bce, Pass::Hoist, Pass::Inline])
}

fn parse(s: &str) -> Result<String, PassError> {
    Pipeline::parse(s, &default()).map(|p| p.to_string())
}

#[test]
fn lists_replace_the_default() {
    assert_eq!(parse("inline,bce").unwrap(), "inline,bce");
    assert_eq!(parse(" verify , hoist ").unwrap(), "verify,hoist");
    assert_eq!(parse("none").unwrap(), "none");
    assert!(Pipeline::parse("none", &default()).unwrap().is_empty());
}

#[test]
fn edits_apply_to_the_default() {
    assert_eq!(parse("-inline,+verify").unwrap(), "bce,hoist,verify");
    assert_eq!(parse("+inline").unwrap(), "bce,hoist,inline");
    assert_eq!(parse("-bce,-hoist,-inline").unwrap(), "none");
    assert_eq!(parse("none,+verify").unwrap(), "verify");
    assert_eq!(parse("hoist,+verify,-hoist").unwrap(), "verify");
}

#[test]
fn bad_lists_are_typed_errors() {
    let e = parse("bce,inlining").unwrap_err();
    assert_eq!(
        e,
        PassError::Unknown {
            name: "inlining".into(),
            known: "bce, hoist, inline, verify".into()
        }
    );
    assert!(e
        .to_string()
        .contains("known passes: bce, hoist, inline, verify"));
    assert!(matches!(parse("+nope"), Err(PassError::Unknown { .. })));
    assert!(matches!(parse(""), Err(PassError::Empty { .. })));
    assert!(matches!(parse("bce,,hoist"), Err(PassError::Empty { .. })));
    assert!(matches!(parse("bce,bce"), Err(PassError::Duplicate { .. })));
    assert!(matches!(parse("-inline,bce"), Err(PassError::Mixed { .. })));
    assert!(matches!(parse("bce,none"), Err(PassError::Mixed { .. })));
    assert!(matches!(parse("none,bce"), Err(PassError::Mixed { .. })));
    assert!(matches!(parse("BCE"), Err(PassError::Unknown { .. })));
}

#[test]
fn registry_is_consistent() {
    for info in PASSES {
        assert_eq!(info.pass.info().name, info.name);
        assert_eq!(Pass::from_name(info.name), Some(info.pass));
        assert!(!info.description.is_empty());
    }
    assert_eq!(Pipeline::all().passes().len(), PASSES.len());
}

#[test]
fn every_architecture_defaults_to_known_passes() {
    for arch in tailor_cpu::Arch::KNOWN {
        let profile = tailor_cpu::CpuProfile::for_target(Some(arch.name()), None, None)
            .or_else(|_| tailor_cpu::CpuProfile::for_target(Some("riscv64gc"), None, None))
            .unwrap();
        let names = crate::lower::hooks_for(&profile).default_passes(&profile);
        let p = Pipeline::default_for(&profile);
        assert_eq!(p.passes().len(), names.len(), "{arch}: {names:?}");
        assert!(p.contains(Pass::Bce), "{arch}");
    }
}
