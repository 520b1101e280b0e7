// A fixture for `evomarket ingest` tests: input files in a temporary directory and the options
// of the long format most tests use (columns meter,time,load,pv).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "host/errors.h"
#include "host/profiles/meter_ingest.h"
#include "support/temp_dir.h"

namespace evomarket::testing {

class IngestTest : public TempDirTest {
 protected:
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(file(name)) << text;
    return file(name);
  }
  // The message of the ConfigError that ingest(o) throws ("no error" when it succeeds); a failed
  // ingest must leave nothing at o.out.
  std::string error_of(const IngestOptions& o) {
    try {
      ingest(o);
    } catch (const ConfigError& e) {
      EXPECT_FALSE(std::filesystem::exists(o.out)) << "a failed ingest left " << o.out;
      return e.what();
    }
    return "no error";
  }
  // Wide format: columns meter,date,quantity and one per interval, quantities "load" and "pv".
  IngestOptions wide_options(const std::string& input) {
    IngestOptions o;
    o.inputs = {input};
    o.out = file("wide.h5");  // beside long_options' store
    o.format = "wide";
    o.meter_column = "meter";
    o.date_column = "date";
    o.quantity_column = "quantity";
    o.load_quantities = {"load"};
    o.pv_quantities = {"pv"};
    return o;
  }
  IngestOptions long_options(const std::string& input) {
    IngestOptions o;
    o.inputs = {input};
    o.out = file("store.h5");
    o.meter_column = "meter";
    o.time_column = "time";
    o.load = "load";
    o.pv = "pv";
    return o;
  }
};

}  // namespace evomarket::testing
