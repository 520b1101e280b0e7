// A fixture for `evomarket ingest` tests: input files in a temporary directory and the options
// of the long format most tests use (columns meter,time,load,pv).
#pragma once

#include <fstream>
#include <string>

#include "host/profiles/meter_ingest.h"
#include "support/temp_dir.h"

namespace evomarket::testing {

class IngestTest : public TempDirTest {
 protected:
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(file(name)) << text;
    return file(name);
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
