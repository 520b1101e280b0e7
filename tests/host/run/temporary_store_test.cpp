// The temporary synthetic store exists while its owner lives and is gone afterwards.
#include "host/run/temporary_store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "io/profile_store.h"

namespace evomarket {
namespace {

TEST(TemporarySyntheticStore, HoldsTheStoreForItsLifetime) {
  SynthOptions options = default_community();
  options.meters = 3;
  options.days = 1;
  std::string path;
  {
    const TemporarySyntheticStore store(options, "temporary-store-test");
    path = store.path();
    ASSERT_TRUE(std::filesystem::exists(path));
    EXPECT_NE(path.find("evomarket-temporary-store-test-"), std::string::npos);
    const io::ProfileStore read = io::ProfileStore::open(path);
    EXPECT_EQ(read.meters(), 3u);
    EXPECT_EQ(read.days(), 1u);
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

}  // namespace
}  // namespace evomarket
