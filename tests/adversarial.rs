//! Untrusted corpora: an adversarial suite. Every case builds its fixture at test time in a
//! fresh sandbox — `corpus/` (the seed statement read from ../shared/corpus, twice, plus the
//! hostile part), `out/`, and outside both a secret file and a canary file — runs the real CLI
//! with a deadline, and asserts:
//! - the exit code;
//! - the problem code in `tables/input_problems.csv` (when the run writes a report);
//! - that nothing outside `out/` changed (every path, type, size, modification time and the
//!   content of regular files, compared before and after);
//! - that the secret never reaches any output file;
//! - that nothing panicked (no exit code 101, no "panicked" on stderr) or hung.
//!
//! Hostile text is hand-written here and labelled as fixture; no statement is invented.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SECRET: &str = "CANARY-SECRET-7f3a root:x:0:0:root:/root:/bin/bash";
const DEADLINE: Duration = Duration::from_secs(240);

fn seed() -> Vec<u8> {
    std::fs::read(common::corpus().join("texts/2003-06-03_KZ.txt")).unwrap()
}

/// A sandbox: `corpus/texts/{a,b}.txt` (the seed), `outside/secret.txt`, `canary.txt`, `out/`.
struct Sandbox {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

struct Run {
    code: Option<i32>,
    stderr: String,
    problems: String,
    documents: String,
}

impl Run {
    fn has(&self, code: &str) -> bool {
        self.problems.lines().any(|l| l.contains(&format!(",{code},")))
    }
    fn has_at(&self, file: &str, code: &str) -> bool {
        self.problems.lines().any(|l| l.contains(file) && l.contains(&format!(",{code},")))
    }
    fn analysed(&self, id: &str) -> bool {
        self.documents.lines().any(|l| l.starts_with(&format!("{id},")))
    }
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("corpus/texts")).unwrap();
        std::fs::create_dir_all(root.join("outside")).unwrap();
        std::fs::create_dir_all(root.join("out")).unwrap();
        std::fs::write(root.join("outside/secret.txt"), SECRET).unwrap();
        std::fs::write(root.join("canary.txt"), "canary: must never change").unwrap();
        let s = seed();
        std::fs::write(root.join("corpus/texts/a.txt"), &s).unwrap();
        std::fs::write(root.join("corpus/texts/b.txt"), &s).unwrap();
        Sandbox { _dir: dir, root }
    }

    fn corpus(&self) -> PathBuf {
        self.root.join("corpus")
    }

    fn out(&self) -> PathBuf {
        self.root.join("out")
    }

    fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let p = self.corpus().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    /// manifest.csv with the two seed rows `a`, `b` and the extra rows (`id,file`, raw CSV).
    fn manifest(&self, extra_rows: &str) {
        let m = format!(
            "id,file,signed,partner\na,texts/a.txt,2003-06-03,哈萨克斯坦\nb,texts/b.txt,2003-06-03,哈萨克斯坦\n{extra_rows}"
        );
        std::fs::write(self.corpus().join("manifest.csv"), m).unwrap();
    }

    /// Everything outside `out/`: path → (kind, len, mtime, content hash of small regular files).
    fn snapshot(&self) -> BTreeMap<String, String> {
        let mut m = BTreeMap::new();
        let mut stack = vec![self.root.clone()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p == self.out() {
                    continue;
                }
                let md = std::fs::symlink_metadata(&p).unwrap();
                let ft = md.file_type();
                let mut v = format!("{:?} {} {:?}", ft, md.len(), md.modified().ok());
                if ft.is_dir() {
                    stack.push(p.clone());
                } else if ft.is_file() && md.len() < 4 << 20 {
                    v.push_str(&jointstat::ingest::sha256_hex(&std::fs::read(&p).unwrap()));
                }
                m.insert(p.strip_prefix(&self.root).unwrap().display().to_string(), v);
            }
        }
        m
    }

    /// Run the CLI (with a deadline) and check the invariants every case shares.
    fn run(&self, args: &[&str]) -> Run {
        self.run_env(args, None)
    }

    fn run_env(&self, args: &[&str], fsize_limit_kb: Option<u64>) -> Run {
        let before = self.snapshot();
        let bin = env!("CARGO_BIN_EXE_jointstat");
        let mut cmd = match fsize_limit_kb {
            Some(kb) => {
                let mut c = Command::new("bash");
                c.arg("-c").arg(format!("ulimit -f {kb}; exec \"$0\" \"$@\"")).arg(bin);
                c
            }
            None => Command::new(bin),
        };
        let mut child = cmd
            .args(args)
            .env_remove("JOINTSTAT_FONT")
            .env_remove("JOINTSTAT_CORPUS")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr_pipe = child.stderr.take().unwrap();
        let reader = std::thread::spawn(move || {
            let mut s = String::new();
            let mut r = stderr_pipe;
            std::io::Read::read_to_string(&mut r, &mut s).ok();
            s
        });
        let t0 = Instant::now();
        let status = loop {
            if let Some(s) = child.try_wait().unwrap() {
                break s;
            }
            if t0.elapsed() > DEADLINE {
                let _ = child.kill();
                panic!("jointstat {args:?} did not finish within {DEADLINE:?} (hang)");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let stderr = reader.join().unwrap();
        assert!(!stderr.contains("panicked"), "panic in {args:?}:\n{stderr}");
        assert_ne!(status.code(), Some(101), "panic exit in {args:?}:\n{stderr}");
        assert_eq!(self.snapshot(), before, "{args:?} changed something outside --out");
        self.assert_secret_not_leaked();
        let read = |p: &str| std::fs::read_to_string(self.out().join("r").join(p)).unwrap_or_default();
        Run {
            code: status.code(),
            stderr,
            problems: read("tables/input_problems.csv"),
            documents: read("tables/documents.csv"),
        }
    }

    fn assert_secret_not_leaked(&self) {
        let mut stack = vec![self.out()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if let Ok(b) = std::fs::read(&p) {
                    assert!(
                        !String::from_utf8_lossy(&b).contains("CANARY-SECRET"),
                        "the secret outside the corpus reached {}",
                        p.display()
                    );
                }
            }
        }
    }

    /// `analyze --focus a --name r -q` plus extra flags.
    fn analyze(&self, extra: &[&str]) -> Run {
        let c = self.corpus();
        let o = self.out();
        let mut args = vec!["analyze", "--corpus", c.to_str().unwrap(), "--out", o.to_str().unwrap()];
        args.extend_from_slice(&["--name", "r", "--focus", "a", "-q"]);
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// The output folder holds exactly these names (no staging leftovers).
    fn out_listing(&self) -> Vec<String> {
        let mut v: Vec<String> =
            std::fs::read_dir(self.out()).unwrap().flatten().map(|e| e.file_name().to_string_lossy().into()).collect();
        v.sort();
        v
    }
}

fn ok_with(r: &Run, code: &str) {
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.has(code), "{code} not reported:\n{}", r.problems);
}

// ---------------------------------------------------------------- manifest: paths

#[test]
fn m01_traversal_to_a_file_outside_is_refused() {
    let s = Sandbox::new();
    s.manifest("x,../outside/secret.txt,2003-06-03,哈萨克斯坦\n");
    let r = s.analyze(&[]);
    ok_with(&r, "outside_corpus");
    assert!(r.has_at("../outside/secret.txt", "outside_corpus"));
    assert!(!r.analysed("x"));
}

#[test]
fn m02_deep_traversal_to_etc_passwd_is_refused() {
    let s = Sandbox::new();
    s.manifest("x,../../../../../../../../etc/passwd,2003-06-03,哈萨克斯坦\n");
    let r = s.analyze(&[]);
    ok_with(&r, "outside_corpus");
    assert!(!r.analysed("x"));
    let report = std::fs::read_to_string(s.out().join("r/report.md")).unwrap();
    assert!(!report.contains("/bin/bash"), "content of /etc/passwd reached the report");
}

#[test]
fn m03_absolute_path_outside_is_refused() {
    let s = Sandbox::new();
    let abs = s.root.join("outside/secret.txt");
    s.manifest(&format!("x,{},2003-06-03,哈萨克斯坦\n", abs.display()));
    let r = s.analyze(&[]);
    ok_with(&r, "outside_corpus");
    assert!(r.problems.contains("an absolute path"), "{}", r.problems);
}

#[test]
fn m04_absolute_path_inside_the_corpus_is_read() {
    let s = Sandbox::new();
    s.write("texts/c.txt", seed());
    let abs = s.corpus().join("texts/c.txt");
    s.manifest(&format!("c,{},2003-06-03,哈萨克斯坦\n", abs.display()));
    let r = s.analyze(&[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.analysed("c"), "{}", r.problems);
    assert!(!r.has("outside_corpus"));
}

#[cfg(unix)]
#[test]
fn m05_symlink_pointing_outside_is_refused() {
    let s = Sandbox::new();
    std::os::unix::fs::symlink(s.root.join("outside/secret.txt"), s.corpus().join("texts/link.txt")).unwrap();
    s.manifest("x,texts/link.txt,2003-06-03,哈萨克斯坦\n");
    let r = s.analyze(&[]);
    ok_with(&r, "outside_corpus");
    assert!(r.problems.contains("symbolic link"));
}

#[cfg(unix)]
#[test]
fn m06_symlink_inside_the_corpus_is_read() {
    let s = Sandbox::new();
    std::os::unix::fs::symlink("a.txt", s.corpus().join("texts/alias.txt")).unwrap();
    s.manifest("c,texts/alias.txt,2003-06-03,哈萨克斯坦\n");
    let r = s.analyze(&[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.analysed("c"));
}

#[test]
fn m07_allow_outside_corpus_reads_it_on_request() {
    let s = Sandbox::new();
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("c.txt"), seed()).unwrap();
    s.manifest(&format!("c,{},2003-06-03,哈萨克斯坦\n", other.path().join("c.txt").display()));
    let r = s.analyze(&[]);
    ok_with(&r, "outside_corpus");
    let r = s.analyze(&["--allow-outside-corpus"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.analysed("c") && !r.has("outside_corpus"), "{}", r.problems);
}

#[cfg(unix)]
#[test]
fn m08_dangling_symlink_is_reported() {
    let s = Sandbox::new();
    std::os::unix::fs::symlink("/nonexistent/statement.txt", s.corpus().join("texts/gone.txt")).unwrap();
    s.manifest("x,texts/gone.txt,2003-06-03,哈萨克斯坦\n");
    ok_with(&s.analyze(&[]), "dangling_symlink");
}

#[cfg(unix)]
#[test]
fn m09_symlink_loop_is_reported_not_followed_forever() {
    let s = Sandbox::new();
    std::os::unix::fs::symlink("loop2.txt", s.corpus().join("texts/loop1.txt")).unwrap();
    std::os::unix::fs::symlink("loop1.txt", s.corpus().join("texts/loop2.txt")).unwrap();
    s.manifest("x,texts/loop1.txt,2003-06-03,哈萨克斯坦\n");
    let r = s.analyze(&[]);
    ok_with(&r, "dangling_symlink");
}

#[test]
fn m10_windows_separators_and_dot_slash_are_normalised() {
    let s = Sandbox::new();
    s.write("texts/c.txt", seed());
    s.write("texts/d.txt", seed());
    s.manifest("c,texts\\c.txt,2003-06-03,哈萨克斯坦\nd,./texts/d.txt,2003-06-03,哈萨克斯坦\n");
    let r = s.analyze(&[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.analysed("c") && r.analysed("d"), "{}", r.problems);
    assert!(!r.has("not_in_manifest"), "{}", r.problems);
}

#[test]
fn m11_backslash_traversal_is_refused_too() {
    let s = Sandbox::new();
    s.manifest("x,..\\outside\\secret.txt,2003-06-03,哈萨克斯坦\n");
    ok_with(&s.analyze(&[]), "outside_corpus");
}

#[test]
fn m12_file_naming_a_folder_is_refused() {
    let s = Sandbox::new();
    s.manifest("x,texts,2003-06-03,哈萨克斯坦\n");
    ok_with(&s.analyze(&[]), "not_a_file");
}

#[test]
fn m13_empty_file_name_is_reported() {
    let s = Sandbox::new();
    s.manifest("x,,2003-06-03,哈萨克斯坦\n");
    ok_with(&s.analyze(&[]), "missing_file_name");
}

// ---------------------------------------------------------------- manifest: format and ids

#[test]
fn m14_bom_and_crlf_manifest_is_read() {
    let s = Sandbox::new();
    let m = "\u{feff}id,file,signed,partner\r\na,texts/a.txt,2003-06-03,哈萨克斯坦\r\nb,texts/b.txt,2003-06-03,哈萨克斯坦\r\n";
    std::fs::write(s.corpus().join("manifest.csv"), m).unwrap();
    let r = s.analyze(&[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.analysed("a") && r.analysed("b"));
    assert!(r.problems.lines().count() <= 1, "unexpected problems:\n{}", r.problems);
}

#[test]
fn m15_quoted_fields_with_commas_and_newlines() {
    let s = Sandbox::new();
    s.write("texts/c.txt", seed());
    s.manifest("c,texts/c.txt,2003-06-03,\"哈萨克斯坦, 共和国\n(第二行)\"\n");
    let r = s.analyze(&[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.analysed("c"), "{}", r.problems);
    assert!(r.documents.contains("\"哈萨克斯坦, 共和国\n(第二行)\""), "{}", r.documents);
}

#[test]
fn m16_duplicate_id_is_reported() {
    let s = Sandbox::new();
    s.write("texts/c.txt", seed());
    s.manifest("a,texts/c.txt,2003-06-03,哈萨克斯坦\n");
    ok_with(&s.analyze(&[]), "duplicate_id");
}

#[test]
fn m17_traversal_id_is_an_input_problem_not_a_path() {
    let s = Sandbox::new();
    s.write("texts/c.txt", seed());
    s.manifest("../../etc/evil,texts/c.txt,2003-06-03,哈萨克斯坦\n");
    let r = s.analyze(&[]);
    ok_with(&r, "bad_id");
    assert!(!r.documents.contains("evil"));
}

#[test]
fn m18_ids_with_separators_controls_or_too_long_are_refused() {
    let s = Sandbox::new();
    for (i, id) in ["a/b", "tab\there", "bell\u{7}", ".hidden", &"x".repeat(101)].iter().enumerate() {
        s.write(&format!("texts/c{i}.txt"), seed());
        s.manifest(&format!("\"{id}\",texts/c{i}.txt,2003-06-03,哈萨克斯坦\n"));
        let r = s.analyze(&[]);
        ok_with(&r, "bad_id");
    }
}

#[test]
fn m19_binary_manifest_is_a_clear_error() {
    let s = Sandbox::new();
    std::fs::write(s.corpus().join("manifest.csv"), b"\x00\x01\x02PK\x03\x04\xff\xfe\x00garbage").unwrap();
    let r = s.analyze(&[]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("manifest.csv"), "{}", r.stderr);
}

#[test]
fn m20_manifest_with_no_rows_is_a_clear_error() {
    let s = Sandbox::new();
    std::fs::write(s.corpus().join("manifest.csv"), "id,file\n").unwrap();
    let r = s.analyze(&[]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("error"), "{}", r.stderr);
}

#[cfg(unix)]
#[test]
fn m21_manifest_that_is_a_fifo_does_not_block() {
    let s = Sandbox::new();
    mkfifo(&s.corpus().join("manifest.csv"));
    let r = s.analyze(&[]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("not a regular file"), "{}", r.stderr);
}

#[test]
fn m22_ragged_rows_and_unknown_columns_are_reported() {
    let s = Sandbox::new();
    s.write("texts/c.txt", seed());
    let m = "id,file,signed,partner,colour\na,texts/a.txt,2003-06-03,哈萨克斯坦,red\nb,texts/b.txt,2003-06-03,哈萨克斯坦\nc,texts/c.txt,2003-06-03,哈萨克斯坦,blue,extra\n";
    std::fs::write(s.corpus().join("manifest.csv"), m).unwrap();
    let r = s.analyze(&[]);
    ok_with(&r, "unknown_column");
    assert!(r.has("field_count"), "{}", r.problems);
}

// ---------------------------------------------------------------- files

#[cfg(unix)]
fn mkfifo(p: &Path) {
    let c = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo {}", p.display());
}

#[cfg(unix)]
#[test]
fn f01_fifo_in_a_plain_folder_is_skipped_without_blocking() {
    let s = Sandbox::new();
    mkfifo(&s.corpus().join("texts/pipe.txt"));
    let r = s.analyze(&[]);
    ok_with(&r, "special_file");
    assert!(r.has_at("texts/pipe.txt", "special_file"));
}

#[cfg(unix)]
#[test]
fn f02_fifo_listed_in_the_manifest_is_skipped_without_blocking() {
    let s = Sandbox::new();
    mkfifo(&s.corpus().join("texts/pipe.txt"));
    s.manifest("p,texts/pipe.txt,2003-06-03,哈萨克斯坦\n");
    ok_with(&s.analyze(&[]), "special_file");
}

#[cfg(unix)]
#[test]
fn f03_socket_is_skipped() {
    let s = Sandbox::new();
    let _l = std::os::unix::net::UnixListener::bind(s.corpus().join("texts/sock.txt")).unwrap();
    ok_with(&s.analyze(&[]), "special_file");
}

#[cfg(unix)]
#[test]
fn f04_device_is_outside_and_a_device_even_when_allowed() {
    let s = Sandbox::new();
    s.manifest("z,/dev/zero,2003-06-03,哈萨克斯坦\n");
    ok_with(&s.analyze(&[]), "outside_corpus");
    ok_with(&s.analyze(&["--allow-outside-corpus"]), "special_file");
}

#[cfg(unix)]
#[test]
fn f05_dangling_symlink_in_a_plain_folder() {
    let s = Sandbox::new();
    std::os::unix::fs::symlink("missing.txt", s.corpus().join("texts/gone.txt")).unwrap();
    ok_with(&s.analyze(&[]), "dangling_symlink");
}

#[cfg(unix)]
#[test]
fn f06_symlinked_folder_loop_is_not_followed() {
    let s = Sandbox::new();
    std::os::unix::fs::symlink(s.corpus(), s.corpus().join("texts/again")).unwrap();
    let r = s.analyze(&[]);
    ok_with(&r, "symlinked_folder");
    assert_eq!(r.documents.lines().count(), 3, "{}", r.documents);
}

#[cfg(unix)]
#[test]
fn f07_symlink_out_in_a_plain_folder_is_refused() {
    let s = Sandbox::new();
    std::os::unix::fs::symlink(s.root.join("outside/secret.txt"), s.corpus().join("texts/s.txt")).unwrap();
    ok_with(&s.analyze(&[]), "outside_corpus");
}

#[test]
fn f08_huge_sparse_file_is_refused_by_size() {
    let s = Sandbox::new();
    let f = std::fs::File::create(s.corpus().join("texts/huge.txt")).unwrap();
    f.set_len(300 * 1024 * 1024).unwrap();
    drop(f);
    let r = s.analyze(&[]);
    ok_with(&r, "file_too_large");
    assert!(r.problems.contains("--max-file-mb"));
}

#[test]
fn f09_long_single_line_file_is_analysed() {
    let s = Sandbox::new();
    // the seed's body with every line break removed, repeated to ≈ 1.5 MB on one line
    let text = String::from_utf8(seed()).unwrap();
    let one_line: String = text.lines().skip(6).collect::<Vec<_>>().join("").repeat(40);
    s.write("texts/long.txt", one_line.as_bytes());
    let r = s.analyze(&[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.analysed("long"), "{}", r.problems);
}

#[test]
fn f10_deeply_nested_html_does_not_overflow() {
    let s = Sandbox::new();
    // fixture: 100,000 nested <div> levels around one hand-written sentence
    let mut h = String::new();
    h.push_str(&"<div>".repeat(100_000));
    h.push_str("<p>双方认为，合作很重要。</p>");
    h.push_str(&"</div>".repeat(100_000));
    s.write("texts/nested.html", h);
    let r = s.analyze(&[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.analysed("nested"), "{}", r.problems);
}

#[test]
fn f11_entity_bomb_is_decoded_once() {
    let s = Sandbox::new();
    // fixture: a million entities, nested-looking (&amp;amp;…) — HTML has no entity expansion
    let mut h = String::from("<p>双方认为，合作很重要。");
    h.push_str(&"&amp;amp;lt;&#x41;&#65;".repeat(200_000));
    h.push_str("</p>");
    s.write("texts/bomb.html", h);
    let r = s.analyze(&[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.analysed("bomb"), "{}", r.problems);
}

#[test]
fn f12_many_lone_angle_brackets_stay_linear() {
    let s = Sandbox::new();
    let h = format!("<p>双方认为，合作很重要。{}", "<".repeat(2_000_000));
    s.write("texts/angles.html", h);
    let r = s.analyze(&[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
}

#[test]
fn f13_unclosed_comment_and_script() {
    let s = Sandbox::new();
    s.write("texts/c1.html", "<p>双方认为，合作很重要。</p><!-- never closed");
    s.write("texts/c2.html", "<p>双方认为，合作很重要。</p><script>while(1){}");
    let r = s.analyze(&[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.analysed("c1") && r.analysed("c2"), "{}", r.problems);
}

#[test]
fn f14_empty_binary_and_undecodable_files() {
    let s = Sandbox::new();
    s.write("texts/empty.txt", b"");
    s.write("texts/bin.txt", b"\x7fELF\x02\x01\x01\x00\x00\x00\x00");
    s.write("texts/bad.txt", [0xFF, 0xFE, 0x41, 0x00, 0x00, 0xD8, 0x42, 0x00]);
    let r = s.analyze(&[]);
    ok_with(&r, "empty_file");
    assert!(r.has("binary_file") && r.has("undecodable"), "{}", r.problems);
}

#[test]
fn f15_other_encodings_are_decoded() {
    let s = Sandbox::new();
    let text = String::from_utf8(seed()).unwrap();
    let (gb, _, _) = encoding_rs::GB18030.encode(&text);
    s.write("texts/gb.txt", gb.as_ref());
    let mut le = vec![0xFF, 0xFE];
    for u in text.encode_utf16() {
        le.extend_from_slice(&u.to_le_bytes());
    }
    s.write("texts/le.txt", le);
    let r = s.analyze(&[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.analysed("gb") && r.analysed("le"), "{}", r.problems);
}

#[test]
fn f16_truncated_file_is_flagged() {
    let s = Sandbox::new();
    let text = String::from_utf8(seed()).unwrap();
    let cut: String = text.chars().take(text.chars().count() / 2).collect::<String>() + "双方认为";
    s.write("texts/cut.txt", cut);
    ok_with(&s.analyze(&[]), "truncated_text");
}

#[test]
fn f17_file_names_that_are_not_ids_are_sanitised() {
    let s = Sandbox::new();
    s.write("texts/my statement (copy).txt", seed());
    s.write("texts/-rf.txt", seed());
    let r = s.analyze(&[]);
    ok_with(&r, "id_sanitized");
    assert!(r.analysed("my_statement__copy_") && r.analysed("_rf"), "{}\n{}", r.documents, r.problems);
}

#[test]
fn f18_sha256_mismatch_is_a_warning() {
    let s = Sandbox::new();
    s.write("texts/c.txt", seed());
    let m = format!("id,file,sha256\na,texts/a.txt,\nb,texts/b.txt,\nc,texts/c.txt,{}\n", "0".repeat(64));
    std::fs::write(s.corpus().join("manifest.csv"), m).unwrap();
    ok_with(&s.analyze(&[]), "sha256_mismatch");
}

#[test]
fn f19_formula_cells_are_protected_in_csv_but_raw_in_parquet() {
    let s = Sandbox::new();
    let m = "id,file,title,partner\na,texts/a.txt,\"=HYPERLINK(\"\"http://example.invalid\"\",\"\"x\"\")\",哈萨克斯坦\nb,texts/b.txt,@SUM(A1),+cmd\n";
    std::fs::write(s.corpus().join("manifest.csv"), m).unwrap();
    let r = s.analyze(&[]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.documents.contains("'=HYPERLINK("), "{}", r.documents);
    assert!(r.documents.contains("'@SUM(A1)") && r.documents.contains("'+cmd"), "{}", r.documents);
    for line in r.documents.lines() {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(!cell.starts_with(['=', '+', '@']), "unprotected cell {cell:?} in {line}");
        }
    }
    let pq = std::fs::read(s.out().join("r/tables/documents.parquet")).unwrap();
    use polars::prelude::SerReader;
    let df = polars::prelude::ParquetReader::new(std::io::Cursor::new(pq)).finish().unwrap();
    let title = df.column("title").unwrap().str().unwrap().get(0).map(String::from);
    assert!(title.unwrap_or_default().starts_with("=HYPERLINK"), "Parquet must keep the raw value");
}

// ---------------------------------------------------------------- command line

#[test]
fn c01_unknown_flag_is_a_usage_error() {
    let s = Sandbox::new();
    let r = s.analyze(&["--no-such-flag"]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("--no-such-flag"), "{}", r.stderr);
}

#[test]
fn c02_report_name_with_traversal_is_refused() {
    let s = Sandbox::new();
    let c = s.corpus();
    let o = s.out();
    for bad in ["../evil", "../../canary", "/tmp/evil", "a/b", "..", ".hidden"] {
        let r = s.run(&[
            "analyze",
            "--corpus",
            c.to_str().unwrap(),
            "--out",
            o.to_str().unwrap(),
            "--focus",
            "a",
            "--name",
            bad,
            "-q",
        ]);
        assert_eq!(r.code, Some(1), "{bad}: {}", r.stderr);
        assert!(r.stderr.contains("--name"), "{}", r.stderr);
    }
    assert!(s.out_listing().is_empty(), "{:?}", s.out_listing());
}

#[test]
fn c03_focus_with_traversal_is_refused() {
    let s = Sandbox::new();
    let c = s.corpus();
    let o = s.out();
    for bad in ["../../etc/evil", "a\u{1b}[31m", "x\ny"] {
        let r =
            s.run(&["analyze", "--corpus", c.to_str().unwrap(), "--out", o.to_str().unwrap(), "--focus", bad, "-q"]);
        assert_eq!(r.code, Some(1), "{bad:?}: {}", r.stderr);
        assert!(r.stderr.contains("--focus"), "{}", r.stderr);
    }
    assert!(s.out_listing().is_empty());
}

#[test]
fn c04_missing_corpus_folder_names_it() {
    let s = Sandbox::new();
    let o = s.out();
    let r = s.run(&["analyze", "--corpus", "/nonexistent/corpus", "--out", o.to_str().unwrap(), "-q"]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("/nonexistent/corpus"), "{}", r.stderr);
}

#[test]
fn c05_out_that_is_a_file_is_a_clear_error() {
    let s = Sandbox::new();
    let c = s.corpus();
    let o = s.out().join("file");
    std::fs::write(&o, "x").unwrap();
    let r = s.run(&["analyze", "--corpus", c.to_str().unwrap(), "--out", o.to_str().unwrap(), "--focus", "a", "-q"]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("file"), "{}", r.stderr);
}

#[test]
fn c06_unknown_focus_is_a_clear_error() {
    let s = Sandbox::new();
    let c = s.corpus();
    let o = s.out();
    let r = s.run(&["analyze", "--corpus", c.to_str().unwrap(), "--out", o.to_str().unwrap(), "--focus", "zz", "-q"]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains("zz"), "{}", r.stderr);
    assert!(s.out_listing().is_empty(), "{:?}", s.out_listing());
}

#[cfg(unix)]
#[test]
fn c07_full_disk_is_an_error_and_keeps_the_previous_report() {
    let s = Sandbox::new();
    assert_eq!(s.analyze(&[]).code, Some(0));
    let before = std::fs::read(s.out().join("r/report.md")).unwrap();
    let c = s.corpus();
    let o = s.out();
    // a file-size limit of 64 KB stands in for a full disk: the charts cannot be written
    let r = s.run_env(
        &[
            "analyze",
            "--corpus",
            c.to_str().unwrap(),
            "--out",
            o.to_str().unwrap(),
            "--name",
            "r",
            "--focus",
            "a",
            "-q",
        ],
        Some(64),
    );
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.stderr.contains("error") && r.stderr.contains("large"), "{}", r.stderr);
    assert_eq!(std::fs::read(s.out().join("r/report.md")).unwrap(), before);
    assert_eq!(s.out_listing(), vec!["r".to_string()], "staging left behind");
}

#[test]
fn c08_concurrent_runs_on_the_same_out() {
    let s = Sandbox::new();
    let c = s.corpus().to_str().unwrap().to_string();
    let o = s.out().to_str().unwrap().to_string();
    let args = ["analyze", "--corpus", &c, "--out", &o, "--name", "r", "--focus", "a", "-q"];
    let children: Vec<_> = (0..3)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_jointstat"))
                .args(args)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for ch in children {
        let o = ch.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(o.status.code(), Some(0), "{err}");
    }
    assert_eq!(s.out_listing(), vec!["r".to_string()]);
    // the report in place is one complete run's: equal to a fresh single run
    let report = std::fs::read(s.out().join("r/tables/documents.csv")).unwrap();
    let r = s.analyze(&[]);
    assert_eq!(r.code, Some(0));
    assert_eq!(std::fs::read(s.out().join("r/tables/documents.csv")).unwrap(), report);
    assert!(s.out().join("r/report.md").is_file());
}

#[test]
fn c09_killed_run_leaves_the_previous_report_and_the_next_run_cleans_up() {
    let s = Sandbox::new();
    assert_eq!(s.analyze(&[]).code, Some(0));
    let before = std::fs::read(s.out().join("r/report.md")).unwrap();
    let c = s.corpus().to_str().unwrap().to_string();
    let o = s.out().to_str().unwrap().to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_jointstat"))
        .args(["analyze", "--corpus", &c, "--out", &o, "--name", "r", "--focus", "a", "-q"])
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(std::fs::read(s.out().join("r/report.md")).unwrap(), before);
    assert_eq!(s.analyze(&[]).code, Some(0));
    assert_eq!(s.out_listing(), vec!["r".to_string()]);
}

#[test]
fn c10_strict_turns_refused_paths_into_exit_2() {
    let s = Sandbox::new();
    s.manifest("x,../outside/secret.txt,2003-06-03,哈萨克斯坦\n");
    let r = s.analyze(&["--strict"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
}

#[test]
fn c11_subcommand_export_refuses_bad_extension() {
    let s = Sandbox::new();
    let c = s.corpus();
    let o = s.out().join("x.exe");
    let r = s.run(&["ngrams", "--corpus", c.to_str().unwrap(), "--out", o.to_str().unwrap()]);
    assert_eq!(r.code, Some(1));
    assert!(r.stderr.contains(".csv or .parquet"), "{}", r.stderr);
}

#[test]
fn c12_terms_confines_paths_too() {
    let s = Sandbox::new();
    s.manifest("x,../outside/secret.txt,2003-06-03,哈萨克斯坦\n");
    let c = s.corpus();
    let o = s.out().join("terms");
    let r = s.run(&["terms", "--corpus", c.to_str().unwrap(), "--out", o.to_str().unwrap(), "--csv"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    assert!(r.stderr.contains("outside_corpus"), "{}", r.stderr);
}

#[test]
fn c13_bad_where_filter_is_a_clear_error() {
    let s = Sandbox::new();
    let c = s.corpus();
    for bad in ["=x", "partner=", "nosuchcolumn=1", "  &  "] {
        let r = s.run(&["ngrams", "--corpus", c.to_str().unwrap(), "--where", bad]);
        assert_eq!(r.code, Some(1), "{bad}: {}", r.stderr);
        assert!(r.stderr.contains("error"), "{bad}: {}", r.stderr);
    }
}

#[test]
fn c14_closed_stdout_pipe_is_not_a_panic() {
    // `jointstat ingest | head -1`: the reader goes away after one line
    let mut child = Command::new(env!("CARGO_BIN_EXE_jointstat"))
        .args(["ingest", "--corpus", common::corpus().to_str().unwrap()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // close the reading end before the corpus is even read: the first line printed hits a closed pipe
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(o.status.code(), Some(0), "{err}");
}
