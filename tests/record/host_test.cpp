#include "src/record/host.hpp"

#include <gtest/gtest.h>

#include <sys/utsname.h>

namespace hammer::record {
namespace {

TEST(CpuModel, IsTheFirstModelNameOfAnX86Machine)
{
    const std::string cpuinfo = "processor\t: 0\n"
                                "vendor_id\t: GenuineIntel\n"
                                "model\t\t: 106\n"
                                "model name\t: Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz\n"
                                "\n"
                                "processor\t: 1\n"
                                "model name\t: something else\n";
    EXPECT_EQ(cpu_model_from_cpuinfo(cpuinfo), "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz");
}

TEST(CpuModel, FallsBackToWhatOtherArchitecturesName)
{
    // Raspberry Pi (arm64): per-CPU blocks without a model name, a "Model" at the end.
    EXPECT_EQ(cpu_model_from_cpuinfo("processor\t: 0\nBogoMIPS\t: 108.00\nCPU part\t: 0xd08\n\n"
                                     "Model\t\t: Raspberry Pi 4 Model B Rev 1.4\n"),
              "Raspberry Pi 4 Model B Rev 1.4");
    // POWER9.
    EXPECT_EQ(cpu_model_from_cpuinfo("processor\t: 0\ncpu\t\t: POWER9 (architected), altivec supported\n"),
              "POWER9 (architected), altivec supported");
}

TEST(CpuModel, IsEmptyWhenNothingNamesIt)
{
    // An arm64 server: implementer and part numbers only.
    EXPECT_EQ(cpu_model_from_cpuinfo("processor\t: 0\nCPU implementer\t: 0x41\nCPU part\t: 0xd0c\n"), "");
    EXPECT_EQ(cpu_model_from_cpuinfo(""), "");
    // A key that only starts like one is not it.
    EXPECT_EQ(cpu_model_from_cpuinfo("model name extra: x\ncpu MHz\t\t: 2000.000\n"), "");
}

TEST(ReadHost, NamesThisMachineAsUnameDoes)
{
    utsname names{};
    ASSERT_EQ(::uname(&names), 0);
    const auto host = read_host();
    EXPECT_EQ(host["name"], names.nodename);
    EXPECT_EQ(host["kernel-release"], names.release);
    EXPECT_EQ(host["machine"], names.machine);
    ASSERT_TRUE(host["cpus"].is_number_unsigned() || host["cpus"].is_number_integer());
    EXPECT_GE(host["cpus"].get<long>(), 1);
    EXPECT_TRUE(host["cpu-model"].is_string() || host["cpu-model"].is_null());
}

} // namespace
} // namespace hammer::record
