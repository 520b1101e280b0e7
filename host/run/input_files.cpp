#include "host/run/input_files.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "host/errors.h"

namespace evomarket {
namespace {

// Size and SHA-256 of the file at `path`, read in 1 MiB pieces.
InputFile fingerprint(const std::string& key, const std::string& path) {
  const auto fail = [&](const char* what) {
    return ConfigError(fmt::format("{} = {}: {}", key, path, what));
  };
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                             &std::fclose);
  if (!file) throw fail("cannot be opened to fingerprint it for the checkpoint");
  const std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> digest(EVP_MD_CTX_new(),
                                                                  &EVP_MD_CTX_free);
  if (!digest || EVP_DigestInit_ex(digest.get(), EVP_sha256(), nullptr) != 1) {
    throw fail("SHA-256 is not available from OpenSSL");
  }
  InputFile input{key, path, 0, ""};
  std::vector<unsigned char> buffer(1 << 20);
  size_t got = 0;
  while ((got = std::fread(buffer.data(), 1, buffer.size(), file.get())) > 0) {
    input.bytes += got;
    EVP_DigestUpdate(digest.get(), buffer.data(), got);
  }
  if (std::ferror(file.get())) throw fail("read error while fingerprinting it");
  unsigned char hash[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(digest.get(), hash, &length);
  for (unsigned int i = 0; i < length; ++i) input.sha256 += fmt::format("{:02x}", hash[i]);
  return input;
}

std::string line_of(const InputFile& f) {
  return fmt::format("{} = {} ({} bytes, sha256 {})", f.key, f.path, f.bytes, f.sha256);
}

// The config part and the input-file lines of a run identity.
struct Split {
  std::string config;
  std::vector<std::string> lines;
  bool has_inputs = false;
};

Split split(const std::string& identity) {
  Split s;
  const size_t at = identity.find(kInputFilesSection);
  s.config = identity.substr(0, at);
  if (at == std::string::npos) return s;
  s.has_inputs = true;
  std::istringstream rest(identity.substr(at + std::string(kInputFilesSection).size()));
  for (std::string line; std::getline(rest, line);) {
    if (!line.empty()) s.lines.push_back(line);
  }
  return s;
}

std::string key_of(const std::string& line) {
  return line.substr(0, line.find(" = "));
}

}  // namespace

std::vector<InputFile> input_files(const ExperimentConfig& config) {
  std::vector<InputFile> files;
  if (config.mode == ExperimentMode::kMarket) {
    if (!config.market.profiles.empty()) {
      files.push_back(fingerprint("market.profiles", config.market.profiles));
    }
    if (!config.market.communities_file.empty()) {
      files.push_back(fingerprint("market.communities_file", config.market.communities_file));
    }
  } else if (!config.population.graph_file.empty()) {
    files.push_back(fingerprint("population.graph_file", config.population.graph_file));
  }
  return files;
}

std::string run_identity(const ExperimentConfig& config) {
  std::string identity = simulation_identity(config);
  const std::vector<InputFile> files = input_files(config);
  if (files.empty()) return identity;
  identity += kInputFilesSection;
  for (const InputFile& f : files) identity += line_of(f) + "\n";
  return identity;
}

std::string changed_input_files(const std::string& recorded, const std::string& current) {
  const Split was = split(recorded);
  const Split now = split(current);
  if (was.config != now.config || !was.has_inputs) return "";
  std::string out;
  for (const std::string& line : was.lines) {
    const auto same_key = [&](const std::string& l) { return key_of(l) == key_of(line); };
    const auto match = std::find_if(now.lines.begin(), now.lines.end(), same_key);
    if (match == now.lines.end()) {
      out += fmt::format("  {} is no longer read (the checkpoint's run read {})\n", key_of(line),
                         line);
    } else if (*match != line) {
      out += fmt::format("  was {}\n  now {}\n", line, *match);
    }
  }
  for (const std::string& line : now.lines) {
    const auto same_key = [&](const std::string& l) { return key_of(l) == key_of(line); };
    if (std::none_of(was.lines.begin(), was.lines.end(), same_key)) {
      out += fmt::format("  {} is new (the checkpoint's run did not read it)\n", line);
    }
  }
  return out;
}

bool same_run(const std::string& recorded, const std::string& identity) {
  if (recorded == identity) return true;
  const Split was = split(recorded);
  return !was.has_inputs && was.config == split(identity).config;
}

}  // namespace evomarket
