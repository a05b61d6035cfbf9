//! Prints the interpreter code of every function of a module: `cargo run -p tailor-interp --example disas FILE`.

fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let m = std::sync::Arc::new(tailor_module::Module::new(&bytes).unwrap());
    let code = tailor_interp::ModuleCode::new(m.clone());
    for i in 0..m.bodies.len() as u32 {
        println!(
            "func {}:\n{}",
            i + m.num_imported_funcs,
            code.disassemble(i)
        );
    }
}
