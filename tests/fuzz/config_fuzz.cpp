// parse_config() with --set overrides on arbitrary bytes: the text up to the first NUL byte is
// the TOML file, each further NUL-separated piece one "key=value" override (at most 8).
// ConfigError is the only expected failure. A config that is accepted must survive the round
// trip through to_toml() (what results files store and `--resume` re-reads): the resolved TOML
// parses again to the same resolved TOML.
#include <cstdint>
#include <string>
#include <vector>

#include "host/config/config.h"
#include "host/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace evomarket;
  const std::string input(reinterpret_cast<const char*>(data), size);
  size_t end = input.find('\0');
  const std::string text = input.substr(0, end);
  std::vector<std::string> overrides;
  while (end != std::string::npos && overrides.size() < 8) {
    const size_t next = input.find('\0', end + 1);
    overrides.push_back(input.substr(end + 1, next == std::string::npos ? next : next - end - 1));
    end = next;
  }
  std::string resolved;
  try {
    resolved = to_toml(parse_config(text, "fuzz.toml", overrides));
  } catch (const ConfigError&) {
    return 0;
  }
  try {
    if (to_toml(parse_config(resolved, "resolved.toml")) != resolved) __builtin_trap();
  } catch (const ConfigError&) {
    __builtin_trap();  // the resolved config of an accepted one is refused
  }
  return 0;
}
