// Values of sweep axes as TOML text: the exact form --set takes, and what the sweep folder, the
// manifest and the stitched index record.
#pragma once

#include <string>

#include <toml++/toml.h>

namespace evomarket {

// A TOML value as compact TOML text; floats in their shortest exact form ("0.1", "1e+10").
std::string toml_text(const toml::node& node);

// The value `text` (TOML text) parsed back; ConfigError if it is not a TOML value.
toml::table parse_toml_value(const std::string& text);  // the value is under key "v"

// How a value reads in a CSV column or on screen: strings without quotes, the rest as TOML.
std::string plain_text(const std::string& toml_value_text);

}  // namespace evomarket
