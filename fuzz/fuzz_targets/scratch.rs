//! A folder of this process's own for the files a target writes.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The folder, made on first use: in memory where there is a /dev/shm, since the target is
/// nines, not the disk.
pub fn folder() -> &'static PathBuf {
    static FOLDER: OnceLock<PathBuf> = OnceLock::new();
    FOLDER.get_or_init(|| {
        let shm = Path::new("/dev/shm");
        let base = if shm.is_dir() { shm.to_owned() } else { std::env::temp_dir() };
        let folder = base.join(format!("nines-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&folder).expect("a scratch folder");
        folder
    })
}
