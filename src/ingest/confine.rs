//! Untrusted corpora: confine every input path to the corpus folder and validate every id.
//!
//! A corpus may come from a colleague or a scraper, so nothing in it is trusted:
//!
//! - **Paths.** A manifest `file` (or a file found in a plain folder) is resolved against the
//!   corpus folder *after following symlinks* ([`confine`]); when the real path is not inside
//!   the corpus folder's real path the file is refused with an error-severity problem
//!   `outside_corpus` (absolute paths, `../` traversal and symlinks out are all caught by the one
//!   check). `--allow-outside-corpus` lifts the check for the rare legitimate case.
//! - **File types.** Only regular files are read. FIFOs, sockets and devices are refused
//!   (`special_file`) *before* they are opened, and the file is then opened non-blocking and
//!   checked again on the open handle ([`open_regular`]), so a file swapped for a FIFO between
//!   the check and the open cannot block the run. Reads stop one byte after the size limit, so a
//!   file that grows while it is read cannot exhaust memory.
//! - **Ids.** Document ids and report names become file names, so they must be plain names
//!   ([`check_id`]): 1–[`MAX_ID_CHARS`] characters, each a Unicode letter or digit or one of
//!   `_ - .`, not starting with `.` or `-`, and never containing `..`. A manifest id that breaks
//!   the rule is an input problem `bad_id` (the row is skipped); a file name in a plain folder is
//!   turned into a valid id ([`sanitize_id`]) with the warning `id_sanitized`.

use std::fs::File;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Longest id or report name, in characters.
pub const MAX_ID_CHARS: usize = 100;

/// Why an id or report name is refused (the message says which rule it breaks).
pub fn check_id(id: &str) -> Result<(), String> {
    let n = id.chars().count();
    if n == 0 {
        return Err("is empty".into());
    }
    if n > MAX_ID_CHARS {
        return Err(format!("is {n} characters long (at most {MAX_ID_CHARS})"));
    }
    if let Some(c) = id.chars().find(|c| !is_id_char(*c)) {
        return Err(format!(
            "contains {} (allowed: letters, digits, `_`, `-`, `.`)",
            if c.is_control() || c.is_whitespace() {
                format!("the character U+{:04X}", c as u32)
            } else {
                format!("`{c}`")
            }
        ));
    }
    if id.starts_with('.') || id.starts_with('-') {
        return Err("starts with `.` or `-`".into());
    }
    if id.contains("..") {
        return Err("contains `..`".into());
    }
    Ok(())
}

fn is_id_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// Make a valid id out of a file stem: every character that [`check_id`] refuses becomes `_`,
/// runs of dots shrink to one, a leading `.`/`-` becomes `_`, and the result is cut to
/// [`MAX_ID_CHARS`] characters (an empty result becomes `doc`).
pub fn sanitize_id(stem: &str) -> String {
    let mut s = String::with_capacity(stem.len());
    for c in stem.chars() {
        let c = if is_id_char(c) { c } else { '_' };
        if c == '.' && s.ends_with('.') {
            continue;
        }
        s.push(c);
    }
    if s.starts_with('.') || s.starts_with('-') {
        s.replace_range(0..1, "_");
    }
    let s: String = s.chars().take(MAX_ID_CHARS).collect();
    if s.is_empty() {
        "doc".into()
    } else {
        s
    }
}

/// Why an input file is not read; `code` is the problem code of [`crate::problems::InputProblem`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// `outside_corpus`, `missing_file`, `dangling_symlink`, `special_file`, `not_a_file`,
    /// `bad_path`, `file_too_large` or `unreadable_file`.
    pub code: &'static str,
    /// What is wrong, naming the path.
    pub message: String,
}

impl Refusal {
    fn new(code: &'static str, message: String) -> Self {
        Refusal { code, message }
    }
}

/// Resolve `file` (as written in the manifest, relative to `root` or absolute) to its real path,
/// following symlinks. `root_real` is the real path of the corpus folder
/// (`std::fs::canonicalize`). Unless `allow_outside`, the real path must lie inside `root_real`.
pub fn confine(root: &Path, root_real: &Path, file: &str, allow_outside: bool) -> Result<PathBuf, Refusal> {
    if file.contains('\0') {
        return Err(Refusal::new("bad_path", format!("the path `{}` contains a NUL byte", file.escape_debug())));
    }
    let given = Path::new(file);
    let joined = root.join(given);
    let real = match std::fs::canonicalize(&joined) {
        Ok(p) => p,
        Err(e) => {
            // a symlink that exists but points nowhere is worth its own code
            let is_link = std::fs::symlink_metadata(&joined).map(|m| m.file_type().is_symlink()).unwrap_or(false);
            if is_link {
                let target = std::fs::read_link(&joined).map(|t| t.display().to_string()).unwrap_or_default();
                return Err(Refusal::new(
                    "dangling_symlink",
                    format!("`{file}` is a symbolic link to `{target}`, which does not exist"),
                ));
            }
            return Err(Refusal::new("missing_file", format!("cannot open `{file}`: {e}")));
        }
    };
    if !allow_outside && !real.starts_with(root_real) {
        let how = if given.is_absolute() {
            "an absolute path"
        } else if given.components().any(|c| matches!(c, Component::ParentDir)) {
            "a path with `..`"
        } else {
            "a symbolic link"
        };
        return Err(Refusal::new(
            "outside_corpus",
            format!(
                "`{file}` is {how} that resolves to `{}`, outside the corpus folder `{}`; not read \
                 (use --allow-outside-corpus if this is intended)",
                real.display(),
                root_real.display()
            ),
        ));
    }
    let meta = std::fs::metadata(&real)
        .map_err(|e| Refusal::new("unreadable_file", format!("cannot inspect `{file}`: {e}")))?;
    check_type(file, &meta)?;
    Ok(real)
}

fn check_type(file: &str, meta: &std::fs::Metadata) -> Result<(), Refusal> {
    let ft = meta.file_type();
    if ft.is_file() {
        return Ok(());
    }
    if ft.is_dir() {
        return Err(Refusal::new("not_a_file", format!("`{file}` is a folder, not a file")));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = if ft.is_fifo() {
            Some("a FIFO (named pipe)")
        } else if ft.is_socket() {
            Some("a socket")
        } else if ft.is_block_device() || ft.is_char_device() {
            Some("a device")
        } else {
            None
        };
        if let Some(kind) = kind {
            return Err(Refusal::new("special_file", format!("`{file}` is {kind}, not a regular file; not read")));
        }
    }
    Err(Refusal::new("not_a_file", format!("`{file}` is not a regular file")))
}

/// Open a confined path without blocking (FIFOs are refused even if one replaced the file after
/// [`confine`] checked it) and read at most `max_bytes` bytes; a larger file is refused with
/// `file_too_large`.
pub fn open_regular(real: &Path, file: &str, max_bytes: u64) -> Result<Vec<u8>, Refusal> {
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let f: File = opts.open(real).map_err(|e| Refusal::new("unreadable_file", format!("cannot read `{file}`: {e}")))?;
    let meta = f.metadata().map_err(|e| Refusal::new("unreadable_file", format!("cannot inspect `{file}`: {e}")))?;
    check_type(file, &meta)?;
    let too_large = |size: u64| {
        Refusal::new(
            "file_too_large",
            format!("{size} bytes exceeds the limit of {max_bytes} bytes; raise it with --max-file-mb"),
        )
    };
    if meta.len() > max_bytes {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    f.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| Refusal::new("unreadable_file", format!("cannot read `{file}`: {e}")))?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_plain_names() {
        for ok in ["2003-06-03_KZ", "1998-11-13_KR", "a", "中哈.2003", "A_b-c.d"] {
            assert_eq!(check_id(ok), Ok(()), "{ok}");
        }
        for bad in ["", "../../etc/evil", "a/b", "a\\b", "..", ".hidden", "-rf", "a..b", "a b", "a\tb", "a\u{7}"] {
            assert!(check_id(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(check_id(&"x".repeat(MAX_ID_CHARS)).is_ok());
        assert!(check_id(&"x".repeat(MAX_ID_CHARS + 1)).is_err());
    }

    #[test]
    fn sanitized_ids_pass_the_check() {
        for s in ["a b", "..x", "-x", "a..b", "", "a/b", "é\u{0}x", &"y".repeat(300), ".", "...."] {
            let id = sanitize_id(s);
            assert_eq!(check_id(&id), Ok(()), "{s:?} → {id:?}");
        }
        assert_eq!(sanitize_id("2003-06-03_KZ"), "2003-06-03_KZ");
        assert_eq!(sanitize_id("a b"), "a_b");
    }

    #[test]
    fn traversal_and_symlinks_out_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("texts")).unwrap();
        std::fs::write(root.path().join("texts/a.txt"), "a").unwrap();
        let real = std::fs::canonicalize(root.path()).unwrap();
        assert!(confine(root.path(), &real, "texts/a.txt", false).is_ok());
        assert!(confine(root.path(), &real, "texts/../texts/a.txt", false).is_ok());
        let secret = outside.path().join("secret.txt");
        let abs = secret.to_str().unwrap();
        assert_eq!(confine(root.path(), &real, abs, false).unwrap_err().code, "outside_corpus");
        assert!(confine(root.path(), &real, abs, true).is_ok());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&secret, root.path().join("texts/link.txt")).unwrap();
            let e = confine(root.path(), &real, "texts/link.txt", false).unwrap_err();
            assert_eq!(e.code, "outside_corpus");
            assert!(e.message.contains("symbolic link"), "{}", e.message);
            std::os::unix::fs::symlink("/nonexistent/x", root.path().join("texts/dangling.txt")).unwrap();
            assert_eq!(confine(root.path(), &real, "texts/dangling.txt", false).unwrap_err().code, "dangling_symlink");
        }
        assert_eq!(confine(root.path(), &real, "texts/none.txt", false).unwrap_err().code, "missing_file");
        assert_eq!(confine(root.path(), &real, "texts", false).unwrap_err().code, "not_a_file");
        assert_eq!(confine(root.path(), &real, "a\0b", false).unwrap_err().code, "bad_path");
    }

    #[test]
    fn reads_stop_at_the_limit() {
        let root = tempfile::tempdir().unwrap();
        let p = root.path().join("a.txt");
        std::fs::write(&p, "0123456789").unwrap();
        assert_eq!(open_regular(&p, "a.txt", 10).unwrap().len(), 10);
        assert_eq!(open_regular(&p, "a.txt", 9).unwrap_err().code, "file_too_large");
    }
}
