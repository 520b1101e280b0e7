// Inputs the ingest fuzz harness (tests/fuzz/ingest_fuzz.cpp) found to crash or trip a
// sanitizer, each reduced to what reproduces it. Run under the asan preset they would report
// the undefined behaviour again; everywhere they check the clean ConfigError.
#include <gtest/gtest.h>

#include <string>

#include "host/errors.h"
#include "host/profiles/meter_ingest.h"
#include "support/ingest_test.h"

namespace evomarket {
namespace {

class IngestFuzzRegression : public evomarket::testing::IngestTest {
 protected:
  std::string error_of(const IngestOptions& o) {
    try {
      ingest(o);
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "no error";
  }
};

// A date with a long run of digits overflowed int while it was read (signed overflow, UBSan:
// civil_time.cpp read_number) before its length was checked.
TEST_F(IngestFuzzRegression, ALongRunOfDigitsInADateIsRefused) {
  IngestOptions o;
  o.inputs = {write("wide.csv",
                    "meter,date,quantity,6:00,12:00,18:00,0:00\n"
                    "m1,1/3/2020000000000,load,1,2,3,4\n"
                    "m1,1/3/2020000000000,pv,0,5,1,0\n")};
  o.out = file("store.h5");
  o.format = "wide";
  o.meter_column = "meter";
  o.quantity_column = "quantity";
  o.load_quantities = {"load"};
  o.pv_quantities = {"pv"};
  EXPECT_NE(error_of(o), "no error");
  o.inputs = {write("long.csv",
                    "meter,time,load,pv\n"
                    "a,99999999999999-01-01T06:00:00Z,1,0\n")};
  o.format = "long";
  o.meter_column = "meter";
  o.time_column = "time";
  o.load = "load";
  o.pv = "pv";
  EXPECT_NE(error_of(o), "no error");
}

}  // namespace
}  // namespace evomarket
