// Reading meter-data CSV files: lines counted for error messages, fields and numbers (the header:
// host/profiles/header_columns.h; dates, timestamps and UTC offsets: host/profiles/civil_time.h).
#pragma once

#include <cstdint>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evomarket {

class Progress;

// The bytes every LineReader of one job has read (all its passes over all its files), for a
// progress line (host/progress.h).
class InputBytes {
 public:
  explicit InputBytes(Progress* progress = nullptr) : progress_(progress) {}
  void add(uint64_t bytes);

 private:
  Progress* progress_;
  uint64_t done_ = 0;
};

// Splits one CSV line (double-quoted fields may hold delimiters; "" is a quote).
void split_csv(std::string_view line, char delimiter, std::vector<std::string>& fields);

// A number (empty field: nullopt); throws std::invalid_argument for anything else.
std::optional<double> parse_number(const std::string& field);

// Longest field value (bytes) an error message quotes whole.
constexpr size_t kMaxQuotedChars = 80;

// A field value for an error message: in double quotes, cut after kMaxQuotedChars bytes (at a
// UTF-8 character boundary) with "…" and the full length, so a 50 MB field never fills a log.
std::string quote_field(std::string_view value);

// Reads a file line by line, counting lines (for "FILE:LINE" in errors) and bytes. Lines end
// at LF, CRLF or a lone CR (old Mac exports); a UTF-8 byte-order mark before the first line is
// dropped (spreadsheet exports write one).
class LineReader {
 public:
  // ConfigError if the file cannot be opened. Each block read is added to `counted` (if any).
  explicit LineReader(const std::string& path, InputBytes* counted = nullptr);
  // The next line without its line ending; false at the end of the file.
  bool next(std::string& line);
  // "FILE:LINE" of the line last read.
  std::string where() const;
  uint64_t line_number() const { return number_; }
  uint64_t bytes() const { return bytes_; }
  bool last_line_unterminated() const { return truncated_; }

 private:
  // Refills the buffer; false at the end of the file.
  bool fill();

  std::string path_;
  std::ifstream in_;
  InputBytes* counted_;
  std::vector<char> buffer_;
  size_t pos_ = 0;  // next unread byte of buffer_
  size_t end_ = 0;  // bytes of buffer_ filled
  uint64_t number_ = 0;
  uint64_t bytes_ = 0;
  bool truncated_ = false;
};

}  // namespace evomarket
