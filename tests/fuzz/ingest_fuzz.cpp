// ingest() (`evomarket ingest`) on arbitrary CSV text. The first two bytes choose the format
// and options; the rest is the CSV file, ingested to a store in a temporary directory.
//   byte 0: bits 0-2 format: 0 long (meter,time,load,pv), 1 long net (meter,time,net),
//           2 long cumulative registers, 3 long with one --meter-id and column expressions,
//           4 wide (meter,date,quantity,<times>), 5 wide with capacity and m/d/yyyy, 6-7 ausgrid;
//           bits 3-4 policy skip/fill/strict/skip; bit 5 units kW; bit 6 label start;
//           bit 7 counter reset policy "reset"
//   byte 1: bits 0-2 slot minutes (0 inferred, 1, 5, 15, 30, 60, 7, 1440); bit 3 ';' delimiter;
//           bits 4-5 time zone (none, +10:00, -05:30, Z); bits 6-7 store time zone (none, +00:00,
//           +14:00, -12:00)
// ConfigError is the only expected failure.
#include <cstdint>
#include <filesystem>

#include "fuzz_support.h"
#include "host/errors.h"
#include "host/profiles/meter_ingest.h"
#include "io/hdf5_error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace evomarket;
  fuzz::quiet_hdf5();
  if (size < 2) return 0;
  const uint8_t a = data[0];
  const uint8_t b = data[1];
  IngestOptions o;
  o.inputs = {fuzz::write_file("meters.csv", data + 2, size - 2)};
  o.out = fuzz::temp_path("store.h5");
  switch (a & 7) {
    case 0:
    case 2:
      o.format = "long";
      o.meter_column = "meter";
      o.time_column = "time";
      o.load = "load";
      o.pv = "pv";
      o.cumulative = (a & 7) == 2;
      break;
    case 1:
      o.format = "long";
      o.meter_column = "meter";
      o.time_column = "time";
      o.net = "net";
      break;
    case 3:
      o.format = "long";
      o.meter_id = "m1";
      o.time_column = "time";
      o.load = "load + cl - x";
      o.pv = "pv";
      break;
    case 4:
    case 5:
      o.format = "wide";
      o.meter_column = "meter";
      o.quantity_column = "quantity";
      o.load_quantities = {"load", "cl"};
      o.pv_quantities = {"pv"};
      if ((a & 7) == 5) {
        o.capacity_column = "capacity";
        o.date_format = "m/d/yyyy";
      }
      break;
    default:
      o.format = "ausgrid";
      break;
  }
  static const char* const kPolicies[] = {"skip", "fill", "strict", "skip"};
  o.policy = kPolicies[(a >> 3) & 3];
  if (a & 0x20) o.units = "kw";
  if (a & 0x40) o.label = "start";
  if (a & 0x80) o.counter_reset = "reset";
  static const uint32_t kSlotMinutes[] = {0, 1, 5, 15, 30, 60, 7, 1440};
  o.slot_minutes = kSlotMinutes[b & 7];
  if (b & 8) o.delimiter = ';';
  static const char* const kZones[] = {"", "+10:00", "-05:30", "Z"};
  static const char* const kStoreZones[] = {"", "+00:00", "+14:00", "-12:00"};
  o.time_zone = kZones[(b >> 4) & 3];
  if (o.time_zone == "Z") o.time_zone = o.format == "ausgrid" ? "" : "+00:00";
  o.store_time_zone = kStoreZones[(b >> 6) & 3];
  try {
    const IngestReport r = ingest(o);
    (void)format_ingest_report(o, r);
  } catch (const ConfigError&) {
  } catch (const io::H5Error&) {
  }
  std::error_code ec;
  std::filesystem::remove(o.out, ec);
  return 0;
}
