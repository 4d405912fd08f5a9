//! Command-line interface of jointstat (a thin layer over the library).

mod cmd;

use clap::Parser;
use cmd::Cmd;
use std::process::ExitCode;

/// Comparative corpus analytics for bilateral joint statements of the PRC.
///
/// Exit codes: 0 success; 1 usage error or failure (the message names the file and the
/// problem); 2 input problems of severity error under --strict.
#[derive(Parser, Debug)]
#[command(name = "jointstat", version, about, long_about = None, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

fn main() -> ExitCode {
    // A write beyond the file-size limit (`ulimit -f`) must be an error naming the file, not a
    // kill by SIGXFSZ that leaves the user guessing: ignore the signal so write() returns EFBIG.
    #[cfg(unix)]
    // SAFETY: setting a signal's disposition to SIG_IGN at start-up, before any thread exists.
    unsafe {
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
    }
    // glibc malloc tuned for the large, short-lived tables of `analyze` (README, Performance:
    // on 12,000 statements the peak RSS fell from ~2.29 GB to ~2.0–2.06 GB, wall within noise):
    // at most two arenas instead of 8 per core, so memory freed by one worker thread is reused
    // by the others rather than kept in its arena; and blocks of 1 MiB or more always mapped
    // on their own (a fixed threshold instead of glibc's, which grows up to 32 MiB), so a
    // dropped column goes back to the system at once instead of fragmenting the heap.
    // MALLOC_ARENA_MAX / MALLOC_MMAP_THRESHOLD_ set by the user win.
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt at start-up, before any thread exists; it only sets malloc parameters.
    unsafe {
        if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
        if std::env::var_os("MALLOC_MMAP_THRESHOLD_").is_none() {
            libc::mallopt(libc::M_MMAP_THRESHOLD, 1 << 20);
        }
    }
    // `jointstat ingest | head -1`: when the reader closes the pipe, printing fails with
    // BrokenPipe; that is the reader's choice, not an error — exit 0 quietly instead of panicking.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.starts_with("failed printing to stdout") && msg.contains("Broken pipe") {
            std::process::exit(0);
        }
        default_hook(info);
    }));
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 1 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.cmd.run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let strict = match e.downcast_ref::<jointstat::Error>() {
                Some(jointstat::Error::Strict(s)) => Some(s),
                _ => None,
            };
            for p in strict.map_or(&[][..], |s| &s.problems[..]) {
                eprintln!("{p}");
            }
            eprintln!("jointstat: error: {e:#}");
            ExitCode::from(if strict.is_some() { 2 } else { 1 })
        }
    }
}
