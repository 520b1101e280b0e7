#include "io/results_file.h"

#include <fmt/format.h>

#include <ctime>

namespace evomarket::io {

ResultsFile ResultsFile::create(const std::string& path, const RunMetadata& meta) {
  File file = File::create_v110(path, "results file");
  Group root = file.root();
  // status first: whatever happens next, the file never looks finished.
  set_attr(root, "status", kStatusRunning);
  set_attr(root, "evomarket_version", meta.version);
  set_attr(root, "git_commit", meta.git_commit);
  set_attr(root, "seed", meta.seed);
  set_attr(root, "backend", meta.backend);
  set_attr(root, "device", meta.device);
  set_attr(root, "mode", meta.mode);
  set_attr(root, "created", utc_timestamp());
  Group parameters = root.create_group("parameters");
  set_attr(parameters, "config_toml", meta.config_toml);
  root.create_group("observables");
  file.flush();
  return ResultsFile(std::move(file));
}

void ResultsFile::start_live() {
  if (live_) return;
  file_.flush();
  file_.start_swmr_write();
  live_ = true;
}

void ResultsFile::end_live() {
  if (!live_) return;
  const std::string path = file_.path();
  if (const size_t open = file_.open_objects(); open > 0) {
    throw H5Error(fmt::format(
        "{}: cannot leave SWMR writing: {} groups, datasets or attributes are still open", path,
        open));
  }
  file_.close();
  live_ = false;
  file_ = File::open_rw_beside_readers(path);
}

void ResultsFile::complete() {
  end_live();
  set_attr(file_.root(), "status", kStatusComplete);
  file_.flush();
}

void ResultsFile::fail(std::string_view reason) {
  end_live();
  Group root = file_.root();
  set_attr(root, "status", kStatusFailed);
  set_attr(root, "failure", reason);
  file_.flush();
}

void ResultsFile::interrupt(std::string_view signal) {
  end_live();
  Group root = file_.root();
  set_attr(root, "status", kStatusInterrupted);
  set_attr(root, "interrupted_by", signal);
  file_.flush();
}

std::string results_status(const std::string& path) {
  File file = File::open_read(path);
  Group root = file.root();
  if (!has_attr(root, "status")) {
    throw H5Error(fmt::format("{}: not an evomarket results file (no status attribute)", path));
  }
  return get_attr_string(root, "status");
}

std::string results_file_status(const std::string& path) noexcept {
  try {
    File file = File::open_read(path);
    const Group root = file.root();
    if (!has_attr(root, "status") || !has_attr(root, "mode")) return "";
    return get_attr_string(root, "status");
  } catch (const std::exception&) {
    return "";
  }
}

std::string utc_timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

}  // namespace evomarket::io
