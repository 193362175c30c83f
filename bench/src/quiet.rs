//! Silences the process's standard output while a guard lives (charybdis-migrate
//! prints its plan on every run). Guards nest and overlap across tasks: the first
//! one points file descriptor 1 at `/dev/null`, the last one puts it back.

use std::fs::OpenOptions;
use std::io::Write;
use std::os::fd::AsRawFd;
use std::sync::Mutex;

struct State {
    guards: usize,
    saved: Option<i32>,
}

static STATE: Mutex<State> = Mutex::new(State {
    guards: 0,
    saved: None,
});

/// While alive, writes to standard output go to `/dev/null`.
pub struct QuietStdout(());

impl QuietStdout {
    /// Starts silencing standard output (a no-op if `/dev/null` cannot be opened).
    pub fn new() -> QuietStdout {
        let mut state = STATE.lock().unwrap_or_else(|e| e.into_inner());
        if state.guards == 0 {
            let _ = std::io::stdout().flush();
            if let Ok(null) = OpenOptions::new().write(true).open("/dev/null") {
                // SAFETY: plain descriptor calls on descriptors this process owns;
                // `null` stays open until dup2 has copied it.
                let saved = unsafe { libc::dup(1) };
                if saved >= 0 && unsafe { libc::dup2(null.as_raw_fd(), 1) } >= 0 {
                    state.saved = Some(saved);
                }
            }
        }
        state.guards += 1;
        QuietStdout(())
    }
}

impl Drop for QuietStdout {
    fn drop(&mut self) {
        let mut state = STATE.lock().unwrap_or_else(|e| e.into_inner());
        state.guards -= 1;
        if state.guards == 0 {
            let _ = std::io::stdout().flush();
            if let Some(saved) = state.saved.take() {
                // SAFETY: `saved` is the descriptor dup'ed in `new`.
                unsafe {
                    libc::dup2(saved, 1);
                    libc::close(saved);
                }
            }
        }
    }
}
