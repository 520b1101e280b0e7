// The folder a sweep writes (docs/sweeps.md):
//   sweep.toml          the points it was made from (overrides, seed, file) and their digest
//   point-NNNN.h5       one results file per point
//   status/point-NNNN.toml  each point's status, written by the process that ran it
//   logs/point-NNNN.log     what the point's run printed
//   manifest.csv        one row per point, rebuilt from the status files as points finish
// Several processes may run points of one folder at once (a SLURM job array): each writes only
// its points' status files, and the manifest is rebuilt under a lock and renamed into place.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "host/sweep/sweep_spec.h"

namespace evomarket {

class SweepFolder {
 public:
  explicit SweepFolder(std::string path) : path_(std::move(path)) {}
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const;  // a path inside the folder
  std::string results(const SweepPoint& point) const { return file(point.file); }
  std::string status_file(const SweepPoint& point) const;
  std::string log_file(const SweepPoint& point) const;

 private:
  std::string path_;
};

// Creates the folder and records the points in sweep.toml, or checks that an existing folder
// was made from the same points (same overrides, seeds and base config): ConfigError naming the
// difference otherwise, and for a non-empty folder that holds no sweep.
void prepare_sweep_folder(const SweepFolder& folder, const SweepSpec& spec,
                          const std::vector<SweepPoint>& points);

// "pending", "running", "complete", "failed" or "interrupted", with the run's exit status.
struct PointStatus {
  std::string status = "pending";
  std::optional<int> exit_code;
};

// Writes the point's status file (temporary + rename).
void write_point_status(const SweepFolder& folder, const SweepPoint& point,
                        const PointStatus& status);
// Its status file; without one, "complete" when its results file is complete, else "pending".
PointStatus read_point_status(const SweepFolder& folder, const SweepPoint& point);

// Rewrites manifest.csv from the status files, under the folder's lock (temporary + rename).
void rebuild_manifest(const SweepFolder& folder, const std::vector<std::string>& axis_keys,
                      const std::vector<SweepPoint>& points);

// The points a folder's sweep.toml records (what `stitch` reads); ConfigError if it has none.
struct RecordedSweep {
  std::vector<std::string> axis_keys;
  std::vector<SweepPoint> points;
};
RecordedSweep read_sweep_record(const SweepFolder& folder);

// Writes `text` to `path` under a temporary name in the same folder and renames it into place.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace evomarket
