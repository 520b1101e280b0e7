// End-to-end runs of `evomarket clear`: the JSON of the worked example (docs/clearing.md), the
// table, every mechanism the config accepts, and bad books and options (exit status 2).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "support/run_cli.h"
#include "support/temp_dir.h"

namespace evomarket {
namespace {

using evomarket::testing::CliResult;
using evomarket::testing::run_evomarket;

const std::string kBook =
    std::string(EVOMARKET_SOURCE_DIR) + "/experiments/books/three_by_three.csv";

// The table row of order `id`, its cells joined by single blanks.
std::string row_of(const std::string& table, const std::string& id) {
  std::istringstream lines(table);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream cells(line);
    std::string cell, row;
    while (cells >> cell) row += (row.empty() ? "" : " ") + cell;
    if (row.rfind(id + " ", 0) == 0) return row;
  }
  return "";
}

class ClearCli : public evomarket::testing::TempDirTest {
 protected:
  std::string write(const std::string& text) {
    const std::string path = file("book.csv");
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  void expect_bad_input(const std::string& args, const std::string& message) {
    const CliResult r = run_evomarket("clear " + args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.output;
    EXPECT_NE(r.output.find(message), std::string::npos) << args << "\n" << r.output;
  }
};

// The uniform k-DA of the worked example: 8 kWh at 0.225 (tests/host/run/book_clearing_test.cpp
// has the hand computation).
TEST_F(ClearCli, JsonOfTheWorkedExample) {
  const CliResult r = run_evomarket("clear " + kBook + " --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output,
            "{\"mechanism\": \"uniform\", \"price\": 0.225, \"traded_kwh\": 8, "
            "\"operator_surplus\": 0, \"grid_import_kwh\": 4, \"grid_export_kwh\": 7, "
            "\"orders\": [\n"
            "  {\"id\": \"s1\", \"side\": \"sell\", \"price\": 0.1, \"quantity\": 5, "
            "\"filled_kwh\": 5, \"payment\": 1.125},\n"
            "  {\"id\": \"s2\", \"side\": \"sell\", \"price\": 0.2, \"quantity\": 5, "
            "\"filled_kwh\": 3, \"payment\": 0.675},\n"
            "  {\"id\": \"s3\", \"side\": \"sell\", \"price\": 0.3, \"quantity\": 5, "
            "\"filled_kwh\": 0, \"payment\": 0},\n"
            "  {\"id\": \"b1\", \"side\": \"buy\", \"price\": 0.35, \"quantity\": 4, "
            "\"filled_kwh\": 4, \"payment\": 0.9},\n"
            "  {\"id\": \"b2\", \"side\": \"buy\", \"price\": 0.25, \"quantity\": 4, "
            "\"filled_kwh\": 4, \"payment\": 0.9},\n"
            "  {\"id\": \"b3\", \"side\": \"buy\", \"price\": 0.15, \"quantity\": 4, "
            "\"filled_kwh\": 0, \"payment\": 0}\n"
            "]}\n");
}

TEST_F(ClearCli, TradeReductionJsonHasNoSinglePriceAndTheOperatorsSpread) {
  for (const char* m : {"trade_reduction", "mcafee"}) {  // McAfee: p0 = 0.175 < s_L = 0.20
    const CliResult r = run_evomarket("clear " + kBook + " --json --mechanism " + m);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    EXPECT_EQ(r.output.rfind(std::string("{\"mechanism\": \"") + m +
                                 "\", \"price\": null, \"traded_kwh\": 4, "
                                 "\"operator_surplus\": 0.2,",
                             0),
              0u)
        << r.output;
  }
}

// McAfee's p0 branch (docs/clearing.md): every trade at p0 = 0.28, one price in the JSON.
TEST_F(ClearCli, McAfeeAtP0HasOnePrice) {
  const CliResult r =
      run_evomarket("clear " +
                    write("id,side,price,quantity\na,sell,0.10,3\nb,sell,0.20,2\nc,sell,0.32,5\n"
                          "x,buy,0.50,2\ny,buy,0.30,3\nz,buy,0.24,4\n") +
                    " --mechanism mcafee --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output.rfind("{\"mechanism\": \"mcafee\", \"price\": 0.28, \"traded_kwh\": 5, "
                           "\"operator_surplus\": 0,",
                           0),
            0u)
      << r.output;
}

// The options of the new variants reach the engine (hand computations in book_clearing_test).
TEST_F(ClearCli, VariantOptions) {
  CliResult r = run_evomarket("clear " + kBook + " --mechanism pay_as_bid --pay-as-bid bid_rate");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(row_of(r.output, "s1"), "s1 sell 0.1 5 5 1.65") << r.output;
  r = run_evomarket("clear " + kBook + " --mechanism continuous --continuous-price midpoint");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(row_of(r.output, "b3"), "b3 buy 0.15 4 4 0.5") << r.output;
  r = run_evomarket("clear " + kBook + " --mechanism reverse_auction --reverse-payment vcg --json");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("\"price\": null"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("\"id\": \"s3\", \"side\": \"sell\", \"price\": 0.3, \"quantity\": 5, "
                          "\"filled_kwh\": 2, \"payment\": 0.7}"),
            std::string::npos)
      << r.output;
}

TEST_F(ClearCli, TableOfTheContinuousAuctionInArrivalOrder) {
  const CliResult r = run_evomarket("clear " + kBook + " --mechanism continuous");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("traded            10 kWh"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("price             - (no single price)"), std::string::npos);
  // b3 (0.15) arrived second and took 4 kWh of s1 at 0.10.
  EXPECT_EQ(row_of(r.output, "b3"), "b3 buy 0.15 4 4 0.4") << r.output;
}

TEST_F(ClearCli, EveryMechanismOfTheConfigClearsTheBook) {
  for (const char* m : {"uniform", "pay_as_bid", "trade_reduction", "mcafee", "muda", "continuous",
                        "sdr", "mid_market", "reverse_auction", "none"}) {
    const CliResult r = run_evomarket("clear " + kBook + " --json --mechanism " + m);
    EXPECT_EQ(r.exit_code, 0) << m << "\n" << r.output;
    EXPECT_NE(r.output.find(std::string("\"mechanism\": \"") + m + "\""), std::string::npos)
        << r.output;
  }
  const CliResult r =
      run_evomarket("clear " + kBook + " --mechanism uniform --price-rule walrasian --k 1 --json");
  EXPECT_NE(r.output.find("\"price\": 0.2,"), std::string::npos) << r.output;
  const CliResult s =
      run_evomarket("clear " + kBook + " --mechanism sdr --retail 0.4 --fit 0.2 --json");
  EXPECT_NE(s.output.find("\"retail\": 0.4, \"fit\": 0.2,"), std::string::npos) << s.output;
}

TEST_F(ClearCli, BadBooksAndOptionsExitWithStatus2) {
  expect_bad_input(write("id,side,price,quantity\na,buy,1,-1\n") + " --json",
                   "book.csv:2: quantity -1 is out of range (expected a quantity in (0, 1e6] kWh)");
  expect_bad_input(write("id,side,price,quantity\na,hold,1,1\n"),
                   "book.csv:2: side \"hold\" (expected buy or sell)");
  expect_bad_input(write("id,side,price,quantity\na,buy,1,1\na,sell,1,1\n"),
                   "book.csv:3: duplicate id \"a\" (first on line 2)");
  expect_bad_input(write("id,side,price,quantity\n"), "book.csv:1: no orders");
  expect_bad_input(write("id,side,quantity\na,buy,1\n"), "book.csv:1: no column \"price\"");
  expect_bad_input(write("id,side,price,quantity\na,buy,x,1\n"),
                   "book.csv:2: price \"x\" is not a number");
  expect_bad_input(file("absent.csv"), "absent.csv: cannot open the input file");
  expect_bad_input(kBook + " --mechanism vickrey", "--mechanism");
  expect_bad_input(kBook + " --mechanism mcafee --k 0.2",
                   "--k does not apply to --mechanism mcafee");
  expect_bad_input(kBook + " --mechanism uniform --continuous-price midpoint",
                   "--continuous-price does not apply to --mechanism uniform");
  expect_bad_input(kBook + " --mechanism sdr --reverse-payment vcg",
                   "--reverse-payment does not apply to --mechanism sdr");
  expect_bad_input(kBook + " --mechanism reverse_auction --reverse-payment clarke",
                   "--reverse-payment");
  expect_bad_input(kBook + " --mechanism reverse_auction --quantity 3",
                   "three_by_three.csv:5: a buy order, but --quantity buys for the manager");
}

}  // namespace
}  // namespace evomarket
