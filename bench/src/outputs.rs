//! Files: where the workspace is, the kept samples, and writing the report and
//! the plot from them.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use crate::http::HttpSample;
use crate::libs::BoxError;
use crate::profile::Profile;
use crate::report::{self, RunInfo};
use crate::sample::Sample;
use crate::summary;

/// The repository root (the harness is its `bench/` member).
pub fn workspace_root() -> PathBuf {
    let bench = Path::new(env!("CARGO_MANIFEST_DIR"));
    bench.parent().unwrap_or(bench).to_path_buf()
}

/// A path as given, or under the workspace root when relative.
pub fn rooted(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        workspace_root().join(path)
    }
}

fn read_jsonl<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, BoxError> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    let mut items = Vec::new();
    for line in std::io::BufReader::new(file).lines() {
        let line = line?;
        if !line.trim().is_empty() {
            items
                .push(serde_json::from_str(&line).map_err(|e| format!("{}: {e}", path.display()))?);
        }
    }
    Ok(items)
}

/// Writes `markdown` and `plot` from the samples kept in `out`.
pub fn write_report(out: &Path, markdown: &Path, plot: &Path) -> Result<(), BoxError> {
    let info: RunInfo =
        serde_json::from_str(&std::fs::read_to_string(out.join("run.json")).map_err(|e| {
            format!(
                "{}: {e}; run `coodie-bench run` first",
                out.join("run.json").display()
            )
        })?)?;
    let samples: Vec<Sample> = read_jsonl(&out.join("results.jsonl"))?;
    let http: Vec<HttpSample> = read_jsonl(&out.join("http.jsonl"))?;
    let profile: Option<Profile> = std::fs::read_to_string(out.join("callgrind.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    if let Some(dir) = plot.parent() {
        std::fs::create_dir_all(dir)?;
    }
    crate::plot::draw(&summary::rows(&samples), plot)?;
    let relative = relative_to(plot, markdown.parent().unwrap_or(Path::new(".")));
    let md = report::render(&report::Input {
        info: &info,
        samples: &samples,
        http: &http,
        profile: profile.as_ref(),
        plot: Some(&relative),
    });
    std::fs::write(markdown, md)?;
    eprintln!("wrote {} and {}", markdown.display(), plot.display());
    Ok(())
}

/// `plot` as a link from a file in `dir` (both under the workspace, or absolute).
fn relative_to(plot: &Path, dir: &Path) -> String {
    let (Ok(plot), Ok(dir)) = (plot.canonicalize(), dir.canonicalize()) else {
        return plot.display().to_string();
    };
    plot.strip_prefix(&dir)
        .map_or_else(|_| plot.display().to_string(), |p| p.display().to_string())
}
