// The results file of one run (DESIGN.md, "Files"):
//   / attributes   evomarket_version, git_commit, seed (uint64), backend, device, mode,
//                  created (ISO-8601 UTC), status ("running" | "complete" | "failed" |
//                  "interrupted"), failure (reason, only when failed), interrupted_by (the
//                  signal, only when interrupted)
//   /parameters    attribute config_toml: the resolved configuration, verbatim
//   /observables   one ObservableSeries per observable
// status is "running" from the moment the file exists until complete() or fail(), so a file
// from a crashed or interrupted run never looks finished.
// Live reading (docs/results.md): the file is written in the HDF5 1.10 format so that, once the
// run has laid out every dataset, start_live() lets readers that open it with SWMR read access
// follow the rows appended since; end_live() leaves that mode before the final objects and
// attributes (outcome, status) are written, which SWMR writers may not make.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "io/hdf5_file.h"

namespace evomarket::io {

/// What a run records about itself in the root attributes.
struct RunMetadata {
  std::string version;      // evomarket version
  std::string git_commit;   // commit the binary was built from
  std::string backend;      // "cpu" or "cuda"
  std::string device;       // e.g. GPU model or CPU description
  std::string mode;         // what the run does (simulate, tournament, ...)
  std::string config_toml;  // the resolved configuration, verbatim
  uint64_t seed = 0;
};

/// Status values of the root attribute "status".
inline constexpr const char* kStatusRunning = "running";
inline constexpr const char* kStatusComplete = "complete";
inline constexpr const char* kStatusFailed = "failed";
/// Stopped by SIGINT / SIGTERM at a generation boundary: what was recorded is valid, the run is
/// not finished (its checkpoint, when checkpoints are on, resumes it).
inline constexpr const char* kStatusInterrupted = "interrupted";

class ResultsFile {
 public:
  /// Creates (truncating) the file at `path` with status "running" and flushes it, in the
  /// HDF5 1.10 format (File::create_v110).
  /// H5Error "cannot create results file PATH: REASON" if it cannot be created.
  static ResultsFile create(const std::string& path, const RunMetadata& meta);

  ResultsFile(ResultsFile&&) noexcept = default;
  ResultsFile& operator=(ResultsFile&&) noexcept = default;
  /// Closes the file. If neither complete() nor fail() ran, status stays "running". Never
  /// throws.
  ~ResultsFile() = default;

  Group root() const { return file_.root(); }
  Group observables() const { return file_.root().open_group("observables"); }
  Group parameters() const { return file_.root().open_group("parameters"); }
  File& file() { return file_; }
  const std::string& path() const { return file_.path(); }

  /// Writes buffered data to disk (status unchanged); while live, readers see it from here on.
  void flush() { file_.flush(); }
  /// Flushes and starts SWMR writing (File::start_swmr_write). Call once every dataset the run
  /// appends to exists; until end_live() only rows may be appended. No-op when already live.
  void start_live();
  /// Leaves SWMR writing so that objects and attributes can be written again. HDF5 1.10 ends
  /// SWMR writing only by closing the file, so this closes and reopens it (beside any readers'
  /// shared locks, File::open_rw_beside_readers). H5Error when a group or dataset of the file
  /// is still open (the file would stay open in SWMR mode) or the file cannot be reopened.
  /// No-op when not live.
  void end_live();
  bool live() const { return live_; }
  /// Marks the run finished: status "complete", then flush. Ends live mode first.
  void complete();
  /// Marks the run failed: status "failed", attribute failure = reason, then flush. Ends live
  /// mode first.
  void fail(std::string_view reason);
  /// Marks the run stopped by `signal` (e.g. "SIGINT"): status "interrupted", attribute
  /// interrupted_by = signal, then flush. Ends live mode first.
  void interrupt(std::string_view signal);

 private:
  explicit ResultsFile(File file) : file_(std::move(file)) {}

  File file_;
  bool live_ = false;
};

/// The status attribute of the results file at `path` ("running", "complete", "failed",
/// "interrupted").
/// H5Error if the file cannot be opened or has no status (not an evomarket results file).
std::string results_status(const std::string& path);

/// The status of the file at `path` when it is an evomarket results file (it has the root
/// attributes status and mode; profile stores and checkpoints do not have both), "" when it
/// cannot be read as one. Never throws.
std::string results_file_status(const std::string& path) noexcept;

/// Current UTC time as ISO-8601, e.g. "2024-05-01T12:34:56Z".
std::string utc_timestamp();

}  // namespace evomarket::io
