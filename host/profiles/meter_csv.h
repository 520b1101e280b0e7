// Reading meter-data CSV files: lines counted for error messages, the header, fields and numbers
// (dates, timestamps and UTC offsets: host/profiles/civil_time.h).
#pragma once

#include <cstdint>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace evomarket {

// Splits one CSV line (double-quoted fields may hold delimiters; "" is a quote).
void split_csv(std::string_view line, char delimiter, std::vector<std::string>& fields);

// A number (empty field: nullopt); throws std::invalid_argument for anything else.
std::optional<double> parse_number(const std::string& field);

// Reads a file line by line, counting lines (for "FILE:LINE" in errors) and bytes.
class LineReader {
 public:
  // ConfigError if the file cannot be opened.
  explicit LineReader(const std::string& path);
  // The next line without its newline; false at the end of the file.
  bool next(std::string& line);
  // "FILE:LINE" of the line last read.
  std::string where() const;
  uint64_t bytes() const { return bytes_; }
  bool last_line_unterminated() const { return truncated_; }

 private:
  std::string path_;
  std::ifstream in_;
  uint64_t number_ = 0;
  uint64_t bytes_ = 0;
  bool truncated_ = false;
};

// Reads the header (blanks around names trimmed). The first line may be a title above the
// header: then the second line is the header. ConfigError if neither holds `must_contain`
// (unless it is empty) or the file is empty.
void read_header(LineReader& reader, char delimiter, const std::string& must_contain,
                 std::vector<std::string>& header);

}  // namespace evomarket
