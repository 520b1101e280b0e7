// Errors the user can act on: what was wrong, where (file, line, key) and what was expected.
#pragma once

#include <stdexcept>
#include <string>

namespace evomarket {

// Invalid configuration or command-line input.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace evomarket
