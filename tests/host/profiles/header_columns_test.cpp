// Columns by name or position (host/profiles/header_columns.h): "#1" picks a column whose header
// name is empty, and a missing column is reported at the header's line with its columns listed.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "host/errors.h"
#include "host/profiles/header_columns.h"
#include "support/ingest_test.h"

namespace evomarket {
namespace {

// An Ausgrid-like export whose time column has no name.
const std::vector<std::string> kUnnamedFirst = {"", "GC", "GG"};

std::string find_error(const std::vector<std::string>& header, const std::string& ref) {
  try {
    find_column(header, ref, "f.csv:1", "--time-column");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "no error";
}

TEST(HeaderColumnsTest, PositionsCountFromOne) {
  EXPECT_TRUE(is_column_position("#1"));
  EXPECT_TRUE(is_column_position("#12"));
  for (const char* name : {"#", "1", "#a", "#1a", "a#1", ""}) {
    EXPECT_FALSE(is_column_position(name)) << name;
  }
  EXPECT_EQ(column_index(kUnnamedFirst, "#1"), 0);
  EXPECT_EQ(column_index(kUnnamedFirst, "#3"), 2);
  EXPECT_EQ(column_index(kUnnamedFirst, "GG"), 2);
  EXPECT_FALSE(column_index(kUnnamedFirst, "#0").has_value());
  EXPECT_FALSE(column_index(kUnnamedFirst, "#4").has_value());
  EXPECT_FALSE(column_index(kUnnamedFirst, "#99999999999999999999").has_value());
  EXPECT_EQ(find_column(kUnnamedFirst, "#1", "f.csv:1", "--time-column"), 0);
}

TEST(HeaderColumnsTest, MissingColumnNamesTheHeaderLineAndListsItsColumns) {
  EXPECT_EQ(
      find_error({"meter", "time"}, "tim"),
      "f.csv:1: no column \"tim\" (--time-column); the header's columns: \"meter\", \"time\"");
  // An empty name is listed as "" with a hint how to pick it.
  const std::string e = find_error(kUnnamedFirst, "#4");
  EXPECT_NE(e.find("f.csv:1: no column #4 (columns are numbered #1 to #3)"), std::string::npos)
      << e;
  EXPECT_NE(e.find("\"\", \"GC\", \"GG\" (a column without a name is picked by its position: #1"),
            std::string::npos)
      << e;
}

TEST(HeaderColumnsTest, ColumnLabelNumbersAnUnnamedColumn) {
  EXPECT_EQ(column_label(kUnnamedFirst, 0), "#1");
  EXPECT_EQ(column_label(kUnnamedFirst, 1), "GC");
}

class ReadHeaderTest : public evomarket::testing::IngestTest {
 protected:
  std::string header_at(const std::string& text, const std::vector<std::string>& refs) {
    LineReader reader(write("h.csv", text));
    std::vector<std::string> header;
    const std::string at = read_header(reader, ',', refs, header);
    names_ = header;
    return at.substr(at.rfind(':'));
  }
  std::vector<std::string> names_;
};

TEST_F(ReadHeaderTest, TitleLineAboveTheHeaderIsSkipped) {
  EXPECT_EQ(header_at("Solar home data,,\nCustomer,date,0:30\n1,1/7/2012,0\n", {"Customer"}), ":2");
  EXPECT_EQ(names_, (std::vector<std::string>{"Customer", "date", "0:30"}));
  EXPECT_EQ(header_at(" id , day \n1,2\n", {"id", "day"}), ":1");
  EXPECT_EQ(names_, (std::vector<std::string>{"id", "day"}));
}

// A column missing from the header: the header is still line 1, where find_column reports it.
// Gets instead: the second line (a data row) was read as a candidate header and the error named
// line 2.
TEST_F(ReadHeaderTest, HeaderWithoutAColumnIsTheFirstLine) {
  EXPECT_EQ(header_at("meter,time\na,2020-01-01T00:00Z\n", {"meter", "tim"}), ":1");
  EXPECT_EQ(names_, (std::vector<std::string>{"meter", "time"}));
  // Below a title, the header is the line with more of the columns asked for.
  EXPECT_EQ(header_at("a title\nmeter,time\na,1\n", {"meter", "tim"}), ":2");
}

}  // namespace
}  // namespace evomarket
