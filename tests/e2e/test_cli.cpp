// The `ahenk` command as a user runs it: exit codes, help, version, the doctor's JSON and the
// corpus statistics, through the real binary.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "ahenk/version.h"
#include "process.h"

namespace {
namespace fs = std::filesystem;

using Result = ahenk::test::CliResult;
Result run(const std::string& args) {
  return ahenk::test::run_cli(args);
}

TEST(Cli, VersionAndHelpSucceed) {
  auto version = run("--version");
  EXPECT_EQ(version.code, 0);
  EXPECT_NE(version.out.find(AHENK_VERSION), std::string::npos);
  auto help = run("--help");
  EXPECT_EQ(help.code, 0);
  EXPECT_NE(help.out.find("doctor"), std::string::npos);
  EXPECT_NE(help.out.find("corpus"), std::string::npos);
  auto verb_help = run("corpus stats --help");
  EXPECT_EQ(verb_help.code, 0);
  EXPECT_NE(verb_help.out.find("--json"), std::string::npos);
}

TEST(Cli, UsageErrorsExitWithTwo) {
  EXPECT_EQ(run("").code, 2);
  EXPECT_EQ(run("no-such-verb").code, 2);
  EXPECT_EQ(run("doctor --no-such-flag").code, 2);
  EXPECT_EQ(run("corpus stats").code, 2);  // INPUT is required
}

TEST(Cli, DoctorJsonListsVulkanDevicesAndExplainsCuda) {
  auto r = run("doctor --json");
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* section :
       {"ahenk", "cpu", "icu", "sqlite", "openblas", "qt", "vulkan", "cuda"}) {
    EXPECT_TRUE(j.contains(section)) << section;
  }
  ASSERT_TRUE(j["vulkan"]["available"].get<bool>()) << j["vulkan"].dump();
  ASSERT_FALSE(j["vulkan"]["devices"].empty());
  // Mesa's lavapipe is installed by packaging/install-deps.sh: it must be listed.
  if (fs::exists("/usr/share/vulkan/icd.d/lvp_icd.x86_64.json")) {
    bool lavapipe = false;
    for (const auto& d : j["vulkan"]["devices"]) {
      lavapipe |=
          d["name"].get<std::string>().find("llvmpipe") != std::string::npos && d["type"] == "cpu";
    }
    EXPECT_TRUE(lavapipe) << j["vulkan"].dump();
  }
  const auto& cuda = j["cuda"];
  if (cuda["available"].get<bool>()) {
    EXPECT_FALSE(cuda["devices"].empty());
  } else {
    EXPECT_GT(cuda["reason"].get<std::string>().size(), 20u) << "say why there is no CUDA";
  }
  auto text = run("doctor");
  EXPECT_EQ(text.code, 0);
  EXPECT_NE(text.out.find("vulkan:"), std::string::npos);
}

TEST(Cli, CorpusStatsCountsAFolder) {
  const fs::path dir = fs::temp_directory_path() / ("ahenk-e2e-corpus-" + std::to_string(getpid()));
  fs::create_directories(dir / "sub");
  std::ofstream(dir / "a.txt") << "bir iki üç\ndört\n";
  std::ofstream(dir / "sub" / "b.txt", std::ios::binary) << "bad \xFF byte";
  auto r = run("corpus stats --json --quiet " + dir.string());
  fs::remove_all(dir);
  ASSERT_EQ(r.code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["files"], 2);
  EXPECT_EQ(j["totals"]["words"], 7);
  EXPECT_EQ(j["totals"]["lines"], 3);
  EXPECT_EQ(j["totals"]["invalid_utf8"], 1);
  EXPECT_EQ(j["per_file"][1]["first_invalid_offset"], 4);
  EXPECT_TRUE(r.err.empty()) << "--quiet prints no progress: " << r.err;
}

TEST(Cli, CorpusStatsProgressGoesToStderrAndJsonStaysClean) {
  auto r = run(std::string("corpus stats --json ") + AHENK_SAMPLE);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_TRUE(nlohmann::json::accept(r.out)) << r.out;
  EXPECT_NE(r.err.find("stats"), std::string::npos);  // plain progress lines when not a terminal
}

TEST(Cli, AMissingInputFailsWithItsNameAndExitOne) {
  auto r = run("corpus stats /no/such/corpus");
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.err.find("/no/such/corpus"), std::string::npos);
  EXPECT_NE(r.err.find("no such file"), std::string::npos);
}

}  // namespace
