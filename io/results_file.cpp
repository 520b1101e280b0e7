#include "io/results_file.h"

#include <fmt/format.h>

#include <ctime>

namespace evomarket::io {

ResultsFile ResultsFile::create(const std::string& path, const RunMetadata& meta) {
  File file = File::create(path, "results file");
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

void ResultsFile::complete() {
  set_attr(file_.root(), "status", kStatusComplete);
  file_.flush();
}

void ResultsFile::fail(std::string_view reason) {
  Group root = file_.root();
  set_attr(root, "status", kStatusFailed);
  set_attr(root, "failure", reason);
  file_.flush();
}

void ResultsFile::interrupt(std::string_view signal) {
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

std::string utc_timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buf;
}

}  // namespace evomarket::io
