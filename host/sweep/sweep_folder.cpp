#include "host/sweep/sweep_folder.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "host/errors.h"
#include "host/sweep/toml_text.h"
#include "io/hdf5_error.h"
#include "io/results_file.h"

namespace evomarket {
namespace fs = std::filesystem;
namespace {

constexpr const char* kRecord = "sweep.toml";
constexpr const char* kLock = ".sweep.lock";
constexpr const char* kManifest = "manifest.csv";

std::string stem(const SweepPoint& point) {
  return fs::path(point.file).stem().string();
}

// An exclusive flock on the folder's lock file for as long as it lives: one process at a time
// records the points or rebuilds the manifest.
class FolderLock {
 public:
  explicit FolderLock(const SweepFolder& folder) {
    const std::string path = folder.file(kLock);
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0) {
      throw std::runtime_error(fmt::format("{}: cannot lock the sweep folder", path));
    }
  }
  ~FolderLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
  }
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;

 private:
  int fd_ = -1;
};

uint64_t fnv1a(const std::string& text) {
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// What makes two sweeps the same: the base config's text and every point's file and overrides.
std::string points_identity(const std::vector<SweepPoint>& points) {
  std::string s;
  for (const SweepPoint& p : points) {
    s += p.file;
    for (const std::string& o : p.overrides) s += '\n' + o;
    s += "\n\n";
  }
  return s;
}

std::string record_text(const SweepSpec& spec, const std::vector<SweepPoint>& points,
                        const std::string& base_digest, const std::string& points_digest) {
  toml::table root;
  root.insert("spec", spec.path);
  root.insert("base", spec.base);
  root.insert("base_digest", base_digest);
  root.insert("points_digest", points_digest);
  root.insert("point_count", static_cast<int64_t>(points.size()));
  toml::array keys;
  for (const std::string& k : spec.axis_keys()) keys.push_back(k);
  root.insert("axes", std::move(keys));
  toml::array list;
  for (const SweepPoint& p : points) {
    toml::table t;
    t.insert("index", static_cast<int64_t>(p.index));
    t.insert("file", p.file);
    t.insert("seed", static_cast<int64_t>(p.seed));
    toml::array values, overrides;
    for (const KeyValue& kv : p.values) values.push_back(kv.second);
    for (const std::string& o : p.overrides) overrides.push_back(o);
    t.insert("values", std::move(values));
    t.insert("overrides", std::move(overrides));
    list.push_back(std::move(t));
  }
  root.insert("point", std::move(list));
  std::ostringstream out;
  out << "# Written by `evomarket sweep`: the points of this folder (docs/sweeps.md). A rerun "
         "checks that its\n# spec gives the same points; do not edit.\n"
      << root << '\n';
  return out.str();
}

toml::table parse_record(const SweepFolder& folder) {
  const std::string path = folder.file(kRecord);
  try {
    return toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw ConfigError(fmt::format("{}:{}: unreadable sweep record: {}", path, e.source().begin.line,
                                  e.description()));
  }
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string quoted = "\"";
  for (char c : s) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

// The first point whose overrides differ, to say what changed.
std::string first_difference(const toml::table& record, const std::vector<SweepPoint>& points) {
  const auto count = record["point_count"].value<int64_t>().value_or(-1);
  if (count != static_cast<int64_t>(points.size())) {
    return fmt::format("it has {} points, this spec gives {}", count, points.size());
  }
  const toml::array* list = record["point"].as_array();
  for (size_t i = 0; list && i < list->size() && i < points.size(); ++i) {
    std::vector<std::string> recorded;
    if (const toml::array* o = (*list)[i].as_table()->get_as<toml::array>("overrides")) {
      for (const auto& n : *o) recorded.push_back(n.value_or(std::string()));
    }
    if (recorded != points[i].overrides) {
      std::string was, now;
      for (const auto& s : recorded) was += (was.empty() ? "" : " ") + s;
      for (const auto& s : points[i].overrides) now += (now.empty() ? "" : " ") + s;
      return fmt::format("point {} was {{{}}}, this spec gives {{{}}}", i, was, now);
    }
  }
  return "the points differ";
}

}  // namespace

std::string SweepFolder::file(const std::string& name) const {
  return (fs::path(path_) / name).string();
}
std::string SweepFolder::status_file(const SweepPoint& point) const {
  return file("status/" + stem(point) + ".toml");
}
std::string SweepFolder::log_file(const SweepPoint& point) const {
  return file("logs/" + stem(point) + ".log");
}

void write_file_atomically(const std::string& path, const std::string& text) {
  static std::atomic<unsigned> counter{0};
  const std::string temporary = fmt::format("{}.tmp-{}-{}", path, ::getpid(), counter++);
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      std::remove(temporary.c_str());
      throw std::runtime_error(fmt::format("{}: cannot write", temporary));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    throw std::runtime_error(fmt::format("cannot rename {} to {}", temporary, path));
  }
}

void prepare_sweep_folder(const SweepFolder& folder, const SweepSpec& spec,
                          const std::vector<SweepPoint>& points) {
  const fs::path dir(folder.path());
  std::error_code error;
  if (fs::exists(dir, error)) {
    if (!fs::is_directory(dir, error)) {
      throw ConfigError(fmt::format("--out {}: exists and is not a folder", folder.path()));
    }
    // Emptiness first: a task preparing the folder at this moment creates the lock file
    // before anything else, so a folder found non-empty already shows it is ours.
    const bool empty = fs::is_empty(dir, error);
    const bool ours = fs::exists(dir / kRecord, error) || fs::exists(dir / kLock, error);
    if (!empty && !ours) {
      throw ConfigError(fmt::format(
          "--out {}: the folder holds files but no sweep (no {}); give a new or empty folder",
          folder.path(), kRecord));
    }
  }
  // The lock file is the first thing made inside the folder, so a job-array task starting at
  // the same moment sees either an empty folder or one that is ours, never subfolders alone.
  fs::create_directories(dir, error);
  if (error) {
    throw ConfigError(
        fmt::format("--out {}: cannot create the folder: {}", folder.path(), error.message()));
  }
  FolderLock lock(folder);
  fs::create_directories(dir / "status", error);
  fs::create_directories(dir / "logs", error);
  if (error) {
    throw ConfigError(
        fmt::format("--out {}: cannot create the folder: {}", folder.path(), error.message()));
  }

  const std::string base_digest = fmt::format("{:016x}", fnv1a(read_text(spec.base)));
  const std::string points_digest = fmt::format("{:016x}", fnv1a(points_identity(points)));
  if (!fs::exists(dir / kRecord, error)) {
    write_file_atomically(folder.file(kRecord),
                          record_text(spec, points, base_digest, points_digest));
    return;
  }
  const toml::table record = parse_record(folder);
  const auto refuse = [&](const std::string& reason) {
    return ConfigError(fmt::format(
        "--out {}: the folder was made from another sweep ({}); use a new folder, or the spec "
        "it was made from ({})",
        folder.path(), reason, record["spec"].value_or(std::string("?"))));
  };
  if (record["points_digest"].value_or(std::string()) != points_digest) {
    throw refuse(first_difference(record, points));
  }
  if (record["base_digest"].value_or(std::string()) != base_digest) {
    throw refuse(fmt::format("the base config {} has changed since", spec.base));
  }
}

void write_point_status(const SweepFolder& folder, const SweepPoint& point,
                        const PointStatus& status) {
  std::string text = fmt::format("status = \"{}\"\n", status.status);
  if (status.exit_code) text += fmt::format("exit_code = {}\n", *status.exit_code);
  text += fmt::format("updated = \"{}\"\n", io::utc_timestamp());
  write_file_atomically(folder.status_file(point), text);
}

PointStatus read_point_status(const SweepFolder& folder, const SweepPoint& point) {
  PointStatus status;
  std::error_code error;
  if (fs::exists(folder.status_file(point), error)) {
    try {
      const toml::table t = toml::parse_file(folder.status_file(point));
      status.status = t["status"].value_or(std::string("pending"));
      if (auto code = t["exit_code"].value<int64_t>()) status.exit_code = static_cast<int>(*code);
      return status;
    } catch (const toml::parse_error&) {
      // A status file is always renamed into place whole; an unreadable one was edited by hand.
    }
  }
  if (fs::exists(folder.results(point), error)) {
    try {
      if (io::results_status(folder.results(point)) == io::kStatusComplete) {
        status.status = "complete";
      }
    } catch (const io::H5Error&) {
    }
  }
  return status;
}

void rebuild_manifest(const SweepFolder& folder, const std::vector<std::string>& axis_keys,
                      const std::vector<SweepPoint>& points) {
  FolderLock lock(folder);
  std::string csv = "point,status,exit_code,seed,file";
  for (const std::string& key : axis_keys) csv += "," + csv_field(key);
  csv += '\n';
  for (const SweepPoint& p : points) {
    const PointStatus s = read_point_status(folder, p);
    csv += fmt::format("{},{},{},{},{}", p.index, s.status,
                       s.exit_code ? std::to_string(*s.exit_code) : std::string(), p.seed,
                       csv_field(p.file));
    for (const KeyValue& kv : p.values) csv += "," + csv_field(plain_text(kv.second));
    csv += '\n';
  }
  write_file_atomically(folder.file(kManifest), csv);
}

RecordedSweep read_sweep_record(const SweepFolder& folder) {
  std::error_code error;
  if (!fs::exists(fs::path(folder.path()) / kRecord, error)) {
    throw ConfigError(fmt::format("{}: not a sweep folder (no {}; `evomarket sweep` makes one)",
                                  folder.path(), kRecord));
  }
  const toml::table record = parse_record(folder);
  RecordedSweep sweep;
  if (const toml::array* keys = record["axes"].as_array()) {
    for (const auto& k : *keys) sweep.axis_keys.push_back(k.value_or(std::string()));
  }
  const toml::array* list = record["point"].as_array();
  if (!list || list->empty()) {
    throw ConfigError(fmt::format("{}: records no points", folder.file(kRecord)));
  }
  for (const auto& node : *list) {
    const toml::table& t = *node.as_table();
    SweepPoint p;
    p.index = static_cast<size_t>(t["index"].value_or(int64_t{0}));
    p.file = t["file"].value_or(std::string());
    p.seed = static_cast<uint64_t>(t["seed"].value_or(int64_t{0}));
    const toml::array* values = t["values"].as_array();
    for (size_t k = 0; values && k < values->size() && k < sweep.axis_keys.size(); ++k) {
      p.values.push_back({sweep.axis_keys[k], (*values)[k].value_or(std::string())});
    }
    if (const toml::array* o = t["overrides"].as_array()) {
      for (const auto& n : *o) p.overrides.push_back(n.value_or(std::string()));
    }
    if (p.file.empty() || p.file.find('/') != std::string::npos ||
        p.values.size() != sweep.axis_keys.size() || p.index != sweep.points.size()) {
      throw ConfigError(
          fmt::format("{}: point {}: damaged record", folder.file(kRecord), sweep.points.size()));
    }
    sweep.points.push_back(std::move(p));
  }
  return sweep;
}

}  // namespace evomarket
