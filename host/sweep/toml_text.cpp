#include "host/sweep/toml_text.h"

#include <sstream>

#include <fmt/format.h>

#include "host/errors.h"

namespace evomarket {

std::string toml_text(const toml::node& node) {
  if (const auto* v = node.as_floating_point()) {
    // fmt's shortest round-trip form; TOML needs a dot or exponent to keep it a float.
    std::string s = fmt::format("{}", v->get());
    if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
    return s;
  }
  if (const auto* a = node.as_array()) {
    std::string s = "[";
    for (size_t i = 0; i < a->size(); ++i) s += (i ? ", " : "") + toml_text((*a)[i]);
    return s + "]";
  }
  if (const auto* t = node.as_table()) {
    std::string s = "{";
    bool first = true;
    for (const auto& [key, value] : *t) {
      std::ostringstream k;
      k << toml::toml_formatter(toml::value<std::string>(std::string(key.str())),
                                toml::format_flags::none);
      s += (first ? " " : ", ") + k.str() + " = " + toml_text(value);
      first = false;
    }
    return s + (first ? "}" : " }");
  }
  std::ostringstream out;
  node.visit([&](const auto& n) { out << toml::toml_formatter(n, toml::format_flags::none); });
  return out.str();
}

toml::table parse_toml_value(const std::string& text) {
  try {
    return toml::parse("v = " + text);
  } catch (const toml::parse_error& e) {
    throw ConfigError(fmt::format("{}: expected a TOML value: {}", text, e.description()));
  }
}

std::string plain_text(const std::string& toml_value_text) {
  const toml::table t = parse_toml_value(toml_value_text);
  if (const auto* s = t.get("v")->as_string()) return s->get();
  return toml_value_text;
}

}  // namespace evomarket
