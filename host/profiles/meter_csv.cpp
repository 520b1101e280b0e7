#include "host/profiles/meter_csv.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

#include "host/errors.h"
#include "host/progress.h"

namespace evomarket {

void split_csv(std::string_view line, char delimiter, std::vector<std::string>& fields) {
  fields.clear();
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == delimiter) {
      fields.push_back(std::move(field));
      field.clear();
    } else if (c != '\r') {
      field += c;
    }
  }
  fields.push_back(std::move(field));
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<double> parse_number(const std::string& field) {
  const std::string_view t = trim(field);
  if (t.empty()) return std::nullopt;
  double v = 0;
  const auto [end, error] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (error != std::errc() || end != t.data() + t.size() || !std::isfinite(v)) {
    throw std::invalid_argument("not a number");
  }
  return v;
}

std::string quote_field(std::string_view value) {
  if (value.size() <= kMaxQuotedChars) return fmt::format("\"{}\"", value);
  size_t cut = kMaxQuotedChars;
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) --cut;
  return fmt::format("\"{}…\" ({} bytes)", value.substr(0, cut), value.size());
}

namespace {

constexpr size_t kReadBufferBytes = size_t{1} << 16;
constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";

}  // namespace

void InputBytes::add(uint64_t bytes) {
  done_ += bytes;
  if (progress_) progress_->update(done_);
}

LineReader::LineReader(const std::string& path, InputBytes* counted)
    : path_(path), in_(path, std::ios::binary), counted_(counted), buffer_(kReadBufferBytes) {
  if (!in_) throw ConfigError(fmt::format("{}: cannot open the input file", path));
}

bool LineReader::fill() {
  if (!in_) return false;
  in_.read(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  pos_ = 0;
  end_ = static_cast<size_t>(in_.gcount());
  if (counted_) counted_->add(end_);
  return end_ > 0;
}

// Hand-written rather than std::getline: getline knows one terminator, and CR-only files must
// split at CR without reading the whole file as one line.
bool LineReader::next(std::string& line) {
  line.clear();
  bool any = false;
  for (;;) {
    if (pos_ == end_ && !fill()) {
      if (!any) return false;
      truncated_ = true;  // the last line had no line ending
      break;
    }
    any = true;
    const char* begin = buffer_.data() + pos_;
    const char* stop = buffer_.data() + end_;
    const char* p = begin;
    while (p != stop && *p != '\n' && *p != '\r') ++p;
    line.append(begin, p);
    bytes_ += static_cast<uint64_t>(p - begin);
    pos_ += static_cast<size_t>(p - begin);
    if (p == stop) continue;
    ++pos_;
    ++bytes_;
    if (*p == '\r' && (pos_ < end_ || fill()) && buffer_[pos_] == '\n') {  // CRLF
      ++pos_;
      ++bytes_;
    }
    truncated_ = false;
    break;
  }
  ++number_;
  if (number_ == 1 && line.compare(0, kUtf8ByteOrderMark.size(), kUtf8ByteOrderMark) == 0) {
    line.erase(0, kUtf8ByteOrderMark.size());
  }
  return true;
}

std::string LineReader::where() const {
  return fmt::format("{}:{}", path_, number_);
}

}  // namespace evomarket
