#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace hammer::record {

/// The CPU model named by /proc/cpuinfo text: the first "model name" (x86),
/// else "Model" (arm boards), "cpu" (POWER) or "Processor" (older arm
/// kernels); "" when none is there, as on most arm64 servers.
[[nodiscard]] std::string cpu_model_from_cpuinfo(std::string_view cpuinfo);

/// The machine a run runs on, for test.metadata.host: {"name" (uname
/// nodename), "kernel-release", "machine" (uname), "cpu-model" (null when
/// /proc/cpuinfo names none), "cpus" (online CPUs)}. Never throws: what
/// cannot be read is null, so a run never stops for want of it.
[[nodiscard]] nlohmann::json read_host();

} // namespace hammer::record
